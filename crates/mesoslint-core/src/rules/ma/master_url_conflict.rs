use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::FileSet;
use crate::model::{FlagDef, SourceKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agent_anchor, agents, master_key};

declare_rule! {
    /// ## What it does
    /// Reports an agent whose `master` is given in more than one place: a flag file
    /// `etc/mesos-slave/master`, the wrapper's `MASTER=` variable (the package's
    /// `etc/default/mesos-slave` sets ``MASTER=`cat /etc/mesos/zk` ``), `MESOS_MASTER=`, or
    /// `--master` on a unit's command line. It says whether the values disagree.
    ///
    /// ## Why is this bad?
    /// The wrapper turns both `MASTER` and the flag file into `--master`, and the agent refuses
    /// a flag given twice on its command line. When one definition is in the environment the
    /// command line silently wins, and when the values differ the agent may look for its
    /// masters in another ensemble than the one you edited.
    ///
    /// ## Example
    /// ### Invalid: a master file next to the package's MASTER=`cat /etc/mesos/zk`
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-slave/master
    /// zk://zk1:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Keep the master URL in one place: `etc/mesos/zk` (through `MASTER` in
    /// `etc/default/mesos-slave`), or a `master` flag file with `MASTER` removed from the
    /// default file, not both.
    ///
    /// ## References
    /// - mesosphere/mesos-deb-packaging `mesos-init-wrapper` (`MASTER` → `--master`) and
    ///   `default/mesos-slave`.
    /// - stout `flags.hpp`: "Flag 'master' is already loaded"; the command line wins over
    ///   `MESOS_*` since Mesos 0.25.
    pub struct MasterUrlConflict {
        code: "MA005",
        name: "master-url-conflict",
        severity: Warning,
        summary: "The agent's master is given in more than one place",
    }
}

fn describe(def: &FlagDef, files: &FileSet) -> String {
    if def.source.kind == SourceKind::PackageDefault && def.written == "MASTER" {
        let from = match def.value_span {
            Some(s) => format!(", reading {}", files.path(s.file)),
            None => String::new(),
        };
        return format!(
            "MASTER=`cat /etc/mesos/zk` in the package's {} (not in this tree{from})",
            def.source.default_path.unwrap_or("etc/default/mesos-slave")
        );
    }
    match (&def.source.kind, def.source.file, def.value_span) {
        (SourceKind::Special, Some(f), Some(v)) if v.file != f => {
            format!("{}, which reads {}", def.origin(files), files.path(v.file))
        }
        _ => def.origin(files),
    }
}

impl Rule for MasterUrlConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            let defs: Vec<&FlagDef> = agent.flags.all("master").collect();
            if defs.len() < 2 {
                continue;
            }
            let on_command_line = agent
                .flags
                .args
                .iter()
                .filter(|d| d.canonical == "master")
                .count();
            let mut keys: Vec<String> = Vec::new();
            for d in &defs {
                if let Some(v) = d.known_value() {
                    let k = master_key(v);
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
            let places: Vec<String> = defs.iter().map(|d| describe(d, cx.files)).collect();
            let outcome = if on_command_line >= 2 {
                "the wrapper passes --master twice and the agent refuses to start".to_string()
            } else {
                match agent.flags.get("master").and_then(|d| d.known_value()) {
                    Some(v) => format!("the command line wins: the agent uses `{}`", master_key(v)),
                    None => "the command line wins over the environment".to_string(),
                }
            };
            let message = if keys.len() >= 2 {
                format!(
                    "agent `master` on `{}` is given {} times with different values ({}): {outcome}",
                    host.name,
                    defs.len(),
                    keys.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" vs "),
                )
            } else {
                format!(
                    "agent `master` on `{}` is given {} times: {}; {outcome}",
                    host.name,
                    defs.len(),
                    places.join(" and ")
                )
            };
            let mut d = Diagnostic::new(&Self::META, message);
            let primary_idx = defs
                .iter()
                .position(|d| d.source.kind == SourceKind::FlagFile && d.span().is_some())
                .or_else(|| defs.iter().position(|d| d.span().is_some()));
            match primary_idx.and_then(|i| defs.get(i).map(|def| (i, def))) {
                Some((i, def)) => {
                    if let Some(s) = def.span() {
                        d = d.primary(s, format!("`master`: {}", describe(def, cx.files)));
                    }
                    for (j, other) in defs.iter().enumerate() {
                        if j == i {
                            continue;
                        }
                        if let Some(s) = other.span() {
                            d = d.secondary(
                                s,
                                format!("also `master`: {}", describe(other, cx.files)),
                            );
                        }
                    }
                }
                None => {
                    if let Some(s) = agent_anchor(host, agent) {
                        d = d.primary(s, format!("agent `master` from {}", places.join(" and ")));
                    }
                }
            }
            let (default_file, flag_file) = match agent.flag_dir {
                Some("etc/mesos-agent") => ("etc/default/mesos-agent", "etc/mesos-agent/master"),
                _ => ("etc/default/mesos-slave", "etc/mesos-slave/master"),
            };
            d = d.help(format!(
                "keep the master URL in one place: etc/mesos/zk (read by MASTER in {default_file}) or {flag_file} with MASTER removed, not both"
            ));
            sink.report(d);
        }
    }
}
