use crate::declare_rule;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports a comment that starts with `mesoslint` but is not a valid suppression: a missing
    /// colon, an unknown directive, a missing `[...]` list, a code or name that no rule has, or
    /// no reason after the codes.
    ///
    /// ## Why is this bad?
    /// An invalid suppression suppresses nothing, so the finding it was meant to hide still
    /// shows, and the author believes otherwise. The reason is required so that the next reader
    /// knows why the finding does not apply here.
    ///
    /// ## Example
    /// ### Invalid: no reason
    /// ```text file:etc/default/mesos-master
    /// # mesoslint: ignore[IN002]
    /// MESOS_QUORUM=2
    /// ```
    /// ### Invalid: unknown code
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// # mesoslint: ignore-file[ZZ999] legacy cluster
    /// tickTime=2000
    /// ```
    /// ### Valid
    /// ```text file:etc/default/mesos-master
    /// # mesoslint: ignore[IN002] the rack names come from the old inventory
    /// MESOS_QUORUM=2
    /// ```
    ///
    /// ## How to fix
    /// Write `# mesoslint: ignore[CODE] reason` (next line) or
    /// `# mesoslint: ignore-file[CODE] reason` (whole file), with codes such as `ZK001` or rule
    /// names such as `not-utf8`, separated by commas. `mesoslint rules` lists them.
    pub struct InvalidSuppression {
        code: "IN008",
        name: "invalid-suppression",
        severity: Error,
        summary: "A suppression comment cannot be understood or has no reason",
    }
}

impl Rule for InvalidSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Reported by the suppression pass (`suppress::apply`), which reads the comments.
    fn check(&self, _cx: &Context<'_>, _sink: &mut Sink) {}
}
