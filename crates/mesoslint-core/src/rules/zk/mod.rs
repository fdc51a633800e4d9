//! Rules of the `ZK` family.

use crate::rule::Rule;

pub(crate) mod ensemble;

mod datadir_tmp;
mod ensemble_inconsistent;
mod inline_comment;
mod myid_not_read;
mod required_key_missing;
mod session_timeout_range;
mod single_host_ensemble;
mod unknown_key;

pub use datadir_tmp::DatadirTmp;
pub use ensemble_inconsistent::EnsembleInconsistent;
pub use inline_comment::InlineComment;
pub use myid_not_read::MyidNotRead;
pub use required_key_missing::RequiredKeyMissing;
pub use session_timeout_range::SessionTimeoutRange;
pub use single_host_ensemble::SingleHostEnsemble;
pub use unknown_key::UnknownKey;

pub(crate) static RULES: &[&dyn Rule] = &[
    &EnsembleInconsistent,
    &RequiredKeyMissing,
    &MyidNotRead,
    &UnknownKey,
    &InlineComment,
    &SingleHostEnsemble,
    &DatadirTmp,
    &SessionTimeoutRange,
];
