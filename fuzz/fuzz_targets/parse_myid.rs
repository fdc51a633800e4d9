#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::myid::{is_package_placeholder, parse_myid};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_myid(&s);
    let _ = is_package_placeholder(&s);
});
