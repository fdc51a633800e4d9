//! What the CLI's integration tests share: running the built binary, and making trees.
//!
//! Each test file is its own crate and uses only part of this module, hence the allowance.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_mesoslint");

/// What a run printed and how it exited.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the binary in `dir` with a clean environment for colour and CI detection, `env` added;
/// fail the test if it runs longer than 60 s (a hang).
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn mesoslint");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(input).unwrap();
    }
    // Drain both pipes while waiting: a child whose output outgrows the pipe buffer (SARIF and
    // `rules --format json` carry every rule's documentation) blocks on write until read.
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mesoslint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Out {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap()).into_owned(),
    }
}

pub fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[], None)
}

/// Write `bytes` at `rel` below `root`, creating its directories.
pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The repository's `examples/<name>`.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// Copy a tree, keeping the entries `keep(name, is_dir)` accepts.
pub fn copy_dir_if(from: &Path, to: &Path, keep: &dyn Fn(&str, bool) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let is_dir = e.file_type().unwrap().is_dir();
        if !keep(&name, is_dir) {
            continue;
        }
        let target = to.join(&name);
        if is_dir {
            copy_dir_if(&e.path(), &target, keep);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Copy a whole tree.
pub fn copy_dir(from: &Path, to: &Path) {
    copy_dir_if(from, to, &|_, _| true);
}

/// `examples/<name>` copied into a fresh temporary directory.
pub fn example_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(name), dir.path());
    dir
}

/// A tree of `tests/inputs/` (the input-format fixture trees at the repository's root).
pub fn input_tree(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/inputs")
        .join(rel)
}

/// Exit code and JSON report of `mesoslint . --format json <extra>` run in `dir`.
pub fn lint_json(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec![".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", out.stdout, out.stderr));
    (out.code, v)
}

/// A finding's code and the path, line and column of its primary label.
pub type Place = (String, String, u64, u64);

/// The place of every finding of a JSON report, sorted.
pub fn places(v: &serde_json::Value) -> Vec<Place> {
    let mut out: Vec<Place> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let l = &f["labels"][0];
            (
                f["code"].as_str().unwrap_or("").to_string(),
                l["path"].as_str().unwrap_or("").to_string(),
                l["start"]["line"].as_u64().unwrap_or(0),
                l["start"]["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

/// An expected place.
pub fn place(code: &str, path: &str, line: u64, column: u64) -> Place {
    (code.to_string(), path.to_string(), line, column)
}
