use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::apps::{canonical_path, parent_of};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{is_template, shown};

/// Marathon's `PathId.ID_PATH_SEGMENT_PATTERN`, quoted in its message.
const SEGMENT_PATTERN: &str = r"^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])|(\.|\.\.)$";
const RESERVED: &[&str] = &["restart", "tasks", "versions", ".", ".."];

declare_rule! {
    /// ## What it does
    /// Reports the `id` of a Marathon app, pod or group that Marathon refuses: a path segment
    /// that is not lower-case letters, digits, `-` and `.` in DNS-label form (`My_App`,
    /// `-web`, `web-`), a last segment that is a reserved word (`restart`, `tasks`, `versions`,
    /// `.`, `..`), an id that is the root (`/`) or missing, and an app or group inside a group
    /// whose id does not resolve to a direct child of that group (`../other/app`).
    ///
    /// It also reports a Chronos job `name` outside Chronos' `[\w.-]+` (letters, digits, `_`,
    /// `.`, `-`): Chronos 3.0.2 answers `400` with "the job's name is invalid. Allowed names:
    /// '([\w\.-]+)'" (`Iso8601JobResource.scala:38`, `DependentJobResource.scala:40`).
    ///
    /// ## Why is this bad?
    /// Marathon answers `422` with the message of `PathId`'s validators: `must fully match
    /// regular expression '...'`, `must not end with any of the following reserved keywords:
    /// restart, tasks, versions, ., ..`, `Identifier is not child of '/prod'`, `must not be
    /// root`. The id is also the task's DNS name (Mesos-DNS, Marathon-LB), so the segment rules
    /// are those of DNS labels. All Marathon releases from 1.4 to 1.11 have these checks.
    ///
    /// ## Example
    /// ### Invalid: upper case and an underscore
    /// ```json file:marathon/web.json
    /// {"id": "/prod/Web_Frontend", "cmd": "run-web"}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/prod/web-frontend", "cmd": "run-web"}
    /// ```
    ///
    /// ## How to fix
    /// Use lower-case DNS labels separated by `/`, and give apps inside a group ids relative to
    /// it (`"id": "api"` in group `/prod`) or absolute ids under it (`/prod/api`).
    ///
    /// ## References
    /// - Marathon `src/main/scala/mesosphere/marathon/state/PathId.scala` (`pathIdValidator`,
    ///   `validPathWithBase`, `childOf`); `api/v2/validation/AppValidation.scala`.
    pub struct AppIdInvalid {
        code: "AP002",
        name: "app-id-invalid",
        severity: Error,
        summary: "An app, pod or group id that Marathon refuses",
    }
}

impl Rule for AppIdInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let apps = &cx.cluster.apps;
        super::chronos::names(&Self::META, apps, sink);
        for def in apps.marathon() {
            let group = def.group.and_then(|g| apps.groups.get(g));
            let base = group.map(|g| g.id.as_str());
            match &def.id_value {
                None => sink.report(
                    Diagnostic::new(&Self::META, format!("{} has no `id`", def.kind.noun()))
                        .primary(def.anchor(), "no `id` in this definition")
                        .note("Marathon refuses it: \"error.path.missing\" at /id")
                        .help("give it an id relative to its group, or an absolute one"),
                ),
                Some(v) => check_id(sink, def.span(v), v, def.kind.noun(), base),
            }
        }
        for g in &apps.groups {
            if let Some(v) = &g.id_value {
                let parent = g
                    .parent
                    .and_then(|p| apps.groups.get(p))
                    .map(|p| p.id.as_str());
                // the root group of `/v2/groups` may be `/`
                if v.as_str().map(|s| s.trim_matches('/').is_empty()) == Some(true)
                    && parent.is_none()
                {
                    continue;
                }
                check_id(sink, Span::new(g.file, v.span.clone()), v, "group", parent);
            }
        }
    }
}

fn check_id(sink: &mut Sink, span: Span, v: &JsonValue, noun: &str, base: Option<&str>) {
    // a non-string id is AP001's finding; a placeholder is not judged
    let Some(id) = v.as_str() else { return };
    if is_template(id) {
        return;
    }
    let segments: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    let finding =
        |msg: String, label: String| Diagnostic::new(&AppIdInvalid::META, msg).primary(span, label);
    if segments.is_empty() {
        sink.report(
            finding(
                format!("{noun} id `{}` is the root", shown(id)),
                "must not be root".into(),
            )
            .note("Marathon refuses it: \"Path must contain at least one path element\"")
            .help("give it a name, e.g. `/web`"),
        );
        return;
    }
    if let Some(bad) = segments.iter().find(|s| !valid_segment(s)) {
        sink.report(
            finding(
                format!(
                    "{noun} id `{}`: segment `{}` is not a lower-case DNS label",
                    shown(id),
                    shown(bad)
                ),
                "not a valid id".into(),
            )
            .note(format!(
                "Marathon refuses it: \"must fully match regular expression '{SEGMENT_PATTERN}'\""
            ))
            .help(format!(
                "use lower-case letters, digits and `-` (e.g. `{}`)",
                suggest(bad)
            )),
        );
        return;
    }
    if let Some(last) = segments.last().filter(|l| RESERVED.contains(l)) {
        sink.report(
            finding(
                format!("{noun} id `{}` ends with the reserved word `{last}`", shown(id)),
                "reserved as the last segment".into(),
            )
            .note("Marathon refuses it: \"must not end with any of the following reserved keywords: restart, tasks, versions, ., ..\"")
            .help("rename the last segment"),
        );
        return;
    }
    if let Some(base) = base {
        let resolved = canonical_path(id, base);
        if parent_of(&resolved) != base {
            sink.report(
                finding(
                    format!("{noun} id `{}` resolves to `{resolved}`, which is not a direct child of group `{base}`", shown(id)),
                    format!("resolves to {resolved}"),
                )
                .note(format!("Marathon refuses the group: \"Identifier is not child of '{base}'\""))
                .help(format!("move the definition into the group of `{}`, or give it an id under `{base}`", parent_of(&resolved))),
            );
        }
    }
}

/// `(label\.)*label` with `label = [a-z0-9]([a-z0-9-]*[a-z0-9])?`, or `.` or `..`.
fn valid_segment(s: &str) -> bool {
    if s == "." || s == ".." {
        return true;
    }
    s.split('.').all(|label| {
        let b = label.as_bytes();
        let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(f), Some(l)) => ok(f) && ok(l) && b.iter().all(|c| ok(c) || *c == b'-'),
            _ => false,
        }
    })
}

/// A valid segment close to `s`, for the help line.
fn suggest(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' | '0'..='9' | '.' => c,
            _ => '-',
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let t = out.trim_matches(|c| c == '-' || c == '.').to_string();
    if t.is_empty() {
        "app".into()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        for s in ["web", "a.b", "a-b", "0", "a1.b-2.c", ".", ".."] {
            assert!(valid_segment(s), "{s}");
        }
        for s in ["Web", "a_b", "-a", "a-", "a..b", "a.", "", "é"] {
            assert!(!valid_segment(s), "{s}");
        }
        assert_eq!(suggest("Web_Frontend"), "web-frontend");
    }
}
