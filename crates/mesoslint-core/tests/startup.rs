//! Start-up parity: one fixture per row of STARTUP.md (every check the daemons make on their
//! configuration while starting), under `tests/startup/` at the repository root.
//!
//! Layout:
//! - `tests/startup/rows.tsv`: every row: `id <TAB> daemon <TAB> static <TAB> condition`;
//! - `tests/startup/pending.txt`: rows whose fixture is not written yet (to be emptied);
//! - `tests/startup/<row>/case.toml`: `row`, `codes` (the rules that catch it), `reason`
//!   (required when `codes` is empty), an optional `[config]` table (a `mesoslint.toml` for
//!   every tree of the row) and optional `versions` (the releases that have the check);
//! - `tests/startup/<row>/invalid*/`: trees the daemon rejects: every code must fire;
//! - `tests/startup/<row>/valid*/`: the closest valid variants: none of the codes fires, and
//!   no finding of error severity at all.
//!
//! The test also renders `docs/startup-coverage.md` from the fixtures and compares it with the
//! committed file; `UPDATE_STARTUP_COVERAGE=1 cargo test -p mesoslint-core --test startup`
//! rewrites it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mesoslint_core::{lint, registry, render, Config, Severity};

const UPDATE_VAR: &str = "UPDATE_STARTUP_COVERAGE";
const DOC_PATH: &str = "docs/startup-coverage.md";

