#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::unit_file::{override_disables, parse_systemd_unit, parse_upstart_job};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_systemd_unit(&s);
    let _ = parse_upstart_job(&s);
    let _ = override_disables(&s);
});
