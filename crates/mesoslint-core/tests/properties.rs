//! Properties that must hold for any input: linting never panics, findings do not depend on the
//! order files are added in, every label lies inside its file, and rendering never panics.

use mesoslint_core::{lint, render, Config, FileSet};
use proptest::prelude::*;

/// Paths a config tree holds, per host.
const PATHS: &[&str] = &[
    "etc/mesos/zk",
    "etc/mesos/quorum",
    "etc/mesos-master/quorum",
    "etc/mesos-master/work_dir",
    "etc/mesos-master/registry",
    "etc/mesos-master/?no-hostname_lookup",
    "etc/mesos-master/quorum~",
    "etc/mesos-slave/containerizers",
    "etc/mesos-slave/executor_registration_timeout",
    "etc/mesos-slave/work_dir",
    "etc/mesos-slave/attributes/rack",
    "etc/mesos-slave/resources/ports",
    "etc/mesos-agent/master",
    "etc/default/mesos",
    "etc/default/mesos-master",
    "etc/default/mesos-slave",
    "etc/default/marathon",
    "etc/zookeeper/conf/zoo.cfg",
    "etc/zookeeper/conf/myid",
    "var/lib/zookeeper/myid",
    "etc/marathon/conf/master",
    "etc/marathon/conf/zk",
    "etc/marathon/conf/?disable_ha",
    "etc/fstab",
    "etc/hosts",
    "etc/hostname",
    "etc/init/mesos-slave.override",
    "etc/systemd/system/mesos-master.service",
    "usr/local/etc/mesos/mesos-agent-env.sh",
];

/// Fragments that exercise the parsers: real syntax, near misses and junk.
const FRAGMENTS: &[&str] = &[
    "zk://zk1:2181,zk2:2181,zk3:2181/mesos",
    "zk://u:p@zk1:2181/mesos",
    "zk://zk1:99999/",
    "file:///etc/mesos/zk",
    "1",
    "2",
    "3",
    "0",
    "-1",
    "99999999999999999999",
    "5mins",
    "5m",
    "1.5secs",
    "10 secs",
    "1GB",
    "true",
    "",
    "docker,mesos",
    "docker,,mesos ",
    "cgroups/cpu,cgroups/mem,filesystem/linux",
    "server.1=zk1:2888:3888",
    "server.2=zk2:2888:3888;2181",
    "server.x=[::1:2888",
    "server.3 = zk3:2888:2888 ",
    "tickTime=2000",
    "dataDir=/var/lib/zookeeper",
    "clientPort=2181 # comment",
    "initLimit 10",
    "a\\\n b",
    "\\u12",
    "\\uzzzz",
    "ZK=`cat /etc/mesos/zk`",
    "MASTER=$(cat /etc/mesos/zk)",
    "export MESOS_QUORUM=2",
    "LOGS=\"/var/log/mesos",
    "A = b",
    "ExecStart=/usr/sbin/mesos-master --quorum=2 \\",
    "/dev/vdb1 /var/lib/mesos xfs defaults,noexec 0 2",
    "127.0.1.1 m1",
    "manual",
    "{{ mesos_quorum }}",
    "<%= @quorum %>",
    "# mesoslint: ignore[MM001] reason",
    "\u{e9}\u{0}\u{ffff}",
    "\r\n",
    "\n",
    " ",
    "\t",
    "#",
    "!",
    "=",
    ":",
    "[",
    "]",
    ";",
];

fn content() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(FRAGMENTS), 0..8).prop_map(|parts| {
            let mut s = String::new();
            for p in parts {
                s.push_str(p);
                s.push('\n');
            }
            s.into_bytes()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn file_set_entries() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    prop::collection::vec(
        (
            prop::sample::select(&["m1", "m2", "m3", "a1", "a2"][..]),
            prop::sample::select(PATHS),
            content(),
        )
            .prop_map(|(host, path, bytes)| (format!("hosts/{host}/{path}"), bytes)),
        0..14,
    )
}

fn build(entries: &[(String, Vec<u8>)]) -> FileSet {
    let mut fs = FileSet::new();
    for (p, b) in entries {
        fs.add(p, b);
    }
    fs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn lint_never_panics_and_labels_stay_inside_files(entries in file_set_entries()) {
        let fs = build(&entries);
        let report = lint(&fs, &Config::default());
        for d in &report.diagnostics {
            for l in &d.labels {
                let text = fs.get(l.span.file).text();
                prop_assert!(l.span.end as usize <= text.len(), "{} label past the end of its file", d.code);
                prop_assert!(l.span.start <= l.span.end);
                prop_assert!(text.is_char_boundary(l.span.start as usize) && text.is_char_boundary(l.span.end as usize),
                    "{} label not on a char boundary", d.code);
            }
        }
        let rendered = render::render_report(&fs, &report);
        prop_assert!(rendered.ends_with('\n'));
        let _ = report.findings(&fs);
    }

    #[test]
    fn findings_do_not_depend_on_insertion_order(entries in file_set_entries()) {
        // Deduplicate paths first: a later add of the same path replaces the earlier one.
        let mut unique: Vec<(String, Vec<u8>)> = Vec::new();
        for (p, b) in entries {
            unique.retain(|(q, _)| q != &p);
            unique.push((p, b));
        }
        let forward = build(&unique);
        let mut reversed_entries = unique.clone();
        reversed_entries.reverse();
        let reversed = build(&reversed_entries);
        let a = lint(&forward, &Config::default()).findings(&forward);
        let b = lint(&reversed, &Config::default()).findings(&reversed);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn lint_never_panics_on_arbitrary_paths(paths in prop::collection::vec("[a-z./?~ -]{0,40}", 0..8), bytes in prop::collection::vec(any::<u8>(), 0..32)) {
        let mut fs = FileSet::new();
        for p in &paths {
            fs.add(p, &bytes);
        }
        let report = lint(&fs, &Config::default());
        let _ = render::render_report(&fs, &report);
    }
}

/// Found by `lint_never_panics_and_labels_stay_inside_files`: a Latin-1 byte decoded to a
/// two-byte character inside a URL value once gave ZU001 a label ending mid-character.
#[test]
fn regression_latin1_byte_in_a_url_value() {
    let mut fs = FileSet::new();
    fs.add("hosts/m1/etc/marathon/conf/master", &[14, 133, 14]);
    let report = lint(&fs, &Config::default());
    for d in &report.diagnostics {
        for l in &d.labels {
            let text = fs.get(l.span.file).text();
            assert!(
                text.is_char_boundary(l.span.start as usize)
                    && text.is_char_boundary(l.span.end as usize)
            );
        }
    }
    let _ = render::render_report(&fs, &report);
}
