#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::flags::*;
include!("common.rs");

// The flag catalogues: look-ups and did-you-mean suggestions on arbitrary names.
fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = master_flag(&s);
    let _ = agent_flag(&s);
    let _ = marathon_flag(&s);
    let _ = suggest_master_flag(&s);
    let _ = suggest_agent_flag(&s);
    let _ = suggest_marathon_flag(&s);
});
