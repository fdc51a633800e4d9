//! Rules of the `ZK` family.

use crate::rule::Rule;

mod ensemble_even_size;
mod ensemble_too_small;
mod util;

pub use ensemble_even_size::EnsembleEvenSize;
pub use ensemble_too_small::EnsembleTooSmall;

pub(crate) static RULES: &[&dyn Rule] = &[&EnsembleEvenSize, &EnsembleTooSmall];
