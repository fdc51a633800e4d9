//! `mesoslint-bench scale`: is the cost linear in the input? Each input grows by doublings from
//! 1,000 (keys of one zoo.cfg, files of one agent's flag directory, hosts of a tree, containers
//! and ZooKeeper servers of one `docker run` script), the CLI lints it (JSON output, so every
//! finding's positions are computed), and the best wall and CPU times of the repetitions are
//! printed with their ratios to the previous size. A linear engine shows ratios
//! near 2; a quadratic one near 4. Figures are printed, never asserted (docs/benchmarks.md).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{generate, run};

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
    ("containers", write_containers),
    ("zookeeper hosts", write_zookeeper_hosts),
];

/// The ZooKeeper URL of the `containers` tree: three of its ZooKeeper containers.
const CONTAINERS_URL: &str = "zk://zk2:2181,zk6:2181,zk10:2181/mesos";

/// One `docker run` script of `n` containers with their own hostnames, a quarter each of
/// masters, agents, standalone ZooKeepers and Marathons: every container a host of the model,
/// every rule family at work across them (quorum of thousands of masters, Marathon URLs
/// against Mesos URLs, thousands of standalone servers).
fn write_containers(dir: &Path, n: usize) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut f = std::io::BufWriter::new(fs::File::create(dir.join("run.sh"))?);
    writeln!(f, "#!/bin/sh")?;
    let url = CONTAINERS_URL;
    for i in 0..n {
        match i % 4 {
            0 => writeln!(
                f,
                "docker run -d --name m{i} --hostname m{i} -e MESOS_ZK={url} -e MESOS_QUORUM=2 \
  -e MESOS_WORK_DIR=/var/lib/mesos mesosphere/mesos-master:1.4.1"
            )?,
            1 => writeln!(
                f,
                "docker run -d --name a{i} --hostname a{i} -e MESOS_MASTER={url} \
  -e MESOS_WORK_DIR=/var/lib/mesos -e MESOS_CONTAINERIZERS=docker,mesos mesosphere/mesos-slave:1.4.1"
            )?,
            2 => writeln!(
                f,
                "docker run -d --name zk{i} --hostname zk{i} -e ZOO_MY_ID={i} zookeeper:3.4"
            )?,
            _ => writeln!(
                f,
                "docker run -d --name mt{i} --hostname mt{i} -e MARATHON_MASTER={url} \
  -e MARATHON_ZK=zk://zk2:2181/marathon mesosphere/marathon:v1.5.2"
            )?,
        }
    }
    f.flush()
}

/// One `docker run` script of `n` ZooKeeper containers, each a standalone server whose one
/// `server.1` line names itself (`n` ensemble members, one ZK002 finding naming them all), and
/// a master whose URL names the first: ZK002 and ZU005 over thousands of ZooKeeper hosts.
fn write_zookeeper_hosts(dir: &Path, n: usize) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut f = std::io::BufWriter::new(fs::File::create(dir.join("run.sh"))?);
    writeln!(
        f,
        "#!/bin/sh
docker run -d --name master --hostname master -e MESOS_ZK=zk://zk0:2181/mesos \
  -e MESOS_QUORUM=1 -e MESOS_WORK_DIR=/var/lib/mesos mesosphere/mesos-master:1.4.1"
    )?;
    for i in 0..n {
        writeln!(
            f,
            "docker run -d --name zk{i} --hostname zk{i} -e ZOO_MY_ID=1 \
  -e 'ZOO_SERVERS=server.1=zk{i}:2888:3888' zookeeper:3.4"
        )?;
    }
    f.flush()
}

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

/// The best wall time and the best CPU time (user + system, all threads) of `reps` runs. On a
/// loaded shared machine the CPU time is the steadier figure.
fn time_lint(mesoslint: &Path, dir: &Path, reps: usize) -> Result<(Duration, Duration), String> {
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..reps {
        let mut cmd = Command::new(mesoslint);
        // a 64,000-container script is ~10 MB: above the default 1 MiB cap, and a file over
        // the cap is not read at all
        cmd.args(["--format", "json", "--max-file-size", "1073741824"])
            .arg(dir);
        let run = run::run_child(&mut cmd, false)
            .map_err(|e| format!("cannot run {}: {e}", mesoslint.display()))?;
        // 0: clean, 1: findings. Anything else is a failed run, not a figure.
        if !matches!(run.exit, 0 | 1) {
            return Err(format!(
                "{} exited with {} on {}",
                mesoslint.display(),
                run.exit,
                dir.display()
            ));
        }
        best = (best.0.min(run.wall), best.1.min(run.cpu));
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
        "{:<16} {:>8} {:>10} {:>8} {:>10} {:>8}",
        "input", "size", "wall", "ratio", "cpu", "ratio"
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
        let mut previous: Option<(Duration, Duration)> = None;
        let mut n = opts.from;
        while n <= max {
            let dir = opts
                .work
                .join(format!("{}-{n}", name.replace([' ', '.'], "-")));
            let _ = fs::remove_dir_all(&dir);
            write(&dir, n).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            let took = time_lint(&opts.mesoslint, &dir, opts.reps)?;
            let ratio = |now: Duration, before: Option<Duration>| {
                before
                    .map(|p| format!("{:.2}x", now.as_secs_f64() / p.as_secs_f64().max(1e-9)))
                    .unwrap_or_else(|| "-".into())
            };
            println!(
                "{:<16} {:>8} {:>8.1}ms {:>8} {:>8.1}ms {:>8}",
                name,
                n,
                took.0.as_secs_f64() * 1000.0,
                ratio(took.0, previous.map(|p| p.0)),
                took.1.as_secs_f64() * 1000.0,
                ratio(took.1, previous.map(|p| p.1)),
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
