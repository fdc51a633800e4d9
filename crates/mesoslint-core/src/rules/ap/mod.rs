//! Rules of the `AP` family: Marathon app, group and pod definitions and Chronos jobs, on
//! their own and against the cluster in the same tree.

use crate::rule::Rule;

mod app_command_missing;
mod app_field_type;
mod app_id_invalid;
mod constraint_invalid;
mod java_regex;
pub(crate) mod schema;
pub(crate) mod util;

pub use app_command_missing::AppCommandMissing;
pub use app_field_type::AppFieldType;
pub use app_id_invalid::AppIdInvalid;
pub use constraint_invalid::ConstraintInvalid;

pub(crate) static RULES: &[&dyn Rule] = &[
    &AppFieldType,
    &AppIdInvalid,
    &AppCommandMissing,
    &ConstraintInvalid,
];
