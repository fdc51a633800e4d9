//! Inline suppressions: `# mesoslint: ignore[CODE] reason` comments.
//!
//! Only files whose format has comments can hold them (zoo.cfg, env files, fstab, `/etc/hosts`,
//! Upstart jobs and overrides, systemd units). A directive is a whole comment line:
//!
//! - `# mesoslint: ignore[CODE1,CODE2] reason` hides findings of those rules whose primary label
//!   starts on the next line that is neither blank nor a comment;
//! - `# mesoslint: ignore-file[CODE] reason` hides them anywhere in the file.
//!
//! Codes may be written as codes (`ZK001`) or names (`zk-even-ensemble`). The reason is
//! required. A directive that hides nothing is reported as IN007 (`unused-suppression`); one
//! that cannot be understood as IN008 (`invalid-suppression`). IN007 and IN008 themselves
//! cannot be suppressed inline (use `ignore` or per-path ignores in `mesoslint.toml`).
//!
//! Flag files, `myid`, `etc/mesos/zk` and Marathon conf files have no comment syntax (the
//! daemon reads the whole file as the value), so they are suppressed from `mesoslint.toml`.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::files::{FileId, FileSet, Span};
use crate::model::{Cluster, FileKind};
use crate::rule::RuleMeta;
use crate::rules::input::{InvalidSuppression, UnusedSuppression};

/// The characters that start a comment line in a file of this kind, if it has comments.
pub fn comment_chars(kind: &FileKind) -> Option<&'static [char]> {
    match kind {
        FileKind::ZooCfg => Some(&['#', '!']),
        FileKind::SystemdUnit(_) => Some(&['#', ';']),
        FileKind::EnvDefaults { .. }
        | FileKind::SourceEnv { .. }
        | FileKind::Fstab
        | FileKind::EtcHosts
        | FileKind::UpstartJob(_)
        | FileKind::UpstartOverride(_) => Some(&['#']),
        _ => None,
    }
}

/// One code named by a directive.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// The rule's code (as registered), whatever form was written.
    code: &'static str,
    /// Where the code is written, for IN007.
    span: Span,
    used: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// 0-based index of the line the directive applies to; `None` when no line follows.
    Line(Option<usize>),
    File,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Directive {
    file: FileId,
    scope: Scope,
    entries: Vec<Entry>,
}

/// What parsing one comment line found.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    /// Not a mesoslint directive.
    NotDirective,
    /// `ignore` (false) or `ignore-file` (true), with the codes and their byte ranges in the line.
    Directive {
        file_scope: bool,
        codes: Vec<(String, std::ops::Range<usize>)>,
        reason: String,
    },
    /// Looks like a directive but is not one; the message says why.
    Invalid(String),
}

