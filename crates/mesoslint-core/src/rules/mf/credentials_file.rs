use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Daemon, FlagDef};
use crate::parse::json::parse_json;
use crate::parse::json::proto::{self, Finding};
use crate::parse::line_column;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, def_span, describe, secret_files, value_as_rel_path};

declare_rule! {
    /// ## What it does
    /// Reads the credentials files the tree holds, as the daemon reads them: master
    /// `credentials`, agent `http_credentials` (a `Credentials` message: `{"credentials":
    /// [{"principal": ..., "secret": ...}]}`) and agent `credential` (one `Credential`). It
    /// reports a file that is empty, that is not JSON, whose JSON lacks a `principal`, or that
    /// is in the old text format (`<principal> <secret>` per line): accepted, deprecated, up to
    /// 1.10 (a line without exactly two words is refused there), refused from 1.11.0. Nothing
    /// of the file is quoted or labelled: findings point at the flag that names it, with a line
    /// number.
    ///
    /// ## Why is this bad?
    /// The daemon exits at start: "Credentials file must contain at least one credential (see
    /// --credentials flag)", "Invalid json format: ... (see --http_credentials flag)", "Failed
    /// to parse credentials: Missing required fields: credentials[0].principal", "Invalid
    /// credential format at line 2".
    ///
    /// ## Example
    /// ### Invalid: the text format, refused by 1.11
    /// ```text file:etc/mesos-master/credentials
    /// /etc/mesos/credentials
    /// ```
    /// ```text file:etc/mesos/credentials
    /// marathon topsecret
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/credentials
    /// /etc/mesos/credentials
    /// ```
    /// ```text file:etc/mesos/credentials
    /// {"credentials": [{"principal": "marathon", "secret": "topsecret"}]}
    /// ```
    ///
    /// ## How to fix
    /// Write the file as JSON with one entry per principal.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/credentials/credentials.hpp:59` (`credentials::read`),
    ///   1.10.0 of the same file (text format fallback), `src/master/master.cpp:530`,
    ///   `src/slave/slave.cpp:310`, `:325`.
    pub struct CredentialsFile {
        code: "MF014",
        name: "credentials-file-invalid",
        severity: Error,
        summary: "A credentials file the daemon refuses (empty, not JSON, old text format)",
    }
}

impl Rule for CredentialsFile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let text_refused = cx.cluster.mesos_at_least(Version::new(1, 11, 0)) != Some(false);
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                let flags: &[&str] = match d.daemon {
                    Daemon::Master => &["credentials"],
                    Daemon::Agent => &["http_credentials", "credential"],
                };
                for flag in flags {
                    let Some(def) = d.flags.get(flag).filter(|d| !d.is_package_default()) else {
                        continue;
                    };
                    let Some(rel) = def.known_value().and_then(value_as_rel_path) else {
                        continue;
                    };
                    let Some(file) = host.file(rel) else {
                        continue;
                    };
                    let text = cx.files.get(file.id).text();
                    let Some((problem, severity)) = problem(flag, text, text_refused) else {
                        continue;
                    };
                    let Some(span) = def_span(def, &secrets) else {
                        continue;
                    };
                    sink.report(diagnostic(
                        cx,
                        def,
                        flag,
                        rel,
                        d.daemon.as_str(),
                        span,
                        problem,
                        severity,
                        text_refused,
                    ));
                }
            }
        }
    }
}

