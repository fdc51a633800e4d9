//! Rules of the `ZK` family.

use crate::rule::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[];