/// Parse the text after the comment character of a comment line. `base` is the byte offset of
/// `body` inside the line, so code ranges are relative to the line.
fn parse_directive(body: &str, base: usize) -> Parsed {
    let trimmed = body.trim_start();
    let mut offset = base + (body.len() - trimmed.len());
    let lower = trimmed.to_ascii_lowercase();
    if !lower.starts_with("mesoslint") {
        return Parsed::NotDirective;
    }
    let after_name = &trimmed["mesoslint".len()..];
    // "mesoslinter", "mesoslint-foo": some other word, not ours.
    if after_name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Parsed::NotDirective;
    }
    let Some(rest) = after_name.trim_start().strip_prefix(':') else {
        // Prose that mentions mesoslint is not a directive; `mesoslint ignore[...]` is one
        // with its colon missing.
        if after_name.trim_start().starts_with("ignore") {
            return Parsed::Invalid(
                "expected `mesoslint: ignore[CODE] reason` (a colon after `mesoslint`)".into(),
            );
        }
        return Parsed::NotDirective;
    };
    let keyword_text = rest.trim_start();
    offset += trimmed.len() - keyword_text.len();
    let (file_scope, after_keyword) = if let Some(r) = keyword_text.strip_prefix("ignore-file") {
        (true, r)
    } else if let Some(r) = keyword_text.strip_prefix("ignore") {
        (false, r)
    } else {
        let word: String = keyword_text
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '[')
            .collect();
        return Parsed::Invalid(format!(
            "unknown directive `{word}`: expected `ignore[CODE] reason` or `ignore-file[CODE] reason`"
        ));
    };
    offset += keyword_text.len() - after_keyword.len();
    let Some(list_and_reason) = after_keyword.strip_prefix('[') else {
        return Parsed::Invalid(
            "expected `[` and the codes to ignore right after the directive, e.g. `ignore[ZK001]`"
                .into(),
        );
    };
    offset += 1;
    let Some(close) = list_and_reason.find(']') else {
        return Parsed::Invalid("missing `]` after the codes".into());
    };
    let list = &list_and_reason[..close];
    let mut codes = Vec::new();
    let mut pos = 0;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let code = part.trim();
        if code.is_empty() {
            return Parsed::Invalid("empty code in the list: name at least one rule".into());
        }
        let start = offset + pos + lead;
        codes.push((code.to_string(), start..start + code.len()));
        pos += part.len() + 1;
    }
    let reason = list_and_reason[close + 1..].trim();
    Parsed::Directive {
        file_scope,
        codes,
        reason: reason.to_string(),
    }
}

fn line_text(file: &crate::files::SourceFile, line: usize) -> (usize, &str) {
    let range = file.line_range(line);
    let start = range.start;
    let text = file.text().get(range).unwrap_or("");
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    (start, text)
}

/// Collect the directives of one file, reporting invalid ones into `problems`.
fn scan_file(
    files: &FileSet,
    id: FileId,
    chars: &[char],
    policies: &[RuleMeta],
    problems: &mut Vec<(Span, String)>,
) -> Vec<Directive> {
    let file = files.get(id);
    let mut out = Vec::new();
    // Line directives waiting for the line they apply to.
    let mut pending: Vec<Directive> = Vec::new();
    for line in 0..file.line_count() {
        let (start, text) = line_text(file, line);
        let body_start = text.len() - text.trim_start().len();
        let body = &text[body_start..];
        let Some(first) = body.chars().next() else {
            continue; // blank line: line directives keep waiting
        };
        if !chars.contains(&first) {
            for mut d in pending.drain(..) {
                d.scope = Scope::Line(Some(line));
                out.push(d);
            }
            continue;
        }
        let comment = &body[first.len_utf8()..];
        let comment_offset = body_start + first.len_utf8();
        let line_span = Span::new(id, start + body_start..start + text.len());
        match parse_directive(comment, comment_offset) {
            Parsed::NotDirective => {}
            Parsed::Invalid(msg) => problems.push((line_span, msg)),
            Parsed::Directive {
                file_scope,
                codes,
                reason,
            } => {
                let mut entries = Vec::new();
                let mut ok = true;
                for (code, range) in codes {
                    let span = Span::new(id, start + range.start..start + range.end);
                    match find_meta(&code, policies) {
                        Some(meta) => {
                            if meta.code == UnusedSuppression::META.code
                                || meta.code == InvalidSuppression::META.code
                            {
                                problems.push((
                                    span,
                                    format!(
                                        "`{}` cannot be suppressed inline; use `ignore` or a per-path ignore in mesoslint.toml",
                                        meta.code
                                    ),
                                ));
                                ok = false;
                            } else if !entries.iter().any(|e: &Entry| e.code == meta.code) {
                                entries.push(Entry {
                                    code: meta.code,
                                    span,
                                    used: false,
                                });
                            }
                        }
                        None => {
                            problems.push((span, format!("unknown rule `{code}`")));
                            ok = false;
                        }
                    }
                }
                if reason.is_empty() {
                    problems.push((
                        line_span,
                        "a suppression needs a reason after the codes, e.g. `ignore[ZK001] two-node test cluster`"
                            .into(),
                    ));
                    ok = false;
                }
                if !ok {
                    continue;
                }
                let d = Directive {
                    file: id,
                    scope: if file_scope {
                        Scope::File
                    } else {
                        Scope::Line(None)
                    },
                    entries,
                };
                if file_scope {
                    out.push(d);
                } else {
                    pending.push(d);
                }
            }
        }
    }
    // Line directives at the end of the file apply to nothing.
    out.append(&mut pending);
    out
}

