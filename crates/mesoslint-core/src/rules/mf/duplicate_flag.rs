use std::collections::BTreeMap;

use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{FlagDef, SourceKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, def_span, place, secret_files, wrapper_var};

declare_rule! {
    /// ## What it does
    /// Reports a flag that reaches mesos-master or the agent twice on its command line:
    /// - a wrapper variable and a flag file of the same flag: `LOGS` + `log_dir`, `ZK` + `zk`,
    ///   `MASTER` + `master`, `IP` + `ip`, `PORT` + `port`, `CLUSTER` + `cluster`,
    ///   `ISOLATION` + `isolation` (the package's own `etc/default/mesos` sets `LOGS`, and its
    ///   `etc/default/mesos-master` sets `PORT` and `ZK`);
    /// - `?x` and `?no-x` files;
    /// - a deprecated alias and its new name (`slave_ping_timeout` + `agent_ping_timeout`);
    /// - a flag file and the `attributes/` or `resources/` directory;
    /// - on Mesos 0.24 and older (`[target] mesos`), a `MESOS_*` variable and a flag file.
    ///
    /// ## Why is this bad?
    /// The daemons refuse a flag given twice ("Flag 'log_dir' is already loaded via name
    /// 'log_dir'"; before 1.0 "Duplicate flag 'log_dir' on command line") and do not start.
    ///
    /// ## Example
    /// ### Invalid: `log_dir` next to the package's `LOGS`
    /// ```text file:etc/mesos-master/log_dir
    /// /var/log/mesos
    /// ```
    /// ### Invalid: both spellings of a boolean
    /// ```text file:etc/mesos-slave/?switch_user
    /// ```
    /// ```text file:etc/mesos-slave/?no-switch_user
    /// ```
    /// ### Valid: the log directory set through `LOGS`
    /// ```text file:etc/default/mesos
    /// LOGS=/srv/log/mesos
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Keep one definition: set the wrapper variable (`LOGS=...` in `etc/default/mesos`) or the
    /// flag file, not both (clear the variable with `LOGS=` to use the file); delete one of
    /// `?x` / `?no-x`; use only the new name of a renamed flag.
    ///
    /// ## References
    /// - DOMAIN.md §1.2-1.3: mesosphere/mesos-deb-packaging `mesos-init-wrapper` and
    ///   `default/mesos*`.
    /// - DOMAIN.md §2.1: stout `flags.hpp` (duplicates; environment vs command line before and
    ///   after 0.25.0, commit 704eee5ad).
    /// - deric/puppet-mesos PR #14 ("Mesos 0.19 won't start up if MESOS_work_dir gets
    ///   exported").
    pub struct DuplicateFlag {
        code: "MF003",
        name: "duplicate-flag",
        severity: Error,
        summary: "The same Mesos flag reaches the daemon twice",
    }
}

impl Rule for DuplicateFlag {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let old_mesos = !cx.cluster.versions.mesos.at_least(Version::new(0, 25, 0));
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                let prog = d.daemon.as_str();
                let mut groups: BTreeMap<&str, Vec<&FlagDef>> = BTreeMap::new();
                for def in &d.flags.args {
                    groups.entry(def.canonical.as_str()).or_default().push(def);
                }
                if old_mesos {
                    for def in &d.flags.env {
                        if let Some(g) = groups.get_mut(def.canonical.as_str()) {
                            g.insert(0, def);
                        }
                    }
                }
                for (flag, defs) in groups {
                    if defs.len() < 2 || flag.is_empty() {
                        continue;
                    }
                    report(cx, prog, flag, &defs, &secrets, old_mesos, sink);
                }
            }
        }
    }
}

fn report(
    cx: &Context<'_>,
    prog: &str,
    flag: &str,
    defs: &[&FlagDef],
    secrets: &super::util::SecretFiles<'_>,
    old_mesos: bool,
    sink: &mut Sink,
) {
    // The primary label goes on the last definition that is in the tree.
    let labelled: Vec<(usize, crate::files::Span)> = defs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| def_span(d, secrets).map(|s| (i, s)))
        .collect();
    let Some(&(primary_at, primary)) = labelled.last() else {
        return;
    };
    let places: Vec<String> = defs.iter().map(|d| place(cx, d)).collect();
    let env_dup = defs.iter().any(|d| d.source.kind == SourceKind::EnvVar);
    let error = if env_dup && old_mesos {
        format!("Duplicate flag '{flag}' on command line")
    } else {
        format!("Flag '{flag}' is already loaded")
    };
    let aliases: Vec<&str> = defs
        .iter()
        .filter(|d| d.name != d.canonical)
        .map(|d| d.name.as_str())
        .collect();
    let negation = defs.iter().any(|d| d.negated) && defs.iter().any(|d| !d.negated);
    let mut diag =
        Diagnostic::new(
            &DuplicateFlag::META,
            format!(
            "`--{flag}` reaches {prog} {}: {}; {prog} refuses it (\"{error}\") and does not start",
            if defs.len() == 2 { "twice".to_string() } else { format!("{} times", defs.len()) },
            places.join(", ")
        ),
        )
        .primary(primary, format!("`--{flag}` given again here"));
    for (i, span) in &labelled {
        if *i != primary_at {
            diag = diag.secondary(*span, format!("`--{flag}` first given here"));
        }
    }
    let help = if let Some(var) = defs.iter().find_map(|d| wrapper_var(d)) {
        let pkg = defs
            .iter()
            .any(|d| wrapper_var(d).is_some() && d.source.kind == SourceKind::PackageDefault);
        if pkg {
            format!(
                "the package's env file sets {var}: delete the `{flag}` flag file and set {var} instead, or put `{var}=` (empty) in the env file to switch the variable off"
            )
        } else {
            format!("keep either {var} or the `{flag}` flag file, not both")
        }
    } else if negation {
        format!("keep only one of `?{flag}` and `?no-{flag}`")
    } else if !aliases.is_empty() {
        format!(
            "`{}` is a deprecated name of `{flag}`: keep only `{flag}`",
            aliases.join("`, `")
        )
    } else if env_dup {
        format!("Mesos before 0.25 refuses a flag given both as MESOS_{} and on the command line: keep one", flag.to_ascii_uppercase())
    } else {
        format!("keep one definition of `{flag}`")
    };
    diag = diag.help(help);
    sink.report(diag);
}