/// The groups of STARTUP.md, by id prefix, in its order.
const GROUPS: &[(&str, &str)] = &[
    (
        "mc",
        "Mesos master and agent (flag loading, logging, libprocess)",
    ),
    ("mm", "Mesos master"),
    ("ma", "Mesos agent"),
    ("zk", "ZooKeeper"),
    ("mr", "Marathon"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Static {
    Yes,
    Partly,
    No,
}

impl Static {
    fn parse(s: &str) -> Option<Static> {
        match s {
            "yes" => Some(Static::Yes),
            "partly" => Some(Static::Partly),
            "no" => Some(Static::No),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Static::Yes => "yes",
            Static::Partly => "partly",
            Static::No => "no",
        }
    }
}

struct Row {
    id: String,
    daemon: String,
    statically: Static,
    condition: String,
}

impl Row {
    fn group(&self) -> &str {
        self.id.split('-').next().unwrap_or("")
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    row: String,
    #[serde(default)]
    codes: Vec<String>,
    reason: Option<String>,
    config: Option<toml::Value>,
    versions: Option<String>,
}

/// What the fixtures say about one row.
enum Outcome {
    /// Listed in pending.txt.
    Pending,
    /// No usable fixture (the failure says why).
    Broken,
    /// Not caught statically, for this reason.
    Reason(String),
    /// Caught by these codes (every invalid tree fires them, the valid ones stay clean).
    Caught(Vec<String>),
}

struct RowResult {
    outcome: Outcome,
    versions: Option<String>,
}

struct Results {
    rows: Vec<Row>,
    by_row: BTreeMap<String, RowResult>,
    failures: Vec<String>,
}

fn startup_root() -> PathBuf {
    common::repo_path("tests/startup")
}

fn read_rows(failures: &mut Vec<String>) -> Vec<Row> {
    let path = startup_root().join("rows.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, daemon, statically, condition] = fields.as_slice() else {
            failures.push(format!(
                "rows.tsv line {}: expected 4 tab-separated fields, found {}",
                n + 1,
                fields.len()
            ));
            continue;
        };
        let Some(statically) = Static::parse(statically) else {
            failures.push(format!(
                "rows.tsv line {}: row {id}: static must be yes, partly or no, not `{statically}`",
                n + 1
            ));
            continue;
        };
        if !GROUPS.iter().any(|(g, _)| id.split('-').next() == Some(*g)) {
            failures.push(format!(
                "rows.tsv line {}: row `{id}` belongs to no group",
                n + 1
            ));
            continue;
        }
        if rows.iter().any(|r| r.id == *id) {
            failures.push(format!("rows.tsv line {}: row {id} listed twice", n + 1));
            continue;
        }
        rows.push(Row {
            id: id.to_string(),
            daemon: daemon.to_string(),
            statically,
            condition: condition.to_string(),
        });
    }
    rows
}

fn read_pending(rows: &[Row], failures: &mut Vec<String>) -> BTreeSet<String> {
    let path = startup_root().join("pending.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let id = line.split('#').next().unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        if !rows.iter().any(|r| r.id == id) {
            failures.push(format!(
                "pending.txt names `{id}`, which is no row of rows.tsv"
            ));
        }
        out.insert(id.to_string());
    }
    out
}

/// The subdirectories of a row's directory whose names start with `prefix`, sorted.
fn trees(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_dir()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn case_config(row: &str, case: &Case, failures: &mut Vec<String>) -> Option<Config> {
    let Some(table) = &case.config else {
        return Some(Config::default());
    };
    let text = match toml::to_string(table) {
        Ok(t) => t,
        Err(e) => {
            failures.push(format!("{row}: [config] does not serialise: {e}"));
            return None;
        }
    };
    match toml::from_str::<Config>(&text) {
        Ok(c) => Some(c),
        Err(e) => {
            failures.push(format!(
                "{row}: [config] is not a valid mesoslint.toml: {e}"
            ));
            None
        }
    }
}

/// Check one row's fixture; failures name the row.
fn check_case(row: &Row, dir: &Path, failures: &mut Vec<String>) -> RowResult {
    let id = &row.id;
    let broken = |versions| RowResult {
        outcome: Outcome::Broken,
        versions,
    };
    let case_path = dir.join("case.toml");
    let text = match std::fs::read_to_string(&case_path) {
        Ok(t) => t,
        Err(_) => {
            failures.push(format!("{id}: {} is missing", case_path.display()));
            return broken(None);
        }
    };
    let case: Case = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            failures.push(format!("{id}: bad case.toml: {e}"));
            return broken(None);
        }
    };
    let versions = case.versions.clone();
    let before = failures.len();
    if case.row != *id {
        failures.push(format!(
            "{id}: case.toml says row = \"{}\" in the directory of {id}",
            case.row
        ));
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let ok = name == "case.toml"
            || (entry.path().is_dir()
                && (name.starts_with("invalid") || name.starts_with("valid")));
        if !ok {
            failures.push(format!(
                "{id}: `{name}` is neither case.toml nor an invalid*/valid* tree"
            ));
        }
    }
    for code in &case.codes {
        if registry::find(code).is_none_or(|r| r.meta().code != code) {
            failures.push(format!("{id}: `{code}` is no registered rule code"));
        }
    }
    let has_reason = case.reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    match row.statically {
        Static::No if !case.codes.is_empty() => failures.push(format!(
            "{id}: the row is not static (`static = no`) but claims codes {:?}",
            case.codes
        )),
        Static::No if !has_reason => {
            failures.push(format!("{id}: a row that is not static needs a `reason`"))
        }
        _ if case.codes.is_empty() && !has_reason => failures.push(format!(
            "{id}: a {} row needs `codes` that catch it, or a `reason` why no static rule can",
            row.statically.as_str()
        )),
        _ => {}
    }
    let invalid = trees(dir, "invalid");
    let valid = trees(dir, "valid");
    if case.codes.is_empty() {
        if !invalid.is_empty() {
            failures.push(format!(
                "{id}: invalid trees but no codes to expect on them"
            ));
        }
    } else {
        if invalid.is_empty() {
            failures.push(format!("{id}: no invalid* tree"));
        }
        if valid.is_empty() {
            failures.push(format!("{id}: no valid* tree (the closest valid variant)"));
        }
    }
    let Some(config) = case_config(id, &case, failures) else {
        return broken(versions);
    };
    for tree in invalid.iter().chain(&valid) {
        let tree_name = tree.file_name().unwrap_or_default().to_string_lossy();
        let files = common::read_files(tree, |_| true);
        if files.is_empty() {
            failures.push(format!("{id}/{tree_name}: the tree holds no file"));
            continue;
        }
        let report = lint(&files, &config);
        let fired: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        let is_invalid = tree_name.starts_with("invalid");
        if is_invalid {
            let missed: Vec<&String> = case
                .codes
                .iter()
                .filter(|c| !fired.contains(c.as_str()))
                .collect();
            if !missed.is_empty() {
                failures.push(format!(
                    "{id}/{tree_name}: not caught: {missed:?} did not fire ({})\n{}",
                    row.condition,
                    render::render_report(&files, &report)
                ));
            }
        } else {
            let wrong: Vec<&String> = case
                .codes
                .iter()
                .filter(|c| fired.contains(c.as_str()))
                .collect();
            let errors: Vec<&str> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.code)
                .collect();
            if !wrong.is_empty() || !errors.is_empty() {
                failures.push(format!(
                    "{id}/{tree_name}: a valid variant, but {}\n{}",
                    if wrong.is_empty() {
                        format!("errors fired: {errors:?}")
                    } else {
                        format!("{wrong:?} fired")
                    },
                    render::render_report(&files, &report)
                ));
            }
        }
    }
    let outcome = if failures.len() > before {
        Outcome::Broken
    } else if case.codes.is_empty() {
        Outcome::Reason(case.reason.unwrap_or_default().trim().to_string())
    } else {
        Outcome::Caught(case.codes)
    };
    RowResult { outcome, versions }
}

