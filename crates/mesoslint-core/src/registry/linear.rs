//! Every rule's work grows linearly with the hosts of a tree: a deterministic check (no
//! timing). Work is counted as host-name look-ups on the test's own thread while one rule
//! checks a cluster built beforehand; a rule that scans all hosts for each host (the way
//! ZK002 once looked for the hosts listing each standalone server) makes look-ups growing
//! with the square of the hosts, and doubling the tree then quadruples them.

use crate::files::FileSet;
use crate::model::{Cluster, NAME_LOOKUPS};
use crate::rule::{Context, Sink};
use crate::Config;

/// A `docker run` script of `n` standalone ZooKeeper containers, each whose one server line
/// names itself, and a master whose URL names the first (ZK002, ZU005 over many servers).
fn zookeeper_hosts(n: usize) -> String {
    let mut s = String::from(
        "#!/bin/sh\ndocker run -d --name master --hostname master -e MESOS_ZK=zk://zk0:2181/mesos -e MESOS_QUORUM=1 mesosphere/mesos-master:1.4.1\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "docker run -d --name zk{i} --hostname zk{i} -e ZOO_MY_ID=1 -e 'ZOO_SERVERS=server.1=zk{i}:2888:3888' zookeeper:3.4\n"
        ));
    }
    s
}

/// Masters, agents, standalone ZooKeepers and Marathons in turn, every one its own host.
fn containers(n: usize) -> String {
    let url = "zk://zk2:2181,zk6:2181,zk10:2181/mesos";
    let mut s = String::from("#!/bin/sh\n");
    for i in 0..n {
        s.push_str(&match i % 4 {
            0 => format!("docker run -d --name m{i} --hostname m{i} -e MESOS_ZK={url} -e MESOS_QUORUM=2 -e MESOS_WORK_DIR=/var/lib/mesos mesosphere/mesos-master:1.4.1\n"),
            1 => format!("docker run -d --name a{i} --hostname a{i} -e MESOS_MASTER={url} -e MESOS_WORK_DIR=/var/lib/mesos mesosphere/mesos-slave:1.4.1\n"),
            2 => format!("docker run -d --name zk{i} --hostname zk{i} -e ZOO_MY_ID={i} zookeeper:3.4\n"),
            _ => format!("docker run -d --name mt{i} --hostname mt{i} -e MARATHON_MASTER={url} -e MARATHON_ZK=zk://zk2:2181/mesos mesosphere/marathon:v1.5.2\n"),
        });
    }
    s
}

/// Host trees: each host its own directory with a standalone zoo.cfg and an agent's URL.
fn host_tree(files: &mut FileSet, n: usize) {
    for i in 0..n {
        files.add_text(
            &format!("hosts/h{i}/etc/zookeeper/conf/zoo.cfg"),
            "dataDir=/var/lib/zookeeper\nclientPort=2181\n",
        );
        files.add_text(
            &format!("hosts/h{i}/etc/mesos/zk"),
            "zk://h0:2181,h1:2181,h2:2181/mesos\n",
        );
        files.add_text(&format!("hosts/h{i}/etc/mesos-slave/work_dir"), "/w\n");
    }
}

/// Look-ups of every rule on the tree `make(n)`, by rule code.
fn lookups(make: &dyn Fn(&mut FileSet, usize), n: usize) -> Vec<(&'static str, u64)> {
    let mut files = FileSet::new();
    make(&mut files, n);
    let config = Config::default();
    let cluster = Cluster::build(&files, &config);
    assert!(cluster.hosts.len() >= n, "{} hosts", cluster.hosts.len());
    let cx = Context::new(&files, &cluster, &config);
    crate::registry::rules()
        .iter()
        .map(|rule| {
            NAME_LOOKUPS.with(|c| c.set(0));
            let mut sink = Sink::new();
            rule.check(&cx, &mut sink);
            (rule.meta().code, NAME_LOOKUPS.with(|c| c.get()))
        })
        .collect()
}

fn assert_linear(what: &str, make: &dyn Fn(&mut FileSet, usize)) {
    let small = lookups(make, 400);
    let large = lookups(make, 800);
    for ((code, a), (_, b)) in small.iter().zip(&large) {
        // Twice the hosts: at most a little over twice the look-ups (quadratic: four times).
        assert!(
            *b <= a * 5 / 2 + 100,
            "{code} on {what}: {a} name look-ups for 400, {b} for 800"
        );
    }
}

#[test]
fn zookeeper_containers() {
    assert_linear("ZooKeeper containers", &|f, n| {
        f.add_text("run.sh", &zookeeper_hosts(n));
    });
}

#[test]
fn mixed_containers() {
    assert_linear("containers", &|f, n| {
        f.add_text("run.sh", &containers(n));
    });
}

#[test]
fn host_directories() {
    assert_linear("host directories", &host_tree);
}

#[test]
fn provisioning_scripts() {
    // each script's writes are one host (named by the hostname it writes)
    assert_linear("provisioning scripts", &|f, n| {
        for i in 0..n {
            f.add_text(
                &format!("provision/m{i}.sh"),
                &format!("#!/bin/sh\necho m{i} > /etc/hostname\necho zk://m0:2181,m1:2181,m2:2181/mesos > /etc/mesos/zk\necho 2 | tee /etc/mesos-master/quorum\ncat > /etc/zookeeper/conf/zoo.cfg <<'EOF'\ndataDir=/var/lib/zookeeper\nclientPort=2181\nEOF\n"),
            );
        }
        crate::add_script_files(f);
    });
}
