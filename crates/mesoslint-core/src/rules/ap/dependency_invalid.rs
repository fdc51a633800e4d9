use std::collections::{BTreeMap, BTreeSet};

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::apps::{canonical_path, parent_of, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::is_template;

declare_rule! {
    /// ## What it does
    /// Checks the `dependencies` of the apps of the tree, resolved as Marathon resolves them
    /// (relative to the app's group): a cycle (`/a` depends on `/b`, which depends on `/a`) is
    /// an error; a dependency on an app, pod or group that is not defined anywhere in the tree
    /// is a warning (it may be deployed from elsewhere).
    ///
    /// The same for the `parents` of Chronos dependent jobs (a job with `parents` and no
    /// `schedule`, posted to `/scheduler/dependency`), as Chronos 3.0.2 judges them: an empty
    /// list is an error ("Error, parent does not exist", `DependentJobResource.scala:42`), a
    /// parent that is no job of the tree a warning (Chronos needs every parent first: "JobSchedule
    /// <name> does not have all parents defined!", `JobGraph.scala:28-31`), and a cycle an
    /// error (jobs live in a `DirectedAcyclicGraph`, `JobGraph.scala:22`, which refuses the
    /// closing edge).
    ///
    /// ## Why is this bad?
    /// Marathon refuses a group with a cycle ("Dependency graph has cyclic dependencies.").
    /// A dependency on something that does not exist is accepted and silently ignored when the
    /// deployment plan is built, so the start order the author meant does not happen.
    ///
    /// ## Example
    /// ### Invalid: a cycle
    /// ```json file:marathon/group.json
    /// {"id": "/shop", "apps": [{"id": "web", "cmd": "web", "dependencies": ["api"]},
    ///                          {"id": "api", "cmd": "api", "dependencies": ["web"]}]}
    /// ```
    /// ### Valid
    /// ```json file:marathon/group.json
    /// {"id": "/shop", "apps": [{"id": "web", "cmd": "web", "dependencies": ["api"]},
    ///                          {"id": "api", "cmd": "api"}]}
    /// ```
    ///
    /// ## How to fix
    /// Remove the edge that closes the cycle; fix the id of a dependency that does not exist.
    ///
    /// ## References
    /// - Marathon `src/main/scala/mesosphere/marathon/state/RootGroup.scala`
    ///   (`noCyclicDependencies`); `docs/docs/application-groups.md`.
    pub struct DependencyInvalid {
        code: "AP011",
        name: "dependency-invalid",
        severity: Error,
        summary: "App dependencies or Chronos parents that form a cycle or name nothing in the tree",
    }
}

impl Rule for DependencyInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let apps = &cx.cluster.apps;
        let mut known: BTreeSet<&str> = apps.marathon().filter_map(|d| d.id.as_deref()).collect();
        known.extend(apps.groups.iter().map(|g| g.id.as_str()));
        // edges: app id -> (dependency id, its value)
        let mut edges: BTreeMap<&str, Vec<(String, &JsonValue, &Definition)>> = BTreeMap::new();
        for def in apps.marathon() {
            let (Some(id), Some(deps)) = (
                def.id.as_deref(),
                def.get("dependencies").and_then(JsonValue::as_array),
            ) else {
                continue;
            };
            for v in deps {
                let Some(dep) = v.as_str().filter(|d| !is_template(d)) else {
                    continue;
                };
                let resolved = canonical_path(dep, parent_of(id));
                let exists = known.contains(resolved.as_str())
                    || known.iter().any(|k| k.starts_with(&format!("{resolved}/")));
                if !exists {
                    sink.report(
                        Diagnostic::new(&Self::META, format!("{} depends on `{resolved}`, which is not defined in this tree", def.describe()))
                            .severity(Severity::Warning)
                            .primary(def.span(v), "not defined here")
                            .note("Marathon ignores a dependency on something that does not exist: the start order is not enforced")
                            .help("fix the id, or define the dependency in the tree"),
                    );
                }
                edges.entry(id).or_default().push((resolved, v, def));
            }
        }
        report_cycles(sink, &edges);
        super::chronos::parents(&Self::META, apps, sink);
    }
}

/// Depth-first search with an explicit stack; each edge that closes a cycle is reported once.
fn report_cycles(sink: &mut Sink, edges: &BTreeMap<&str, Vec<(String, &JsonValue, &Definition)>>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = BTreeMap::new();
    for &start in edges.keys() {
        if mark.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::Open);
        while let Some((node, i)) = stack.pop() {
            let out = edges.get(node).map_or(&[][..], Vec::as_slice);
            let Some((to, v, def)) = out.get(i) else {
                mark.insert(node, Mark::Done);
                continue;
            };
            stack.push((node, i + 1));
            let to = to.as_str();
            match mark.get(to) {
                Some(Mark::Open) => sink.report(
                    Diagnostic::new(
                        &DependencyInvalid::META,
                        format!("{}: dependency on `{to}` closes a cycle", def.describe()),
                    )
                    .primary(def.span(v), "closes a dependency cycle")
                    .note(
                        "Marathon refuses the group: \"Dependency graph has cyclic dependencies.\"",
                    )
                    .help("remove one dependency of the cycle"),
                ),
                Some(Mark::Done) => {}
                // a node without dependencies of its own cannot be on a cycle
                None if edges.contains_key(to) => {
                    mark.insert(to, Mark::Open);
                    stack.push((to, 0));
                }
                None => {}
            }
        }
    }
}
