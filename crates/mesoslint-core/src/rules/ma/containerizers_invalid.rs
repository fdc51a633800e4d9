use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::parse::agent_values::{split_list, CONTAINERIZERS, LEGACY_CONTAINERIZERS};
use crate::parse::did_you_mean;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agents, exact_value_span};

declare_rule! {
    /// ## What it does
    /// Checks the agent's `containerizers` list (comma-separated, in order of precedence):
    /// every entry must be `mesos` or `docker` (`external` too up to Mesos 1.0), with no
    /// spaces, no empty entries and no duplicates.
    ///
    /// ## Why is this bad?
    /// The agent splits the value on `,` without trimming, so `docker, mesos` holds the
    /// entry ` mesos`, and `docker,,mesos` an empty one; both stop the agent with "Unknown or
    /// unsupported containerizer". A repeated entry stops it with "Duplicate entries found in
    /// --containerizer flag".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-slave/containerizers
    /// docker, mesos
    /// ```
    /// ### Invalid: a typo
    /// ```text file:etc/mesos-slave/containerizers
    /// dokcer,mesos
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/containerizers
    /// docker,mesos
    /// ```
    ///
    /// ## How to fix
    /// Write the list without spaces, e.g. `docker,mesos`. The automatic fix trims spaces and
    /// removes empty and repeated entries.
    ///
    /// ## References
    /// - apache/mesos `src/slave/flags.cpp` (`containerizers`), `src/slave/containerizer/containerizer.cpp`
    ///   (`Containerizer::create`).
    /// - Marathon `docs/docs/native-docker.md`: `echo 'docker,mesos' > /etc/mesos-slave/containerizers`.
    pub struct ContainerizersInvalid {
        code: "MA003",
        name: "containerizers-invalid",
        severity: Error,
        summary: "The agent's containerizers list holds an unknown, empty, spaced or repeated entry",
        fix: Mixed,
    }
}

impl Rule for ContainerizersInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let legacy_ok = cx.cluster.mesos_at_least(Version::new(1, 1, 0)) == Some(false);
        for (host, agent) in agents(cx.cluster) {
            let Some(def) = agent.flags.get("containerizers") else {
                continue;
            };
            let (Some(value), Some(span)) = (def.known_value(), def.value_span) else {
                continue;
            };
            // Item spans are only exact when the value is the text in the file.
            let exact_span = exact_value_span(def, value, cx.files);
            let exact = exact_span.is_some();
            let at = |r: std::ops::Range<usize>| match exact_span {
                Some(s) => s.sub(r),
                None => span,
            };
            let items = split_list(value);
            let mut seen: Vec<&str> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let text = item.text.as_str();
                let trimmed = text.trim();
                let known = |t: &str| {
                    CONTAINERIZERS.contains(&t)
                        || (legacy_ok && LEGACY_CONTAINERIZERS.iter().any(|(n, _)| *n == t))
                };
                let (message, label, help, fix): (String, String, String, Option<(Span, String)>) =
                    if text.is_empty() {
                        let fix = if i > 0 {
                            Some((at(item.range.start - 1..item.range.end), String::new()))
                        } else if items.get(1).is_some_and(|n| !n.text.is_empty()) {
                            Some((at(0..1), String::new()))
                        } else {
                            None
                        };
                        (
                            format!(
                                "agent containerizers `{value}` on `{}` has an empty entry",
                                host.name
                            ),
                            "empty entry".into(),
                            "remove the extra comma".into(),
                            fix,
                        )
                    } else if trimmed != text && known(trimmed) {
                        (
                            format!(
                                "agent containerizers `{value}` on `{}` has the entry `{text}` with spaces: the agent does not trim them",
                                host.name
                            ),
                            format!("`{text}` is not `{trimmed}`"),
                            format!("write `{trimmed}` without spaces"),
                            Some((at(item.range.clone()), trimmed.to_string())),
                        )
                    } else if !known(text) {
                        let note = LEGACY_CONTAINERIZERS
                            .iter()
                            .find(|(n, _)| *n == trimmed)
                            .map(|(_, note)| format!(" ({note})"))
                            .unwrap_or_default();
                        let help = match did_you_mean(trimmed, CONTAINERIZERS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`? valid entries: mesos, docker"),
                            None => "valid entries: mesos, docker".to_string(),
                        };
                        (
                            format!(
                                "agent containerizers `{value}` on `{}` has the unknown containerizer `{text}`{note}",
                                host.name
                            ),
                            "unknown containerizer".into(),
                            help,
                            None,
                        )
                    } else if seen.contains(&text) {
                        (
                            format!(
                                "agent containerizers `{value}` on `{}` lists `{text}` twice",
                                host.name
                            ),
                            format!("`{text}` again"),
                            format!("list `{text}` once"),
                            Some((
                                at(item.range.start.saturating_sub(1)..item.range.end),
                                String::new(),
                            )),
                        )
                    } else {
                        seen.push(text);
                        continue;
                    };
                let mut d = Diagnostic::new(&Self::META, message)
                    .primary(at(item.range.clone()), label)
                    .help(help);
                if let (true, Some((fix_span, replacement))) = (exact, fix) {
                    let description = if replacement.is_empty() {
                        "remove the entry".to_string()
                    } else {
                        format!("write `{replacement}`")
                    };
                    // Dropping a repeated entry changes nothing the agent does; any other
                    // rewrite picks a containerizer for the user.
                    d = if replacement.is_empty() {
                        d.fix(description, fix_span, replacement)
                    } else {
                        d.unsafe_fix(description, fix_span, replacement)
                    };
                }
                sink.report(d);
            }
        }
    }
}
