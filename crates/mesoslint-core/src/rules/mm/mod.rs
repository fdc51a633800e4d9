//! Rules of the `MM` family: Mesos master quorum, registry and addressing.

use crate::rule::Rule;

mod quorum_not_majority;
mod util;

pub use quorum_not_majority::QuorumNotMajority;

pub(crate) static RULES: &[&dyn Rule] = &[&QuorumNotMajority];
