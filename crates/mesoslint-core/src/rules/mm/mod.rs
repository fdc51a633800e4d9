//! Rules of the `MM` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
