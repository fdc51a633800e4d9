//! Renderer-neutral findings: a code, a message, and labels that each carry their own file.

use serde::{Deserialize, Serialize};

use crate::files::{FileSet, Position, Span};
use crate::rule::RuleMeta;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

/// Whether `--fix` may apply a fix on its own (`Safe`), or only under `--unsafe-fixes`
/// (`Unsafe`: the change is a guess, or it changes what a running daemon does or where it keeps
/// its state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// What the fixes of a rule are, for its documentation and `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// Every fix the rule offers is safe.
    Safe,
    /// Every fix the rule offers is unsafe.
    Unsafe,
    /// Some of its fixes are safe, others unsafe (the finding's fix says which).
    Mixed,
}

/// A mechanical change that resolves a finding: edits in files of the tree, and files to
/// create (a flag file the daemon reads, e.g. `etc/mesos-master/quorum`). One fix may touch
/// several hosts' files (a quorum written on every master at once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    pub creates: Vec<NewFile>,
}

/// A file a fix creates, at a path of the tree (normalised, `/`-separated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The first primary label is where the finding "is"; the others point at related places,
    /// in this file or in other hosts' files.
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The host whose file holds the primary label, set by the engine once the rules have run
    /// (`None` for a file of no host, such as an app definition).
    pub host: Option<String>,
}

impl Diagnostic {
    /// A finding of the rule described by `meta`, at its default severity.
    pub fn new(meta: &RuleMeta, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
            host: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn primary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(
        mut self,
        description: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.fix = Some(Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            creates: Vec::new(),
        });
        self
    }

    /// A one-edit fix that `--fix` applies only under `--unsafe-fixes`.
    pub fn unsafe_fix(
        self,
        description: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        let mut d = self.fix(description, span, replacement);
        if let Some(f) = &mut d.fix {
            f.applicability = Applicability::Unsafe;
        }
        d
    }

    /// A fix of several edits and new files (cross-file fixes).
    pub fn fix_all(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The label the finding is reported at: the first primary one, else the first one.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
    }

    /// Sort key: path and position of the primary label, then code, then message.
    pub(crate) fn sort_key(&self, files: &FileSet) -> (String, u32, u32, &'static str, String) {
        match self.primary_label() {
            Some(l) => (
                files.path(l.span.file).to_string(),
                l.span.start,
                l.span.end,
                self.code,
                self.message.clone(),
            ),
            None => (String::new(), 0, 0, self.code, self.message.clone()),
        }
    }

    /// The serialisable form: every label with its path and positions.
    pub fn to_finding(&self, files: &FileSet) -> Finding {
        let labels = self
            .labels
            .iter()
            .map(|l| {
                let file = files.get(l.span.file);
                LabelLocation {
                    path: file.path().to_string(),
                    primary: l.primary,
                    message: l.message.clone(),
                    start: file.position(l.span.start as usize),
                    end: file.position(l.span.end as usize),
                }
            })
            .collect();
        Finding {
            code: self.code.to_string(),
            name: self.name.to_string(),
            severity: self.severity,
            message: self.message.clone(),
            host: self.host.clone(),
            labels,
            notes: self.notes.clone(),
            help: self.help.clone(),
            fix: self.fix.as_ref().map(|f| FixOut {
                description: f.description.clone(),
                applicability: f.applicability,
                creates: f.creates.clone(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let file = files.get(e.span.file);
                        EditOut {
                            path: file.path().to_string(),
                            start: file.position(e.span.start as usize),
                            end: file.position(e.span.end as usize),
                            replacement: e.replacement.clone(),
                        }
                    })
                    .collect(),
            }),
        }
    }
}

/// A finding as the JSON output, the wasm API and SARIF see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// The host of the primary location (`None`: a file of no host, such as an app
    /// definition): what the Markdown table groups by.
    pub host: Option<String>,
    /// Primary label(s) first, as the rule gave them.
    pub labels: Vec<LabelLocation>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixOut>,
}

impl Finding {
    pub fn primary(&self) -> Option<&LabelLocation> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelLocation {
    pub path: String,
    pub primary: bool,
    pub message: String,
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixOut {
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<EditOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub creates: Vec<NewFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditOut {
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub replacement: String,
}
