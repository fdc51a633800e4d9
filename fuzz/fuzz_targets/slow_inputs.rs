#![no_main]
//! Slow inputs, not only crashes: the cost of linting must be linear in the input. The fuzz
//! bytes are a file set in the form of `lint_files` (`path \n contents \0`, the same seeds);
//! the set is linted as given and with every file's contents repeated 8 times. Linear cost
//! gives about 8 times the time; the target fails (a libFuzzer crash, with the input saved as
//! an artifact) when the larger input takes more than 32 times as long, plus 20 ms of slack for
//! a busy machine. Each side is timed twice and the faster run kept, so one preemption does
//! not count as a slow input. Hangs are caught by libFuzzer's `-timeout` as for every target.
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use mesoslint_core::{lint, render, Config, FileSet};

const REPEAT: usize = 8;
/// Allowed growth of the time for REPEAT times the bytes: 4x the linear expectation.
const FACTOR: u32 = 32;
const SLACK: Duration = Duration::from_millis(20);

fn files_of(data: &[u8]) -> Vec<(String, &[u8])> {
    data.split(|&b| b == 0)
        .take(16)
        .map(|record| match record.iter().position(|&b| b == b'\n') {
            Some(nl) => (
                String::from_utf8_lossy(&record[..nl]).into_owned(),
                &record[nl + 1..],
            ),
            None => (String::from_utf8_lossy(record).into_owned(), &[][..]),
        })
        .collect()
}

/// The fastest of two runs of lint + render over these files.
fn time(files: &[(String, Vec<u8>)]) -> Duration {
    let config = Config::default();
    (0..2)
        .map(|_| {
            let start = Instant::now();
            let mut set = FileSet::new();
            for (p, c) in files {
                set.add(p, c);
            }
            let report = lint(&set, &config);
            let _ = render::render_report(&set, &report);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let files = files_of(data);
    let once: Vec<(String, Vec<u8>)> = files.iter().map(|(p, c)| (p.clone(), c.to_vec())).collect();
    let repeated: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, c)| {
            // A line break between copies, so a last line without one does not merge.
            let mut v = Vec::with_capacity((c.len() + 1) * REPEAT);
            for _ in 0..REPEAT {
                v.extend_from_slice(c);
                v.push(b'\n');
            }
            (p.clone(), v)
        })
        .collect();
    let small = time(&once);
    let large = time(&repeated);
    let bytes = data.len().max(1);
    assert!(
        large <= small * FACTOR + SLACK,
        "superlinear: {bytes} bytes linted in {small:?}, {REPEAT} times the contents in {large:?} \
         ({:.1} us per byte, then {:.1} us per byte)",
        small.as_secs_f64() * 1e6 / bytes as f64,
        large.as_secs_f64() * 1e6 / (bytes * REPEAT) as f64,
    );
});
