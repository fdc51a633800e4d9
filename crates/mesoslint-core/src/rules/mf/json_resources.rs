//! The JSON form of the agent's `--resources`, checked as `Resources::parse` does at start-up
//! (apache/mesos 1.11.0 `src/common/resources.cpp`): a JSON array is parsed into repeated
//! `Resource` messages ("Some JSON resources were not formatted properly: ..."), each one is
//! upgraded to the post-reservation-refinement format (`role` becomes a STATIC reservation,
//! `role` plus `reservation` a DYNAMIC one; `src/common/resources_utils.cpp:415`), validated
//! (`Resources::validate`, :838) and, after empty resources are dropped, checked for command
//! line use (`validateCommandLineResources`, :577). Text that is not a JSON array is the
//! `name(role):value` form, which MA002 checks.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::config::Version;
use crate::parse::json::proto::{self, Finding};
use crate::parse::json::{JsonKind, JsonValue};
use crate::parse::roles::role_error;

type Error = Option<(Range<usize>, String)>;

fn err(span: &Range<usize>, message: impl Into<String>) -> Error {
    Some((span.clone(), message.into()))
}

/// A field that is set: present and not `null` (stout leaves a `null` field unset).
fn field<'v>(v: &'v JsonValue, key: &str) -> Option<&'v JsonValue> {
    v.get(key).filter(|f| !f.is_null())
}

/// A number field, written as a number or (stout 1.6+) as a string holding one.
fn number(v: &JsonValue) -> Option<f64> {
    match &v.kind {
        JsonKind::Number(n) => n.as_f64(),
        JsonKind::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// `Value::Scalar` compares in fixed point, three decimal places (`src/common/values.cpp`).
fn fixed(value: f64) -> i64 {
    (value * 1000.0).round() as i64
}

/// One reservation after the upgrade: its type (`None`: not set) and role (`None`: not set).
struct Reservation<'v> {
    span: Range<usize>,
    ty: Option<&'v str>,
    role: Option<&'v str>,
}

/// The reservations a resource has once `upgradeResource` has run.
fn reservations<'v>(
    item: &'v JsonValue,
    default_role: &'v str,
    refinement: bool,
) -> Vec<Reservation<'v>> {
    if refinement {
        if let Some(list) = field(item, "reservations").and_then(JsonValue::as_array) {
            if !list.is_empty() {
                return list
                    .iter()
                    .map(|r| Reservation {
                        span: r.span.clone(),
                        ty: field(r, "type").and_then(JsonValue::as_str),
                        role: field(r, "role").and_then(JsonValue::as_str),
                    })
                    .collect();
            }
        }
    }
    let role = field(item, "role")
        .and_then(JsonValue::as_str)
        .unwrap_or(default_role);
    if role == "*" {
        return Vec::new();
    }
    let dynamic = field(item, "reservation").is_some();
    vec![Reservation {
        span: item.span.clone(),
        ty: Some(if dynamic { "DYNAMIC" } else { "STATIC" }),
        role: Some(role),
    }]
}

/// `Resources::validate` on one upgraded resource.
fn validate(item: &JsonValue, default_role: &str, target: Option<Version>) -> Error {
    let span = &item.span;
    let name = field(item, "name")
        .and_then(JsonValue::as_str)
        .unwrap_or("");
    if name.is_empty() {
        return err(span, "Empty resource name");
    }
    let ty = field(item, "type")
        .and_then(JsonValue::as_str)
        .unwrap_or("");
    let has = |k: &str| field(item, k).is_some();
    match ty {
        "SCALAR" => {
            if !has("scalar") || has("ranges") || has("set") {
                return err(span, "Invalid scalar resource");
            }
            let value = field(item, "scalar")
                .and_then(|s| field(s, "value"))
                .and_then(number);
            if let Some(v) = value {
                if v != 0.0 && fixed(v) <= 0 {
                    return err(span, "Invalid scalar resource: value <= 0");
                }
            }
        }
        "RANGES" => {
            if has("scalar") || !has("ranges") || has("set") {
                return err(span, "Invalid ranges resource");
            }
            if let Some(e) = check_ranges(item) {
                return Some(e);
            }
        }
        "SET" => {
            if has("scalar") || has("ranges") || !has("set") {
                return err(span, "Invalid set resource");
            }
            let items = set_items(item);
            let mut seen = HashSet::new();
            if let Some(dup) = items.iter().find(|(s, _)| !seen.insert(*s)) {
                return err(&dup.1, "Invalid set resource: duplicated elements");
            }
        }
        _ => return err(span, "Unsupported resource type"),
    }
    if has("disk") && name != "disk" {
        return err(
            span,
            format!("DiskInfo should not be set for {name} resource"),
        );
    }
    let hierarchical = target.is_none_or(|t| t >= Version::new(1, 2, 0));
    let refinement = target.is_none_or(|t| t >= Version::new(1, 4, 0));
    let list = reservations(item, default_role, refinement);
    if list.is_empty() && field(item, "reservation").is_some() {
        return err(
            span,
            "Invalid reservation: role \"*\" cannot be dynamically reserved",
        );
    }
    for (i, r) in list.iter().enumerate() {
        let Some(kind) = r.ty else {
            return err(
                &r.span,
                "Invalid reservation: 'Resource.ReservationInfo.type' field must be set.",
            );
        };
        let Some(role) = r.role else {
            return err(
                &r.span,
                "Invalid reservation: 'Resource.ReservationInfo.role' field must be set.",
            );
        };
        if let Some(e) = role_error(role, hierarchical) {
            return err(&r.span, e);
        }
        if role == "*" {
            return err(
                &r.span,
                "Invalid reservation: role \"*\" cannot be reserved",
            );
        }
        if i == 0 {
            continue;
        }
        if kind == "STATIC" {
            return err(
                &r.span,
                "Invalid refined reservation: A refined reservation cannot be STATIC",
            );
        }
        let ancestor = list[i - 1].role.unwrap_or("");
        let strict_subrole = role.len() > ancestor.len()
            && role.starts_with(ancestor)
            && role.as_bytes()[ancestor.len()] == b'/';
        if !strict_subrole {
            return err(
                &r.span,
                format!(
                    "Invalid refined reservation: role '{role}' is not a refinement of '{ancestor}'"
                ),
            );
        }
    }
    None
}

