//! Applying the findings' fixes to a tree: the one implementation the CLI (`--fix`, `--diff`),
//! the language server (code actions) and the WebAssembly engine share.
//!
//! A round lints the tree, takes every fix allowed (safe ones, and unsafe ones when asked),
//! keeps those whose edits overlap no edit already taken (the others wait for the next round,
//! when their finding is recomputed against the new text), and rebuilds the tree. Rounds
//! repeat until nothing is left to apply or [`FixOptions::max_rounds`] is reached, so a fix
//! that uncovers another is followed up, and a fix that undoes another cannot loop forever.
//! Nothing here touches a disk: the front-end writes what [`FixedTree::changes`] says.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, NewFile};
use crate::files::{FileId, FileSet};
use crate::Report;

/// What to apply, and how long to go on.
#[derive(Clone, Debug)]
pub struct FixOptions {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Lint-and-fix rounds at most (each round is one lint of the whole tree).
    pub max_rounds: usize,
    /// Paths no fix may touch (the front-end cannot write them back faithfully, e.g. a file
    /// whose credentials the engine masked). A fix with any edit in one is skipped whole.
    pub protected: BTreeSet<String>,
}

impl Default for FixOptions {
    fn default() -> FixOptions {
        FixOptions {
            unsafe_fixes: false,
            max_rounds: 10,
            protected: BTreeSet::new(),
        }
    }
}

/// One file's change: its text before (`None` for a file a fix creates) and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub before: Option<String>,
    pub after: String,
}

/// The outcome of [`fix_tree`].
#[derive(Debug)]
pub struct FixedTree {
    /// The tree with every applied fix.
    pub files: FileSet,
    /// The findings of the fixed tree (the last round's lint).
    pub report: Report,
    /// Changed and created files by path; files whose text came back to where it started are
    /// left out.
    pub changes: BTreeMap<String, Change>,
    /// How many fixes were applied over all rounds.
    pub applied: usize,
    /// Rounds run (lints of the tree, the final one included).
    pub rounds: usize,
    /// Fixes skipped because they touch a protected path, by their finding's code.
    pub skipped_protected: Vec<&'static str>,
}

/// Whether `fix` may be applied under `options`.
pub fn allowed(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.applicability == Applicability::Safe || unsafe_fixes
}

/// Two byte ranges of one file conflict when they overlap, or when both insert at one point
/// (their order would be arbitrary).
fn conflicts(a: (u32, u32), b: (u32, u32)) -> bool {
    if a.0 == a.1 && b.0 == b.1 {
        return a.0 == b.0;
    }
    a.0 < b.1 && b.0 < a.1
}

/// The fixes of one round that can go in together, in report order.
struct Round<'a> {
    /// Accepted edits per file.
    edits: BTreeMap<FileId, Vec<&'a Edit>>,
    creates: BTreeMap<String, &'a NewFile>,
    accepted: Vec<&'a Fix>,
}

impl<'a> Round<'a> {
    fn try_add(&mut self, files: &FileSet, fix: &'a Fix) -> bool {
        // The same fix given by several findings (a quorum written once for each master) is
        // applied once.
        if self.accepted.contains(&fix) {
            return false;
        }
        for e in &fix.edits {
            let taken = self
                .edits
                .get(&e.span.file)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            if taken
                .iter()
                .any(|t| conflicts((t.span.start, t.span.end), (e.span.start, e.span.end)))
            {
                return false;
            }
        }
        // Two edits of the fix itself must not overlap either.
        for (i, a) in fix.edits.iter().enumerate() {
            for b in &fix.edits[i + 1..] {
                if a.span.file == b.span.file
                    && conflicts((a.span.start, a.span.end), (b.span.start, b.span.end))
                {
                    return false;
                }
            }
        }
        for c in &fix.creates {
            if files.lookup(&c.path).is_some() || self.creates.contains_key(&c.path) {
                return false;
            }
        }
        for e in &fix.edits {
            self.edits.entry(e.span.file).or_default().push(e);
        }
        for c in &fix.creates {
            self.creates.insert(c.path.clone(), c);
        }
        self.accepted.push(fix);
        true
    }
}

