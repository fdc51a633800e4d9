//! `[[policy]]` tables of `mesoslint.toml`, read key for key and checked: every mistake is a
//! [`Problem`] with its place in the file, never a policy silently dropped.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::glob::Glob;
use super::{Located, Problem};
use crate::policy::{
    self, setting, Bound, Condition, Example, ExampleContent, Pattern, Policy, PolicyDaemon,
};
use crate::Severity;

/// A `min`/`max` as written: a number or a string (`"1hrs"`, `"512MB"`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Scalar {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

/// A scalar with its place (TOML) or without (JSON).
pub trait LocatedScalar: DeserializeOwned + std::fmt::Debug {
    fn scalar(&self) -> &Scalar;
    fn span(&self) -> Option<Range<usize>>;
}

impl LocatedScalar for Scalar {
    fn scalar(&self) -> &Scalar {
        self
    }
    fn span(&self) -> Option<Range<usize>> {
        None
    }
}

impl LocatedScalar for toml::Spanned<Scalar> {
    fn scalar(&self) -> &Scalar {
        self.get_ref()
    }
    fn span(&self) -> Option<Range<usize>> {
        Some(toml::Spanned::span(self))
    }
}

/// One `[[policy]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(bound = "S: Located")]
pub(super) struct PolicyRaw<S: Located> {
    code: S,
    summary: S,
    #[serde(default)]
    severity: Option<S>,
    daemon: S,
    #[serde(default)]
    hosts: Vec<S>,
    setting: S,
    #[serde(default)]
    require: Option<bool>,
    #[serde(default)]
    forbid: Option<bool>,
    #[serde(default, rename = "match")]
    matches: Option<S>,
    #[serde(default)]
    not_match: Option<S>,
    #[serde(default)]
    one_of: Option<Vec<S>>,
    #[serde(default)]
    min: Option<S::Scalar>,
    #[serde(default)]
    max: Option<S::Scalar>,
    #[serde(default)]
    same_on_all: Option<bool>,
    #[serde(default)]
    message: Option<S>,
    #[serde(default)]
    help: Option<S>,
    #[serde(default)]
    example: Vec<ExampleRaw<S>>,
}

/// One `[[policy.example]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[serde(bound = "S: Located")]
pub(super) struct ExampleRaw<S: Located> {
    fails: bool,
    #[serde(default)]
    host: Option<S>,
    #[serde(default)]
    value: Option<S>,
    #[serde(default)]
    files: BTreeMap<S, String>,
}

fn problem(message: String, span: Option<Range<usize>>, help: Option<String>) -> Problem {
    Problem {
        message,
        span,
        help,
    }
}

/// The families of the built-in rules and the reserved ones.
fn reserved_families() -> Vec<&'static str> {
    let mut f: Vec<&'static str> = crate::registry::rules()
        .iter()
        .map(|r| r.meta().family())
        .chain(policy::RESERVED_FAMILIES.iter().copied())
        .collect();
    crate::sort::sort(&mut f);
    f.dedup();
    f
}

/// Check a code: `LETTERS` then digits, and no family a built-in rule (or a reserved family)
/// could share a selector with.
fn check_code(code: &str) -> Result<(), (String, Option<String>)> {
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = code.len() - letters;
    if letters == 0
        || digits == 0
        || code.len() > 16
        || !code.bytes().skip(letters).all(|b| b.is_ascii_digit())
    {
        return Err((
            format!("policy code `{code}` is not upper-case letters followed by digits"),
            Some("write a code such as `SITE001` (at most 16 characters)".into()),
        ));
    }
    let family = &code[..letters];
    for f in reserved_families() {
        if family.starts_with(f) || f.starts_with(family) {
            let what = if policy::RESERVED_FAMILIES.contains(&f) {
                "reserved for built-in rules to come"
            } else {
                "a family of built-in rules"
            };
            return Err((
                format!("policy code `{code}` collides with `{f}`, {what}"),
                Some(format!(
                    "a selector such as `ignore = [\"{}\"]` would pick both; use a prefix of your own, such as `SITE`",
                    f.min(family)
                )),
            ));
        }
    }
    Ok(())
}

