#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::fstab::{mount_for, parse_fstab};
include!("common.rs");

fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let fstab = parse_fstab(&s);
    let _ = mount_for(&fstab, "/var/lib/mesos");
    let _ = mount_for(&fstab, &s);
});