/// The `(begin, end)` of every range, where both are numbers.
fn ranges(item: &JsonValue) -> Vec<(f64, f64, Range<usize>)> {
    let Some(list) = field(item, "ranges")
        .and_then(|r| field(r, "range"))
        .map(|r| match &r.kind {
            JsonKind::Array(a) => a.iter().collect::<Vec<_>>(),
            _ => vec![r],
        })
    else {
        return Vec::new();
    };
    list.into_iter()
        .filter_map(|r| {
            let b = field(r, "begin").and_then(number)?;
            let e = field(r, "end").and_then(number)?;
            Some((b, e, r.span.clone()))
        })
        .collect()
}

fn set_items(item: &JsonValue) -> Vec<(&str, Range<usize>)> {
    let Some(list) = field(item, "set").and_then(|s| field(s, "item")) else {
        return Vec::new();
    };
    let values: Vec<&JsonValue> = match &list.kind {
        JsonKind::Array(a) => a.iter().collect(),
        _ => vec![list],
    };
    values
        .into_iter()
        .filter_map(|v| Some((v.as_str()?, v.span.clone())))
        .collect()
}

/// Inverted ranges, and the daemon's overlap test: range `j` overlaps when an earlier range
/// `i` has `begin_i <= begin_j <= end_i`. Found in O(n log n) with a Fenwick tree of the
/// largest `end` over earlier ranges by `begin`, so a huge flag stays bounded.
fn check_ranges(item: &JsonValue) -> Error {
    let list = ranges(item);
    for (b, e, span) in &list {
        if b > e {
            return err(span, "Invalid ranges resource: begin > end");
        }
    }
    let mut begins: Vec<f64> = list.iter().map(|r| r.0).collect();
    begins.sort_by(f64::total_cmp);
    begins.dedup();
    let mut tree = vec![f64::NEG_INFINITY; begins.len() + 1];
    for (b, e, span) in &list {
        // Position (1-based) of the last begin <= b: b itself is in the table.
        let pos = begins.partition_point(|x| x <= b);
        let mut i = pos;
        let mut max = f64::NEG_INFINITY;
        while i > 0 {
            max = max.max(tree[i]);
            i &= i - 1;
        }
        if max >= *b {
            return err(span, "Invalid ranges resource: overlapping ranges");
        }
        let mut i = pos;
        while i < tree.len() {
            tree[i] = tree[i].max(*e);
            i += i & i.wrapping_neg();
        }
    }
    None
}

/// Is the resource empty (zero scalar, no range, no item)? `Resources::add` drops it.
fn is_empty(item: &JsonValue) -> bool {
    match field(item, "type").and_then(JsonValue::as_str) {
        Some("SCALAR") => field(item, "scalar")
            .and_then(|s| field(s, "value"))
            .and_then(number)
            .is_none_or(|v| fixed(v) == 0),
        Some("RANGES") => ranges(item).is_empty(),
        Some("SET") => set_items(item).is_empty(),
        _ => false,
    }
}

