//! Rules of the `AP` family: Marathon app, group and pod definitions and Chronos jobs, on
//! their own and against the cluster in the same tree.

use crate::rule::Rule;

pub(crate) mod agents;
mod app_command_missing;
mod app_field_type;
mod app_id_invalid;
mod app_value_range;
mod chronos;
mod chronos_schedule_invalid;
mod constraint_invalid;
mod constraint_unsatisfiable;
mod containerizer_missing;
mod default_roles;
mod dependency_invalid;
mod env_invalid;
mod gpu_unavailable;
mod health_check_invalid;
mod host_port_clash;
mod host_port_outside_range;
mod image_invalid;
mod java_regex;
mod marathon_conf;
mod named_not_definition;
mod network_names;
mod placement;
mod placement_exceeds_agents;
mod pod;
mod port_networking;
mod release_difference;
mod resource_limits;
mod resources_exceed_agents;
mod role_not_offered;
mod role_settings;
pub(crate) mod schema;
mod secrets;
mod service_port_conflict;
pub(crate) mod util;

pub use app_command_missing::AppCommandMissing;
pub use app_field_type::AppFieldType;
pub use app_id_invalid::AppIdInvalid;
pub use app_value_range::AppValueRange;
pub use chronos_schedule_invalid::ChronosScheduleInvalid;
pub use constraint_invalid::ConstraintInvalid;
pub use constraint_unsatisfiable::ConstraintUnsatisfiable;
pub use containerizer_missing::ContainerizerMissing;
pub use dependency_invalid::DependencyInvalid;
pub use env_invalid::EnvInvalid;
pub use gpu_unavailable::GpuUnavailable;
pub use health_check_invalid::HealthCheckInvalid;
pub use host_port_clash::HostPortClash;
pub use host_port_outside_range::HostPortOutsideRange;
pub use image_invalid::ImageInvalid;
pub use named_not_definition::NamedNotDefinition;
pub use placement_exceeds_agents::PlacementExceedsAgents;
pub use port_networking::PortNetworking;
pub use release_difference::ReleaseDifference;
pub use resources_exceed_agents::ResourcesExceedAgents;
pub use role_not_offered::RoleNotOffered;
pub use service_port_conflict::ServicePortConflict;

pub(crate) static RULES: &[&dyn Rule] = &[
    &AppFieldType,
    &AppIdInvalid,
    &AppCommandMissing,
    &ConstraintInvalid,
    &AppValueRange,
    &PortNetworking,
    &HealthCheckInvalid,
    &ImageInvalid,
    &EnvInvalid,
    &ServicePortConflict,
    &DependencyInvalid,
    &ChronosScheduleInvalid,
    &NamedNotDefinition,
    &ContainerizerMissing,
    &ConstraintUnsatisfiable,
    &PlacementExceedsAgents,
    &RoleNotOffered,
    &ResourcesExceedAgents,
    &HostPortOutsideRange,
    &GpuUnavailable,
    &HostPortClash,
    &ReleaseDifference,
];
