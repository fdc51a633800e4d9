//! Chronos job checks beyond the schedule's syntax, as Chronos 3.0.2 makes them when a job is
//! posted (`scheduler/api/Iso8601JobResource.scala`, `DependentJobResource.scala`,
//! `scheduler/graph/JobGraph.scala`, `scheduler/jobs/JobUtils.scala`). Each rule that owns
//! the field calls in: AP002 for names, AP011 for parents, AP012 for the start date.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::apps::{Apps, DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{RuleMeta, Sink};

use super::util::{is_template, shown};

fn jobs(apps: &Apps) -> impl Iterator<Item = &Definition> {
    apps.defs.iter().filter(|d| d.kind == DefKind::Chronos)
}

/// `JobUtils.jobNamePattern` `([\w\.-]+)`, matched whole (Java's `\w` is ASCII).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// AP002: a job name Chronos refuses (both resources check it first, v3.0.2
/// `Iso8601JobResource.scala:38`, `DependentJobResource.scala:40`).
pub(super) fn names(meta: &'static RuleMeta, apps: &Apps, sink: &mut Sink) {
    for def in jobs(apps) {
        let Some(v) = def.id_value.as_ref() else {
            continue;
        };
        let Some(name) = v.as_str().filter(|n| !is_template(n)) else {
            continue;
        };
        if valid_name(name) {
            continue;
        }
        sink.report(
            Diagnostic::new(meta, format!("Chronos job name `{}` is refused", shown(name)))
                .primary(def.span(v), "letters, digits, `_`, `.` and `-` only")
                .note("Chronos refuses the job (400): \"the job's name is invalid. Allowed names: '([\\w\\.-]+)'\"")
                .help("use letters, digits, `_`, `.` and `-` (no spaces or slashes)"),
        );
    }
}

/// AP012: a start before 1970, which Chronos refuses ("Scheduled start date '<date>' is
/// before 1970!", v3.0.2 `Iso8601JobResource.scala:50-57`).
pub(super) fn start_before_1970(meta: &'static RuleMeta, def: &Definition, sink: &mut Sink) {
    let Some(v) = def.get("schedule") else { return };
    let Some(start) = v.as_str().and_then(|s| s.split('/').nth(1)) else {
        return;
    };
    let Some(year) = start.get(..4).and_then(|y| y.parse::<u32>().ok()) else {
        return;
    };
    if year >= 1970 {
        return;
    }
    sink.report(
        Diagnostic::new(
            meta,
            format!(
                "{}: the schedule starts in {year}, before 1970",
                def.describe()
            ),
        )
        .primary(def.span(v), "start before 1970")
        .note(format!(
            "Chronos refuses the job (400): \"Scheduled start date '{start}' is before 1970!\""
        ))
        .help("start the schedule at a date after 1970 (leave it empty to start now: R//P1D)"),
    );
}

/// AP011: the parents of dependent jobs (a job with `parents` and no `schedule`, posted to
/// `/scheduler/dependency`): an empty list, a parent that is no job of the tree, a cycle.
pub(super) fn parents(meta: &'static RuleMeta, apps: &Apps, sink: &mut Sink) {
    let known: BTreeSet<&str> = jobs(apps).filter_map(|d| d.id.as_deref()).collect();
    let mut edges: BTreeMap<&str, Vec<(&str, &JsonValue, &Definition)>> = BTreeMap::new();
    for def in jobs(apps) {
        if def.get("schedule").is_some() {
            continue;
        }
        let Some(list) = def.get("parents").and_then(JsonValue::as_array) else {
            continue;
        };
        if list.is_empty() {
            sink.report(
                Diagnostic::new(
                    meta,
                    format!("{} is a dependent job without parents", def.describe()),
                )
                .severity(Severity::Error)
                .primary(
                    def.span(def.get("parents").unwrap_or(&def.value)),
                    "no parents",
                )
                .note("Chronos refuses the job: \"Error, parent does not exist\"")
                .help("name the jobs it runs after, or give it a schedule"),
            );
            continue;
        }
        for v in list {
            let Some(p) = v.as_str().filter(|p| !is_template(p)) else {
                continue;
            };
            if !known.contains(p) {
                sink.report(
                    Diagnostic::new(meta, format!("{}: parent `{}` is no Chronos job of this tree", def.describe(), shown(p)))
                        .severity(Severity::Warning)
                        .primary(def.span(v), "not defined here")
                        .note("Chronos takes a dependent job only when all its parents exist (\"JobSchedule <name> does not have all parents defined!\", JobGraph.scala v3.0.2 `:28-31`); post the parent first")
                        .help("fix the name, or define the parent job in the tree"),
                );
            }
            if let Some(id) = def.id.as_deref() {
                edges.entry(id).or_default().push((p, v, def));
            }
        }
    }
    cycles(meta, &edges, sink);
}

/// Chronos keeps jobs in a `DirectedAcyclicGraph` (`JobGraph.scala:22`): the edge that would
/// close a cycle is refused. Depth-first with an explicit stack, each closing edge once.
fn cycles(
    meta: &'static RuleMeta,
    edges: &BTreeMap<&str, Vec<(&str, &JsonValue, &Definition)>>,
    sink: &mut Sink,
) {
    // parent -> child is the graph's direction; a cycle is one either way
    let mut open: BTreeSet<&str> = BTreeSet::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in edges.keys() {
        if done.contains(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        open.insert(start);
        while let Some((node, i)) = stack.pop() {
            let out = edges.get(node).map_or(&[][..], Vec::as_slice);
            let Some(&(to, v, def)) = out.get(i) else {
                open.remove(node);
                done.insert(node);
                continue;
            };
            stack.push((node, i + 1));
            if open.contains(to) {
                sink.report(
                    Diagnostic::new(meta, format!("{}: parent `{to}` closes a cycle of Chronos jobs", def.describe()))
                        .severity(Severity::Error)
                        .primary(def.span(v), "closes a cycle")
                        .note("Chronos keeps its jobs in a directed acyclic graph and refuses the dependency that closes a cycle")
                        .help("remove one parent of the cycle"),
                );
            } else if !done.contains(to) && edges.contains_key(to) {
                open.insert(to);
                stack.push((to, 0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn names() {
        for ok in ["nightly", "etl.load-2", "A_b"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "nightly report", "etl/load", "épicerie"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
