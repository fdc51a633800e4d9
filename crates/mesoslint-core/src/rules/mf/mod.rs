//! Rules of the `MF` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
