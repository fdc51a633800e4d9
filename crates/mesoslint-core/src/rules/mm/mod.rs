//! Rules of the `MM` family: Mesos master quorum, registry and addressing.

use crate::rule::Rule;

mod address_not_pinned;
mod auth_wiring;
mod authentication_without_credentials;
mod masters_even;
mod quorum_exceeds_masters;
mod quorum_inconsistent;
mod quorum_missing;
mod quorum_not_majority;
mod quorum_not_optimal;
mod registry_in_memory_ha;
mod registry_timeouts;
pub(crate) mod util;
mod value_refused;
mod work_dir_missing;

pub use address_not_pinned::AddressNotPinned;
pub use auth_wiring::AuthWiring;
pub use authentication_without_credentials::AuthenticationWithoutCredentials;
pub use masters_even::MastersEven;
pub use quorum_exceeds_masters::QuorumExceedsMasters;
pub use quorum_inconsistent::QuorumInconsistent;
pub use quorum_missing::QuorumMissing;
pub use quorum_not_majority::QuorumNotMajority;
pub use quorum_not_optimal::QuorumNotOptimal;
pub use registry_in_memory_ha::RegistryInMemoryHa;
pub use registry_timeouts::RegistryTimeouts;
pub use value_refused::ValueRefused;
pub use work_dir_missing::WorkDirMissing;

pub(crate) static RULES: &[&dyn Rule] = &[
    &QuorumNotMajority,
    &QuorumExceedsMasters,
    &QuorumNotOptimal,
    &MastersEven,
    &QuorumMissing,
    &QuorumInconsistent,
    &WorkDirMissing,
    &RegistryInMemoryHa,
    &RegistryTimeouts,
    &AddressNotPinned,
    &AuthWiring,
    &AuthenticationWithoutCredentials,
    &ValueRefused,
];
