use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::java_regex;
use super::placement;
use super::util::{is_template, shown};

/// Marathon's `ConstraintOperator` values.
pub(crate) const OPERATORS: &[&str] = &[
    "UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS",
];

declare_rule! {
    /// ## What it does
    /// Reports an app constraint Marathon refuses: not `[field, OPERATOR]` or
    /// `[field, OPERATOR, value]`, an empty field, an operator that is not one of `UNIQUE`,
    /// `CLUSTER`, `GROUP_BY`, `LIKE`, `UNLIKE`, `MAX_PER`, `IS` (in any case), `UNIQUE` with a
    /// value, `MAX_PER` without an integer, `GROUP_BY` with a value that is not an integer,
    /// `LIKE`/`UNLIKE` without a value or with one that is not a Java regular expression, `IS`
    /// with a value that is not Mesos text or a number.
    ///
    /// A pod's `scheduling.placement.constraints` objects (`{"fieldName": "rack", "operator":
    /// "LIKE", "value": "r-[1-3]"}`) are judged by the same rules; an empty `fieldName` is
    /// "missing field for constraint declaration", and an unknown `operator` (a RAML enum,
    /// read in any case) fails to parse with `error.unknown.enum.literal`.
    ///
    /// ## Why is this bad?
    /// Marathon answers `422` with the validator's message (`Each constraint must have either
    /// 2 or 3 fields`, `operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE,
    /// MAX_PER, UNLIKE or IS`, `MAX_PER requires an integer value`, `is not a valid regular
    /// expression`, ...). The `LIKE` value is compiled with `java.util.regex.Pattern` and
    /// matched against the whole attribute value.
    ///
    /// ## Example
    /// ### Invalid: an unclosed character class
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "constraints": [["rack", "LIKE", "rack-[1-3"]]}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "cmd": "run-web", "constraints": [["rack", "LIKE", "rack-[1-3]"], ["hostname", "MAX_PER", "2"]]}
    /// ```
    ///
    /// ## How to fix
    /// Write each constraint as `[field, OPERATOR, value]` with the value the operator needs.
    ///
    /// ## References
    /// - Marathon `src/main/scala/mesosphere/marathon/api/v2/validation/SchedulingValidation.scala`
    ///   (`complyWithAppConstraintRules`, `complyWithConstraintRules`, `SchedulingValidationMessages`).
    pub struct ConstraintInvalid {
        code: "AP004",
        name: "constraint-invalid",
        severity: Error,
        summary: "An app constraint Marathon refuses",
    }
}

impl Rule for ConstraintInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx.cluster.apps.apps() {
            let Some(items) = def.get("constraints").and_then(JsonValue::as_array) else {
                continue;
            };
            for c in items {
                // a constraint that is not an array of strings is AP001's finding
                let Some(fields) = strings(c) else { continue };
                if fields.iter().any(|(s, _)| is_template(s)) {
                    continue;
                }
                if let Some(p) = problem(def, c, &fields) {
                    sink.report(refused(def, "constraint", &render(&fields), "app", p));
                }
            }
        }
        for def in cx
            .cluster
            .apps
            .marathon()
            .filter(|d| d.kind == DefKind::Pod)
        {
            for c in placement::list(def).unwrap_or_default() {
                let Some(con) = placement::read(def, c) else {
                    continue;
                };
                let texts = [Some(con.field.0), Some(con.op.0), con.value.map(|v| v.0)];
                if texts.into_iter().flatten().any(is_template) {
                    continue;
                }
                if let Some(p) = pod_problem(def, &con) {
                    let what = "placement constraint";
                    sink.report(refused(def, what, &render_pod(&con), "pod", p));
                }
            }
        }
    }
}

/// The finding for a constraint Marathon refuses, for apps and pods alike.
fn refused(
    def: &Definition,
    what: &str,
    written: &str,
    kind: &str,
    (span, msg, help): Problem,
) -> Diagnostic {
    Diagnostic::new(
        &ConstraintInvalid::META,
        format!("{}: {what} {}: {msg}", def.describe(), shown(written)),
    )
    .primary(span, msg.clone())
    .note(format!("Marathon refuses the {kind}: \"{msg}\""))
    .help(help)
}

/// A pod constraint's problem. Its `operator` is a RAML enum, read in any case
/// (`type-generator` `enum.liquid`: `s.toLowerCase match`), like an app's.
fn pod_problem(def: &Definition, con: &placement::Constraint<'_>) -> Option<Problem> {
    if con.field.0.is_empty() {
        return Some((
            def.span(con.field.1),
            "missing field for constraint declaration".into(),
            "name the attribute (or `hostname`) to constrain on".into(),
        ));
    }
    let upper = con.upper();
    if !OPERATORS.contains(&upper.as_str()) {
        return Some((
            def.span(con.op.1),
            "error.unknown.enum.literal: ConstraintOperator (CLUSTER, GROUP_BY, IS, LIKE, MAX_PER, UNIQUE, UNLIKE)".into(),
            suggest_operator(&upper).map_or("use one of the listed operators".into(), |s| format!("did you mean `{s}`?")),
        ));
    }
    value_problem(def, def.span(con.node), &upper, con.value)
}

