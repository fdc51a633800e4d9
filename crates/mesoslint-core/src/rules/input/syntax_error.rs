use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::{FileId, Span};
use crate::parse::SyntaxError;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports text that the program reading the file cannot parse: in env files sourced by
    /// the init wrappers (an unterminated quote, `NAME = value` with spaces around `=`), in
    /// `etc/fstab`, `etc/hosts`, unit files, and malformed `\uXXXX` escapes in `zoo.cfg`.
    ///
    /// ## Why is this bad?
    /// The Mesos init wrapper sources `etc/default/mesos*` with `set -o errexit`: a line bash
    /// cannot run stops the service from starting, and `NAME = value` runs a command called
    /// `NAME` instead of setting a variable. ZooKeeper refuses a `zoo.cfg` with a malformed
    /// `\u` escape ("Malformed \uxxxx encoding"). A malformed fstab line breaks the mount that
    /// the agent's `work_dir` may depend on.
    ///
    /// ## Example
    /// ### Invalid: spaces around `=` in an env file
    /// ```text file:etc/default/mesos-master
    /// PORT = 5050
    /// ```
    /// ### Invalid: unterminated quote
    /// ```text file:etc/default/mesos
    /// LOGS="/var/log/mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/default/mesos-master
    /// PORT=5050
    /// ```
    ///
    /// ## How to fix
    /// Correct the line as the message says; in shell env files write `NAME=value` with no
    /// spaces around `=` and close every quote.
    ///
    /// ## References
    /// - mesos-deb-packaging `mesos-init-wrapper` (sources the default files with errexit)
    /// - `java.util.Properties.load` (malformed `\uxxxx` encoding)
    /// - fstab(5), hosts(5), systemd.syntax(7)
    pub struct SyntaxErrorRule {
        code: "IN009",
        name: "syntax-error",
        severity: Error,
        summary: "A config file holds text its reader cannot parse",
    }
}

fn report(
    sink: &mut Sink,
    files: &crate::FileSet,
    file: FileId,
    what: &str,
    errors: &[SyntaxError],
) {
    for e in errors {
        sink.report(
            Diagnostic::new(
                &SyntaxErrorRule::META,
                format!("{what} `{}`: {}", files.path(file), e.message),
            )
            .primary(Span::new(file, e.span.clone()), e.message.clone())
            .help("correct the syntax; until then the program reading this file sees something else than intended"),
        );
    }
}

impl Rule for SyntaxErrorRule {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        // compose files that could not be read: their services are not linted
        for (file, e) in &cx.cluster.container_errors {
            let what = if crate::model::compose::is_compose_file(cx.files.path(*file)) {
                "cannot read compose file (its services are not checked)"
            } else {
                "cannot read script (its `docker run` lines from here on are not checked)"
            };
            report(sink, cx.files, *file, what, std::slice::from_ref(e));
        }
        // app and job definitions that are not valid JSON: Marathon would refuse the POST
        for (file, e) in &cx.cluster.apps.errors {
            report(
                sink,
                cx.files,
                *file,
                "cannot parse Marathon/Chronos definition as JSON (it is not checked)",
                std::slice::from_ref(e),
            );
        }
        for host in &cx.cluster.hosts {
            for env in &host.env_files {
                report(
                    sink,
                    cx.files,
                    env.file,
                    "cannot parse shell env file",
                    &env.parsed.errors,
                );
            }
            for unit in &host.units {
                report(
                    sink,
                    cx.files,
                    unit.file,
                    "cannot parse unit file",
                    &unit.parsed.errors,
                );
            }
            if let Some((file, fstab)) = &host.fstab {
                report(
                    sink,
                    cx.files,
                    *file,
                    "cannot parse mount table",
                    &fstab.errors,
                );
            }
            if let Some((file, hosts)) = &host.etc_hosts {
                report(
                    sink,
                    cx.files,
                    *file,
                    "cannot parse hosts file",
                    &hosts.errors,
                );
            }
            if let Some(zk) = &host.zookeeper {
                report(
                    sink,
                    cx.files,
                    zk.cfg,
                    "ZooKeeper cannot load",
                    &zk.props.errors,
                );
            }
        }
    }
}
