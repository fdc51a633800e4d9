use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::parse::did_you_mean;
use crate::parse::env_file::{Assignment, ValuePart};
use crate::parse::flags::{
    agent_flag, master_flag, AGENT_SPECIALS, IGNORED_VARIABLES, MASTER_SPECIALS,
    WRAPPER_NON_FLAG_VARIABLES,
};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports variables in `etc/default/mesos`, `etc/default/mesos-master`,
    /// `etc/default/mesos-slave|agent` (or `etc/sysconfig/...`) that nothing reads:
    /// - names old templates used that the init wrapper never read (`LOG_DIR`, `WORK_DIR`,
    ///   `QUORUM`, `OPTS`, `USE_SYSLOG`);
    /// - a flag's name without the `MESOS_` prefix (`HOSTNAME`, `ZK_SESSION_TIMEOUT`);
    /// - a misspelt prefix (`MESSOS_QUORUM`, `mesos_quorum`: the prefix is case-sensitive);
    /// - a wrapper variable in the other daemon's file (`MASTER` in `etc/default/mesos-master`:
    ///   only the agent reads it; `ZK`, `PORT`, `CLUSTER` in the agent's file).
    ///
    /// It names what would work. Variables used by another line of the file (`HOST=...` then
    /// `MESOS_HOSTNAME=$HOST`) are not reported.
    ///
    /// ## Why is this bad?
    /// The wrapper turns only its own variables (`ZK`, `MASTER`, `IP`, `PORT`, `CLUSTER`,
    /// `LOGS`, `ISOLATION`, `ULIMIT`) into flags, and Mesos reads only `MESOS_*` variables:
    /// anything else is silently dropped, and the setting it was meant to make never applies.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/mesos
    /// LOG_DIR=/srv/log/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/default/mesos
    /// LOGS=/srv/log/mesos
    /// ULIMIT="-n 8192"
    /// ```
    ///
    /// ## How to fix
    /// Use the wrapper's variable (`LOGS` rather than `LOG_DIR`), a `MESOS_<FLAG>` variable, or a
    /// flag file.
    ///
    /// ## References
    /// - DOMAIN.md §1.2-1.3: mesosphere/mesos-deb-packaging `mesos-init-wrapper`.
    /// - DOMAIN.md §2.1: stout reads environment variables starting with `MESOS_`.
    /// - deric/puppet-mesos#44 (`LOG_DIR` ignored, only `LOGS` honoured); mdsol/mesos_cookbook
    ///   PR #77.
    pub struct IgnoredVariable {
        code: "MF004",
        name: "ignored-variable",
        severity: Warning,
        summary: "A variable in etc/default/mesos* that neither the init wrapper nor Mesos reads",
    }
}

impl Rule for IgnoredVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in &cx.cluster.hosts {
            for env in &host.env_files {
                if env.source_env {
                    continue;
                }
                let (master, agent) = match env.name.as_str() {
                    "mesos" => (true, true),
                    "mesos-master" => (true, false),
                    "mesos-slave" | "mesos-agent" => (false, true),
                    _ => continue,
                };
                let used: BTreeSet<&str> = env
                    .parsed
                    .assignments
                    .iter()
                    .flat_map(|a| a.value.parts.iter())
                    .filter_map(|p| match p {
                        ValuePart::Variable { name, .. } => Some(name.as_str()),
                        _ => None,
                    })
                    .collect();
                let path = cx.files.path(env.file);
                for a in &env.parsed.assignments {
                    if used.contains(a.name.as_str()) {
                        continue;
                    }
                    if let Some((why, help)) = verdict(a, master, agent) {
                        sink.report(
                            Diagnostic::new(
                                &IgnoredVariable::META,
                                format!("`{}` in {path} is read by nothing: {why}", a.name),
                            )
                            .primary(Span::new(env.file, a.name_span.clone()), "ignored")
                            .help(help),
                        );
                    }
                }
            }
        }
    }
}

fn is_flag(name: &str, master: bool, agent: bool) -> bool {
    (master && master_flag(name).is_some()) || (agent && agent_flag(name).is_some())
}

fn special_of(var: &str, master: bool, agent: bool) -> bool {
    (master && MASTER_SPECIALS.iter().any(|(v, _)| *v == var))
        || (agent && AGENT_SPECIALS.iter().any(|(v, _)| *v == var))
        || WRAPPER_NON_FLAG_VARIABLES.contains(&var)
}

