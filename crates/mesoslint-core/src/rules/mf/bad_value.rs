use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{FlagDef, SourceKind};
use crate::parse::did_you_mean;
use crate::parse::flags::{FlagInfo, FlagType};
use crate::parse::values::{
    parse_bool, parse_bytes, parse_duration, parse_float, parse_int, parse_rate, parse_uint,
    ValueError,
};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, def_span, describe, safe_span, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a Mesos flag value that does not parse as the flag's type:
    /// - durations must be `<number><unit>` with the unit exactly `ns`, `us`, `ms`, `secs`,
    ///   `mins`, `hrs`, `days` or `weeks` (`5mins`; not `5m`, `5 mins`, `300`, `1sec`);
    /// - sizes are `<integer><unit>` with `B`, `KB`, `MB`, `GB` or `TB` (`512MB`);
    /// - booleans are exactly `true`, `false`, `1` or `0` (an empty value means true);
    /// - integers, and choices such as `registry`, `recover` and `logging_level`.
    ///
    /// It also reports a `?flag` file (or a bare `--flag`) for a flag that is not a boolean, an
    /// empty file for a flag that is neither a string nor a boolean, and a leading space in a
    /// path or string value (the wrapper keeps it).
    ///
    /// ## Why is this bad?
    /// The daemon parses every flag at start-up and exits on the first bad value ("Failed to
    /// load flag 'executor_registration_timeout': Unknown duration unit 'm'"). A leading space
    /// in a path makes it a different, relative path.
    ///
    /// ## Example
    /// ### Invalid: minutes written `m`
    /// ```text file:etc/mesos-slave/executor_registration_timeout
    /// 5m
    /// ```
    /// ### Invalid: a `?` file for a number
    /// ```text file:etc/mesos-master/?quorum
    /// ```
    /// ### Invalid: an empty file for a duration
    /// ```text file:etc/mesos-master/agent_ping_timeout no-newline
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/executor_registration_timeout
    /// 5mins
    /// ```
    /// ```text file:etc/mesos-slave/?no-switch_user
    /// ```
    ///
    /// ## How to fix
    /// Write the value in the form the flag expects (the help line shows the corrected value
    /// when it is obvious); use a `?flag` file only for boolean flags.
    ///
    /// ## References
    /// - DOMAIN.md §2.1-2.2: stout `flags/parse.hpp`, `duration.hpp`, `bytes.hpp`.
    /// - DOMAIN.md §1.3: `$(cat f)` keeps leading spaces; "Failed to load non-boolean flag
    ///   'quorum': Missing value".
    /// - d2iq-archive/mesos-deb-packaging#89 (an empty flag file).
    pub struct BadValue {
        code: "MF002",
        name: "bad-value",
        severity: Error,
        summary: "A Mesos flag value does not parse as the flag's type",
        fix: Unsafe,
    }
}

impl Rule for BadValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            // A shared env file reaches both daemons: report each place once.
            let mut seen: BTreeSet<(Option<Span>, String)> = BTreeSet::new();
            for d in daemons(host) {
                for def in d.flags.iter() {
                    if def.unknown || def.is_package_default() || def.written.ends_with('/') {
                        continue;
                    }
                    let Some(info) = d.daemon.flag(&def.name) else {
                        continue;
                    };
                    let Some(diag) = check_def(cx, d.daemon.as_str(), def, info, &secrets) else {
                        continue;
                    };
                    let key = (diag.primary_label().map(|l| l.span), diag.message.clone());
                    if seen.insert(key) {
                        sink.report(diag);
                    }
                }
            }
        }
    }
}

/// A value for messages: control characters escaped, long values cut.
fn show(v: &str) -> String {
    let escaped: String = v.escape_debug().collect();
    match escaped.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &escaped[..i]),
        None => escaped,
    }
}

