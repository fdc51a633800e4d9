//! The explicit list of rules. Each family module lists its own rules; this module joins them.
//! Tests guard the list: codes unique and well formed, sorted, every rule documented.

use crate::rule::Rule;
use crate::rules;

/// Every rule, sorted by code.
pub fn rules() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static dyn Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<&'static dyn Rule> = rules::FAMILIES
            .iter()
            .flat_map(|family| family.iter().copied())
            .collect();
        crate::sort::sort_by_key(&mut all, |r| r.meta().code);
        all
    })
}

/// Look a rule up by code (any case) or name.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    let key = code_or_name.trim();
    rules().iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key)
    })
}

#[cfg(test)]
mod linear;
