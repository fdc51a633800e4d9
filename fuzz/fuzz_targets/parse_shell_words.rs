#![no_main]
use libfuzzer_sys::fuzz_target;
use mesoslint_core::parse::shell_words::{split_script, Vars};
include!("common.rs");

// Every word's spans lie in the text, expanded words keep valid byte maps, and nothing panics.
fuzz_target!(|data: &[u8]| {
    let s = text(data);
    let script = split_script(&s);
    let mut vars = Vars::default();
    for cmd in &script.commands {
        vars.record(cmd);
        for w in &cmd.words {
            assert!(w.span.start <= w.span.end && w.span.end <= s.len());
            let e = vars.expand(w);
            if let Some(r) = e.exact_sub(0..e.text.len()) {
                assert_eq!(s.get(r), Some(e.text.as_str()));
            }
        }
    }
    for e in &script.errors {
        assert!(e.span.end <= s.len());
    }
});
