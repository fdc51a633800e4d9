//! Rules of the `MR` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
