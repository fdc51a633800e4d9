//! Rules of the `MA` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
