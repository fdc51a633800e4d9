//! Marathon app, group and pod definitions and Chronos jobs found in the tree, by content:
//! a JSON file that is one of them is read as such wherever it sits.
//!
//! What makes a definition (the fields Marathon's `/v2/apps`, `/v2/groups` and `/v2/pods`
//! and Chronos' `/scheduler/iso8601` need before anything else):
//! - an **app**: an object with `id` and one of `cmd`, `args` or `container`;
//! - a **pod**: `id` and a `containers` array;
//! - a **group**: an object with an `apps`, `groups` or `pods` array (the `id` may be absent
//!   for the root group of `/v2/groups`); its members are read recursively and their ids
//!   resolved against the group's as Marathon's `PathId.canonicalPath` does;
//! - a **Chronos job**: `name`, `command` and `schedule` or `parents`.
//!
//! A top-level array of such objects (a file of several apps) is read element by element.
//! YAML files (`*.yml`, `*.yaml`, other than compose files) are read the same way through
//! [`super::apps_yaml`].
//! Files in the daemons' own flag directories are never read as definitions: a JSON-valued
//! Mesos flag file (`acls`, `credentials`) is not an app.
//!
//! `[apps] paths` of mesoslint.toml names files explicitly ([`find_named`]): they are read as
//! definitions whatever their name, place or content says (an object with an `id` alone is an
//! app that fails validation), a named file that does not parse is an error even when it
//! names no definition field, and a named file that holds no definition is recorded in
//! [`Apps::not_definitions`] with its place.

use std::ops::Range;

use crate::config::{AppsDecl, ConfigPlace};
use crate::files::{FileId, FileSet, Span};
use crate::parse::glob::Glob;
use crate::parse::json::{parse_json, JsonKind, JsonValue};
use crate::parse::SyntaxError;

/// What a definition is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefKind {
    App,
    Pod,
    Chronos,
}

impl DefKind {
    pub fn noun(self) -> &'static str {
        match self {
            DefKind::App => "app",
            DefKind::Pod => "pod",
            DefKind::Chronos => "Chronos job",
        }
    }
}

/// One app, pod or Chronos job.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub file: FileId,
    pub kind: DefKind,
    /// The id as Marathon stores it: absolute, `.` and `..` resolved against the enclosing
    /// group (a Chronos job: its `name`). `None` when the id is missing or not a string.
    pub id: Option<String>,
    /// The `id` (or `name`) value as written, if any.
    pub id_value: Option<JsonValue>,
    /// The enclosing group (an index in [`Apps::groups`]).
    pub group: Option<usize>,
    /// The definition's object.
    pub value: JsonValue,
}

impl Definition {
    /// The span of a value of this definition.
    pub fn span(&self, v: &JsonValue) -> Span {
        Span::new(self.file, v.span.clone())
    }

    /// The span to point at for the definition as a whole: its id, else its opening brace.
    pub fn anchor(&self) -> Span {
        match &self.id_value {
            Some(v) => self.span(v),
            None => Span::new(self.file, self.value.span.start..self.value.span.start + 1),
        }
    }

    /// `app /web` or `pod /db/pod` or `Chronos job nightly`, for messages.
    pub fn describe(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {id}", self.kind.noun()),
            None => format!("{} without an id", self.kind.noun()),
        }
    }

    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.value.get(key)
    }

    /// A value under a path of object keys (`["container", "docker", "image"]`).
    pub fn at(&self, path: &[&str]) -> Option<&JsonValue> {
        let mut v = &self.value;
        for k in path {
            v = v.get(k)?;
        }
        Some(v)
    }
}

/// A group of a `/v2/groups` document.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub file: FileId,
    /// Absolute id (`/` for a root group without one).
    pub id: String,
    /// The `id` value as written, if any.
    pub id_value: Option<JsonValue>,
    pub parent: Option<usize>,
}

/// Every definition of the tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Apps {
    pub defs: Vec<Definition>,
    pub groups: Vec<Group>,
    /// JSON files that look like definitions but are not valid JSON.
    pub errors: Vec<(FileId, SyntaxError)>,
    /// The patterns of `[apps] paths`, with how many files each named.
    pub named: Vec<NamedPattern>,
    /// Values of files named by `[apps] paths` that are no definition.
    pub not_definitions: Vec<NotDefinition>,
}

/// One pattern of `[apps] paths`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedPattern {
    pub pattern: String,
    /// Files of the tree it names.
    pub files: usize,
    /// Why the pattern is not a glob (only for a configuration that did not come through
    /// `settings`, which refuses it first).
    pub error: Option<String>,
}

