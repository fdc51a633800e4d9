//! Site policies: a team's own rules, declared in `[[policy]]` tables of `mesoslint.toml`
//! (read and checked by [`crate::settings`]) and judged here on the effective settings of the
//! cluster model, so their findings carry the same spans and provenance as the built-in rules'.
//!
//! A policy is data, not code: a daemon, host globs, one setting and conditions on its
//! effective value. Nothing here runs user code; regular expressions are `regex-lite`'s, whose
//! matching time is linear in the value (no backtracking blow-up on hostile patterns).

mod check;
pub mod examples;
pub mod setting;

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;
use crate::settings::glob::Glob;

pub use check::check;
pub use setting::{SettingInfo, ValueKind};

/// Families whose codes a policy may not take: the built-in ones, and `AP` (Marathon app
/// definitions), reserved for rules still to come.
pub const RESERVED_FAMILIES: &[&str] = &["AP"];

/// The daemons a policy can judge, by the names `daemon = "..."` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyDaemon {
    MesosMaster,
    MesosAgent,
    Zookeeper,
    Marathon,
}

impl PolicyDaemon {
    pub const NAMES: [&'static str; 4] = ["mesos-master", "mesos-agent", "zookeeper", "marathon"];

    pub fn parse(name: &str) -> Option<PolicyDaemon> {
        match name {
            "mesos-master" => Some(PolicyDaemon::MesosMaster),
            "mesos-agent" => Some(PolicyDaemon::MesosAgent),
            "zookeeper" => Some(PolicyDaemon::Zookeeper),
            "marathon" => Some(PolicyDaemon::Marathon),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A regular expression that must match the whole value (written unanchored).
#[derive(Clone, Debug)]
pub struct Pattern {
    pub source: String,
    regex: regex_lite::Regex,
}

/// Patterns longer than this are refused (a policy is a line, not a program).
pub const MAX_PATTERN_LEN: usize = 4096;

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        if source.len() > MAX_PATTERN_LEN {
            return Err(format!(
                "the pattern is {} bytes long (at most {MAX_PATTERN_LEN})",
                source.len()
            ));
        }
        let regex = regex_lite::RegexBuilder::new(&format!("^(?:{source})$"))
            .size_limit(1 << 20)
            .nest_limit(64)
            .build()
            .map_err(|e| {
                e.to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })?;
        Ok(Pattern {
            source: source.to_string(),
            regex,
        })
    }

    pub fn matches(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

/// A bound of `min`/`max`, as written and in the setting's unit (nanoseconds, bytes, number).
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub text: String,
    pub value: f64,
}

/// One condition on the effective value.
#[derive(Clone, Debug)]
pub enum Condition {
    /// The setting is set (by the tree or a package default; the daemon's built-in default
    /// does not count).
    Require,
    /// The setting is not set.
    Forbid,
    Match(Pattern),
    NotMatch(Pattern),
    OneOf(Vec<String>),
    Min(Bound),
    Max(Bound),
    /// Every host of the daemon (of the policy's hosts) has the same effective value.
    SameOnAll,
}

impl Condition {
    /// The condition as it is written in `mesoslint.toml`.
    pub fn written(&self) -> String {
        let q = |s: &str| format!("{s:?}");
        match self {
            Condition::Require => "require = true".into(),
            Condition::Forbid => "forbid = true".into(),
            Condition::Match(p) => format!("match = {}", q(&p.source)),
            Condition::NotMatch(p) => format!("not-match = {}", q(&p.source)),
            Condition::OneOf(v) => format!(
                "one-of = [{}]",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
            ),
            Condition::Min(b) => format!("min = {}", q(&b.text)),
            Condition::Max(b) => format!("max = {}", q(&b.text)),
            Condition::SameOnAll => "same-on-all = true".into(),
        }
    }
}

/// One `[[policy.example]]`: a tiny tree, or one value of the policy's setting on one host.
#[derive(Clone, Debug)]
pub struct Example {
    pub fails: bool,
    pub content: ExampleContent,
    /// Where the example is written in `mesoslint.toml` (byte range), when known.
    pub span: Option<std::ops::Range<usize>>,
}

#[derive(Clone, Debug)]
pub enum ExampleContent {
    /// The policy's setting set to this value on host `host`.
    Value { host: String, value: String },
    /// Files by path (relative to the tree's root).
    Files(Vec<(String, String)>),
}

/// A site policy, read and checked.
#[derive(Clone, Debug)]
pub struct Policy {
    pub code: &'static str,
    /// The code lower-cased: policies have no other name.
    pub name: &'static str,
    pub summary: String,
    pub severity: Severity,
    pub daemon: PolicyDaemon,
    /// Host-name globs as written; empty: every host of the daemon.
    pub hosts: Vec<String>,
    pub(crate) host_globs: Vec<Glob>,
    /// The setting as written and what mesoslint knows of it.
    pub setting: String,
    pub info: SettingInfo,
    pub conditions: Vec<Condition>,
    pub message: Option<String>,
    pub help: Option<String>,
    pub examples: Vec<Example>,
    /// The line of `mesoslint.toml` that declares the policy (its `code`), when known.
    pub line: Option<usize>,
}

impl Policy {
    /// The metadata the selection (`select`, `ignore`, `[severity]`, per-path ignores, inline
    /// suppressions) works on: code, name and severity. Its summary and docs are empty; use
    /// [`Policy::documentation`].
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            severity: self.severity,
            summary: "",
            raw_docs: "",
            fix: None,
        }
    }

    /// The family prefix of the code (`SITE`).
    pub fn family(&self) -> &str {
        let end = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        &self.code[..end]
    }

    /// Does the policy judge this host?
    pub fn applies_to(&self, host: &str) -> bool {
        self.host_globs.is_empty() || self.host_globs.iter().any(|g| g.is_match(host))
    }

    /// The policy's page, Markdown: what `mesoslint explain CODE` prints.
    pub fn documentation(&self) -> String {
        let mut out = format!("# {}: {}\n\n", self.code, self.summary);
        match self.line {
            Some(l) => out.push_str(&format!(
                "A site policy of this repository (mesoslint.toml, line {l}), not a built-in rule.\n\n"
            )),
            None => out.push_str("A site policy of this repository's mesoslint.toml, not a built-in rule.\n\n"),
        }
        out.push_str("## What it checks\n");
        out.push_str(&format!("- daemon: `{}`\n", self.daemon.as_str()));
        if self.hosts.is_empty() {
            out.push_str("- hosts: every host that runs it\n");
        } else {
            let globs: Vec<String> = self.hosts.iter().map(|h| format!("`{h}`")).collect();
            out.push_str(&format!("- hosts: {}\n", globs.join(", ")));
        }
        out.push_str(&format!(
            "- setting: `{}` ({})\n",
            self.setting,
            self.info.kind.describe()
        ));
        if let Some(d) = self.info.default {
            out.push_str(&format!("- the daemon's default: `{d}`\n"));
        }
        out.push_str(&format!("- severity: {}\n", self.severity));
        out.push_str("\n## Conditions\n");
        for c in &self.conditions {
            out.push_str(&format!("- `{}`\n", c.written()));
        }
        if let Some(m) = &self.message {
            out.push_str(&format!("\n## Message\n{m}\n"));
        }
        if let Some(h) = &self.help {
            out.push_str(&format!("\n## How to fix\n{h}\n"));
        }
        if !self.examples.is_empty() {
            out.push_str(&format!(
                "\n## Examples\n{} example(s); `mesoslint policies --test` runs them.\n",
                self.examples.len()
            ));
        }
        out
    }
}

/// A `'static` copy of a policy's code or name. Diagnostics name their rule by `&'static str`;
/// a policy's code is text from a file, so it is kept once per distinct text (a page that
/// re-reads its configuration on every edit keeps a handful of codes, not one per edit).
pub fn intern(text: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static TEXTS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut set = TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = set.get(text) {
        return s;
    }
    let s: &'static str = Box::leak(text.to_string().into_boxed_str());
    set.insert(s);
    s
}

/// Expand `{host}`, `{value}` and `{setting}` in a message (`{{` and `}}` are braces).
pub fn render_template(template: &str, host: &str, value: &str, setting: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (text, len) = if tail.starts_with("{{") {
            ("{", 2)
        } else if tail.starts_with("}}") {
            ("}", 2)
        } else if tail.starts_with("{host}") {
            (host, 6)
        } else if tail.starts_with("{value}") {
            (value, 7)
        } else if tail.starts_with("{setting}") {
            (setting, 9)
        } else {
            (&tail[..1], 1)
        };
        out.push_str(text);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// The first placeholder of a template that is not one of `{host}`, `{value}`, `{setting}`.
pub fn unknown_placeholder(template: &str) -> Option<String> {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        let end = tail.find('}').map_or(tail.len(), |e| e + 1);
        let word = &tail[..end];
        if !matches!(word, "{host}" | "{value}" | "{setting}") {
            return Some(word.chars().take(40).collect());
        }
        rest = &tail[end..];
    }
    None
}

#[cfg(test)]
mod tests;
