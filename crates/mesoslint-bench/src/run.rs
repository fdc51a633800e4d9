//! `mesoslint-bench run`: everything issue 5 asks to measure, on one machine, in one run.
//!
//! - mesoslint (the release binary) on generated trees of 100, 1,000 and 10,000 hosts, warm
//!   cache, several repetitions, median wall time;
//! - the physical floor on the same trees: [`floor`] walks the tree and reads every byte of
//!   every file on all cores, doing nothing else;
//! - the ratio of the two, the growth from 1,000 to 10,000 hosts, the peak memory of the
//!   mesoslint process (`wait4` rusage, per child);
//! - start-up: the repository's example and a generated three-host tree;
//! - the wasm engine under Node on a five-host tree, when the npm package is built.
//!
//! Targets are printed with whether they are met; nothing is asserted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::generate;

pub struct Options {
    pub sizes: Vec<usize>,
    pub reps: usize,
    pub work: PathBuf,
    pub mesoslint: PathBuf,
    pub markdown: Option<PathBuf>,
    pub wasm_package: PathBuf,
    pub repo: PathBuf,
}

/// The repository root, known at build time (the bench is only run from a checkout).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest.to_path_buf())
}

/// The mesoslint binary next to this one (same target directory and profile).
pub fn sibling_mesoslint() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("mesoslint")))
        .unwrap_or_else(|| PathBuf::from("mesoslint"))
}

/// One measured child process.
pub(crate) struct ChildRun {
    pub(crate) wall: Duration,
    /// User plus system CPU time of the child (all its threads).
    pub(crate) cpu: Duration,
    max_rss_kb: u64,
    pub(crate) exit: i32,
    stdout: Vec<u8>,
}