fn check_template<S: Located>(
    s: &Option<S>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let s = s.as_ref()?;
    if let Some(bad) = policy::unknown_placeholder(s.value()) {
        problems.push(problem(
            format!("`{key}` has an unknown placeholder `{bad}`"),
            s.span(),
            Some(
                "placeholders are {host}, {value} and {setting}; write {{ and }} for braces".into(),
            ),
        ));
    }
    Some(s.value().to_string())
}

/// Read and check every `[[policy]]`; `text` is the file (for the lines `explain` shows).
pub(super) fn check_policies<S: Located>(
    raws: &[PolicyRaw<S>],
    text: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Vec<Policy> {
    let mut out: Vec<Policy> = Vec::new();
    for raw in raws {
        let before = problems.len();
        let code = raw.code.value().trim();
        if let Err((m, h)) = check_code(code) {
            problems.push(problem(m, raw.code.span(), h));
        } else if out.iter().any(|p| p.code == code) {
            problems.push(problem(
                format!("two policies have the code `{code}`"),
                raw.code.span(),
                Some("every policy needs its own code".into()),
            ));
        }
        if raw.summary.value().trim().is_empty() {
            problems.push(problem(
                "`summary` is empty: say in one line what the policy asks".into(),
                raw.summary.span(),
                None,
            ));
        }
        let severity = match &raw.severity {
            None => Severity::Error,
            Some(s) => match s.value() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => {
                    problems.push(problem(
                        format!("unknown severity `{other}`"),
                        s.span(),
                        Some("one of: error, warning, info".into()),
                    ));
                    Severity::Error
                }
            },
        };
        let daemon = PolicyDaemon::parse(raw.daemon.value());
        if daemon.is_none() {
            let hint = crate::parse::did_you_mean(raw.daemon.value(), PolicyDaemon::NAMES)
                .map(|m| format!("did you mean `{m}`? "))
                .unwrap_or_default();
            problems.push(problem(
                format!("unknown daemon `{}`", raw.daemon.value()),
                raw.daemon.span(),
                Some(format!("{hint}one of: {}", PolicyDaemon::NAMES.join(", "))),
            ));
        }
        let mut host_globs = Vec::new();
        for h in &raw.hosts {
            match Glob::new(h.value()) {
                Ok(g) => host_globs.push(g),
                Err(e) => problems.push(problem(
                    format!("invalid host glob `{}`: {e}", h.value()),
                    h.span(),
                    None,
                )),
            }
        }
        let info = daemon.and_then(|d| match setting::lookup(d, raw.setting.value()) {
            Ok(info) => Some(info),
            Err((m, h)) => {
                problems.push(problem(m, raw.setting.span(), h));
                None
            }
        });
        let mut conditions = Vec::new();
        if raw.require == Some(true) {
            conditions.push(Condition::Require);
        }
        if raw.forbid == Some(true) {
            conditions.push(Condition::Forbid);
        }
        if raw.require == Some(true) && raw.forbid == Some(true) {
            problems.push(problem(
                "`require` and `forbid` together can never both hold".into(),
                raw.code.span(),
                None,
            ));
        }
        for (s, negate) in [(&raw.matches, false), (&raw.not_match, true)] {
            let Some(s) = s else { continue };
            match Pattern::new(s.value()) {
                Ok(p) => conditions.push(if negate {
                    Condition::NotMatch(p)
                } else {
                    Condition::Match(p)
                }),
                Err(e) => problems.push(problem(
                    format!(
                        "invalid regular expression in `{}`: {e}",
                        if negate { "not-match" } else { "match" }
                    ),
                    s.span(),
                    Some("the syntax is Rust's `regex` crate's; the pattern must match the whole value".into()),
                )),
            }
        }
        if let Some(list) = &raw.one_of {
            if list.is_empty() {
                problems.push(problem(
                    "`one-of` is empty: no value could pass".into(),
                    raw.code.span(),
                    None,
                ));
            }
            conditions.push(Condition::OneOf(
                list.iter().map(|s| s.value().to_string()).collect(),
            ));
        }
        let mut bounds = [None, None];
        for (i, (key, b)) in [("min", &raw.min), ("max", &raw.max)]
            .into_iter()
            .enumerate()
        {
            let (Some(b), Some(info)) = (b, &info) else {
                continue;
            };
            let text = b.scalar().text();
            if !info.kind.ordered() {
                problems.push(problem(
                    format!(
                        "`{key}` compares numbers, durations or sizes, and `{}` is {}",
                        raw.setting.value(),
                        info.kind.describe()
                    ),
                    b.span(),
                    Some("use `match` or `one-of` for this setting".into()),
                ));
                continue;
            }
            match info.kind.parse(&text) {
                Ok(value) => bounds[i] = Some(Bound { text, value }),
                Err(e) => problems.push(problem(
                    format!("`{key} = {text}` is not {}: {e}", info.kind.describe()),
                    b.span(),
                    None,
                )),
            }
        }
        if let [Some(lo), Some(hi)] = &bounds {
            if lo.value > hi.value {
                problems.push(problem(
                    format!("`min = {}` is above `max = {}`", lo.text, hi.text),
                    raw.min.as_ref().and_then(|m| m.span()),
                    None,
                ));
            }
        }
        let [min, max] = bounds;
        conditions.extend(min.map(Condition::Min));
        conditions.extend(max.map(Condition::Max));
        if raw.same_on_all == Some(true) {
            conditions.push(Condition::SameOnAll);
        }
        if conditions.is_empty() && problems.len() == before {
            problems.push(problem(
                format!("policy `{code}` has no condition"),
                raw.code.span(),
                Some(
                    "add one of: require, forbid, match, not-match, one-of, min, max, same-on-all"
                        .into(),
                ),
            ));
        }
        let message = check_template(&raw.message, "message", problems);
        let help = check_template(&raw.help, "help", problems);
        let mut examples = Vec::new();
        for ex in &raw.example {
            let span = ex
                .value
                .as_ref()
                .and_then(|v| v.span())
                .or_else(|| ex.files.keys().next().and_then(|k| k.span()))
                .or_else(|| raw.code.span());
            let content = match (&ex.value, ex.files.is_empty()) {
                (Some(v), true) => {
                    let host = ex.host.as_ref().map_or("host1", |h| h.value());
                    if host.is_empty() || host.contains(['/', '\\']) || host.starts_with('.') {
                        problems.push(problem(
                            format!("example host `{host}` is not a host name"),
                            ex.host.as_ref().and_then(|h| h.span()),
                            None,
                        ));
                    }
                    ExampleContent::Value {
                        host: host.to_string(),
                        value: v.value().to_string(),
                    }
                }
                (None, false) => ExampleContent::Files(
                    ex.files
                        .iter()
                        .map(|(k, v)| (k.value().to_string(), v.clone()))
                        .collect(),
                ),
                _ => {
                    problems.push(problem(
                        "an example gives either `value` (one setting) or `files` (a tree)".into(),
                        span.clone(),
                        None,
                    ));
                    continue;
                }
            };
            examples.push(Example {
                fails: ex.fails,
                content,
                span,
            });
        }
        if problems.len() != before {
            continue;
        }
        let (Some(daemon), Some(info)) = (daemon, info) else {
            continue;
        };
        out.push(Policy {
            code: policy::intern(code),
            name: policy::intern(&code.to_ascii_lowercase()),
            summary: raw.summary.value().trim().to_string(),
            severity,
            daemon,
            hosts: raw.hosts.iter().map(|h| h.value().to_string()).collect(),
            host_globs,
            setting: raw.setting.value().to_string(),
            info,
            conditions,
            message,
            help,
            examples,
            line: match (text, raw.code.span()) {
                (Some(t), Some(s)) => Some(super::line_column(t, s.start).0),
                _ => None,
            },
        });
    }
    out
}
