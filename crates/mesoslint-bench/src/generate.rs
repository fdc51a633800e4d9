//! Writes realistic cluster trees: masters running mesos-master, a ZooKeeper server and
//! Marathon; agents running docker with attributes, resources and an fstab. Clean by default;
//! with faults, the classic mistakes are injected at fixed places.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Bumped when the trees change, so the benchmark regenerates its cached trees.
pub const VERSION: u32 = 1;

/// The mistakes `--faults` injects, with the rule each one trips.
pub const FAULTS: &[(&str, &str)] = &[
    ("MM001", "quorum 1 on the first master"),
    ("MM006", "the same quorum 1: the masters disagree on quorum"),
    ("ZK008", "the last master's myid names another server"),
    (
        "ZU003",
        "Marathon state under the Mesos path on the first master",
    ),
    (
        "MR002",
        "the same Marathon path: the first master's Marathon shares no state with the others",
    ),
    (
        "MA004",
        "docker without a longer executor_registration_timeout on every 100th agent",
    ),
    ("MA002", "work_dir on a noexec mount on every 250th agent"),
    (
        "MF001",
        "an editor leftover `work_dir~` on every 500th agent",
    ),
];

pub struct Spec {
    pub hosts: usize,
    pub faults: bool,
}

pub struct Written {
    pub hosts: usize,
    pub masters: usize,
    pub files: usize,
    pub bytes: u64,
}

struct Writer {
    files: usize,
    bytes: u64,
}

