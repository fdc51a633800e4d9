//! Hash maps and sets keyed by names and paths the engine builds itself: a fast fixed-seed
//! hasher instead of SipHash (the keys are short, and hashing showed in profiles; iteration
//! order is never relied on). Every layer uses them, so they sit with the bytes and paths.

pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
