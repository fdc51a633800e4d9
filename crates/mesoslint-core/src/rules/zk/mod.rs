//! Rules of the `ZK` family.

use crate::rule::Rule;

mod ensemble_even_size;
mod ensemble_too_small;
mod server_duplicate;
mod server_id_invalid;
mod server_line_malformed;
mod util;

pub use ensemble_even_size::EnsembleEvenSize;
pub use ensemble_too_small::EnsembleTooSmall;
pub use server_duplicate::ServerDuplicate;
pub use server_id_invalid::ServerIdInvalid;
pub use server_line_malformed::ServerLineMalformed;

pub(crate) static RULES: &[&dyn Rule] = &[
    &EnsembleEvenSize,
    &EnsembleTooSmall,
    &ServerLineMalformed,
    &ServerIdInvalid,
    &ServerDuplicate,
];
