#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::zoo_cfg::*;
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_server_spec(&s);
    let _ = parse_server_id(&s);
    let _ = is_known_key(&s);
    let _ = suggest_key(&s);
    let _ = value_kind(&s);
});
