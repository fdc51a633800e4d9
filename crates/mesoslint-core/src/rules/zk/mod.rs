//! Rules of the `ZK` family.

use crate::rule::Rule;

mod ensemble_even_size;
mod util;

pub use ensemble_even_size::EnsembleEvenSize;

pub(crate) static RULES: &[&dyn Rule] = &[&EnsembleEvenSize];
