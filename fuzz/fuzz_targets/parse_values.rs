#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::values::*;
use mesoslint_core::parse::{has_placeholder, strip_template_suffix};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_duration(&s);
    let _ = parse_bytes(&s);
    let _ = parse_bool(&s);
    let _ = parse_int(&s);
    let _ = parse_uint(&s);
    let _ = parse_float(&s);
    let _ = parse_rate(&s);
    let _ = has_placeholder(&s);
    let _ = strip_template_suffix(&s);
});
