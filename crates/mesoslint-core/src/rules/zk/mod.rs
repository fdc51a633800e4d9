//! Rules of the `ZK` family.

use crate::rule::Rule;

pub(crate) mod ensemble;
mod ensemble_util;
mod facts;

mod client_port_conflict;
mod datadir_tmp;
mod dynamic_config;
mod ensemble_even_size;
mod ensemble_inconsistent;
mod ensemble_too_small;
mod inline_comment;
mod metrics_provider_class;
mod myid_host_mismatch;
mod myid_invalid;
mod myid_missing;
mod myid_not_in_ensemble;
mod myid_not_read;
mod required_key_missing;
mod secure_port_nio;
mod server_duplicate;
mod server_id_invalid;
mod server_line_malformed;
mod server_list_invalid;
mod session_timeout_range;
mod setting_overridden;
mod single_host_ensemble;
mod unknown_key;
mod value_not_boolean;
mod value_not_integer;
mod value_rejected;

pub use client_port_conflict::ClientPortConflict;
pub use datadir_tmp::DatadirTmp;
pub use dynamic_config::DynamicConfig;
pub use ensemble_even_size::EnsembleEvenSize;
pub use ensemble_inconsistent::EnsembleInconsistent;
pub use ensemble_too_small::EnsembleTooSmall;
pub use inline_comment::InlineComment;
pub use metrics_provider_class::MetricsProviderClass;
pub use myid_host_mismatch::MyIdHostMismatch;
pub use myid_invalid::MyIdInvalid;
pub use myid_missing::MyIdMissing;
pub use myid_not_in_ensemble::MyIdNotInEnsemble;
pub use myid_not_read::MyidNotRead;
pub use required_key_missing::RequiredKeyMissing;
pub use secure_port_nio::SecurePortNio;
pub use server_duplicate::ServerDuplicate;
pub use server_id_invalid::ServerIdInvalid;
pub use server_line_malformed::ServerLineMalformed;
pub use server_list_invalid::ServerListInvalid;
pub use session_timeout_range::SessionTimeoutRange;
pub use setting_overridden::SettingOverridden;
pub use single_host_ensemble::SingleHostEnsemble;
pub use unknown_key::UnknownKey;
pub use value_not_boolean::ValueNotBoolean;
pub use value_not_integer::ValueNotInteger;
pub use value_rejected::ValueRejected;

pub(crate) static RULES: &[&dyn Rule] = &[
    &EnsembleEvenSize,
    &EnsembleTooSmall,
    &ServerLineMalformed,
    &ServerIdInvalid,
    &ServerDuplicate,
    &MyIdInvalid,
    &MyIdNotInEnsemble,
    &MyIdHostMismatch,
    &EnsembleInconsistent,
    &RequiredKeyMissing,
    &MyidNotRead,
    &UnknownKey,
    &InlineComment,
    &SingleHostEnsemble,
    &DatadirTmp,
    &SessionTimeoutRange,
    &ValueNotBoolean,
    &ValueNotInteger,
    &ValueRejected,
    &SettingOverridden,
    &ServerListInvalid,
    &ClientPortConflict,
    &DynamicConfig,
    &MyIdMissing,
    &SecurePortNio,
    &MetricsProviderClass,
];
