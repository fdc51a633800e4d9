use std::collections::BTreeMap;

use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::FlagDef;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, def_span, host_name, place, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a Mesos flag that a `MESOS_*` variable sets to one value and the command line
    /// (a `--flag` in a unit, a start script or a container's command, a flag file or a
    /// wrapper variable of the package) sets to another, and says which one the daemon uses:
    /// the command line. When the two are written under different names (a deprecated alias
    /// and its new name, `MESOS_X` and `--no-x`), the daemon loads both and refuses to start.
    ///
    /// ## Why is this bad?
    /// From Mesos 0.25 on, stout merges a `MESOS_*` variable only when the command line does
    /// not give the same name (`FlagsBase::load`): the environment value is silently dropped,
    /// and whoever reads that file believes the other value is in force. Under two names both
    /// reach the flag and the daemon stops with "Flag 'x' is already loaded via name 'y'".
    /// (Before 0.25 any flag given in both places is refused: MF003 reports that.)
    ///
    /// ## Example
    /// ### Invalid: the environment says 1, the flag file says 2
    /// ```text file:etc/default/mesos-master
    /// MESOS_QUORUM=1
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ### Valid: one place, or the same value in both
    /// ```text file:etc/default/mesos-master
    /// MESOS_QUORUM=2
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Set the flag in one place; delete the other definition (or make it agree).
    ///
    /// ## References
    /// - apache/mesos `3rdparty/stout/include/stout/flags/flags.hpp` (`FlagsBase::load`: the
    ///   environment is merged only for names the command line does not set; `extract` reads
    ///   `MESOS_*` lower-cased).
    /// - DOMAIN.md §2.1 (environment vs command line before and after 0.25.0).
    pub struct FlagEnvDisagree {
        code: "MF009",
        name: "flag-env-disagree",
        severity: Warning,
        summary: "A MESOS_* variable and the command line set one flag to different values",
    }
}

impl Rule for FlagEnvDisagree {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // before 0.25 both are refused whatever the values: MF003
        if cx
            .cluster
            .targets
            .mesos
            .is_some_and(|v| v < Version::new(0, 25, 0))
        {
            return;
        }
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                // the effective definition of each side: the last one
                let mut env: BTreeMap<&str, &FlagDef> = BTreeMap::new();
                for def in &d.flags.env {
                    env.insert(def.canonical.as_str(), def);
                }
                let mut args: BTreeMap<&str, &FlagDef> = BTreeMap::new();
                for def in &d.flags.args {
                    args.insert(def.canonical.as_str(), def);
                }
                for (flag, e) in env {
                    let Some(a) = args.get(flag) else { continue };
                    if flag.is_empty() {
                        continue;
                    }
                    // the value itself where it is written, else the definition
                    let at = |d: &FlagDef| {
                        d.value_span
                            .filter(|s| !secrets.contains(&s.file))
                            .or_else(|| def_span(d, &secrets))
                    };
                    let (Some(es), Some(as_)) = (at(e), at(a)) else {
                        continue;
                    };
                    let prog = d.daemon.as_str();
                    let who = host_name(host);
                    let env_name = e.name.as_str();
                    let arg_name = if a.negated {
                        format!("no-{}", a.name)
                    } else {
                        a.name.to_string()
                    };
                    if env_name != arg_name {
                        // about names: point at them
                        let (Some(es), Some(as_)) = (def_span(e, &secrets), def_span(a, &secrets))
                        else {
                            continue;
                        };
                        // both names reach stout's flag: refused
                        let (first, second) = if env_name < arg_name.as_str() {
                            (env_name.to_string(), arg_name.clone())
                        } else {
                            (arg_name.clone(), env_name.to_string())
                        };
                        let second = second.strip_prefix("no-").unwrap_or(&second).to_string();
                        sink.report(
                            Diagnostic::new(
                                &FlagEnvDisagree::META,
                                format!(
                                    "`--{flag}` reaches {prog} on {who} as {} and as {}; {prog} refuses it (\"Flag '{second}' is already loaded via name '{first}'\") and does not start",
                                    place(cx, e),
                                    place(cx, a)
                                ),
                            )
                            .severity(Severity::Error)
                            .primary(es, format!("`{}` from the environment", e.written))
                            .secondary(as_, format!("`--{arg_name}` on the command line"))
                            .help("set the flag once, under its current name"),
                        );
                        continue;
                    }
                    let (Some(ev), Some(av)) = (value_of(e), value_of(a)) else {
                        continue;
                    };
                    if ev == av {
                        continue;
                    }
                    sink.report(
                        Diagnostic::new(
                            &FlagEnvDisagree::META,
                            format!(
                                "`--{flag}` of {prog} on {who} is `{av}` from {} but `{ev}` from {}: the command line wins, {prog} runs with `{av}`",
                                place(cx, a),
                                place(cx, e)
                            ),
                        )
                        .primary(es, format!("`{ev}` here is ignored"))
                        .secondary(as_, format!("`{av}` here wins"))
                        .help("set the flag in one place, or make both agree"),
                    );
                }
            }
        }
    }
}

/// The value a definition gives, for comparing: a boolean without a value is `true` (or
/// `false` for `--no-x`); unknown values compare with nothing.
fn value_of(d: &FlagDef) -> Option<String> {
    if d.unknown {
        return None;
    }
    match d.value.as_deref() {
        Some(v) if !d.negated => Some(v.trim().to_string()),
        Some(_) => None,
        None => Some(if d.negated { "false" } else { "true" }.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::files::FileSet;
    use crate::lint;

    fn codes(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        lint(&fs, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code == "MF009")
            .map(|d| (d.severity.as_str().to_string(), d.message.clone()))
            .collect()
    }

    const UNIT: &str = "etc/systemd/system/mesos-master.service";

    #[test]
    fn command_line_over_environment() {
        let unit = "[Service]\nEnvironment=MESOS_QUORUM=1\nExecStart=/usr/sbin/mesos-master --quorum=2 --zk=zk://a:2181/m\n";
        let found = codes(&[(UNIT, unit)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("runs with `2`"), "{found:?}");
        // the same value, or unknown, is fine
        let unit = "[Service]\nEnvironment=MESOS_QUORUM=2 MESOS_ZK=${ZK}\nExecStart=/usr/sbin/mesos-master --quorum=2 --zk=zk://a:2181/m\n";
        assert!(codes(&[(UNIT, unit)]).is_empty());
    }

    #[test]
    fn two_names_are_refused() {
        let unit = "[Service]\nEnvironment=MESOS_SLAVE_PING_TIMEOUT=5secs\nExecStart=/usr/sbin/mesos-master --agent_ping_timeout=5secs --zk=zk://a:2181/m --quorum=1\n";
        let found = codes(&[(UNIT, unit)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "error");
        assert!(found[0]
            .1
            .contains("already loaded via name 'agent_ping_timeout'"));
    }

    #[test]
    fn docker_run_env_and_command() {
        let s = "docker run -e MESOS_WORK_DIR=/a mesosphere/mesos-master:1.4.1 --work_dir=/b --quorum=1 --zk=zk://z:2181/m\n";
        let found = codes(&[("run.sh", s)]);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