fn render_pod(con: &placement::Constraint<'_>) -> String {
    match con.value {
        Some((v, _)) => format!("{{{:?}, {:?}, {v:?}}}", con.field.0, con.op.0),
        None => format!("{{{:?}, {:?}}}", con.field.0, con.op.0),
    }
}

fn strings(c: &JsonValue) -> Option<Vec<(&str, &JsonValue)>> {
    c.as_array()?
        .iter()
        .map(|v| v.as_str().map(|s| (s, v)))
        .collect()
}

fn render(fields: &[(&str, &JsonValue)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(s, _)| format!("{s:?}")).collect();
    format!("[{}]", inner.join(", "))
}

type Problem = (crate::files::Span, String, String);

fn problem(def: &Definition, c: &JsonValue, f: &[(&str, &JsonValue)]) -> Option<Problem> {
    debug_assert_eq!(def.kind, DefKind::App);
    let whole = def.span(c);
    if f.len() < 2 || f.len() > 3 {
        return Some((
            whole,
            "Each constraint must have either 2 or 3 fields".into(),
            "write it as [field, OPERATOR] or [field, OPERATOR, value]".into(),
        ));
    }
    let (field, op) = (f[0].0, f[1]);
    if field.is_empty() {
        return Some((
            def.span(f[0].1),
            "illegal constraint specification".into(),
            "name the attribute (or `hostname`) to constrain on".into(),
        ));
    }
    let upper = op.0.to_ascii_uppercase();
    if !OPERATORS.contains(&upper.as_str()) {
        return Some((
            def.span(op.1),
            "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS".into(),
            suggest_operator(&upper).map_or("use one of the listed operators".into(), |s| format!("did you mean `{s}`?")),
        ));
    }
    value_problem(def, whole, &upper, f.get(2).copied())
}

/// What Marathon refuses in an operator's value, for apps and pods alike
/// (`complyWithConstraintRules`). `upper` is a known operator.
fn value_problem(
    def: &Definition,
    whole: crate::files::Span,
    upper: &str,
    value: Option<(&str, &JsonValue)>,
) -> Option<Problem> {
    let int_ok = |v: &str| v.parse::<i32>().is_ok();
    let bad = |span, m: &str, h: &str| Some((span, m.to_string(), h.to_string()));
    match (upper, value) {
        ("UNIQUE", Some(v)) => bad(def.span(v.1), "UNIQUE does not accept a value", "remove the value"),
        ("MAX_PER", None) => bad(whole, "MAX_PER requires an integer value", "add the maximum per value, e.g. \"2\""),
        ("MAX_PER", Some(v)) if !int_ok(v.0) => bad(def.span(v.1), "MAX_PER requires an integer value", "give the maximum as an integer, e.g. \"2\""),
        ("GROUP_BY", Some(v)) if !int_ok(v.0) => bad(def.span(v.1), "GROUP BY must define an integer value or else no value at all", "give the number of groups as an integer, or no value"),
        ("LIKE" | "UNLIKE", None) => bad(whole, "LIKE and UNLIKE require a non-empty, regular expression value", "add the regular expression the value must (not) match"),
        ("LIKE" | "UNLIKE", Some(v)) => match java_regex::check(v.0) {
            Ok(()) => None,
            Err((at, why)) => Some((
                def.span(v.1),
                "is not a valid regular expression".into(),
                format!("java.util.regex.Pattern: {why} near offset {at}"),
            )),
        },
        ("IS", Some(v)) if !v.0.bytes().all(|b| b.is_ascii_alphanumeric() || b"_/.-".contains(&b)) => bad(
            def.span(v.1),
            "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)",
            "compare with a text or scalar value; use LIKE for patterns",
        ),
        _ => None,
    }
}

/// The operator that a misspelled one most likely meant.
fn suggest_operator(op: &str) -> Option<&'static str> {
    let squeezed: String = op.chars().filter(char::is_ascii_alphanumeric).collect();
    OPERATORS
        .iter()
        .copied()
        .find(|o| o.replace('_', "") == squeezed)
        .or(match squeezed.as_str() {
            "MAXPERHOST" | "MAX" => Some("MAX_PER"),
            "GROUPBYHOST" | "GROUP" => Some("GROUP_BY"),
            "EQUALS" | "EQ" => Some("IS"),
            "NOTLIKE" => Some("UNLIKE"),
            _ => None,
        })
}