/// Run a command, timing it and reading its own peak RSS with `wait4` (per child, unlike
/// `getrusage(RUSAGE_CHILDREN)`, which keeps the largest child ever waited for).
pub(crate) fn run_child(cmd: &mut Command, capture: bool) -> std::io::Result<ChildRun> {
    cmd.stdin(Stdio::null()).stderr(Stdio::null());
    if capture {
        cmd.stdout(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null());
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read;
        out.read_to_end(&mut stdout)?;
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, zero is a valid value; wait4 fills it and `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok(ChildRun {
        wall,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss.max(0) as u64,
        exit,
        stdout,
    })
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

/// User plus system CPU time of this process so far (all threads).
fn own_cpu() -> Duration {
    // SAFETY: rusage is plain data, zero is a valid value; getrusage fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live local.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return Duration::ZERO;
    }
    timeval(usage.ru_utime) + timeval(usage.ru_stime)
}

/// The physical floor: list every directory and read every byte of every regular file, on
/// all cores, doing nothing else. Returns (files, bytes).
pub fn floor(root: &Path) -> (u64, u64) {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let queue = Mutex::new((vec![root.to_path_buf()], 0usize));
    let wake = Condvar::new();
    let worker = || {
        let mut files = 0u64;
        let mut bytes = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        let mut subdirs = Vec::new();
        loop {
            let dir = {
                let Ok(mut q) = queue.lock() else { break };
                loop {
                    if let Some(d) = q.0.pop() {
                        q.1 += 1;
                        break Some(d);
                    }
                    if q.1 == 0 {
                        break None;
                    }
                    q = match wake.wait(q) {
                        Ok(q) => q,
                        Err(_) => return (files, bytes),
                    };
                }
            };
            let Some(dir) = dir else {
                wake.notify_all();
                break;
            };
            if let Ok(rd) = std::fs::read_dir(&dir) {
                for e in rd.flatten() {
                    let Ok(ft) = e.file_type() else { continue };
                    if ft.is_dir() {
                        subdirs.push(e.path());
                    } else if ft.is_file() {
                        if let Ok(mut f) = std::fs::File::open(e.path()) {
                            use std::io::Read;
                            files += 1;
                            while let Ok(n) = f.read(&mut buf) {
                                if n == 0 {
                                    break;
                                }
                                bytes += n as u64;
                            }
                        }
                    }
                }
            }
            let Ok(mut q) = queue.lock() else { break };
            q.0.append(&mut subdirs);
            q.1 -= 1;
            drop(q);
            wake.notify_all();
        }
        (files, bytes)
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok())
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Generate a tree unless one of that size is already there.
fn tree(work: &Path, hosts: usize) -> std::io::Result<PathBuf> {
    let dir = work.join(format!("clean-{hosts}"));
    let marker = dir.join(".generated");
    let want = format!("hosts={hosts} generator={}\n", generate::VERSION);
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(want.as_str()) {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    eprintln!("generating {hosts} hosts in {}", dir.display());
    generate::generate(
        &dir,
        &generate::Spec {
            hosts,
            faults: false,
        },
    )?;
    std::fs::write(&marker, want)?;
    Ok(dir)
}

fn machine() -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let mem = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let load = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "- cores (nproc): {nproc}\n- CPU: {cpu}\n- memory: {mem}\n- kernel: Linux {kernel}\n\
         - load average when the run started (1, 5, 15 min): {load}\n"
    )
}

struct SizeResult {
    hosts: usize,
    files: u64,
    bytes: u64,
    floor: Duration,
    lint: Duration,
    /// Median of the ratios of runs made one right after the other (less moved by load that
    /// comes and goes than the ratio of the two medians).
    paired: f64,
    floor_cpu: Duration,
    lint_cpu: Duration,
    rss_kb: u64,
    clean: bool,
    findings: String,
}

pub fn run(opts: &Options) -> Result<(), String> {
    if !opts.mesoslint.is_file() {
        return Err(format!(
            "no mesoslint binary at {}; build it first: cargo build --release -p mesoslint \
             (or give --mesoslint PATH)",
            opts.mesoslint.display()
        ));
    }
    std::fs::create_dir_all(&opts.work).map_err(|e| format!("{}: {e}", opts.work.display()))?;
    let mut md = String::new();
    let started = machine();
    println!("machine:\n{started}");
    println!(
        "mesoslint: {}\nrepetitions per figure: {} (median), warm cache (one untimed run first)\n",
        opts.mesoslint.display(),
        opts.reps
    );
    let _ = writeln!(md, "## Machine\n\n{started}");

    let mut results = Vec::new();
    for &hosts in &opts.sizes {
        let dir = tree(&opts.work, hosts).map_err(|e| format!("generate {hosts}: {e}"))?;
        // Warm the cache and check the clean tree reports nothing.
        let (files, bytes) = floor(&dir);
        let check = run_child(
            Command::new(&opts.mesoslint)
                .current_dir(&dir)
                .args([".", "--format", "concise"]),
            true,
        )
        .map_err(|e| format!("run mesoslint: {e}"))?;
        let findings = String::from_utf8_lossy(&check.stdout).trim().to_string();
        let clean = check.exit == 0 && findings.is_empty();
        let mut floors = Vec::new();
        let mut lints = Vec::new();
        let mut pairs = Vec::new();
        let mut floor_cpus = Vec::new();
        let mut lint_cpus = Vec::new();
        let mut rss = check.max_rss_kb;
        for _ in 0..opts.reps {
            let cpu = own_cpu();
            let t = Instant::now();
            let _ = floor(&dir);
            let f = t.elapsed();
            floor_cpus.push(own_cpu().saturating_sub(cpu));
            floors.push(f);
            let r = run_child(
                Command::new(&opts.mesoslint).current_dir(&dir).arg("."),
                false,
            )
            .map_err(|e| format!("run mesoslint: {e}"))?;
            rss = rss.max(r.max_rss_kb);
            lints.push(r.wall);
            lint_cpus.push(r.cpu);
            pairs.push(r.wall.as_secs_f64() / f.as_secs_f64().max(1e-9));
        }
        pairs.sort_by(f64::total_cmp);
        let res = SizeResult {
            hosts,
            files,
            bytes,
            floor: median(floors),
            lint: median(lints),
            paired: pairs.get(pairs.len() / 2).copied().unwrap_or(f64::NAN),
            floor_cpu: median(floor_cpus),
            lint_cpu: median(lint_cpus),
            rss_kb: rss,
            clean,
            findings,
        };
        println!(
            "{:>6} hosts {:>7} files {:>9} bytes: floor {:>9}  mesoslint {:>9}  ratio {:.2} (paired {:.2})  CPU: mesoslint {}, floor {}  peak RSS {:.1} MB  {}",
            res.hosts,
            res.files,
            res.bytes,
            ms(res.floor),
            ms(res.lint),
            res.lint.as_secs_f64() / res.floor.as_secs_f64().max(1e-9),
            res.paired,
            ms(res.lint_cpu),
            ms(res.floor_cpu),
            res.rss_kb as f64 / 1024.0,
            if res.clean { "clean: no findings" } else { "NOT CLEAN" }
        );
        if !res.clean {
            for l in res.findings.lines().take(5) {
                println!("    {l}");
            }
        }
        results.push(res);
    }

    let _ = writeln!(
        md,
        "## Lint time against the physical floor\n\n\
         | hosts | files | bytes | floor (median) | mesoslint (median) | ratio of medians | median of paired ratios | CPU floor / mesoslint | peak RSS | clean tree reports nothing |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    );
    for r in &results {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {:.2} | {:.2} | {} / {} | {:.1} MB | {} |",
            r.hosts,
            r.files,
            r.bytes,
            ms(r.floor),
            ms(r.lint),
            r.lint.as_secs_f64() / r.floor.as_secs_f64().max(1e-9),
            r.paired,
            ms(r.floor_cpu),
            ms(r.lint_cpu),
            r.rss_kb as f64 / 1024.0,
            if r.clean { "yes" } else { "no" }
        );
    }

    // Start-up.
    println!();
    let _ = writeln!(md, "\n## Start-up (pre-commit hook sized trees)\n");
    let example = opts.repo.join("examples/ha-cluster");
    let three = tree(&opts.work, 3).map_err(|e| format!("generate 3: {e}"))?;
    let mut small: Vec<(String, PathBuf)> = vec![("generated 3-host tree".into(), three)];
    if example.is_dir() {
        small.insert(
            0,
            (
                "examples/ha-cluster (6 hosts, with findings)".into(),
                example,
            ),
        );
    }
    for (what, dir) in &small {
        let mut times = Vec::new();
        let _ = run_child(
            Command::new(&opts.mesoslint).current_dir(dir).arg("."),
            false,
        );
        for _ in 0..opts.reps.max(10) {
            let r = run_child(
                Command::new(&opts.mesoslint).current_dir(dir).arg("."),
                false,
            )
            .map_err(|e| format!("run mesoslint: {e}"))?;
            times.push(r.wall);
        }
        let m = median(times);
        println!("{what}: mesoslint {}", ms(m));
        let _ = writeln!(md, "- {what}: {} (median)", ms(m));
    }

    // Wasm under Node.
    println!();
    let _ = writeln!(md, "\n## WebAssembly engine under Node\n");
    let wasm = wasm_time(opts);
    match &wasm {
        Ok(line) => {
            println!("wasm: {line}");
            let _ = writeln!(md, "- {line}");
        }
        Err(why) => {
            println!("wasm: skipped: {why}");
            let _ = writeln!(md, "- skipped: {why}");
        }
    }

    // Targets.
    println!("\ntargets:");
    let _ = writeln!(md, "\n## Targets\n");
    let mut targets: Vec<(String, Option<bool>, String)> = Vec::new();
    if let Some(big) = results.iter().max_by_key(|r| r.hosts) {
        let ratio = big.lint.as_secs_f64() / big.floor.as_secs_f64().max(1e-9);
        // Both estimates must be within the target: a load that comes and goes moves them
        // differently.
        let worst = ratio.max(big.paired);
        targets.push((
            format!("{} hosts within 1.5x of the physical floor", big.hosts),
            Some(worst <= 1.5),
            format!(
                "{:.2}x ({} vs {}; median of paired runs {:.2}x)",
                ratio,
                ms(big.lint),
                ms(big.floor),
                big.paired
            ),
        ));
        targets.push((
            format!("peak memory under 300 MB at {} hosts", big.hosts),
            Some(big.rss_kb < 300 * 1024),
            format!("{:.1} MB", big.rss_kb as f64 / 1024.0),
        ));
    }
    let k1 = results.iter().find(|r| r.hosts == 1000);
    let k10 = results.iter().find(|r| r.hosts == 10000);
    match (k1, k10) {
        (Some(a), Some(b)) => {
            let growth = b.lint.as_secs_f64() / a.lint.as_secs_f64().max(1e-9);
            let floor_growth = b.floor.as_secs_f64() / a.floor.as_secs_f64().max(1e-9);
            targets.push((
                "growth linear from 1,000 to 10,000 hosts (at most 15x for 10x the hosts)".into(),
                Some(growth <= 15.0),
                format!("{growth:.1}x (the floor grows {floor_growth:.1}x)"),
            ));
        }
        _ => targets.push((
            "growth linear from 1,000 to 10,000 hosts".into(),
            None,
            "not measured (needs both sizes; the quick run skips 10,000)".into(),
        )),
    }
    let all_clean = results.iter().all(|r| r.clean);
    targets.push((
        "a clean generated cluster of any size reports nothing".into(),
        Some(all_clean),
        results
            .iter()
            .map(|r| format!("{}: {}", r.hosts, if r.clean { "none" } else { "findings" }))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    for (what, met, detail) in &targets {
        let mark = match met {
            Some(true) => "MET    ",
            Some(false) => "NOT MET",
            None => "SKIPPED",
        };
        println!("  [{mark}] {what}: {detail}");
        let _ = writeln!(md, "- **{}** {what}: {detail}", mark.trim());
    }

    if let Some(path) = &opts.markdown {
        std::fs::write(path, md).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("\nwrote {}", path.display());
    }
    Ok(())
}

/// Lint a generated five-host tree with the npm package under Node; the median of 20 runs.
fn wasm_time(opts: &Options) -> Result<String, String> {
    let entry = opts.wasm_package.join("node/mesoslint_wasm.js");
    if !entry.is_file() {
        return Err(format!(
            "the npm package is not built ({} is missing); build it with \
             `npm --prefix web ci && npm --prefix web run build` (or scripts/test-web.sh)",
            entry.display()
        ));
    }
    let node = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|_| "node is not installed".to_string())?;
    if !node.status.success() {
        return Err("node does not run".into());
    }
    let five = tree(&opts.work, 5).map_err(|e| format!("generate 5: {e}"))?;
    let script = opts.work.join("wasm-bench.cjs");
    let js = r#"
const fs = require("fs");
const path = require("path");
const [entry, root, repsArg] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const wasm = require(entry);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const files = {};
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && e.name !== ".generated") files[path.relative(root, p)] = fs.readFileSync(p);
  }
})(root);
wasm.lint(files);
const times = [];
let findings = 0;
for (let i = 0; i < Number(repsArg); i++) {
  const t = process.hrtime.bigint();
  findings = wasm.lint(files).length;
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ files: Object.keys(files).length, median: times[times.length >> 1], load: loadMs, findings }));
"#;
    std::fs::write(&script, js).map_err(|e| e.to_string())?;
    let out = Command::new("node")
        .arg(&script)
        .arg(&entry)
        .arg(&five)
        .arg("20")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "node failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value =
        serde_json::from_str(text.trim()).map_err(|e| format!("bad output {text}: {e}"))?;
    Ok(format!(
        "five-host tree ({} files): lint {:.2} ms (median of 20), module load {:.1} ms, {} findings",
        v["files"],
        v["median"].as_f64().unwrap_or(f64::NAN),
        v["load"].as_f64().unwrap_or(f64::NAN),
        v["findings"]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_reads_every_byte() {
        let dir = std::env::temp_dir().join(format!("mesoslint-floor-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let w = generate::generate(
            &dir,
            &generate::Spec {
                hosts: 4,
                faults: false,
            },
        )
        .unwrap();
        let (files, bytes) = floor(&dir);
        assert_eq!((files, bytes), (w.files as u64, w.bytes));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn median_of_nothing_is_zero() {
        assert_eq!(median(vec![]), Duration::ZERO);
        let d = |n| Duration::from_millis(n);
        assert_eq!(median(vec![d(3), d(1), d(2)]), d(2));
    }
}