/// A built-in rule or a site policy by code or name.
fn find_meta(code: &str, policies: &[RuleMeta]) -> Option<RuleMeta> {
    crate::registry::find(code).map(|r| *r.meta()).or_else(|| {
        policies
            .iter()
            .find(|m| {
                m.code.eq_ignore_ascii_case(code.trim()) || m.name.eq_ignore_ascii_case(code.trim())
            })
            .copied()
    })
}

fn report(config: &Config, meta: &'static RuleMeta, d: Diagnostic, out: &mut Vec<Diagnostic>) {
    if !config.is_enabled(meta) {
        return;
    }
    let mut d = d;
    if let Some(sev) = config.level_for(meta).and_then(|l| l.severity()) {
        d.severity = sev;
    }
    out.push(d);
}

pub(crate) fn apply(
    files: &FileSet,
    config: &Config,
    cluster: &Cluster,
    diagnostics: Vec<Diagnostic>,
    policies: &[RuleMeta],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut directives: BTreeMap<FileId, Vec<Directive>> = BTreeMap::new();
    for host in &cluster.hosts {
        for f in &host.files {
            let Some(chars) = comment_chars(&f.kind) else {
                continue;
            };
            let file = files.get(f.id);
            if file.problem().is_some() || file.is_binary() || !file.names_mesoslint() {
                continue;
            }
            let found = scan_file(files, f.id, chars, policies, &mut problems);
            if !found.is_empty() {
                directives.entry(f.id).or_default().extend(found);
            }
        }
    }

    // Per file, which directives apply to which line (and which to the whole file), so a
    // finding looks up its own line instead of scanning every directive of its file: many
    // findings in a file of many directives stay linear.
    let mut applying: crate::FastMap<(FileId, Option<usize>), Vec<usize>> =
        crate::FastMap::default();
    for (&file_id, list) in &directives {
        for (i, directive) in list.iter().enumerate() {
            let key = match directive.scope {
                Scope::File => (file_id, None),
                Scope::Line(Some(line)) => (file_id, Some(line)),
                Scope::Line(None) => continue,
            };
            applying.entry(key).or_default().push(i);
        }
    }

    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let Some(label) = d.primary_label() else {
            out.push(d);
            continue;
        };
        let file_id = label.span.file;
        let Some(list) = directives.get_mut(&file_id) else {
            out.push(d);
            continue;
        };
        let line = files.get(file_id).line_index(label.span.start as usize);
        let mut suppressed = false;
        let indices = [None, Some(line)]
            .into_iter()
            .filter_map(|l| applying.get(&(file_id, l)))
            .flatten();
        for &i in indices {
            let directive = &mut list[i];
            for entry in directive.entries.iter_mut() {
                if entry.code == d.code {
                    entry.used = true;
                    suppressed = true;
                }
            }
        }
        if !suppressed {
            out.push(d);
        }
    }

    for (span, msg) in problems {
        let d = Diagnostic::new(
            &InvalidSuppression::META,
            format!("invalid suppression: {msg}"),
        )
        .primary(span, "not understood")
        .help(
            "write `# mesoslint: ignore[CODE] reason` or `# mesoslint: ignore-file[CODE] reason`",
        );
        report(config, &InvalidSuppression::META, d, &mut out);
    }
    for list in directives.values() {
        for directive in list {
            for entry in &directive.entries {
                if entry.used {
                    continue;
                }
                let enabled =
                    find_meta(entry.code, policies).is_some_and(|m| config.is_enabled(&m));
                let (message, label) = match (&directive.scope, enabled) {
                    (_, false) => (
                        format!(
                            "unused suppression: `{}` is not enabled in this run",
                            entry.code
                        ),
                        "rule not enabled",
                    ),
                    (Scope::Line(None), true) => (
                        format!(
                            "unused suppression: no line follows this `{}` suppression",
                            entry.code
                        ),
                        "nothing to suppress",
                    ),
                    (Scope::Line(Some(_)), true) => (
                        format!(
                            "unused suppression: `{}` reports nothing on the next line",
                            entry.code
                        ),
                        "nothing to suppress",
                    ),
                    (Scope::File, true) => (
                        format!(
                            "unused suppression: `{}` reports nothing in this file",
                            entry.code
                        ),
                        "nothing to suppress",
                    ),
                };
                let d = Diagnostic::new(&UnusedSuppression::META, message)
                    .primary(entry.span, label)
                    .help("remove the code from the suppression, or the whole comment");
                report(config, &UnusedSuppression::META, d, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::names_mesoslint;
    use crate::{lint, Config};

    fn run(files: &FileSet, select: &[&str]) -> Vec<(String, String)> {
        let config = Config {
            select: select.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        };
        lint(files, &config)
            .diagnostics
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect()
    }

    /// The rules these tests are about: the finding being suppressed (IN002, not-utf8) and the
    /// suppression checks themselves (IN007 unused, IN008 invalid). Selecting them keeps other
    /// rules' findings on these deliberately incomplete trees out of the assertions.
    const IN_RULES: &[&str] = &["IN002", "IN007", "IN008"];

    #[test]
    fn files_are_scanned_only_when_they_name_mesoslint() {
        assert!(names_mesoslint("# mesoslint: ignore[ZK001] test"));
        assert!(names_mesoslint("x=1\n# MesosLint ignore[ZK001]"));
        assert!(names_mesoslint("mmmmesoslint"));
        assert!(!names_mesoslint(""));
        assert!(!names_mesoslint("m"));
        assert!(!names_mesoslint("# mesos-lint: ignore[ZK001]"));
        assert!(!names_mesoslint("mesoslin"));
        assert!(names_mesoslint("é # mesoslinté"));
    }

    fn latin1_env(directive: &str) -> FileSet {
        let mut fs = FileSet::new();
        let mut bytes = directive.as_bytes().to_vec();
        bytes.extend_from_slice(b"MESOS_ATTRIBUTES=rack:\xe9\n");
        fs.add("etc/default/mesos-slave", &bytes);
        fs
    }

    #[test]
    fn parses_directives() {
        let p = parse_directive(" mesoslint: ignore[ZK001, IN002] because", 1);
        let Parsed::Directive {
            file_scope,
            codes,
            reason,
        } = p
        else {
            panic!("{p:?}")
        };
        assert!(!file_scope);
        assert_eq!(reason, "because");
        let line = "# mesoslint: ignore[ZK001, IN002] because";
        assert_eq!(&line[codes[0].1.clone()], "ZK001");
        assert_eq!(&line[codes[1].1.clone()], "IN002");
        assert!(matches!(
            parse_directive(" mesoslint: ignore-file[X] r", 1),
            Parsed::Directive {
                file_scope: true,
                ..
            }
        ));
        assert_eq!(
            parse_directive(" a normal comment", 1),
            Parsed::NotDirective
        );
        assert_eq!(parse_directive(" mesoslinter", 1), Parsed::NotDirective);
        assert_eq!(
            parse_directive(" mesoslint checks this file", 1),
            Parsed::NotDirective
        );
        assert_eq!(parse_directive(" mesoslint", 1), Parsed::NotDirective);
        assert!(matches!(
            parse_directive(" mesoslint ignore[X] r", 1),
            Parsed::Invalid(_)
        ));
        assert!(matches!(
            parse_directive(" mesoslint: disable[X] r", 1),
            Parsed::Invalid(_)
        ));
        assert!(matches!(
            parse_directive(" mesoslint: ignore[X r", 1),
            Parsed::Invalid(_)
        ));
        assert!(matches!(
            parse_directive(" mesoslint: ignore X", 1),
            Parsed::Invalid(_)
        ));
        assert!(matches!(
            parse_directive(" mesoslint: ignore[,] r", 1),
            Parsed::Invalid(_)
        ));
        // Hostile input: nothing panics.
        for s in [
            "",
            "mesoslint",
            "mesoslint:",
            "mesoslint: ignore[",
            "MESOSLINT: é[",
            "mesoslint: ignore[é,ü] ✓",
        ] {
            let _ = parse_directive(s, 0);
        }
    }

    #[test]
    fn line_suppression_hides_the_finding() {
        let fs = latin1_env("# mesoslint: ignore[IN002] legacy rack names\n");
        assert_eq!(run(&fs, IN_RULES), vec![]);
    }

    #[test]
    fn names_work_as_codes_and_blank_lines_are_skipped() {
        let fs = latin1_env("# mesoslint: ignore[not-utf8] legacy\n\n# another comment\n");
        assert_eq!(run(&fs, IN_RULES), vec![]);
    }

    #[test]
    fn file_suppression_hides_the_finding() {
        let mut fs = FileSet::new();
        fs.add(
            "etc/default/mesos-slave",
            b"MESOS_X=1\nMESOS_Y=\xe9\n# mesoslint: ignore-file[IN002] legacy\n",
        );
        assert_eq!(run(&fs, IN_RULES), vec![]);
    }

    #[test]
    fn suppression_of_another_line_is_unused() {
        let mut fs = FileSet::new();
        fs.add(
            "etc/default/mesos-slave",
            b"# mesoslint: ignore[IN002] legacy\nMESOS_X=1\nMESOS_Y=\xe9\n",
        );
        let got = run(&fs, IN_RULES);
        let codes: Vec<_> = got.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["IN007", "IN002"]);
    }

    #[test]
    fn missing_reason_is_invalid_and_suppresses_nothing() {
        let fs = latin1_env("# mesoslint: ignore[IN002]\n");
        let codes: Vec<_> = run(&fs, IN_RULES).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["IN008", "IN002"]);
    }

    #[test]
    fn unknown_code_is_invalid() {
        let fs = latin1_env("# mesoslint: ignore[XX999] r\n");
        let got = run(&fs, &["IN008"]);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("unknown rule `XX999`"), "{got:?}");
    }

    #[test]
    fn in007_and_in008_cannot_be_suppressed_inline() {
        let fs = latin1_env("# mesoslint: ignore-file[IN007] r\n");
        let got = run(&fs, &["IN008"]);
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn disabled_rules_are_reported_as_not_enabled() {
        let fs = latin1_env("# mesoslint: ignore[IN002] legacy\n");
        let got = run(&fs, &["IN007"]);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("not enabled"));
    }

    #[test]
    fn flag_files_have_no_comments() {
        let mut fs = FileSet::new();
        fs.add(
            "etc/mesos-slave/attributes/rack",
            b"# mesoslint: ignore[IN002] x\n\xe9\n",
        );
        let codes: Vec<_> = run(&fs, IN_RULES).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["IN002"]);
    }

    #[test]
    fn zoo_cfg_bang_and_unit_semicolon_comments() {
        let mut fs = FileSet::new();
        fs.add_text(
            "etc/zookeeper/conf/zoo.cfg",
            "! mesoslint: ignore[IN006] r\ntickTime=2000\n",
        );
        fs.add_text(
            "etc/systemd/system/mesos-master.service",
            "; mesoslint: ignore-file[IN006] r\n[Service]\n",
        );
        let got = run(&fs, &["IN007"]);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn crlf_and_trailing_directive() {
        let mut fs = FileSet::new();
        fs.add_text("etc/fstab", "# mesoslint: ignore[IN006] r\r\n");
        let got = run(&fs, &["IN007", "IN006"]);
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("no line follows"), "{got:?}");
    }
}
