//! Rules of the `MA` family: the Mesos agent.

use crate::rule::Rule;

mod attributes_resources_syntax;
mod containerizers_invalid;
mod docker_registration_timeout;
mod isolation_invalid;
mod master_missing;
mod master_url_conflict;
mod util;
mod work_dir_missing;
mod work_dir_noexec;

pub use attributes_resources_syntax::AttributesResourcesSyntax;
pub use containerizers_invalid::ContainerizersInvalid;
pub use docker_registration_timeout::DockerRegistrationTimeout;
pub use isolation_invalid::IsolationInvalid;
pub use master_missing::MasterMissing;
pub use master_url_conflict::MasterUrlConflict;
pub use work_dir_missing::WorkDirMissing;
pub use work_dir_noexec::WorkDirNoexec;

pub(crate) static RULES: &[&dyn Rule] = &[
    &WorkDirMissing,
    &WorkDirNoexec,
    &ContainerizersInvalid,
    &DockerRegistrationTimeout,
    &MasterUrlConflict,
    &MasterMissing,
    &AttributesResourcesSyntax,
    &IsolationInvalid,
];
