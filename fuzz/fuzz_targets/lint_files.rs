#![no_main]
//! Whole `lint` over an arbitrary file set. The fuzz bytes are a sequence of files, each
//! `path \n contents \0` (the seeds are real trees in that form, see scripts/fuzz-seeds.sh);
//! bytes that do not fit the form still make a file set. Checks what must hold for any input:
//! no panic, every label inside its file, the same findings whatever the order files are added
//! in, and rendering never panics.
use libfuzzer_sys::fuzz_target;
use mesoslint_core::{lint, render, Config, FileSet};

fn files_of(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    for record in data.split(|&b| b == 0).take(64) {
        let (path, contents) = match record.iter().position(|&b| b == b'\n') {
            Some(nl) => (&record[..nl], &record[nl + 1..]),
            None => (record, &[][..]),
        };
        out.push((String::from_utf8_lossy(path).into_owned(), contents));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let files = files_of(data);
    let config = Config::default();
    let mut forward = FileSet::new();
    for (p, c) in &files {
        forward.add(p, c);
    }
    let report = lint(&forward, &config);
    for d in &report.diagnostics {
        for l in &d.labels {
            let text = forward.get(l.span.file).text();
            let r = l.span.range();
            assert!(
                r.start <= r.end && r.end <= text.len(),
                "{} label {:?} outside its file ({} bytes)",
                d.code,
                r,
                text.len()
            );
        }
    }
    let _ = render::render_report(&forward, &report);
    let _ = report.findings(&forward);

    // Reverse order: same findings (paths added twice keep the last contents, so compare only
    // when every path is distinct).
    let mut paths: Vec<String> = files
        .iter()
        .map(|(p, _)| mesoslint_core::files::normalize_path(p))
        .collect();
    paths.sort();
    paths.dedup();
    if paths.len() == files.len() {
        let mut backward = FileSet::new();
        for (p, c) in files.iter().rev() {
            backward.add(p, c);
        }
        let again = lint(&backward, &config);
        assert_eq!(
            report.findings(&forward),
            again.findings(&backward),
            "findings depend on the order files are added in"
        );
    }
});
