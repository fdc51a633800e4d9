use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Daemon, FlagDef, Host, MesosDaemon};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, def_span, host_name, place, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports Mesos flags that must not be set together, or only together:
    /// - `ip` with `ip_discovery_command` (master and agent);
    /// - master `zk` with `master_contender` or `master_detector`;
    /// - master `master_contender` without `master_detector`, or the reverse;
    /// - agent `master` with `master_detector`, agent `ip6` with `ip6_discovery_command` (1.4+);
    /// - `modules` with `modules_dir`.
    ///
    /// The packaged `etc/default/mesos-master` sets `ZK` from `etc/mesos/zk`, and the packaged
    /// `etc/default/mesos-slave` sets `MASTER`: a contender/detector module then clashes
    /// with them unless the variable is cleared.
    ///
    /// ## Why is this bad?
    /// The daemon checks these pairs right after parsing its flags and exits ("Only one of
    /// `--ip` or `--ip_discovery_command` should be specified"; "Only one of --zk or the
    /// --master_contender/--master_detector pair should be specified."; "Both
    /// --master_contender and --master_detector should be specified or omitted.").
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/ip
    /// 10.0.0.1
    /// ```
    /// ```text file:etc/mesos-master/ip_discovery_command
    /// /usr/local/bin/my-ip
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/ip
    /// 10.0.0.1
    /// ```
    ///
    /// ## How to fix
    /// Keep one flag of an exclusive pair; give both flags of the contender/detector pair.
    /// To replace the packaged `ZK` or `MASTER`, put `ZK=` or `MASTER=` (empty) in the env
    /// file.
    ///
    /// ## References
    /// - DOMAIN.md §2.4: apache/mesos `src/master/main.cpp` (zk / contender / detector checks),
    ///   libprocess (`--ip` / `--ip_discovery_command`), `modules` / `modules_dir`.
    /// - DOMAIN.md §2.6: `src/slave/main.cpp` (`--master` / `--master_detector`).
    pub struct ExclusiveFlags {
        code: "MF007",
        name: "exclusive-flags",
        severity: Error,
        summary: "Mesos flags that must not be set together, or only together",
    }
}

/// (a, b, daemon error text) pairs that exclude each other.
fn exclusive(daemon: Daemon) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = vec![
        (
            "ip",
            "ip_discovery_command",
            "Only one of `--ip` or `--ip_discovery_command` should be specified",
        ),
        (
            "modules",
            "modules_dir",
            "Only one of --modules or --modules_dir should be specified",
        ),
    ];
    match daemon {
        Daemon::Master => {
            for other in ["master_contender", "master_detector"] {
                out.push(("zk", other, "Only one of --zk or the --master_contender/--master_detector pair should be specified."));
            }
        }
        Daemon::Agent => {
            out.push((
                "master",
                "master_detector",
                "Only one of `--master` or `--master_detector` should be specified",
            ));
            // Agent only, 1.4.0+ (src/slave/main.cpp; the flags do not exist before).
            out.push((
                "ip6",
                "ip6_discovery_command",
                "Only one of `--ip6` or `--ip6_discovery_command` should be specified",
            ));
        }
    }
    out
}

impl Rule for ExclusiveFlags {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                check_daemon(cx, host, d, &secrets, sink);
            }
        }
    }
}

/// A flag counts as set when the daemon gets a value for it (a template placeholder counts: it
/// renders to something).
fn set<'a>(d: &'a MesosDaemon, flag: &str) -> Option<&'a FlagDef> {
    d.flags
        .get(flag)
        .filter(|def| def.value.as_deref() != Some("") || def.unknown)
}

fn check_daemon(
    cx: &Context<'_>,
    host: &Host,
    d: &MesosDaemon,
    secrets: &super::util::SecretFiles<'_>,
    sink: &mut Sink,
) {
    let prog = d.daemon.as_str();
    for (a, b, error) in exclusive(d.daemon) {
        let (Some(da), Some(db)) = (set(d, a), set(d, b)) else {
            continue;
        };
        let (first, second) = match (def_span(da, secrets), def_span(db, secrets)) {
            (_, Some(sb)) => (def_span(da, secrets), sb),
            (Some(sa), None) => (None, sa),
            (None, None) => continue,
        };
        let mut diag = Diagnostic::new(
            &ExclusiveFlags::META,
            format!(
                "{prog} on {} gets both `--{a}` ({}) and `--{b}` ({}); it exits at start-up (\"{error}\")",
                host_name(host),
                place(cx, da),
                place(cx, db)
            ),
        )
        .primary(second, format!("`--{b}` set here"));
        if let Some(sa) = first {
            if sa != second {
                diag = diag.secondary(sa, format!("`--{a}` set here"));
            }
        }
        let help = match (a, &da.source.kind) {
            ("zk" | "master", crate::model::SourceKind::PackageDefault) => format!(
                "the package's env file passes `--{a}`: put `{}=` (empty) in {} to use the module, or drop `{b}`",
                da.written,
                da.source.default_path.unwrap_or("the env file")
            ),
            _ => format!("keep only one of `{a}` and `{b}`"),
        };
        sink.report(diag.help(help));
    }
    if d.daemon == Daemon::Master {
        let contender = set(d, "master_contender");
        let detector = set(d, "master_detector");
        let (given, missing) = match (contender, detector) {
            (Some(c), None) => (c, "master_detector"),
            (None, Some(det)) => (det, "master_contender"),
            _ => return,
        };
        let Some(span) = def_span(given, secrets) else {
            return;
        };
        sink.report(
            Diagnostic::new(
                &ExclusiveFlags::META,
                format!(
                    "mesos-master on {} gets `--{}` without `--{missing}`; it exits at start-up (\"Both --master_contender and --master_detector should be specified or omitted.\")",
                    host_name(host), given.canonical
                ),
            )
            .primary(span, format!("`--{missing}` missing"))
            .help(format!("set `{missing}` too, or remove `{}`", given.canonical)),
        );
    }
}
