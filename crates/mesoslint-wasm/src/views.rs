//! What the page's cluster view, fix buttons and settings panel ask the engine, as plain Rust
//! (unit-tested natively; `views_bindings.rs` only moves values across):
//!
//! - [`hosts_input`]: the cluster as `mesoslint hosts` shows it, JSON and text, from the same
//!   core code (`Cluster::summary_with_sources`, `render::hosts`);
//! - [`fix_input`]: the safe fixes applied by the core's `fix` module, all of them as `--fix`
//!   does or one finding's, returning the changed files;
//! - [`settings_of`]: the keys of a configuration the settings panel edits.

use std::collections::{BTreeMap, BTreeSet};

use mesoslint_core::config::{Level, Targets};
use mesoslint_core::diagnostic::Diagnostic;
use mesoslint_core::files::normalize_path;
use mesoslint_core::fix::{self, FixOptions};
use mesoslint_core::model::{self, ClusterSummary};
use mesoslint_core::FileSet;
use serde::{Deserialize, Serialize};

use crate::{Input, LoadedConfig};

/// The cluster of the files and configuration: the JSON of `mesoslint hosts --format json` and
/// the text of `mesoslint hosts`.
pub fn hosts_input(input: &Input, loaded: &LoadedConfig) -> (ClusterSummary, String) {
    let files = input.file_set_for(loaded);
    let summary = model::Cluster::build(&files, loaded.config()).summary_with_sources(&files);
    let text = mesoslint_core::render::hosts::hosts_text(&summary);
    (summary, text)
}

/// A finding named the way the page knows it: its code and where its primary label starts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRef {
    pub code: String,
    pub path: String,
    /// Byte offset of the primary label's start (`labels[i].start.offset`).
    pub offset: usize,
    /// The finding's message, when two findings of one code start at one place.
    #[serde(default)]
    pub message: Option<String>,
}

/// What to fix: every allowed fix (`--fix`), or the one of `finding`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct FixRequest {
    pub finding: Option<FindingRef>,
    /// Unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

/// One file a fix changes or creates.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    /// `None` for a file the fix creates.
    pub before: Option<String>,
    pub after: String,
    /// `utf-8`, or `iso-8859-1` for a file read as such: the front-end writes `after` back in
    /// that encoding, as the CLI does.
    pub encoding: &'static str,
}

/// A file a fix would change but that cannot be written back faithfully.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NotApplied {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FixResult {
    /// Fixes applied (over every round).
    pub applied: usize,
    pub changes: Vec<ChangedFile>,
    /// The unified diff of `changes`: what `mesoslint --diff` prints.
    pub diff: String,
    /// Codes of findings whose fix was skipped because it touches a file holding credentials
    /// the engine masks (its text in the engine is not the file's).
    pub skipped_protected: Vec<&'static str>,
    pub not_applied: Vec<NotApplied>,
    /// Findings left in the fixed tree.
    pub remaining: usize,
}

impl Input {
    /// The original bytes of each readable file, by its normal path.
    fn bytes_by_path(&self) -> BTreeMap<String, &[u8]> {
        self.files
            .iter()
            .filter_map(|(p, b)| Some((normalize_path(p), b.as_ref().ok()?.as_slice())))
            .collect()
    }
}

fn is_utf8(bytes: Option<&&[u8]>) -> bool {
    bytes.is_none_or(|b| std::str::from_utf8(b).is_ok())
}

