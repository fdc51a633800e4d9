use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::parse::agent_values::{
    did_you_mean_isolator, split_list, ListItem, DEPRECATED_ISOLATORS, ISOLATORS,
};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agents, exact_value_span};

declare_rule! {
    /// ## What it does
    /// Checks the agent's `isolation` list (also set by the wrapper's `ISOLATION=` variable):
    /// unknown isolator names (with a suggestion), entries with spaces (the agent does not trim
    /// them), entries given twice, more than one `filesystem/*` isolator, and more than one
    /// network isolator besides `network/ports`.
    ///
    /// Deprecated names the agent rewrites (`process`, `cgroups`, `posix/disk`) are accepted
    /// here. When the agent loads modules (`modules` or `modules_dir`), names that are not
    /// built in may come from a module, so they are not reported.
    ///
    /// ## Why is this bad?
    /// The agent refuses to start: "Unknown or unsupported isolator", "Duplicate entries found
    /// in --isolation flag", "Using multiple filesystem isolators simultaneously is
    /// disallowed", "Using multiple network isolators simultaneously is disallowed".
    ///
    /// ## Example
    /// ### Invalid: a typo
    /// ```text file:etc/mesos-slave/isolation
    /// cgroups/cpu,cgroups/memory
    /// ```
    /// ### Invalid: two filesystem isolators
    /// ```text file:etc/mesos-slave/isolation
    /// filesystem/posix,filesystem/linux,docker/runtime
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/isolation
    /// cgroups/cpu,cgroups/mem,filesystem/linux,docker/runtime,network/cni,network/ports
    /// ```
    ///
    /// ## How to fix
    /// Use the built-in names (`cgroups/mem`, not `cgroups/memory`), list each once, and pick
    /// one filesystem and one network isolator.
    ///
    /// ## References
    /// - apache/mesos `src/slave/containerizer/mesos/containerizer.cpp` (isolator table and
    ///   checks), `docs/isolators.md`, `src/slave/flags.cpp` (`isolation`).
    pub struct IsolationInvalid {
        code: "MA008",
        name: "isolation-invalid",
        severity: Error,
        summary: "The agent's isolation list has unknown, repeated or conflicting isolators",
        fix: Safe,
    }
}

impl Rule for IsolationInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let external_ok = cx.cluster.mesos_at_least(Version::new(1, 1, 0)) == Some(false);
        for (host, agent) in agents(cx.cluster) {
            let Some(def) = agent.flags.get("isolation") else {
                continue;
            };
            let Some(value) = def.known_value() else {
                continue;
            };
            let Some(base) = def.span() else {
                continue;
            };
            let exact_span = exact_value_span(def, value, cx.files);
            let exact = exact_span.is_some();
            let at = |item: &ListItem| -> Span {
                match exact_span {
                    Some(s) => s.sub(item.range.clone()),
                    None => base,
                }
            };
            let modules = agent.flags.is_set("modules") || agent.flags.is_set("modules_dir");
            let known = |t: &str| {
                ISOLATORS.contains(&t)
                    || DEPRECATED_ISOLATORS.iter().any(|(n, _)| *n == t)
                    || (external_ok && t == "external")
            };
            let items: Vec<ListItem> = split_list(value)
                .into_iter()
                .filter(|i| !i.text.is_empty())
                .collect();
            let mut seen: Vec<&ListItem> = Vec::new();
            let mut filesystem: Vec<&ListItem> = Vec::new();
            let mut network: Vec<&ListItem> = Vec::new();
            for item in &items {
                let text = item.text.as_str();
                let trimmed = text.trim();
                if trimmed != text {
                    let mut d = Diagnostic::new(
                        &Self::META,
                        format!(
                            "agent isolation on `{}` has the entry `{text}` with spaces: the agent does not trim them",
                            host.name
                        ),
                    )
                    .primary(at(item), format!("`{text}` is not `{trimmed}`"))
                    .help(format!("write `{trimmed}` without spaces"));
                    if exact && known(trimmed) {
                        d = d.fix(format!("write `{trimmed}`"), at(item), trimmed);
                    }
                    sink.report(d);
                    continue;
                }
                if !known(text) {
                    if modules {
                        continue;
                    }
                    let help = match did_you_mean_isolator(text) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use a built-in isolator name (see the Mesos isolators documentation) or load the module that provides it".to_string(),
                    };
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "agent isolation on `{}` names the unknown isolator `{text}`",
                                host.name
                            ),
                        )
                        .primary(at(item), "unknown isolator")
                        .help(help),
                    );
                    continue;
                }
                if let Some(first) = seen.iter().find(|s| s.text == text) {
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!("agent isolation on `{}` lists `{text}` twice", host.name),
                        )
                        .primary(at(item), "listed again")
                        .secondary(at(first), "first listed here")
                        .help(format!("list `{text}` once")),
                    );
                    continue;
                }
                seen.push(item);
                if text.starts_with("filesystem/") {
                    filesystem.push(item);
                }
                if text.starts_with("network/") && text != "network/ports" {
                    network.push(item);
                }
            }
            for (group, what, msg) in [
                (
                    &filesystem,
                    "filesystem",
                    "Using multiple filesystem isolators simultaneously is disallowed",
                ),
                (
                    &network,
                    "network",
                    "Using multiple network isolators simultaneously is disallowed",
                ),
            ] {
                let [first, rest @ ..] = group.as_slice() else {
                    continue;
                };
                let Some(second) = rest.first() else {
                    continue;
                };
                let names: Vec<&str> = group.iter().map(|i| i.text.as_str()).collect();
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "agent isolation on `{}` uses {} {what} isolators ({}): \"{msg}\"",
                        host.name,
                        group.len(),
                        names.join(", ")
                    ),
                )
                .primary(at(second), format!("second {what} isolator"))
                .secondary(at(first), format!("first {what} isolator"));
                for other in rest.iter().skip(1) {
                    d = d.secondary(at(other), format!("another {what} isolator"));
                }
                let help = if what == "network" {
                    "keep one network isolator (`network/ports` may be added to it)".to_string()
                } else {
                    "keep one filesystem isolator (`filesystem/linux` for container images)"
                        .to_string()
                };
                sink.report(d.help(help));
            }
        }
    }
}
