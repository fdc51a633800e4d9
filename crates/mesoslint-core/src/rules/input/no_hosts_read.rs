use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a run in which mesoslint found no host at all: no package layout
    /// (`etc/mesos-master/`, `etc/default/mesos*`, `zoo.cfg`, ...), no unit, no compose service
    /// or other container it reads, and no Marathon app, group or pod or Chronos job (a
    /// repository of app definitions is read and checked on its own).
    ///
    /// ## Why is this bad?
    /// "No findings" in a tree that was not read is not a clean bill of health: the deployment
    /// may be described in a format mesoslint does not read, live under an excluded path, or
    /// the wrong directory was given. The run fails (error by default) so that CI does not
    /// pass a tree nobody checked. `no-hosts` in `mesoslint.toml` or `--no-hosts` on the
    /// command line sets the level (`error`, `warning`, `info` or `ignore`).
    ///
    /// ## Example
    /// ### Invalid: nothing mesoslint reads
    /// ```text file:README.md
    /// The cluster runs three masters.
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ### Valid: a repository of Marathon apps
    /// ```json file:apps/web.json
    /// {"id": "/web", "cmd": "run-web"}
    /// ```
    ///
    /// ## How to fix
    /// Lint the directory that holds the hosts' configuration (see docs/inputs.md for the
    /// formats read); for a tree that is meant to hold no host, set `no-hosts = "ignore"`.
    pub struct NoHostsRead {
        code: "IN011",
        name: "no-hosts-read",
        severity: Error,
        summary: "No host was read in the linted tree",
    }
}

impl Rule for NoHostsRead {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        if !cx.cluster.hosts.is_empty() || !cx.cluster.apps.is_empty() {
            return;
        }
        let n = cx.files.len();
        let message = match n {
            0 => "no host read: the linted paths hold no file".to_string(),
            1 => "no host read: the one file given is not one mesoslint reads".to_string(),
            _ => format!("no host read in {n} files: nothing in them was checked"),
        };
        let mut d = Diagnostic::new(&Self::META, message).help(
            "lint the directory holding the hosts' configuration (docs/inputs.md lists the formats read), or set `no-hosts = \"ignore\"` in mesoslint.toml",
        );
        if !cx.cluster.unread.is_empty() {
            d = d.note(format!(
                "{} file(s) configure a daemon in a format mesoslint does not read (IN012)",
                cx.cluster.unread.len()
            ));
        }
        sink.report(d);
    }
}
