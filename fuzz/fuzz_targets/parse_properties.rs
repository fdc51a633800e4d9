#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::properties::{java_trim, parse_properties};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_properties(&s);
    let _ = java_trim(&s);
});