/// The text the engine decodes from bytes, before masking (UTF-8, else ISO-8859-1).
fn decoded(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// Paths whose text in the engine is not the file's (masked credentials): a fix there would
/// write the mask back, so none is applied (as the CLI refuses to write such a file).
fn masked_paths(files: &FileSet, originals: &BTreeMap<String, &[u8]>) -> BTreeSet<String> {
    files
        .iter()
        .filter(|(_, f)| f.problem().is_none())
        .filter(|(_, f)| {
            originals
                .get(f.path())
                .is_some_and(|b| decoded(b) != f.text())
        })
        .map(|(_, f)| f.path().to_string())
        .collect()
}

/// Whether a diagnostic is the one the page names.
fn is_finding(files: &FileSet, d: &Diagnostic, want: &FindingRef) -> bool {
    if d.code != want.code || want.message.as_ref().is_some_and(|m| *m != d.message) {
        return false;
    }
    let Some(label) = d.labels.iter().find(|l| l.primary).or(d.labels.first()) else {
        return false;
    };
    let file = files.get(label.span.file);
    file.path() == normalize_path(&want.path)
        && file.position(label.span.start as usize).offset == want.offset
}

/// Apply fixes as `mesoslint --fix` does (the whole configuration applied: `exclude`,
/// per-path ignores, severities) and say what changed.
pub fn fix_input(input: &Input, loaded: &LoadedConfig, request: &FixRequest) -> FixResult {
    let files = input.file_set_for(loaded);
    let originals = input.bytes_by_path();
    let options = FixOptions {
        unsafe_fixes: request.unsafe_fixes,
        protected: masked_paths(&files, &originals),
        ..FixOptions::default()
    };
    let mut refine = |f: &FileSet, r: &mut mesoslint_core::Report| {
        loaded
            .settings
            .apply_per_path_ignores(r, f, |p| loaded.relative(p));
    };
    let mut fixed = match &request.finding {
        None => fix::fix_tree(&files, loaded.config(), &options, &mut refine),
        Some(want) => fix::fix_finding(
            &files,
            loaded.config(),
            &options,
            &mut refine,
            &mut |f, d| is_finding(f, d, want),
        ),
    };
    // An ISO-8859-1 file keeps its encoding; a character it cannot hold means the file is not
    // written (the CLI's rule), and its change is dropped from the result and the diff.
    let mut not_applied = Vec::new();
    fixed.changes.retain(|path, change| {
        let latin1 = !is_utf8(originals.get(path));
        if latin1 && change.after.chars().any(|c| u32::from(c) > 0xFF) {
            not_applied.push(NotApplied {
                path: path.clone(),
                reason: "the fix writes characters its ISO-8859-1 encoding cannot hold".into(),
            });
            return false;
        }
        true
    });
    let changes = fixed
        .changes
        .iter()
        .map(|(path, c)| ChangedFile {
            path: path.clone(),
            before: c.before.clone(),
            after: c.after.clone(),
            encoding: if is_utf8(originals.get(path)) {
                "utf-8"
            } else {
                "iso-8859-1"
            },
        })
        .collect();
    FixResult {
        applied: fixed.applied,
        diff: fixed.diff(),
        changes,
        skipped_protected: fixed.skipped_protected.clone(),
        not_applied,
        remaining: fixed.report.diagnostics.len(),
    }
}

/// The keys of a configuration the settings panel edits, as the engine reads them.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsOut<'a> {
    pub select: &'a [String],
    pub ignore: &'a [String],
    /// `[severity]` as written (`no-hosts` is reported apart, not as an IN011 entry).
    pub severity: BTreeMap<&'a str, Level>,
    pub target: &'a Targets,
    /// Whether the file has keys beyond these (the panel keeps them as they are).
    pub other_keys: bool,
}

pub fn settings_of(loaded: &LoadedConfig) -> SettingsOut<'_> {
    let s = &loaded.settings;
    let c = &s.config;
    let severity = c
        .severity
        .iter()
        .filter(|(code, _)| !(s.no_hosts.is_some() && code.as_str() == "IN011"))
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    SettingsOut {
        select: &c.select,
        ignore: &c.ignore,
        severity,
        target: &c.target,
        other_keys: !c.hosts.is_empty()
            || c.cluster.masters.is_some()
            || c.packaging != Default::default()
            || s.fail_level.is_some()
            || s.no_hosts.is_some()
            || !s.exclude.is_empty()
            || !s.per_path.is_empty()
            || !s.policies.is_empty(),
    }
}

#[cfg(test)]
mod tests;