/// A replacement in the file's own line endings: `\n` becomes `\r\n` in a CRLF file.
fn in_line_endings(text: &str, replacement: &str) -> String {
    if text.contains("\r\n") && replacement.contains('\n') && !replacement.contains("\r\n") {
        replacement.replace('\n', "\r\n")
    } else {
        replacement.to_string()
    }
}

/// `text` with `edits` (non-overlapping) applied.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    crate::sort::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in sorted {
        let (s, end) = (e.span.start as usize, e.span.end as usize);
        if s < at || end > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&in_line_endings(text, &e.replacement));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether a fix may be applied to this tree: every file it edits is readable text and not
/// protected, every file it creates is a new path.
fn applicable(files: &FileSet, fix: &Fix, protected: &BTreeSet<String>) -> Result<(), bool> {
    for e in &fix.edits {
        if e.span.file.index() >= files.len() {
            return Err(false);
        }
        let f = files.get(e.span.file);
        if protected.contains(f.path()) {
            return Err(true);
        }
        if f.problem().is_some() || f.is_binary() {
            return Err(false);
        }
    }
    if fix.edits.is_empty() && fix.creates.is_empty() {
        return Err(false);
    }
    Ok(())
}

/// Apply one round of fixes from `diagnostics` to `files`. Returns the new texts by path (new
/// files included) and how many fixes went in.
pub fn apply_round(
    files: &FileSet,
    diagnostics: &[Diagnostic],
    options: &FixOptions,
    skipped_protected: &mut Vec<&'static str>,
) -> (BTreeMap<String, String>, usize) {
    let mut round = Round {
        edits: BTreeMap::new(),
        creates: BTreeMap::new(),
        accepted: Vec::new(),
    };
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if !allowed(fix, options.unsafe_fixes) {
            continue;
        }
        match applicable(files, fix, &options.protected) {
            Ok(()) => {
                round.try_add(files, fix);
            }
            Err(true) => skipped_protected.push(d.code),
            Err(false) => {}
        }
    }
    let mut out = BTreeMap::new();
    for (file, edits) in &round.edits {
        let f = files.get(*file);
        out.insert(f.path().to_string(), apply_edits(f.text(), edits));
    }
    for (path, c) in &round.creates {
        out.insert(path.clone(), c.contents.clone());
    }
    (out, round.accepted.len())
}

/// Lint `files` and apply fixes round after round (see the module documentation).
/// `refine` is called on every round's report before its fixes are taken: the front-end's own
/// filtering (per-path ignores) so a finding it hides is not fixed either.
pub fn fix_tree(
    files: &FileSet,
    config: &Config,
    options: &FixOptions,
    refine: &mut dyn FnMut(&FileSet, &mut Report),
) -> FixedTree {
    let mut current = files.clone();
    let mut applied = 0usize;
    let mut rounds = 0usize;
    let mut skipped_protected = Vec::new();
    let mut originals: BTreeMap<String, Option<String>> = BTreeMap::new();
    loop {
        let mut report = crate::lint(&current, config);
        refine(&current, &mut report);
        rounds += 1;
        if rounds > options.max_rounds.max(1) {
            return finish(
                current,
                report,
                originals,
                applied,
                rounds,
                skipped_protected,
            );
        }
        let mut skipped = Vec::new();
        let (texts, n) = apply_round(&current, &report.diagnostics, options, &mut skipped);
        if rounds == 1 {
            skipped_protected = skipped;
        }
        if n == 0 || texts.is_empty() {
            return finish(
                current,
                report,
                originals,
                applied,
                rounds,
                skipped_protected,
            );
        }
        applied += n;
        for (path, text) in texts {
            originals.entry(path.clone()).or_insert_with(|| {
                current
                    .lookup(&path)
                    .map(|id| current.get(id).text().into())
            });
            current.add_text(&path, &text);
        }
    }
}

