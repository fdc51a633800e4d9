//! Rules of the `ZU` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
