//! Rules of the `ZK` family.

use crate::rule::Rule;

// ZK001-ZK008 and their shared helpers.
mod ensemble_even_size;
mod ensemble_too_small;
mod ensemble_util;
mod myid_host_mismatch;
mod myid_invalid;
mod myid_not_in_ensemble;
mod server_duplicate;
mod server_id_invalid;
mod server_line_malformed;

// ZK001-ZK008.
pub use ensemble_even_size::EnsembleEvenSize;
pub use ensemble_too_small::EnsembleTooSmall;
pub use myid_host_mismatch::MyIdHostMismatch;
pub use myid_invalid::MyIdInvalid;
pub use myid_not_in_ensemble::MyIdNotInEnsemble;
pub use server_duplicate::ServerDuplicate;
pub use server_id_invalid::ServerIdInvalid;
pub use server_line_malformed::ServerLineMalformed;

pub(crate) static RULES: &[&dyn Rule] = &[
    // ZK001-ZK008
    &EnsembleEvenSize,
    &EnsembleTooSmall,
    &ServerLineMalformed,
    &ServerIdInvalid,
    &ServerDuplicate,
    &MyIdInvalid,
    &MyIdNotInEnsemble,
    &MyIdHostMismatch,
];