/// Apply the fix of one finding alone (the page's and an editor's "apply this fix"): the tree
/// is linted (and `refine`d) once, the first finding `pick` accepts has its fix applied if
/// `options` allow it, and the fixed tree is linted again for [`FixedTree::report`]. Nothing
/// is applied when no finding is picked or its fix is not allowed.
pub fn fix_finding(
    files: &FileSet,
    config: &Config,
    options: &FixOptions,
    refine: &mut dyn FnMut(&FileSet, &mut Report),
    pick: &mut dyn FnMut(&FileSet, &Diagnostic) -> bool,
) -> FixedTree {
    let mut report = crate::lint(files, config);
    refine(files, &mut report);
    let chosen: Vec<Diagnostic> = report
        .diagnostics
        .iter()
        .find(|d| pick(files, d))
        .cloned()
        .into_iter()
        .collect();
    let mut skipped_protected = Vec::new();
    let (texts, applied) = apply_round(files, &chosen, options, &mut skipped_protected);
    if applied == 0 {
        return finish(
            files.clone(),
            report,
            BTreeMap::new(),
            0,
            1,
            skipped_protected,
        );
    }
    let mut current = files.clone();
    let mut originals = BTreeMap::new();
    for (path, text) in texts {
        originals.insert(
            path.clone(),
            current
                .lookup(&path)
                .map(|id| current.get(id).text().into()),
        );
        current.add_text(&path, &text);
    }
    let mut report = crate::lint(&current, config);
    refine(&current, &mut report);
    finish(current, report, originals, applied, 2, skipped_protected)
}

impl FixedTree {
    /// The unified diff of every change in path order: what `--diff` prints.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for (path, Change { before, after }) in &self.changes {
            out.push_str(&crate::render::diff::unified(
                path,
                before.as_deref(),
                after,
            ));
        }
        out
    }
}