/// Why the variable is ignored and what would work; `None` when it is read (or may be: a
/// variable that is not flag-like is left alone).
fn verdict(a: &Assignment, master: bool, agent: bool) -> Option<(String, String)> {
    let var = a.name.as_str();
    if var.starts_with("MESOS_") || special_of(var, master, agent) {
        return None;
    }
    if let Some((_, help)) = IGNORED_VARIABLES.iter().find(|(v, _)| *v == var) {
        return Some((
            "the init wrapper never reads it".to_string(),
            (*help).to_string(),
        ));
    }
    // A special of the other daemon.
    let other_special = if master && !agent {
        AGENT_SPECIALS
            .iter()
            .find(|(v, _)| *v == var)
            .map(|(_, f)| ("the agent", *f))
    } else if agent && !master {
        MASTER_SPECIALS
            .iter()
            .find(|(v, _)| *v == var)
            .map(|(_, f)| ("mesos-master", *f))
    } else {
        None
    };
    if let Some((who, flag)) = other_special {
        return Some((
            format!("only {who}'s wrapper function reads {var} (as `--{flag}`)"),
            format!(
                "move it to {}, or use MESOS_{} here",
                if who == "the agent" {
                    "etc/default/mesos-slave"
                } else {
                    "etc/default/mesos-master"
                },
                flag.to_ascii_uppercase()
            ),
        ));
    }
    // `mesos_quorum`, `MESSOS_QUORUM`, `MESOSQUORUM`: a misspelt prefix before a flag name.
    let upper = var.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("MESOS_") {
        if is_flag(&rest.to_ascii_lowercase(), master, agent) {
            return Some((
                "Mesos reads only variables starting with `MESOS_` in capitals".to_string(),
                format!("rename it to `MESOS_{rest}`"),
            ));
        }
    }
    if let Some((prefix, rest)) = upper.split_once('_') {
        if prefix != "MESOS"
            && did_you_mean(prefix, ["MESOS"]).is_some()
            && is_flag(&rest.to_ascii_lowercase(), master, agent)
        {
            return Some((
                format!("`{prefix}_` is not the `MESOS_` prefix Mesos reads"),
                format!("rename it to `MESOS_{rest}`"),
            ));
        }
    }
    if let Some(rest) = upper.strip_prefix("MESOS") {
        if !rest.starts_with('_') && is_flag(&rest.to_ascii_lowercase(), master, agent) {
            return Some((
                "the prefix Mesos reads is `MESOS_`, with the underscore".to_string(),
                format!("rename it to `MESOS_{rest}`"),
            ));
        }
    }
    // A flag's name without the prefix: `HOSTNAME=...`, `WORK_DIR=...`.
    if var == upper && is_flag(&var.to_ascii_lowercase(), master, agent) {
        return Some((
            format!("flags come from `MESOS_{var}` variables or flag files, not `{var}`"),
            format!("rename it to `MESOS_{var}`"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::env_file::parse_env_file;

    fn v(text: &str, master: bool, agent: bool) -> Option<(String, String)> {
        let f = parse_env_file(text);
        f.assignments
            .first()
            .and_then(|a| verdict(a, master, agent))
    }

    #[test]
    fn verdicts() {
        assert!(v("LOG_DIR=/x\n", true, true).is_some());
        assert!(v("LOGS=/x\n", true, true).is_none());
        assert!(v("MASTER=zk://a/mesos\n", true, false).is_some());
        assert!(v("MASTER=zk://a/mesos\n", false, true).is_none());
        assert!(v("ZK=zk://a/mesos\n", false, true).is_some());
        assert!(v("mesos_quorum=2\n", true, false).is_some());
        assert!(v("MESSOS_QUORUM=2\n", true, false).is_some());
        assert!(v("MESOSQUORUM=2\n", true, false).is_some());
        assert!(v("HOSTNAME=a\n", true, false).is_some());
        assert!(v("JAVA_HOME=/usr\n", true, true).is_none());
        assert!(v("MESOS_QUORUM=2\n", true, false).is_none());
        assert!(v("Ü=2\n", true, false).is_none());
        assert!(v("", true, false).is_none());
    }
}