fn expected(ty: FlagType) -> String {
    match ty {
        FlagType::Bool => "a boolean: true, false, 1 or 0".into(),
        FlagType::Int => "an integer".into(),
        FlagType::Uint => "a non-negative integer".into(),
        FlagType::Float => "a number".into(),
        FlagType::Duration => {
            "a duration such as `10secs` (units ns, us, ms, secs, mins, hrs, days, weeks)".into()
        }
        FlagType::Bytes => "a size such as `512MB` (units B, KB, MB, GB, TB)".into(),
        FlagType::Rate => "<number of agents>/<duration>, e.g. `1/10mins`".into(),
        FlagType::Enum(vals) => format!("one of {}", choices(vals)),
        _ => "a value".into(),
    }
}

/// A short label for a value of the wrong form.
fn short(ty: FlagType) -> &'static str {
    match ty {
        FlagType::Bool => "not a boolean",
        FlagType::Int => "not an integer",
        FlagType::Uint => "not a non-negative integer",
        FlagType::Float => "not a number",
        FlagType::Duration => "not a duration",
        FlagType::Bytes => "not a size",
        FlagType::Rate => "not <count>/<duration>",
        FlagType::Enum(_) => "not one of the accepted values",
        _ => "leading whitespace is kept",
    }
}

fn choices(vals: &[&str]) -> String {
    vals.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse(ty: FlagType, v: &str) -> Result<(), ValueError> {
    match ty {
        FlagType::Bool => parse_bool(v).map(|_| ()),
        FlagType::Int => parse_int(v).map(|_| ()),
        FlagType::Uint => parse_uint(v).map(|_| ()),
        FlagType::Float => parse_float(v).map(|_| ()),
        FlagType::Duration => parse_duration(v).map(|_| ()),
        FlagType::Bytes => parse_bytes(v).map(|_| ()),
        FlagType::Rate => parse_rate(v).map(|_| ()),
        FlagType::Enum(vals) => {
            if vals.contains(&v) {
                return Ok(());
            }
            let suggestion = vals
                .iter()
                .find(|c| c.eq_ignore_ascii_case(v.trim()))
                .copied()
                .or_else(|| did_you_mean(v.trim(), vals.iter().copied()));
            Err(ValueError {
                message: if v.is_empty() {
                    format!("empty value: expected one of {}", choices(vals))
                } else {
                    format!("`{}` is not one of {}", show(v), choices(vals))
                },
                range: 0..v.len(),
                suggestion: suggestion.map(str::to_string),
            })
        }
        FlagType::String | FlagType::Path => {
            let trimmed = v.trim_start();
            if trimmed.len() != v.len() && !trimmed.is_empty() {
                Err(ValueError {
                    message: format!(
                        "`{}` starts with whitespace, which the daemon keeps as part of the value",
                        show(v)
                    ),
                    range: 0..v.len() - trimmed.len(),
                    suggestion: Some(trimmed.to_string()),
                })
            } else {
                Ok(())
            }
        }
        FlagType::Json | FlagType::Url => Ok(()),
    }
}

fn check_def(
    cx: &Context<'_>,
    prog: &str,
    def: &FlagDef,
    info: &FlagInfo,
    secrets: &super::util::SecretFiles<'_>,
) -> Option<Diagnostic> {
    let flag = &def.name;
    if let (true, Some(v)) = (def.negated, def.value.as_deref()) {
        return negated_with_value(cx, prog, def, info, v, secrets);
    }
    let Some(v) = def.value.as_deref() else {
        // `?flag`, `?no-flag`, `--flag`, `--no-flag`
        if info.ty == FlagType::Bool {
            return None;
        }
        let span = def_span(def, secrets)?;
        let place = describe(def, cx.files);
        let (how, error) = if def.negated {
            (
                format!("--no-{flag}"),
                format!("Failed to load non-boolean flag '{flag}' via 'no-{flag}'"),
            )
        } else {
            (
                format!("--{flag}"),
                format!("Failed to load non-boolean flag '{flag}': Missing value"),
            )
        };
        let help = match def.source.kind {
            SourceKind::BoolFile => format!(
                "`{flag}` takes {}: write it in a file named `{flag}` instead of `{}`",
                expected(info.ty),
                def.written
            ),
            _ => format!("give `--{flag}` a value: {}", expected(info.ty)),
        };
        return Some(
            Diagnostic::new(
                &BadValue::META,
                format!(
                    "{place} gives {prog} `{how}` with no value, but `{flag}` is not a boolean flag (\"{error}\")"
                ),
            )
            .primary(span, format!("`{flag}` needs a value"))
            .help(help),
        );
    };
    let err = parse(info.ty, v).err()?;
    let place = describe(def, cx.files);
    let value_span = safe_span(def, secrets)?;
    let exact = def.value_span.is_some() && cx.files.text(value_span) == v;
    let span = if exact && !v.is_empty() {
        value_span.sub(err.range.clone())
    } else {
        value_span
    };
    let message = if v.is_empty() {
        format!(
            "{place} is empty: {prog} gets `--{flag}=` and refuses it (`{flag}` expects {})",
            expected(info.ty)
        )
    } else if v.len() > 60 || v.contains(char::is_control) {
        format!(
            "bad value for `{flag}` in {place}: `{}` is not {}",
            show(v),
            expected(info.ty)
        )
    } else {
        format!("bad value for `{flag}` in {place}: {}", err.message)
    };
    let label = if v.is_empty() {
        format!("empty value for `{flag}`")
    } else {
        short(info.ty).to_string()
    };
    let mut diag = Diagnostic::new(&BadValue::META, message).primary(span, label);
    match err.suggestion {
        Some(s) => {
            diag = diag.help(format!("write `{}`", show(&s)));
            if exact {
                diag = diag.unsafe_fix(format!("replace with `{}`", show(&s)), value_span, s);
            }
        }
        None => {
            diag = diag.help(format!("`{flag}` expects {}", expected(info.ty)));
        }
    }
    Some(diag)
}

/// `--no-x=<v>`: stout refuses a value after `no-` for a boolean, and `no-` for any other flag.
fn negated_with_value(
    cx: &Context<'_>,
    prog: &str,
    def: &FlagDef,
    info: &FlagInfo,
    v: &str,
    secrets: &super::util::SecretFiles<'_>,
) -> Option<Diagnostic> {
    let flag = &def.name;
    let span = def_span(def, secrets)?;
    let place = describe(def, cx.files);
    let (error, help) = if info.ty == FlagType::Bool {
        (
            format!(
                "Failed to load boolean flag '{flag}' via 'no-{flag}' with value '{}'",
                show(v)
            ),
            format!("write `--no-{flag}` alone, or `--{flag}=false`"),
        )
    } else {
        (
            format!("Failed to load non-boolean flag '{flag}' via 'no-{flag}'"),
            format!("write `--{flag}={}`", show(v)),
        )
    };
    Some(
        Diagnostic::new(
            &BadValue::META,
            format!("{place} gives {prog} `--no-{flag}` with a value (\"{error}\")"),
        )
        .primary(span, "`no-` takes no value")
        .help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_by_type() {
        assert!(parse(FlagType::Duration, "5mins").is_ok());
        assert_eq!(
            parse(FlagType::Duration, "5m").unwrap_err().suggestion,
            Some("5mins".into())
        );
        assert!(parse(FlagType::Duration, "").is_err());
        assert!(parse(FlagType::Bool, "").is_ok());
        assert!(parse(FlagType::Bool, "yes").is_err());
        assert!(parse(FlagType::Int, " 2").is_ok());
        assert!(parse(FlagType::Int, "2 ").is_err());
        assert!(parse(FlagType::Path, " /var/lib/mesos").is_err());
        assert!(parse(FlagType::Path, "").is_ok());
        assert!(parse(FlagType::String, "   ").is_ok());
        let e = parse(FlagType::Enum(&["INFO", "WARNING"]), "info").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("INFO"));
        assert!(parse(FlagType::Enum(&["INFO"]), "ünïcode\n").is_err());
    }

    #[test]
    fn show_is_bounded() {
        let long = "x".repeat(10_000);
        assert!(show(&long).len() < 80);
        assert_eq!(show("a\nb"), "a\\nb");
        assert_eq!(show(""), "");
        assert_eq!(show(&"é".repeat(100)).chars().count(), 63);
    }
}
