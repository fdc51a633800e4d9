#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::etc_hosts::{is_loopback, parse_etc_hosts, parse_hostname};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_etc_hosts(&s);
    if let Some((_, r)) = parse_hostname(&s) {
        assert!(in_text(&s, &r), "hostname range {r:?} outside the text");
    }
    let _ = is_loopback(&s);
});
