//! Rules of the `MM` family: Mesos master quorum, registry and addressing.

use crate::rule::Rule;

mod masters_even;
mod quorum_exceeds_masters;
mod quorum_inconsistent;
mod quorum_not_majority;
mod quorum_not_optimal;
mod util;

pub use masters_even::MastersEven;
pub use quorum_exceeds_masters::QuorumExceedsMasters;
pub use quorum_inconsistent::QuorumInconsistent;
pub use quorum_not_majority::QuorumNotMajority;
pub use quorum_not_optimal::QuorumNotOptimal;

pub(crate) static RULES: &[&dyn Rule] = &[
    &QuorumNotMajority,
    &QuorumExceedsMasters,
    &QuorumNotOptimal,
    &MastersEven,
    &QuorumInconsistent,
];
