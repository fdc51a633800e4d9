//! Hostile trees, end to end: a real 100 MB file, 10,000 files in one directory, 500 levels of
//! nesting, a 10 MB line, an ISO-8859-1 zoo.cfg, unreadable directories. Each run must finish,
//! report what it could not read, and keep its memory bounded.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{write, BIN};

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident set size of the mesoslint process, in KiB.
    max_rss_kb: u64,
}

/// Run mesoslint in `dir` (optionally through a wrapper such as `setpriv`), with a 60 s limit,
/// and read its own peak RSS from `wait4`.
// The child is reaped with wait4 (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_with(dir: &Path, wrapper: &[&str], args: &[&str]) -> Out {
    let mut cmd = match wrapper.split_first() {
        Some((w, rest)) => {
            let mut c = Command::new(w);
            c.args(rest).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn mesoslint");
    // Drain the pipes on threads so a large output cannot block the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let pid = child.id() as libc::pid_t;
    let deadline = Instant::now() + Duration::from_secs(60);
    let (status, usage) = loop {
        let mut status: libc::c_int = 0;
        // SAFETY: plain data; wait4 on our own child with live pointers.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        assert!(r == 0, "wait4 failed");
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("mesoslint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout,
        stderr,
        max_rss_kb: usage.ru_maxrss.max(0) as u64,
    }
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_with(dir, &[], args)
}

/// A small clean cluster: one master with ZooKeeper, one agent.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "m1/etc/mesos-master/quorum", b"1\n");
    write(t.path(), "m1/etc/mesos/zk", b"zk://m1:2181/mesos\n");
    write(
        t.path(),
        "m1/etc/zookeeper/conf/zoo.cfg",
        b"tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\nclientPort=2181\n",
    );
    write(t.path(), "a1/etc/mesos/zk", b"zk://m1:2181/mesos\n");
    write(t.path(), "a1/etc/mesos-slave/work_dir", b"/var/lib/mesos\n");
    t
}

fn concise_lines(o: &Out) -> Vec<&str> {
    o.stdout.lines().filter(|l| !l.trim().is_empty()).collect()
}

#[test]
fn a_real_100_mb_file_is_capped_reported_and_memory_stays_bounded() {
    let t = tree();
    let p = t.path().join("m1/etc/mesos-master/registry_store");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        let block = vec![b'x'; 1024 * 1024];
        for _ in 0..100 {
            f.write_all(&block).unwrap();
        }
    }
    let o = run(t.path(), &[".", "--format", "concise"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout
            .contains("m1/etc/mesos-master/registry_store:1:1: error[IN003]"),
        "{}",
        o.stdout
    );
    // The file is never loaded: the process stays far below its size.
    assert!(
        o.max_rss_kb < 40 * 1024,
        "peak RSS {} KiB for a tree with a 100 MB file",
        o.max_rss_kb
    );
    // Raising the cap above it reads it (and memory follows the cap, not more than a few
    // copies of the file).
    let o = run(
        t.path(),
        &[".", "--format", "concise", "--max-file-size", "200000000"],
    );
    assert!(!o.stdout.contains("IN003"), "{}", o.stdout);
    assert!(o.max_rss_kb < 600 * 1024, "peak RSS {} KiB", o.max_rss_kb);
}

#[test]
fn ten_thousand_files_in_one_directory() {
    let t = tree();
    let dir = t.path().join("a1/etc/mesos-slave/attributes");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..10_000 {
        std::fs::write(dir.join(format!("attr{i:05}")), format!("v{i}\n")).unwrap();
    }
    let start = Instant::now();
    let o = run(t.path(), &[".", "--format", "json"]);
    let took = start.elapsed();
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(v["findings"].is_array());
    assert!(o.max_rss_kb < 100 * 1024, "peak RSS {} KiB", o.max_rss_kb);
    eprintln!("10,000 files in one directory: {took:?}");
}

#[test]
fn five_hundred_levels_of_nesting() {
    let t = tree();
    let mut rel = String::from("deep");
    for _ in 0..500 {
        rel.push_str("/d");
    }
    write(t.path(), &format!("{rel}/notes.txt"), b"deep\n");
    let o = run(t.path(), &[".", "--format", "concise"]);
    assert!(o.code == 0 || o.code == 1, "{}", o.stderr);
    // The walk stops at its depth limit and says so, once.
    let deep: Vec<_> = concise_lines(&o)
        .into_iter()
        .filter(|l| l.contains("IN001") && l.contains("deeper than"))
        .collect();
    assert_eq!(deep.len(), 1, "{}", o.stdout);
    assert!(deep[0].starts_with("deep/d/"), "{}", deep[0]);
}

#[test]
fn a_10_mb_line_in_a_flag_file() {
    let t = tree();
    let mut value = b"/var/lib/".to_vec();
    value.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    value.push(b'\n');
    write(t.path(), "m1/etc/mesos-master/work_dir", &value);
    // Under the default cap (1 MiB) it is not read.
    let o = run(t.path(), &[".", "--format", "concise"]);
    assert!(o
        .stdout
        .contains("m1/etc/mesos-master/work_dir:1:1: error[IN003]"));
    // With the cap raised it is read and linted; every format finishes.
    for format in ["concise", "json", "human", "sarif", "github"] {
        let o = run(
            t.path(),
            &[".", "--format", format, "--max-file-size", "20000000"],
        );
        assert!(o.code == 0 || o.code == 1, "{format}: {}", o.stderr);
        if format == "concise" {
            assert!(!o.stdout.contains("IN003"), "{}", o.stdout);
        }
    }
}

#[test]
fn iso_8859_1_zoo_cfg_is_read_as_such_and_columns_are_right() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "z1/etc/zookeeper/conf/zoo.cfg",
        b"# \xe9quipe infrastructure\ntickTime=2000\ninitLimit=10\nsyncLimit=5\n\
          dataDir=/var/lib/zookeeper\nclientPort=2181\nserver.1=z1:2888:3888\n\
          server.2=z\xe92:2888:3888:observateur\n",
    );
    write(t.path(), "z1/etc/zookeeper/conf/myid", b"1\n");
    let o = run(t.path(), &[".", "--format", "concise"]);
    // Legal for ZooKeeper: no encoding finding.
    assert!(!o.stdout.contains("IN002"), "{}", o.stdout);
    // `observateur` starts at byte 24 of line 8 of the file (one Latin-1 byte before it):
    // the concise column counts characters as written.
    assert!(
        o.stdout
            .contains("z1/etc/zookeeper/conf/zoo.cfg:8:24: error[ZK003]"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("zé2"), "{}", o.stdout);
    let o = run(t.path(), &[".", "--format", "json"]);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let start = &v["findings"][0]["labels"][0]["start"];
    assert_eq!(start["line"], 8);
    assert_eq!(start["column_utf16"], 24);
    // The decoded text is UTF-8: é takes two bytes there.
    assert_eq!(start["column"], 25);
}

