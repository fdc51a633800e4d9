use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{FileId, Span};
use crate::model::{FileKind, Host};
use crate::parse::flags::{agent_flag, master_flag};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{files_named_by_flags, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a file that nothing reads, so the setting it was meant to make never applies:
    /// - anything in `etc/mesos/` other than `zk` (`etc/mesos/quorum`, `etc/mesos/registry`,
    ///   the package's unused `mesos.conf`): the init wrapper reads only the role directories
    ///   and `etc/default/mesos*`;
    /// - agent flag files in `etc/mesos-slave/` when the wrapper reads `etc/mesos-agent/`, or
    ///   the reverse (the Mesos 1.x packaging renamed the agent);
    /// - files in subdirectories of a flag directory other than the agent's `attributes/` and
    ///   `resources/` (the wrapper only reads the top level).
    ///
    /// Files a flag names as a path (`--credential=/etc/mesos/credential`,
    /// `--acls=file:///etc/mesos/acls.json`) are read by the daemon and not reported, and
    /// files that look like secrets are never shown.
    ///
    /// ## Why is this bad?
    /// The setting silently never applies: a `quorum` in `etc/mesos/` leaves the master on
    /// the package default `quorum=1`.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos/quorum
    /// 2
    /// ```
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    ///
    /// ## How to fix
    /// Move the file to the flag directory the wrapper reads (`etc/mesos-master/`,
    /// `etc/mesos-slave/` or `etc/mesos-agent/`), or delete it.
    ///
    /// ## References
    /// - DOMAIN.md §1.1-1.2: mesosphere/mesos-deb-packaging `mesos-init-wrapper` (what it
    ///   reads; the unused `mesos.conf`), apache/mesos `support/packaging`,
    ///   mesos/mesos-packaging (agent directory rename); mantl/mantl#1266.
    pub struct IgnoredFile {
        code: "MF008",
        name: "ignored-file",
        severity: Warning,
        summary: "A Mesos configuration file that nothing reads",
    }
}

/// Files of a source install's deploy scripts in `etc/mesos/`.
const DEPLOY_FILES: &[&str] = &["masters", "agents", "slaves", "mesos-deploy-env.sh"];

impl Rule for IgnoredFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            check_host(cx, index, host, sink);
        }
    }
}

fn where_flag(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let lower = lower.trim_start_matches('?');
    let lower = lower.strip_prefix("no-").unwrap_or(lower);
    match (master_flag(lower).is_some(), agent_flag(lower).is_some()) {
        (true, true) => Some("etc/mesos-master/ or the agent's flag directory"),
        (true, false) => Some("etc/mesos-master/"),
        (false, true) => Some("the agent's flag directory"),
        (false, false) => None,
    }
}

fn check_host(cx: &Context<'_>, index: usize, host: &Host, sink: &mut Sink) {
    // Files a flag names (the daemon reads them) and secret files are never reported; both
    // sets are worked out only for a file that would be (most hosts have none).
    let read = std::cell::OnceCell::new();
    let secrets = secret_files(cx, index);
    let spoken_for = |id: FileId| {
        read.get_or_init(|| files_named_by_flags(host))
            .contains(&id)
            || secrets.contains(&id)
    };
    let agent_dir = host.agent.as_ref().and_then(|a| a.flag_dir);
    for f in &host.files {
        let path = cx.files.path(f.id);
        let (message, help) = match &f.kind {
            FileKind::MesosOther(name) => {
                if name.starts_with('.') {
                    continue;
                }
                if host.source_install
                    && (DEPLOY_FILES.contains(&name.as_str()) || name.ends_with(".template"))
                {
                    continue;
                }
                let help = match where_flag(name) {
                    Some(dir) => format!("move it to {dir} if you meant the `{name}` flag"),
                    None => "delete it, or make the setting in a flag file the wrapper reads"
                        .to_string(),
                };
                (
                    format!(
                        "`{path}` is read by nothing: the Mesos init wrapper reads only etc/mesos/zk (through etc/default/mesos-*), the role directories and etc/default/mesos*"
                    ),
                    help,
                )
            }
            FileKind::FlagDirOther { dir, rest } => {
                let agent_subdir = dir != "mesos-master"
                    && (rest.starts_with("attributes/") || rest.starts_with("resources/"));
                if agent_subdir || rest.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
                    continue;
                }
                (
                    format!(
                        "`{path}` is read by nothing: the init wrapper reads only the files at the top of etc/{dir}/{}",
                        if dir == "mesos-master" {
                            ""
                        } else {
                            " (and its attributes/ and resources/ directories)"
                        }
                    ),
                    format!("move it to the top of etc/{dir}/ or delete it"),
                )
            }
            _ => {
                let unread = host
                    .agent
                    .as_ref()
                    .is_some_and(|a| a.unread_flag_files.contains(&f.id));
                if !unread {
                    continue;
                }
                let reads = agent_dir.unwrap_or("etc/mesos-agent");
                let here = if reads == "etc/mesos-agent" {
                    "etc/mesos-slave"
                } else {
                    "etc/mesos-agent"
                };
                (
                    format!(
                        "`{path}` is read by nothing: the agent's init wrapper on {} reads {reads}/, not {here}/",
                        super::util::host_name(host)
                    ),
                    format!("move the agent's flag files to {reads}/"),
                )
            }
        };
        if spoken_for(f.id) {
            continue;
        }
        sink.report(
            Diagnostic::new(&IgnoredFile::META, message)
                .primary(Span::file_start(f.id), "ignored file")
                .help(help),
        );
    }
}
