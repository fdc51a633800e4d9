use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::{JsonKind, JsonValue};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::schema::{fields_of, Ty};
use super::util::{is_int32, is_template_value, reach};

declare_rule! {
    /// ## What it does
    /// Reports a field of a Marathon app or pod, or of a Chronos job, whose JSON type is not the
    /// one the reader expects: a string where a number belongs (`"instances": "2"`), a number
    /// with a fraction where an integer belongs (`"instances": 1.5`), a `labels` value that is
    /// not a string, a constraint that is not an array of strings.
    ///
    /// Values that are unrendered template placeholders (`"{{ instances }}"`) are not judged.
    ///
    /// ## Why is this bad?
    /// Marathon refuses the whole definition: `POST /v2/apps` answers `422` with
    /// `{"message": "Invalid JSON", "details": [{"path": "/instances", "errors":
    /// ["error.expected.jsnumber"]}]}` (Marathon 1.5 and later read definitions with readers
    /// generated from its RAML types; 1.4 gives the same path with its JSON schema's error).
    /// A deploy pipeline that posts the file fails at deploy time, not at review.
    ///
    /// ## Example
    /// ### Invalid: instances as a string
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "python3 -m http.server $PORT0", "instances": "2"}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "python3 -m http.server $PORT0", "instances": 2}
    /// ```
    ///
    /// ## How to fix
    /// Write the value in the type the field has in Marathon's API reference.
    ///
    /// ## References
    /// - Marathon `docs/docs/rest-api/public/api/v2/types/app.raml`, `appContainer.raml`,
    ///   `healthCheck.raml`, `pod.raml`; `src/main/scala/mesosphere/marathon/api/v2/AppsResource.scala`.
    pub struct AppFieldType {
        code: "AP001",
        name: "app-field-type",
        severity: Error,
        summary: "A field of an app, pod or Chronos job has the wrong JSON type",
    }
}

impl Rule for AppFieldType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in &cx.cluster.apps.defs {
            for (path, ty) in fields_of(def.kind) {
                for r in reach(&def.value, path) {
                    if let Some((bad, suffix, want)) = mismatch(r.value, *ty) {
                        report(sink, def, &format!("{}{suffix}", r.path), bad, want);
                    }
                }
            }
        }
    }
}

/// What is wrong with `v` for type `ty`: the offending value (`v` itself, or an element with
/// its path suffix), and the type it should have.
fn mismatch(v: &JsonValue, ty: Ty) -> Option<(&JsonValue, String, Ty)> {
    if v.is_null() || is_template_value(v) {
        // `null` reads as "not given" for the optional fields listed here
        return None;
    }
    if !fits(v, ty) {
        return Some((v, String::new(), ty));
    }
    let elem = ty.element()?;
    let bad = |x: &JsonValue| !is_template_value(x) && !fits(x, elem);
    match &v.kind {
        JsonKind::Array(items) => items
            .iter()
            .enumerate()
            .find(|(_, x)| bad(x))
            .map(|(i, x)| (x, format!("[{i}]"), elem)),
        JsonKind::Object(o) => o
            .iter()
            .find(|m| bad(&m.value))
            .map(|m| (&m.value, format!(".{}", m.key), elem)),
        _ => None,
    }
}

fn fits(x: &JsonValue, t: Ty) -> bool {
    match t {
        Ty::Str => matches!(x.kind, JsonKind::String(_)),
        Ty::Int => is_int32(x),
        Ty::Num => matches!(x.kind, JsonKind::Number(_)),
        Ty::Bool => matches!(x.kind, JsonKind::Bool(_)),
        Ty::Obj | Ty::StrMap => matches!(x.kind, JsonKind::Object(_)),
        Ty::Arr | Ty::StrArr | Ty::IntArr => matches!(x.kind, JsonKind::Array(_)),
    }
}

/// Play JSON's path form: `/constraints(1)/0`.
fn play_path(path: &str) -> String {
    let mut out = String::from("/");
    for c in path.chars() {
        match c {
            '.' => out.push('/'),
            '[' => out.push('('),
            ']' => out.push(')'),
            c => out.push(c),
        }
    }
    out
}

fn refusal(def: &Definition, path: &str, error: &str) -> String {
    match def.kind {
        DefKind::Chronos => {
            format!("Chronos cannot read the job: its JSON reader fails on `{path}`")
        }
        _ => format!(
            "Marathon refuses the definition: \"Invalid JSON\" at {} ({error})",
            play_path(path)
        ),
    }
}

fn report(sink: &mut Sink, def: &Definition, path: &str, bad: &JsonValue, ty: Ty) {
    let got = match &bad.kind {
        JsonKind::Number(_) if ty == Ty::Int => "a number with a fraction or out of range",
        _ => bad.kind_name(),
    };
    let expected = ty.describe();
    sink.report(
        Diagnostic::new(
            &AppFieldType::META,
            format!("{}: `{path}` must be {expected}, not {got}", def.describe()),
        )
        .primary(def.span(bad), format!("expected {expected}"))
        .note(refusal(def, path, ty.play_error()))
        .help(format!("write `{path}` as {expected}")),
    );
}
