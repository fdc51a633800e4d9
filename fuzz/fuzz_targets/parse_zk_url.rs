#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::zk_url::{check_marathon_zk, parse_master_value, parse_zk_url};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    if let Ok(url) = parse_zk_url(&s) {
        for h in &url.hosts {
            assert!(in_text(&s, &h.range), "host range {:?} outside the text", h.range);
        }
    }
    let _ = parse_master_value(&s, true);
    let _ = parse_master_value(&s, false);
    let _ = check_marathon_zk(&s);
});
