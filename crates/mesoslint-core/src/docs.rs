//! Rule documentation pages: their examples, which the test suite runs, and the web page offers
//! as "try it" trees.
//!
//! Examples live under `### Invalid` and `### Valid` headings (a heading may carry a title after
//! a colon). Every fenced block whose info string holds `file:<path>` is a file of the example;
//! a block whose info string is `toml config` is the example's `mesoslint.toml`. Attributes after
//! the path: `problem:unreadable|too-large|not-regular|bad-symlink` (the file could not be read),
//! `encoding:latin1` (the text is written as ISO-8859-1 bytes), `encoding:nul` (a NUL byte is
//! appended), `no-newline` (no final newline).

use crate::files::{FileSet, InputProblem};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocExample {
    /// `true` under `### Valid`: the rule must not fire.
    pub valid: bool,
    pub title: String,
    pub files: Vec<ExampleFile>,
    /// `mesoslint.toml` text for the example, if any.
    pub config: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFile {
    pub path: String,
    pub text: String,
    pub problem: Option<String>,
    pub encoding: Option<String>,
    pub newline: bool,
}

impl DocExample {
    /// The example as a file set.
    pub fn file_set(&self) -> FileSet {
        let mut fs = FileSet::new();
        for f in &self.files {
            let mut text = f.text.clone();
            if f.newline && !text.is_empty() {
                text.push('\n');
            }
            match f.problem.as_deref() {
                Some("unreadable") => {
                    fs.add_problem(
                        &f.path,
                        InputProblem::Unreadable {
                            reason: "permission denied".into(),
                        },
                    );
                }
                Some("too-large") => {
                    fs.add_problem(
                        &f.path,
                        InputProblem::TooLarge {
                            size: 104_857_600,
                            limit: 1_048_576,
                        },
                    );
                }
                Some("not-regular") => {
                    fs.add_problem(
                        &f.path,
                        InputProblem::NotRegular {
                            kind: "FIFO".into(),
                        },
                    );
                }
                Some(other) => {
                    fs.add_problem(
                        &f.path,
                        InputProblem::BadSymlink {
                            reason: format!("{other}: symbolic link loop"),
                            outside: false,
                        },
                    );
                }
                None => {
                    let bytes: Vec<u8> = match f.encoding.as_deref() {
                        Some("latin1") => text.chars().map(|c| c as u32 as u8).collect(),
                        Some("nul") => {
                            let mut b = text.into_bytes();
                            b.push(0);
                            b
                        }
                        _ => text.into_bytes(),
                    };
                    fs.add(&f.path, &bytes);
                }
            }
        }
        fs
    }
}

/// Parse the examples of a documentation page.
pub fn examples(doc: &str) -> Vec<DocExample> {
    let mut out: Vec<DocExample> = Vec::new();
    let mut current: Option<DocExample> = None;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(h) = trimmed.strip_prefix("### ") {
            let (kind, title) = match h.split_once(':') {
                Some((k, t)) => (k.trim(), t.trim()),
                None => (h.trim(), ""),
            };
            if let Some(ex) = current.take() {
                out.push(ex);
            }
            if kind.eq_ignore_ascii_case("invalid") || kind.eq_ignore_ascii_case("valid") {
                current = Some(DocExample {
                    valid: kind.eq_ignore_ascii_case("valid"),
                    title: title.to_string(),
                    files: Vec::new(),
                    config: None,
                });
            }
            continue;
        }
        if trimmed.starts_with("## ") {
            if let Some(ex) = current.take() {
                out.push(ex);
            }
            continue;
        }
        if let Some(info) = trimmed.strip_prefix("```") {
            let mut body = Vec::new();
            for l in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                body.push(l);
            }
            let Some(ex) = current.as_mut() else { continue };
            let words: Vec<&str> = info.split_whitespace().collect();
            if words.first() == Some(&"toml") && words.contains(&"config") {
                ex.config = Some(body.join("\n"));
            } else if let Some(path) = words.iter().find_map(|w| w.strip_prefix("file:")) {
                let attr = |name: &str| {
                    words
                        .iter()
                        .find_map(|w| {
                            w.strip_prefix(name)
                                .and_then(|r| r.strip_prefix(':').or_else(|| r.strip_prefix('=')))
                        })
                        .map(str::to_string)
                };
                ex.files.push(ExampleFile {
                    path: path.to_string(),
                    text: body.join("\n"),
                    problem: attr("problem"),
                    encoding: attr("encoding"),
                    newline: !words.contains(&"no-newline"),
                });
            }
        }
    }
    if let Some(ex) = current.take() {
        out.push(ex);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_examples() {
        let doc = "## Example\n### Invalid: three masters\n```text file:m1/etc/mesos-master/quorum\n1\n```\n```toml config\n[cluster]\nmasters = 3\n```\n### Valid\n```text file:a\n```\n## References\n```text file:ignored\n```\n";
        let ex = examples(doc);
        assert_eq!(ex.len(), 2);
        assert!(!ex[0].valid);
        assert_eq!(ex[0].title, "three masters");
        assert_eq!(ex[0].files[0].text, "1");
        assert_eq!(ex[0].config.as_deref(), Some("[cluster]\nmasters = 3"));
        assert!(ex[1].valid);
        assert_eq!(ex[1].files[0].text, "");
    }
}
