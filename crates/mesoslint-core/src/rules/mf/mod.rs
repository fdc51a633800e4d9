//! Rules of the `MF` family: Mesos flag files and values, master and agent.

use crate::rule::Rule;

mod acls_local_authorizer;
pub(crate) mod auth;
mod bad_value;
mod credentials_file;
mod deprecated_flag;
mod duplicate_flag;
mod exclusive_flags;
mod flag_env_disagree;
mod http_auth_wiring;
mod ignored_file;
mod ignored_variable;
mod json_flag_invalid;
mod json_flag_unknown_key;
pub(crate) mod json_flags;
mod json_resources;
mod libprocess_env;
mod module_not_loaded;
mod unknown_flag;
pub(crate) mod util;
mod value_range;

pub use acls_local_authorizer::AclsLocalAuthorizer;
pub use bad_value::BadValue;
pub use credentials_file::CredentialsFile;
pub use deprecated_flag::DeprecatedFlag;
pub use duplicate_flag::DuplicateFlag;
pub use exclusive_flags::ExclusiveFlags;
pub use flag_env_disagree::FlagEnvDisagree;
pub use http_auth_wiring::HttpAuthWiring;
pub use ignored_file::IgnoredFile;
pub use ignored_variable::IgnoredVariable;
pub use json_flag_invalid::JsonFlagInvalid;
pub use json_flag_unknown_key::JsonFlagUnknownKey;
pub use libprocess_env::LibprocessEnv;
pub use module_not_loaded::ModuleNotLoaded;
pub use unknown_flag::UnknownFlag;
pub use value_range::ValueRange;

pub(crate) static RULES: &[&dyn Rule] = &[
    &UnknownFlag,
    &BadValue,
    &DuplicateFlag,
    &IgnoredVariable,
    &DeprecatedFlag,
    &ValueRange,
    &ExclusiveFlags,
    &IgnoredFile,
    &JsonFlagInvalid,
    &JsonFlagUnknownKey,
    &HttpAuthWiring,
    &CredentialsFile,
    &LibprocessEnv,
    &ModuleNotLoaded,
    &AclsLocalAuthorizer,
    &FlagEnvDisagree,
];