/// A value of a named file that is not an app, group, pod or Chronos job.
#[derive(Clone, Debug, PartialEq)]
pub struct NotDefinition {
    pub file: FileId,
    /// The value (the whole document, or an element of a top-level array).
    pub span: Range<usize>,
    pub reason: String,
}

impl Apps {
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Marathon apps and pods (not Chronos jobs).
    pub fn marathon(&self) -> impl Iterator<Item = &Definition> {
        self.defs.iter().filter(|d| d.kind != DefKind::Chronos)
    }

    pub fn apps(&self) -> impl Iterator<Item = &Definition> {
        self.defs.iter().filter(|d| d.kind == DefKind::App)
    }
}

/// Directories whose files a daemon reads as flags: never definitions.
const FLAG_DIRS: &[&str] = &[
    "etc/mesos-master/",
    "etc/mesos-slave/",
    "etc/mesos-agent/",
    "etc/marathon/conf/",
    "etc/mesos/",
];

/// The format of a file that may hold definitions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

/// Could this path hold a definition (a `.json`, `.yml` or `.yaml` file outside the flag
/// directories, not a compose file)?
pub fn is_candidate(path: &str) -> bool {
    format_of(path).is_some()
}

fn format_of(path: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    let format = if lower.ends_with(".json") {
        Format::Json
    } else if (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        && !super::compose::is_compose_file(path)
    {
        Format::Yaml
    } else {
        return None;
    };
    is_candidate_name(&lower).then_some(format)
}

fn is_candidate_name(lower: &str) -> bool {
    let name = lower.rsplit('/').next().unwrap_or(lower);
    // npm, composer, editor and lock files are JSON that is never a definition
    if matches!(
        name,
        "package.json" | "package-lock.json" | "composer.json" | "tsconfig.json" | "bower.json"
    ) {
        return false;
    }
    !FLAG_DIRS
        .iter()
        .any(|d| lower.starts_with(d) || lower.contains(&format!("/{d}")))
}

/// Find every definition of the tree: the files `[apps] paths` names, then the others by
/// content.
pub fn find(files: &FileSet, decl: &AppsDecl, place: &ConfigPlace) -> Apps {
    let mut out = Apps::default();
    let named = find_named(files, decl, place, &mut out);
    for (path, id) in files.paths() {
        if named.contains(&id) {
            continue;
        }
        let Some(format) = format_of(path) else {
            continue;
        };
        if !super::is_parsable(files, id) {
            continue;
        }
        let text = files.get(id).text();
        if format == Format::Yaml {
            read_yaml(id, text, &mut out);
            continue;
        }
        match parse_json(text) {
            Ok(doc) => read_top(id, doc.value, &mut out),
            Err(e) => {
                if looks_like_definition(text) {
                    out.errors.push((id, e));
                }
            }
        }
    }
    out
}

/// Does this path end like a JSON or YAML file?
fn has_definition_extension(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".json", ".yml", ".yaml"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Read the files `[apps] paths` names; returns them, so discovery by content skips them.
/// A file is named when a pattern matches its whole path (relative to mesoslint.toml), or
/// when it is a JSON or YAML file below a directory a pattern matches.
fn find_named(
    files: &FileSet,
    decl: &AppsDecl,
    place: &ConfigPlace,
    out: &mut Apps,
) -> std::collections::BTreeSet<FileId> {
    let mut named = std::collections::BTreeSet::new();
    let mut globs: Vec<Option<Glob>> = Vec::new();
    for p in &decl.paths {
        let (glob, error) = match Glob::new(p.trim()) {
            Ok(g) => (Some(g), None),
            Err(e) => (None, Some(e.to_string())),
        };
        globs.push(glob);
        out.named.push(NamedPattern {
            pattern: p.clone(),
            files: 0,
            error,
        });
    }
    if globs.iter().all(Option::is_none) {
        return named;
    }
    for (path, id) in files.paths() {
        let Some(rel) = place.relative(path) else {
            continue;
        };
        let mut hit = false;
        for (i, g) in globs.iter().enumerate() {
            let Some(g) = g else { continue };
            if g.is_match(&rel) || (has_definition_extension(&rel) && g.covers(&rel)) {
                out.named[i].files += 1;
                hit = true;
            }
        }
        if hit {
            named.insert(id);
            read_named(files, id, path, out);
        }
    }
    named
}

/// One named file: parsed as JSON (`.json`, or text starting with `{` or `[`) or YAML.
fn read_named(files: &FileSet, id: FileId, path: &str, out: &mut Apps) {
    let text = files.get(id).text();
    let whole = 0..text.len().min(1);
    if !super::is_parsable(files, id) {
        out.not_definitions.push(NotDefinition {
            file: id,
            span: 0..0,
            reason: "it is not a text file that could be read".into(),
        });
        return;
    }
    let lower = path.to_ascii_lowercase();
    let json = lower.ends_with(".json")
        || (!lower.ends_with(".yml")
            && !lower.ends_with(".yaml")
            && matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')));
    let docs: Vec<JsonValue> = if json {
        match parse_json(text) {
            Ok(doc) => vec![doc.value],
            Err(e) => {
                out.errors.push((id, e));
                return;
            }
        }
    } else {
        match crate::parse::yaml::parse_yaml(text) {
            Ok(docs) => docs.iter().map(super::apps_yaml::to_json).collect(),
            Err(e) => {
                out.errors.push((id, e));
                return;
            }
        }
    };
    if docs.is_empty() || docs.iter().all(JsonValue::is_null) {
        out.not_definitions.push(NotDefinition {
            file: id,
            span: whole,
            reason: "the file is empty".into(),
        });
        return;
    }
    for doc in docs {
        match doc.kind {
            JsonKind::Array(items) => {
                for item in items {
                    read_named_value(id, item, out);
                }
            }
            _ => read_named_value(id, doc, out),
        }
    }
}

/// A value of a named file: a definition by its fields, else an app when it has an `id` (it
/// then fails validation for what it lacks), else no definition.
fn read_named_value(file: FileId, value: JsonValue, out: &mut Apps) {
    if classify(&value).is_some() {
        read_object(file, value, None, out);
        return;
    }
    if value.as_object().is_some_and(|o| o.get("id").is_some()) {
        read_member(file, value, "apps", None, out);
        return;
    }
    let reason = match &value.kind {
        JsonKind::Object(_) => "an object without the fields of an app (`id`), a group (`apps`, `groups` or `pods`), a pod (`id` and `containers`) or a Chronos job (`name`, `command` and `schedule` or `parents`)".to_string(),
        _ => format!("{} where an app, group, pod or Chronos job object belongs", value.kind_name()),
    };
    // an object is pointed at by its opening brace, not underlined as a whole
    let span = match value.kind {
        JsonKind::Object(_) => value.span.start..value.span.start + 1,
        _ => value.span.clone(),
    };
    out.not_definitions
        .push(NotDefinition { file, span, reason });
}

/// YAML: every document of the file; a file that does not parse is reported like a JSON one
/// (only when it names the fields of a definition).
fn read_yaml(file: FileId, text: &str, out: &mut Apps) {
    // cheap filter first: most YAML in a config repository is not a definition
    if !(text.contains("id:") || text.contains("name:")) {
        return;
    }
    match crate::parse::yaml::parse_yaml(text) {
        Ok(docs) => {
            for d in &docs {
                read_top(file, super::apps_yaml::to_json(d), out);
            }
        }
        Err(e) => {
            let has = |k: &str| text.contains(k);
            if has("id:") && (has("cmd:") || has("container:")) {
                out.errors.push((file, e));
            }
        }
    }
}

/// A file that does not parse is reported only when its text names the fields a definition
/// has: an unrelated broken JSON file is not mesoslint's business.
fn looks_like_definition(text: &str) -> bool {
    let has = |k: &str| text.contains(k);
    (has("\"id\"") && (has("\"cmd\"") || has("\"container\"") || has("\"instances\"")))
        || (has("\"apps\"") && has("\"id\""))
        || (has("\"schedule\"") && has("\"command\""))
}

fn read_top(file: FileId, value: JsonValue, out: &mut Apps) {
    if let JsonKind::Array(items) = value.kind {
        for item in items {
            read_object(file, item, None, out);
        }
        return;
    }
    read_object(file, value, None, out);
}

/// What a JSON object is, by its fields.
fn classify(v: &JsonValue) -> Option<Shape> {
    let o = v.as_object()?;
    let has = |k: &str| o.get(k).is_some();
    let is_array = |k: &str| o.get(k).and_then(JsonValue::as_array).is_some();
    if has("id") && is_array("containers") {
        return Some(Shape::Def(DefKind::Pod));
    }
    if has("id") && (has("cmd") || has("args") || has("container")) {
        return Some(Shape::Def(DefKind::App));
    }
    if is_array("apps") || is_array("groups") || is_array("pods") {
        return Some(Shape::Group);
    }
    if has("name") && has("command") && (has("schedule") || has("parents")) {
        return Some(Shape::Def(DefKind::Chronos));
    }
    None
}

enum Shape {
    Def(DefKind),
    Group,
}

/// Base id of members of `group` (the root when there is none).
fn base_of(out: &Apps, group: Option<usize>) -> String {
    group
        .and_then(|g| out.groups.get(g))
        .map(|g| g.id.clone())
        .unwrap_or_else(|| "/".to_string())
}

fn read_object(file: FileId, value: JsonValue, group: Option<usize>, out: &mut Apps) {
    let Some(shape) = classify(&value) else {
        return;
    };
    match shape {
        Shape::Def(kind) => {
            let key = if kind == DefKind::Chronos {
                "name"
            } else {
                "id"
            };
            let id_value = value.get(key).cloned();
            let id = id_value.as_ref().and_then(JsonValue::as_str).map(|s| {
                if kind == DefKind::Chronos {
                    s.to_string()
                } else {
                    canonical_path(s, &base_of(out, group))
                }
            });
            out.defs.push(Definition {
                file,
                kind,
                id,
                id_value,
                group,
                value,
            });
        }
        Shape::Group => read_group(file, value, group, out),
    }
}

fn read_group(file: FileId, value: JsonValue, parent: Option<usize>, out: &mut Apps) {
    let id_value = value.get("id").cloned();
    let base = base_of(out, parent);
    let id = match id_value.as_ref().and_then(JsonValue::as_str) {
        Some(s) => canonical_path(s, &base),
        None => base,
    };
    let index = out.groups.len();
    out.groups.push(Group {
        file,
        id,
        id_value,
        parent,
    });
    let JsonKind::Object(obj) = value.kind else {
        return;
    };
    // members in file order; nesting is bounded by the JSON parser's depth limit
    for m in obj.members {
        if !matches!(m.key.as_str(), "apps" | "groups" | "pods") {
            continue;
        }
        let JsonKind::Array(items) = m.value.kind else {
            continue;
        };
        for item in items {
            if m.key == "groups" {
                if item.as_object().is_some() {
                    read_group(file, item, Some(index), out);
                }
            } else {
                read_member(file, item, &m.key, Some(index), out);
            }
        }
    }
}

/// An element of a group's `apps` or `pods`: read as that kind even when it lacks the
/// fields discovery needs (`{"id": "x"}` in `apps` is an app that fails validation).
fn read_member(file: FileId, item: JsonValue, key: &str, group: Option<usize>, out: &mut Apps) {
    if item.as_object().is_none() {
        return;
    }
    let kind = if key == "pods" {
        DefKind::Pod
    } else {
        DefKind::App
    };
    let id_value = item.get("id").cloned();
    let id = id_value
        .as_ref()
        .and_then(JsonValue::as_str)
        .map(|s| canonical_path(s, &base_of(out, group)));
    out.defs.push(Definition {
        file,
        kind,
        id,
        id_value,
        group,
        value: item,
    });
}

/// Marathon's `PathId(s).canonicalPath(base)`: a relative id is resolved against the base,
/// `.` dropped and `..` going up (never above the root); empty segments are dropped.
pub fn canonical_path(id: &str, base: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !id.starts_with('/') {
        parts.extend(base.split('/').filter(|p| !p.is_empty()));
    }
    for seg in id.split('/').filter(|p| !p.is_empty()) {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The parent of an absolute id (`/a/b` -> `/a`, `/a` -> `/`).
pub fn parent_of(id: &str) -> &str {
    match id.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &id[..i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apps_of(files: &[(&str, &str)]) -> Apps {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        find(&fs, &AppsDecl::default(), &ConfigPlace::default())
    }

    fn named_of(files: &[(&str, &str)], paths: &[&str], place: ConfigPlace) -> Apps {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        let decl = AppsDecl {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        };
        find(&fs, &decl, &place)
    }

    #[test]
    fn named_files_are_read_whatever_discovery_says() {
        let a = named_of(
            &[
                ("deploy/web.txt", r#"{"id": "/web", "instances": 2}"#),
                (
                    "deploy/job.json",
                    r#"{"name": "j", "command": "x", "schedule": "R/2026-01-01T00:00:00Z/P1D"}"#,
                ),
                ("deploy/sub/db.yml", "id: /db\ncmd: run\n"),
                ("deploy/README.md", "# notes"),
                ("deploy/data.json", r#"{"version": 3}"#),
                ("deploy/broken.json", r#"{"version": "#),
                ("deploy/list.json", r#"[{"id": "/a", "cmd": "x"}, 5]"#),
            ],
            &["deploy/web.txt", "deploy", "nothing/*.json"],
            ConfigPlace::default(),
        );
        let ids: Vec<_> = a.defs.iter().filter_map(|d| d.id.clone()).collect();
        assert_eq!(ids, ["j", "/a", "/db", "/web"]);
        assert_eq!(a.errors.len(), 1, "the broken named file is an error");
        assert_eq!(a.not_definitions.len(), 2, "{:?}", a.not_definitions);
        assert_eq!(a.named[0].files, 1);
        assert_eq!(
            a.named[1].files, 5,
            "JSON and YAML below the directory, not the README"
        );
        assert_eq!(a.named[2].files, 0);
    }

    #[test]
    fn named_paths_are_relative_to_the_configuration_file() {
        let files = [("tree/deploy/web.json", r#"{"id": "/web"}"#)];
        let place = ConfigPlace {
            config_dir: "tree".into(),
            cwd_from_config: "..".into(),
        };
        let a = named_of(&files, &["deploy/*.json"], place);
        assert_eq!(a.defs.len(), 1);
        assert_eq!(a.named[0].files, 1);
        let a = named_of(&files, &["deploy/*.json"], ConfigPlace::default());
        assert_eq!(a.named[0].files, 0);
        assert!(
            a.defs.is_empty(),
            "an app without a command is not found by content"
        );
    }

    #[test]
    fn canonical_paths() {
        assert_eq!(canonical_path("/a/b", "/x"), "/a/b");
        assert_eq!(canonical_path("b", "/a"), "/a/b");
        assert_eq!(canonical_path("../c", "/a/b"), "/a/c");
        assert_eq!(canonical_path("../../../c", "/a"), "/c");
        assert_eq!(canonical_path("./d/", "/a"), "/a/d");
        assert_eq!(parent_of("/a/b"), "/a");
        assert_eq!(parent_of("/a"), "/");
    }

    #[test]
    fn finds_apps_groups_pods_and_jobs() {
        let a = apps_of(&[
            (
                "marathon/web.json",
                r#"{"id": "/web", "cmd": "run", "instances": 2}"#,
            ),
            (
                "marathon/group.json",
                r#"{"id": "/prod", "apps": [{"id": "api", "cmd": "x"}],
                   "groups": [{"id": "db", "apps": [{"id": "../db2/pg", "container": {}}]}],
                   "pods": [{"id": "p", "containers": []}]}"#,
            ),
            (
                "jobs/nightly.json",
                r#"{"name": "nightly", "command": "x", "schedule": "R/2026-01-01T00:00:00Z/P1D"}"#,
            ),
            (
                "list.json",
                r#"[{"id": "/a", "cmd": "x"}, {"id": "/b", "args": ["y"]}]"#,
            ),
            ("package.json", r#"{"id": "/npm", "cmd": "x"}"#),
            ("etc/mesos-master/acls.json", r#"{"id": "/no", "cmd": "x"}"#),
            ("other.json", r#"{"name": "not a definition"}"#),
        ]);
        let ids: Vec<_> = a.defs.iter().map(|d| d.id.clone().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "nightly",
                "/a",
                "/b",
                "/prod/api",
                "/prod/db2/pg",
                "/prod/p",
                "/web"
            ]
        );
        assert_eq!(a.groups.len(), 2);
        assert_eq!(a.groups[1].id, "/prod/db");
        assert_eq!(a.defs[5].kind, DefKind::Pod);
        assert_eq!(a.defs[0].kind, DefKind::Chronos);
    }

    #[test]
    fn broken_definitions_are_errors_other_json_is_not() {
        let a = apps_of(&[
            ("app.json", "{\"id\": \"/web\", \"cmd\": \"run\",, }"),
            ("data.json", "{ not json"),
        ]);
        assert_eq!(a.errors.len(), 1);
        assert!(a.defs.is_empty());
    }

    #[test]
    fn deep_groups_stay_bounded() {
        let mut text = String::new();
        for _ in 0..100 {
            text.push_str(r#"{"id": "g", "groups": ["#);
        }
        for _ in 0..100 {
            text.push_str("]}");
        }
        let a = apps_of(&[("deep.json", &text)]);
        assert_eq!(a.groups.len(), 100);
        assert_eq!(a.groups[99].id.matches('/').count(), 100);
    }
}