/// What is wrong with a credentials file, in words that quote nothing of it.
fn problem(flag: &str, text: &str, text_refused: bool) -> Option<(String, Severity)> {
    let single = flag == "credential";
    if text.is_empty() {
        let error = if single {
            "Empty credential file".to_string()
        } else {
            "Credentials file must contain at least one credential".to_string()
        };
        return Some((error, Severity::Error));
    }
    let root = if single {
        "mesos.Credential"
    } else {
        "mesos.Credentials"
    };
    let json = parse_json(text);
    let json_error = match &json {
        Ok(doc) => {
            let first = proto::check(&doc.value, root, false, None)
                .into_iter()
                .find_map(|f| match f {
                    Finding::Error { message, .. } => Some(message),
                    _ => None,
                });
            match first {
                None => return None,
                Some(m) => format!(
                    "Failed to parse {}: {m}",
                    if single { "credential" } else { "credentials" }
                ),
            }
        }
        Err(e) => {
            let (line, column) = line_column(text, e.span.start);
            format!("Invalid json format: not JSON at line {line}, column {column}")
        }
    };
    if text_refused {
        let text_form = text_format_error(text, single).is_none();
        let hint = if text_form && json.is_err() {
            " (the old `<principal> <secret>` text format, refused from Mesos 1.11.0)"
        } else {
            ""
        };
        return Some((format!("{json_error}{hint}"), Severity::Error));
    }
    // Up to 1.10 a file that is no valid JSON credentials is read as text.
    match text_format_error(text, single) {
        Some(e) => Some((e, Severity::Error)),
        None => Some((
            "the old `<principal> <secret>` text format: deprecated since 1.0, refused from 1.11.0"
                .into(),
            Severity::Warning,
        )),
    }
}

/// The text format as 1.0-1.10 read it: every non-empty line exactly two space-separated
/// words (`strings::tokenize`); for `credential`, the whole file two words.
fn text_format_error(text: &str, single: bool) -> Option<String> {
    if single {
        let words = text.split(['\n', ' ']).filter(|w| !w.is_empty()).count();
        return (words != 2).then(|| "Invalid credential format".to_string());
    }
    let mut count = 0;
    for line in text.split('\n').filter(|l| !l.is_empty()) {
        count += 1;
        if line.split(' ').filter(|w| !w.is_empty()).count() != 2 {
            return Some(format!("Invalid credential format at line {count}"));
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn diagnostic(
    cx: &Context<'_>,
    def: &FlagDef,
    flag: &str,
    rel: &str,
    prog: &str,
    span: crate::files::Span,
    problem: String,
    severity: Severity,
    text_refused: bool,
) -> Diagnostic {
    let version = if text_refused {
        match cx.cluster.targets.mesos {
            Some(v) => format!("checked for Mesos {v} (`[target] mesos`)"),
            None => "checked for the latest Mesos release; 1.0-1.10 also read the text format (set `[target] mesos`)".into(),
        }
    } else {
        "Mesos 1.0-1.10 read a file that is no JSON credentials as text".into()
    };
    Diagnostic::new(
        &CredentialsFile::META,
        format!(
            "`/{rel}`, named by {} for {prog}, is refused: {problem}",
            describe(def, cx.files)
        ),
    )
    .severity(severity)
    .primary(span, format!("{problem} (see --{flag} flag)"))
    .note(version)
    .help("write it as JSON: {\"credentials\": [{\"principal\": \"<name>\", \"secret\": \"<secret>\"}]}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let json = r#"{"credentials": [{"principal": "a", "secret": "b"}]}"#;
        assert!(problem("credentials", json, true).is_none());
        assert!(problem("credentials", "a b\n", true).is_some());
        assert_eq!(
            problem("credentials", "a b\nc d\n", false).map(|p| p.1),
            Some(Severity::Warning)
        );
        assert_eq!(
            problem("credentials", "a b\nc\n", false).map(|p| p.0),
            Some("Invalid credential format at line 2".into())
        );
        let none = r#"{"credentials": [{"secret": "b"}]}"#;
        assert!(problem("credentials", none, true)
            .unwrap()
            .0
            .contains("principal"));
        assert!(problem("credentials", "", false).is_some());
        assert!(problem("credential", r#"{"principal": "a", "secret": "b"}"#, true).is_none());
        assert!(problem("credential", "a b", false).is_some_and(|p| p.1 == Severity::Warning));
        // nothing of the file in the message
        let p = problem("credentials", "hunter2 x y\n", false).unwrap().0;
        assert!(!p.contains("hunter2"));
    }
}