fn finish(
    files: FileSet,
    report: Report,
    originals: BTreeMap<String, Option<String>>,
    applied: usize,
    rounds: usize,
    skipped_protected: Vec<&'static str>,
) -> FixedTree {
    let mut changes = BTreeMap::new();
    for (path, before) in originals {
        let Some(id) = files.lookup(&path) else {
            continue;
        };
        let after = files.get(id).text().to_string();
        if before.as_deref() != Some(after.as_str()) {
            changes.insert(path, Change { before, after });
        }
    }
    FixedTree {
        files,
        report,
        changes,
        applied,
        rounds,
        skipped_protected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::files::Span;
    use crate::rule::RuleMeta;

    const META: RuleMeta = RuleMeta {
        code: "XX001",
        name: "test",
        severity: Severity::Error,
        summary: "",
        raw_docs: "",
        fix: None,
    };

    fn edit(file: FileId, r: std::ops::Range<usize>, s: &str) -> Edit {
        Edit {
            span: Span::new(file, r),
            replacement: s.into(),
        }
    }

    fn diag(edits: Vec<Edit>, applicability: Applicability) -> Diagnostic {
        Diagnostic::new(&META, "m").fix_all(Fix {
            description: "d".into(),
            applicability,
            edits,
            creates: Vec::new(),
        })
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let mut files = FileSet::new();
        let a = files.add_text("a", "abcdef");
        let ds = vec![
            diag(vec![edit(a, 0..3, "X")], Applicability::Safe),
            diag(vec![edit(a, 2..4, "Y")], Applicability::Safe),
            diag(vec![edit(a, 4..6, "Z")], Applicability::Safe),
        ];
        let (out, n) = apply_round(&files, &ds, &FixOptions::default(), &mut Vec::new());
        assert_eq!(n, 2);
        assert_eq!(out["a"], "XdZ");
    }

    #[test]
    fn unsafe_fixes_only_when_asked_and_duplicates_once() {
        let mut files = FileSet::new();
        let a = files.add_text("a", "one\r\ntwo\r\n");
        let b = files.add_text("b", "x");
        let cross = vec![edit(a, 0..3, "1\n"), edit(b, 0..1, "y")];
        let ds = vec![
            diag(cross.clone(), Applicability::Safe),
            diag(cross, Applicability::Safe),
            diag(vec![edit(a, 5..8, "2")], Applicability::Unsafe),
        ];
        let (out, n) = apply_round(&files, &ds, &FixOptions::default(), &mut Vec::new());
        assert_eq!(n, 1);
        assert_eq!(out["a"], "1\r\n\r\ntwo\r\n");
        assert_eq!(out["b"], "y");
        let opts = FixOptions {
            unsafe_fixes: true,
            ..FixOptions::default()
        };
        let (out, n) = apply_round(&files, &ds, &opts, &mut Vec::new());
        assert_eq!(n, 2);
        assert_eq!(out["a"], "1\r\n\r\n2\r\n");
    }

    #[test]
    fn protected_files_are_never_edited() {
        let mut files = FileSet::new();
        let a = files.add_text("a", "abc");
        let ds = vec![diag(vec![edit(a, 0..1, "X")], Applicability::Safe)];
        let opts = FixOptions {
            protected: ["a".to_string()].into(),
            ..FixOptions::default()
        };
        let mut skipped = Vec::new();
        let (out, n) = apply_round(&files, &ds, &opts, &mut skipped);
        assert_eq!((out.len(), n), (0, 0));
        assert_eq!(skipped, vec!["XX001"]);
    }

    /// zk1 of a three-server ensemble whose `myid` (2) disagrees with its `server.1` line.
    fn myid_mismatch() -> FileSet {
        let mut files = FileSet::new();
        files.add_text(
            "zk1/etc/zookeeper/conf/zoo.cfg",
            "dataDir=/var/lib/zookeeper\nclientPort=2181\nserver.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n",
        );
        files.add_text("zk1/etc/hostname", "zk1\n");
        files.add_text("zk1/etc/zookeeper/conf/myid", "2\n");
        files
    }

    #[test]
    fn one_finding_is_fixed_alone() {
        let files = myid_mismatch();
        let all = fix_tree(
            &files,
            &Config::default(),
            &FixOptions::default(),
            &mut |_, _| {},
        );
        let mut code = None;
        let one = fix_finding(
            &files,
            &Config::default(),
            &FixOptions::default(),
            &mut |_, _| {},
            &mut |_, d| {
                let safe = d.fix.as_ref().is_some_and(|f| allowed(f, false));
                if safe {
                    code = Some(d.code);
                }
                safe
            },
        );
        assert!(code.is_some());
        assert_eq!(one.applied, 1);
        assert_eq!(
            one.changes, all.changes,
            "the tree's one fix, as --fix applies it"
        );
        assert!(
            one.diff()
                .starts_with("--- a/zk1/etc/zookeeper/conf/myid\n"),
            "{}",
            one.diff()
        );
        assert!(one.report.diagnostics.iter().all(|d| Some(d.code) != code));
        let none = fix_finding(
            &files,
            &Config::default(),
            &FixOptions::default(),
            &mut |_, _| {},
            &mut |_, _| false,
        );
        assert_eq!((none.applied, none.changes.len()), (0, 0));
    }

    #[test]
    fn myid_fix_brings_the_tree_into_agreement() {
        let files = myid_mismatch();
        let fixed = fix_tree(
            &files,
            &Config::default(),
            &FixOptions::default(),
            &mut |_, _| {},
        );
        let myid = &fixed.changes["zk1/etc/zookeeper/conf/myid"];
        assert_eq!(myid.after, "1\n");
        assert!(fixed.applied >= 1);
        assert!(fixed
            .report
            .diagnostics
            .iter()
            .all(|d| d.fix.as_ref().is_none_or(|f| !allowed(f, false))));
    }
}