/// The daemon's first error for a JSON array given as `--resources`, as (span in the text,
/// message); `default_role` is the agent's `--default_role` (`*` unless set).
pub(crate) fn resources_error(
    value: &JsonValue,
    default_role: &str,
    target: Option<Version>,
) -> Error {
    let findings = proto::check(value, "mesos.Resource", true, target);
    if let Some(Finding::Error { span, message }) = findings
        .into_iter()
        .find(|f| matches!(f, Finding::Error { .. }))
    {
        return Some((
            span,
            format!("Some JSON resources were not formatted properly: {message}"),
        ));
    }
    let items = value.as_array().unwrap_or_default();
    for item in items {
        if let Some(e) = validate(item, default_role, target) {
            return Some(e);
        }
    }
    let refinement = target.is_none_or(|t| t >= Version::new(1, 4, 0));
    let mut types: HashMap<&str, &str> = HashMap::new();
    for item in items.iter().filter(|i| !is_empty(i)) {
        let span = &item.span;
        if field(item, "disk").is_some_and(|d| field(d, "persistence").is_some()) {
            return err(
                span,
                "Persistent volumes cannot be specified at the command line",
            );
        }
        if field(item, "revocable").is_some() {
            return err(
                span,
                "Revocable resources cannot be specified at the command line; do not include a 'revocable' key in the resources JSON",
            );
        }
        let last = reservations(item, default_role, refinement).pop();
        if last.is_some_and(|r| r.ty == Some("DYNAMIC")) {
            return err(
                span,
                "Dynamic reservations cannot be specified at the command line; do not include a reservation with DYNAMIC type in the resources JSON",
            );
        }
        let name = field(item, "name")
            .and_then(JsonValue::as_str)
            .unwrap_or("");
        let ty = field(item, "type")
            .and_then(JsonValue::as_str)
            .unwrap_or("");
        match types.get(name) {
            Some(prev) if *prev != ty => {
                return err(
                    span,
                    format!(
                        "Resources with the same name ('{name}') but different types are not allowed"
                    ),
                );
            }
            Some(_) => {}
            None => {
                types.insert(name, ty);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::resources_error;
    use crate::parse::json::parse_json;

    fn error(text: &str) -> Option<String> {
        let doc = parse_json(text).expect("test JSON parses");
        resources_error(&doc.value, "*", None).map(|(_, m)| m)
    }

    #[test]
    fn valid_resources() {
        for ok in [
            r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":4}}]"#,
            r#"[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000},{"begin":33000,"end":34000}]}}]"#,
            r#"[{"name":"disks","type":"SET","set":{"item":["a","b"]}}]"#,
            r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":2},"role":"web"}]"#,
            r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":0}}]"#,
            r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":"4"}}]"#,
            r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"STATIC","role":"a"}]}]"#,
            "[]",
        ] {
            assert_eq!(error(ok), None, "{ok}");
        }
    }

    #[test]
    fn refused_resources() {
        for (bad, want) in [
            (
                r#"[{"name":"cpus","scalar":{"value":4}}]"#,
                "not formatted properly",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR"}]"#,
                "Invalid scalar resource",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":0.0001}}]"#,
                "value <= 0",
            ),
            (
                r#"[{"name":"p","type":"RANGES","ranges":{"range":[{"begin":5,"end":1}]}}]"#,
                "begin > end",
            ),
            (
                r#"[{"name":"p","type":"RANGES","ranges":{"range":[{"begin":1,"end":10},{"begin":5,"end":20}]}}]"#,
                "overlapping",
            ),
            (
                r#"[{"name":"s","type":"SET","set":{"item":["a","a"]}}]"#,
                "duplicated",
            ),
            (
                r#"[{"name":"t","type":"TEXT","text":{"value":"x"}}]"#,
                "Unsupported",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"-x"}]"#,
                "dash",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"role":"a"}]}]"#,
                "type' field must be set",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"STATIC","role":"a"},{"type":"DYNAMIC","role":"b"}]}]"#,
                "not a refinement",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"a","reservation":{"principal":"p"}}]"#,
                "Dynamic reservations",
            ),
            (
                r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"disk":{}}]"#,
                "DiskInfo should not be set",
            ),
        ] {
            let got = error(bad).unwrap_or_default();
            assert!(got.contains(want), "{bad}: {got}");
        }
    }

    #[test]
    fn many_ranges_stay_bounded() {
        let ranges: Vec<String> = (0..50_000u64)
            .map(|i| format!("{{\"begin\":{},\"end\":{}}}", i * 2, i * 2))
            .collect();
        let text = format!(
            "[{{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{{\"range\":[{}]}}}}]",
            ranges.join(",")
        );
        assert_eq!(error(&text), None);
    }
}
