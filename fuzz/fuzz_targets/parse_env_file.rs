#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::env_file::parse_env_file;
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_env_file(&s);
});
