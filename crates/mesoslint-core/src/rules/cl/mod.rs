//! Rules of the `CL` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
