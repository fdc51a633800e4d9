//! `mesoslint-bench scale`: is the cost linear in the input? Each input grows by doublings from
//! 1,000 (keys of one zoo.cfg, files of one agent's flag directory, hosts of a tree), the CLI
//! lints it (JSON output, so every finding's positions are computed), and the best wall time of
//! the repetitions is printed with its ratio to the previous size. A linear engine shows ratios
//! near 2; a quadratic one near 4. Figures are printed, never asserted (docs/benchmarks.md).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::generate;

pub struct Options {
    pub mesoslint: PathBuf,
    pub work: PathBuf,
    pub from: usize,
    pub max: usize,
    /// Hosts grow to this many at most (a 64,000-host tree is ~1 GB of small files).
    pub max_hosts: usize,
    pub reps: usize,
    pub only: Option<String>,
}

/// One input kind: its name and how to write a tree of size `n` into a directory.
type Writer = fn(&Path, usize) -> std::io::Result<()>;

const KINDS: &[(&str, Writer)] = &[
    ("zoo.cfg keys", write_zoo_keys),
    ("flag files", write_flag_files),
    ("hosts", write_hosts),
];

/// One zoo.cfg with `n` keys ZooKeeper does not know (each one a ZK012 finding). Short lines,
/// so 64,000 of them stay under the 1 MiB size cap (a file over it is not read at all).
fn write_zoo_keys(dir: &Path, n: usize) -> std::io::Result<()> {
    let conf = dir.join("etc/zookeeper/conf");
    fs::create_dir_all(&conf)?;
    let mut f = std::io::BufWriter::new(fs::File::create(conf.join("zoo.cfg"))?);
    writeln!(
        f,
        "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181"
    )?;
    for i in 0..n {
        writeln!(f, "uk{i}=1")?;
    }
    f.flush()
}

/// One agent whose /etc/mesos-slave holds `n` files, each a flag the agent does not know.
fn write_flag_files(dir: &Path, n: usize) -> std::io::Result<()> {
    let flags = dir.join("etc/mesos-slave");
    fs::create_dir_all(&flags)?;
    fs::create_dir_all(dir.join("etc/mesos"))?;
    fs::write(dir.join("etc/mesos/zk"), b"zk://10.0.0.1:2181/mesos\n")?;
    fs::write(flags.join("work_dir"), b"/var/lib/mesos\n")?;
    for i in 0..n {
        fs::write(flags.join(format!("unknown_flag_{i}")), format!("{i}\n"))?;
    }
    Ok(())
}

/// A generated cluster tree of `n` hosts (the same generator as `run`).
fn write_hosts(dir: &Path, n: usize) -> std::io::Result<()> {
    generate::generate(
        dir,
        &generate::Spec {
            hosts: n,
            faults: false,
        },
    )
    .map(|_| ())
}

fn time_lint(mesoslint: &Path, dir: &Path, reps: usize) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..reps {
        let start = Instant::now();
        let status = Command::new(mesoslint)
            .args(["--format", "json"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", mesoslint.display()))?;
        let took = start.elapsed();
        // 0: clean, 1: findings. Anything else is a failed run, not a figure.
        if !matches!(status.code(), Some(0 | 1)) {
            return Err(format!(
                "{} exited with {status} on {}",
                mesoslint.display(),
                dir.display()
            ));
        }
        best = best.min(took);
    }
    Ok(best)
}

pub fn scale(opts: &Options) -> Result<(), String> {
    if !opts.mesoslint.exists() {
        return Err(format!(
            "{} not found: cargo build --release -p mesoslint first",
            opts.mesoslint.display()
        ));
    }
    println!(
        "mesoslint-bench scale: best of {} runs, `mesoslint --format json`, {}",
        opts.reps,
        opts.mesoslint.display()
    );
    println!(
        "{:<14} {:>8} {:>10} {:>8}",
        "input", "size", "time", "ratio"
    );
    for (name, write) in KINDS {
        if opts.only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            continue;
        }
        let max = if *name == "hosts" {
            opts.max_hosts
        } else {
            opts.max
        };
        let mut previous: Option<Duration> = None;
        let mut n = opts.from;
        while n <= max {
            let dir = opts
                .work
                .join(format!("{}-{n}", name.replace([' ', '.'], "-")));
            let _ = fs::remove_dir_all(&dir);
            write(&dir, n).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            let took = time_lint(&opts.mesoslint, &dir, opts.reps)?;
            let ratio = previous
                .map(|p| format!("{:.2}x", took.as_secs_f64() / p.as_secs_f64().max(1e-9)))
                .unwrap_or_else(|| "-".into());
            println!(
                "{:<14} {:>8} {:>8.1}ms {:>8}",
                name,
                n,
                took.as_secs_f64() * 1000.0,
                ratio
            );
            let _ = fs::remove_dir_all(&dir);
            previous = Some(took);
            n *= 2;
        }
    }
    println!(
        "(a linear engine doubles its time per doubling: ratios near 2.00x; quadratic: 4.00x)"
    );
    Ok(())
}
