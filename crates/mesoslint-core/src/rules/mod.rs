//! The rule catalogue, one module per family and one file per rule.

use crate::rule::Rule;

pub mod ap;
pub mod cl;
pub mod input;
pub mod ma;
pub mod mf;
pub mod mm;
pub mod mr;
pub mod zk;
pub mod zu;

pub(crate) static FAMILIES: &[&[&dyn Rule]] = &[
    input::RULES,
    zk::RULES,
    zu::RULES,
    mm::RULES,
    ma::RULES,
    mf::RULES,
    mr::RULES,
    cl::RULES,
    ap::RULES,
];
