#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::agent_values::*;
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let _ = parse_mesos_value(&s);
    let _ = check_attributes_flag(&s);
    let _ = check_resources_flag(&s);
    for item in split_list(&s) {
        let _ = item;
    }
    let _ = did_you_mean_isolator(&s);
    if let Some((k, v)) = s.split_once('=') {
        let _ = check_attribute(k, v);
        let _ = check_resource(k, v);
    }
});