#[test]
fn unreadable_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let t = tree();
    let locked = t.path().join("a1/etc/mesos-slave/attributes");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("rack"), "r1\n").unwrap();
    // Everyone may read the tree but the locked directory.
    for dir in [t.path().to_path_buf()]
        .into_iter()
        .chain(walk_dirs(t.path()))
    {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for f in ["m1/etc/mesos-master/quorum", "a1/etc/mesos/zk"] {
        std::fs::set_permissions(t.path().join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = std::fs::read_dir(&locked).is_ok();
    // Root lists any directory: run as `nobody` through setpriv when we are root.
    let wrapper: Vec<&str> = if as_root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("root without setpriv: skipping the IN001 assertion");
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else {
        vec![]
    };
    let o = run_with(t.path(), &wrapper, &[".", "--format", "concise"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(
        o.stdout
            .lines()
            .any(|l| l.starts_with("a1/etc/mesos-slave/attributes:1:1: error[IN001]")),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("cannot list directory"), "{}", o.stdout);
    // Only that directory is unreadable; the rest of the tree is still read.
    assert_eq!(o.stdout.matches("error[IN001]").count(), 1, "{}", o.stdout);
}

fn walk_dirs(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                out.push(e.path());
                stack.push(e.path());
            }
        }
    }
    out
}
