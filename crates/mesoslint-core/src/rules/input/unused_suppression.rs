use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports an inline suppression (`# mesoslint: ignore[CODE] reason` or
    /// `# mesoslint: ignore-file[CODE] reason`) that hides no finding: the rule it names reports
    /// nothing on the line that follows (or anywhere in the file), or the rule is not enabled in
    /// this run.
    ///
    /// ## Why is this bad?
    /// A suppression outlives the problem it was written for. Left in place it hides the next,
    /// real finding of that rule on that line, and it tells readers about a problem that no
    /// longer exists.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/mesos-master
    /// # mesoslint: ignore[IN006] the file used to be binary
    /// MESOS_QUORUM=2
    /// ```
    /// ### Valid
    /// ```text file:etc/default/mesos-master
    /// # the quorum for three masters
    /// MESOS_QUORUM=2
    /// ```
    ///
    /// ## How to fix
    /// Remove the code from the suppression, or the whole comment when it names nothing else.
    ///
    /// ## Notes
    /// Suppressions are read from whole comment lines in files that have comment syntax:
    /// `zoo.cfg` (`#`, `!`), `etc/default/*` and `*-env.sh` files, `fstab`, `/etc/hosts`,
    /// Upstart jobs and overrides, and systemd units (`#`, `;`). Flag files, `myid`,
    /// `etc/mesos/zk` and Marathon conf files have no comments: the daemon reads the whole file as
    /// the value. Suppress findings in them with a per-path ignore in `mesoslint.toml`.
    pub struct UnusedSuppression {
        code: "IN007",
        name: "unused-suppression",
        severity: Warning,
        summary: "An inline suppression hides no finding",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Reported by the suppression pass (`suppress::apply`), which sees every other finding.
    fn check(&self, _cx: &Context<'_>, _sink: &mut Sink) {}
}