impl Writer {
    fn file(&mut self, path: PathBuf, text: &str) -> io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

fn master_ip(i: usize) -> String {
    format!("10.0.0.{}", 11 + i)
}

fn agent_ip(i: usize) -> String {
    format!(
        "10.{}.{}.{}",
        1 + i / (200 * 256),
        (i / 200) % 256,
        10 + i % 200
    )
}

pub fn generate(out: &Path, spec: &Spec) -> io::Result<Written> {
    let masters = if spec.hosts >= 1000 { 5 } else { 3 }.min(spec.hosts.max(1));
    let agents = spec.hosts.saturating_sub(masters);
    let mut w = Writer { files: 0, bytes: 0 };
    let master_names: Vec<String> = (0..masters).map(|i| format!("master{}", i + 1)).collect();
    let zk_hosts: Vec<String> = master_names.iter().map(|m| format!("{m}:2181")).collect();
    let zk_url = format!("zk://{}/mesos", zk_hosts.join(","));
    let marathon_zk = format!("zk://{}/marathon", zk_hosts.join(","));
    let quorum = masters / 2 + 1;
    let mut zoo = String::from(
        "# ZooKeeper ensemble on the master nodes\ntickTime=2000\ninitLimit=10\nsyncLimit=5\n\
         dataDir=/var/lib/zookeeper\nclientPort=2181\nautopurge.purgeInterval=24\n",
    );
    for (i, m) in master_names.iter().enumerate() {
        let _ = writeln!(zoo, "server.{}={m}:2888:3888", i + 1);
    }
    let mut hosts_head = String::from("127.0.0.1\tlocalhost\n");
    for (i, m) in master_names.iter().enumerate() {
        let _ = writeln!(hosts_head, "{}\t{m}.cluster.internal {m}", master_ip(i));
    }
    for (i, m) in master_names.iter().enumerate() {
        let etc = out.join("hosts").join(m).join("etc");
        let fault = spec.faults;
        w.file(etc.join("mesos/zk"), &format!("{zk_url}\n"))?;
        let q = if fault && i == 0 { 1 } else { quorum };
        w.file(etc.join("mesos-master/quorum"), &format!("{q}\n"))?;
        w.file(etc.join("mesos-master/ip"), &format!("{}\n", master_ip(i)))?;
        w.file(
            etc.join("mesos-master/hostname"),
            &format!("{m}.cluster.internal\n"),
        )?;
        w.file(etc.join("mesos-master/work_dir"), "/var/lib/mesos\n")?;
        w.file(etc.join("zookeeper/conf/zoo.cfg"), &zoo)?;
        let myid = if fault && i == masters - 1 { 1 } else { i + 1 };
        w.file(etc.join("zookeeper/conf/myid"), &format!("{myid}\n"))?;
        w.file(
            etc.join("marathon/conf/hostname"),
            &format!("{m}.cluster.internal\n"),
        )?;
        w.file(etc.join("marathon/conf/master"), &format!("{zk_url}\n"))?;
        let mzk = if fault && i == 0 {
            &zk_url
        } else {
            &marathon_zk
        };
        w.file(etc.join("marathon/conf/zk"), &format!("{mzk}\n"))?;
        w.file(etc.join("marathon/conf/task_launch_timeout"), "600000\n")?;
        w.file(etc.join("init/mesos-slave.override"), "manual\n")?;
        w.file(etc.join("hosts"), &hosts_head)?;
    }
    for i in 0..agents {
        let name = format!("agent{:05}", i + 1);
        let etc = out.join("hosts").join(&name).join("etc");
        let ip = agent_ip(i);
        w.file(etc.join("mesos/zk"), &format!("{zk_url}\n"))?;
        w.file(etc.join("mesos-slave/ip"), &format!("{ip}\n"))?;
        w.file(etc.join("mesos-slave/work_dir"), "/var/lib/mesos\n")?;
        w.file(etc.join("mesos-slave/containerizers"), "docker,mesos\n")?;
        if !(spec.faults && i % 100 == 7) {
            w.file(
                etc.join("mesos-slave/executor_registration_timeout"),
                "10mins\n",
            )?;
        }
        w.file(
            etc.join("mesos-slave/attributes/rack"),
            &format!("r{}\n", i % 40),
        )?;
        w.file(etc.join("mesos-slave/resources/ports"), "[31000-32000]\n")?;
        if spec.faults && i % 500 == 11 {
            w.file(etc.join("mesos-slave/work_dir~"), "/var/lib/mesos\n")?;
        }
        let opts = if spec.faults && i % 250 == 13 {
            "defaults,noexec"
        } else {
            "defaults"
        };
        w.file(
            etc.join("fstab"),
            &format!(
                "/dev/vda1 / ext4 errors=remount-ro 0 1\n/dev/vdb1 /var/lib/mesos xfs {opts} 0 2\n"
            ),
        )?;
        w.file(etc.join("init/mesos-master.override"), "manual\n")?;
        w.file(
            etc.join("hosts"),
            &format!("{hosts_head}{ip}\t{name}.cluster.internal {name}\n"),
        )?;
    }
    let toml = format!(
        "# generated by mesoslint-bench: {} hosts\n[target]\nmesos = \"1.11\"\nmarathon = \"1.4\"\nzookeeper = \"3.4\"\n",
        spec.hosts
    );
    w.file(out.join("mesoslint.toml"), &toml)?;
    Ok(Written {
        hosts: masters + agents,
        masters,
        files: w.files,
        bytes: w.bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mesoslint_core::{lint, render, Config, FileSet};

    /// Lint a generated tree with every rule and its mesoslint.toml.
    fn lint_generated(spec: &Spec) -> (FileSet, mesoslint_core::Report) {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), spec).unwrap();
        let mut fs = FileSet::new();
        let mut stack = vec![dir.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir.path()).unwrap().to_string_lossy();
                    fs.add(&rel, &std::fs::read(&p).unwrap());
                }
            }
        }
        let toml_text = std::fs::read_to_string(dir.path().join("mesoslint.toml")).unwrap();
        let config: Config = toml::from_str(&toml_text).unwrap();
        let report = lint(&fs, &config);
        (fs, report)
    }

    #[test]
    fn clean_cluster_has_no_findings() {
        let (fs, report) = lint_generated(&Spec {
            hosts: 60,
            faults: false,
        });
        assert!(
            report.diagnostics.is_empty(),
            "{}",
            render::render_report(&fs, &report)
        );
    }

    /// 60 hosts reach every fault (agents 8, 12 and 14 carry the agent faults), and nothing
    /// else fires.
    #[test]
    fn faults_trip_exactly_their_rules() {
        let (fs, report) = lint_generated(&Spec {
            hosts: 60,
            faults: true,
        });
        let mut fired: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        fired.sort();
        fired.dedup();
        let mut expected: Vec<&str> = FAULTS.iter().map(|(c, _)| *c).collect();
        expected.sort();
        assert_eq!(fired, expected, "{}", render::render_report(&fs, &report));
    }
}
