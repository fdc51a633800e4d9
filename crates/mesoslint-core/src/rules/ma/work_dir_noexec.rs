use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::parse::fstab::mount_for;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agent_anchor, agents, exact_value_span, is_under, normalize_abs, where_to_set};

declare_rule! {
    /// ## What it does
    /// Checks where the agent's `work_dir` lives:
    ///
    /// - **error**: the host's `etc/fstab` mounts the filesystem holding it `noexec` (the
    ///   mount whose mount point is the longest prefix of `work_dir`; `user` and `users` imply
    ///   `noexec` unless a later `exec` undoes it). This includes the package default
    ///   `/var/lib/mesos` when the tree does not set `work_dir`.
    /// - **warning**: `work_dir` is under `/tmp` or `/var/tmp` and `etc/fstab` does not show it
    ///   `noexec` (or the tree has no `etc/fstab`). With `[target] mesos` below 1.0, an agent
    ///   without `work_dir` uses `/tmp/mesos` and is reported too.
    ///
    /// ## Why is this bad?
    /// The agent puts the executors' sandboxes under `work_dir` and runs fetched programs from
    /// there: on a `noexec` filesystem they cannot be executed. `/tmp` is often `noexec` or a
    /// tmpfs, and tmp cleaners empty it; the agent loses its checkpoints and cannot recover its
    /// tasks after a restart.
    ///
    /// ## Example
    /// ### Invalid: work_dir on a noexec mount
    /// ```text file:etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:etc/fstab
    /// /dev/vda1  /               ext4  errors=remount-ro       0 1
    /// /dev/vdb1  /var/lib/mesos  xfs   defaults,noexec,nosuid  0 2
    /// ```
    /// ### Invalid: under /tmp
    /// ```text file:etc/mesos-slave/work_dir
    /// /tmp/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ```text file:etc/fstab
    /// /dev/vda1  /               ext4   errors=remount-ro       0 1
    /// /dev/vdb1  /var/lib/mesos  xfs    defaults                0 2
    /// tmpfs      /tmp            tmpfs  defaults,noexec,nosuid  0 0
    /// ```
    ///
    /// ## How to fix
    /// Put `work_dir` on a persistent filesystem mounted without `noexec` (for example
    /// `/var/lib/mesos`), or drop `noexec` from that mount.
    ///
    /// ## References
    /// - apache/mesos `src/slave/flags.cpp`: the `work_dir` help warns against `/tmp`.
    /// - eBayClassifiedsGroup/PanteraS#198 (MESOS-4899), mantl/mantl#820, deric/puppet-mesos#12:
    ///   agents losing their state under `/tmp`.
    /// - mesosphere-backup/dcos-docs PR #698: "Do not mount /tmp with noexec".
    /// - mount(8): `user` and `users` imply `noexec`.
    pub struct WorkDirNoexec {
        code: "MA002",
        name: "work-dir-noexec",
        severity: Error,
        summary: "The agent's work_dir is on a noexec mount, or under /tmp",
    }
}

const TMP_DIRS: &[&str] = &["/tmp", "/var/tmp"];

impl Rule for WorkDirNoexec {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let pre_1_0 = cx.cluster.mesos_at_least(Version::new(1, 0, 0)) == Some(false);
        for (host, agent) in agents(cx.cluster) {
            let def = agent.flags.get("work_dir");
            let (path, span, origin) = match def {
                Some(def) => {
                    let Some(v) = def.known_value() else {
                        continue;
                    };
                    let origin = if def.is_package_default() {
                        format!(" ({})", def.origin(cx.files))
                    } else {
                        String::new()
                    };
                    let span = exact_value_span(def, v, cx.files).or_else(|| def.span());
                    (v.to_string(), span, origin)
                }
                None if pre_1_0 => (
                    "/tmp/mesos".to_string(),
                    None,
                    " (the default of Mesos before 1.0: the agent sets no work_dir)".to_string(),
                ),
                None => continue,
            };
            let Some(norm) = normalize_abs(&path) else {
                continue;
            };

            let mount = host
                .fstab
                .as_ref()
                .and_then(|(fid, tab)| mount_for(tab, &norm).map(|m| (*fid, m)));

            if let Some((fid, m)) = mount {
                if let Some(opt) = m.noexec_option() {
                    let opt_span = Span::new(fid, opt.clone());
                    let opt_text = cx.files.text(opt_span).to_string();
                    let why = if opt_text == "noexec" {
                        format!("`{}` is mounted `noexec` here", m.mount_point())
                    } else {
                        format!(
                            "`{}` is mounted `{opt_text}`, which implies `noexec`",
                            m.mount_point()
                        )
                    };
                    let message = format!(
                        "agent work_dir `{path}`{origin} on `{}` is on `{}`, mounted noexec in etc/fstab: executors and fetched programs in its sandboxes cannot run",
                        host.name, m.mount_point()
                    );
                    let mut d = Diagnostic::new(&Self::META, message);
                    d = match span {
                        Some(s) => d
                            .primary(s, "work_dir on a noexec filesystem")
                            .secondary(opt_span, why),
                        None => d.primary(
                            opt_span,
                            format!("{why}; the agent's work_dir `{path}` is on it"),
                        ),
                    };
                    d = d.help(format!(
                        "drop `{opt_text}` from this etc/fstab entry, or move work_dir to a filesystem mounted with exec ({})",
                        where_to_set(agent, "work_dir", "<dir>")
                    ));
                    sink.report(d);
                    continue;
                }
            }

            let Some(tmp) = TMP_DIRS.iter().find(|t| is_under(&norm, t)) else {
                continue;
            };
            let tmpfs = mount.filter(|(_, m)| m.fs_type() == "tmpfs");
            let detail = if tmpfs.is_some() {
                "etc/fstab mounts it as tmpfs, emptied at every boot".to_string()
            } else if *tmp == "/tmp" {
                "/tmp is often noexec or tmpfs, and is emptied at boot or by tmp cleaners"
                    .to_string()
            } else {
                "tmp cleaners delete files there that have not changed for a while".to_string()
            };
            let message = format!(
                "agent work_dir `{path}`{origin} on `{}` is under {tmp}: {detail}, so the agent loses its checkpoints",
                host.name
            );
            let mut d = Diagnostic::new(&Self::META, message).severity(Severity::Warning);
            let label = format!("work_dir under {tmp}");
            match span.or_else(|| agent_anchor(host, agent)) {
                Some(s) if span.is_some() => d = d.primary(s, label),
                Some(s) => d = d.primary(s, format!("agent with its work_dir under {tmp}")),
                None => {}
            }
            if let Some((fid, m)) = tmpfs {
                d = d.secondary(Span::new(fid, m.fs_type_span.clone()), "tmpfs");
            }
            d = d.help(format!(
                "{}, on a persistent filesystem mounted with exec",
                where_to_set(agent, "work_dir", "/var/lib/mesos")
            ));
            sink.report(d);
        }
    }
}