fn compute() -> Results {
    let mut failures = Vec::new();
    let rows = read_rows(&mut failures);
    let pending = read_pending(&rows, &mut failures);
    let root = startup_root();
    let mut by_row = BTreeMap::new();
    for row in &rows {
        let dir = root.join(&row.id);
        let has_dir = dir.is_dir();
        let result = match (pending.contains(&row.id), has_dir) {
            (true, true) => {
                failures.push(format!(
                    "{}: has a fixture but is listed in pending.txt: remove it from the list",
                    row.id
                ));
                check_case(row, &dir, &mut failures)
            }
            (true, false) => RowResult {
                outcome: Outcome::Pending,
                versions: None,
            },
            (false, false) => {
                failures.push(format!(
                    "{}: no fixture: tests/startup/{}/ is missing ({})",
                    row.id, row.id, row.condition
                ));
                RowResult {
                    outcome: Outcome::Broken,
                    versions: None,
                }
            }
            (false, true) => check_case(row, &dir, &mut failures),
        };
        by_row.insert(row.id.clone(), result);
    }
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_dir() && !rows.iter().any(|r| r.id == name) {
            failures.push(format!("tests/startup/{name}/ names no row of rows.tsv"));
        }
    }
    Results {
        rows,
        by_row,
        failures,
    }
}

fn results() -> &'static Results {
    static RESULTS: OnceLock<Results> = OnceLock::new();
    RESULTS.get_or_init(compute)
}

fn percent(caught: usize, of: usize) -> String {
    if of == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", caught as f64 * 100.0 / of as f64)
    }
}

/// Table cells: `|` escaped, newlines folded.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn render_coverage(r: &Results) -> String {
    let mut out = String::new();
    out.push_str("# Start-up coverage\n\n");
    out.push_str(
        "<!-- Generated by crates/mesoslint-core/tests/startup.rs from tests/startup/: do not edit.\n     \
         Regenerate with `UPDATE_STARTUP_COVERAGE=1 cargo test -p mesoslint-core --test startup`. -->\n\n",
    );
    out.push_str(
        "Every check that mesos-master, the Mesos agent, ZooKeeper and Marathon make on their \
         configuration while starting (the rows of STARTUP.md) has a fixture under \
         `tests/startup/<row>/`: trees the daemon rejects, on which the row's rules must fire, \
         and the closest valid variants, on which they must not (nor any other error). A static \
         row is *caught* when its fixture passes with at least one rule; rows that depend on \
         the host (DNS, kernel, installed binaries) say why no static rule can see them.\n\n",
    );
    out.push_str("| group | rows | static rows | caught | caught of static |\n");
    out.push_str("|---|---|---|---|---|\n");
    let count = |pred: &dyn Fn(&Row) -> bool| -> (usize, usize, usize) {
        let rows: Vec<&Row> = r.rows.iter().filter(|row| pred(row)).collect();
        let statics: Vec<&&Row> = rows
            .iter()
            .filter(|row| row.statically != Static::No)
            .collect();
        let caught = statics
            .iter()
            .filter(|row| {
                matches!(
                    r.by_row.get(&row.id).map(|x| &x.outcome),
                    Some(Outcome::Caught(_))
                )
            })
            .count();
        (rows.len(), statics.len(), caught)
    };
    let mut line = |name: &str, (n, s, c): (usize, usize, usize)| {
        let _ = writeln!(out, "| {name} | {n} | {s} | {c} | {} |", percent(c, s));
    };
    for (prefix, name) in GROUPS {
        line(name, count(&|row: &Row| row.group() == *prefix));
    }
    line(
        "**Mesos** (master and agent together)",
        count(&|row: &Row| matches!(row.group(), "mc" | "mm" | "ma")),
    );
    line("**all**", count(&|_| true));
    out.push('\n');
    for (prefix, name) in GROUPS {
        let _ = writeln!(out, "## {name}\n");
        out.push_str("| row | daemon | static | condition | caught by | versions |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for row in r.rows.iter().filter(|row| row.group() == *prefix) {
            let result = r.by_row.get(&row.id);
            let by = match result.map(|x| &x.outcome) {
                Some(Outcome::Caught(codes)) => codes.join(", "),
                Some(Outcome::Reason(reason)) => format!("not caught: {reason}"),
                Some(Outcome::Pending) => "pending (no fixture yet)".to_string(),
                Some(Outcome::Broken) | None => "fixture failing".to_string(),
            };
            let versions = result.and_then(|x| x.versions.as_deref()).unwrap_or("");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                row.id,
                cell(&row.daemon),
                row.statically.as_str(),
                cell(&row.condition),
                cell(&by),
                cell(versions)
            );
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_row_has_a_fixture_and_every_fixture_is_caught() {
    let r = results();
    assert!(!r.rows.is_empty(), "rows.tsv holds no row");
    assert!(
        r.failures.is_empty(),
        "{} start-up fixture failure(s):\n\n{}",
        r.failures.len(),
        r.failures.join("\n\n")
    );
}

#[test]
fn coverage_doc_is_current() {
    let r = results();
    let rendered = render_coverage(r);
    let path = common::repo_path(DOC_PATH);
    if std::env::var_os(UPDATE_VAR).is_some() {
        std::fs::write(&path, &rendered)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == rendered,
        "{DOC_PATH} is stale: run `{UPDATE_VAR}=1 cargo test -p mesoslint-core --test startup`"
    );
}
