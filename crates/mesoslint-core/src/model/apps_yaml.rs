//! Marathon definitions written in YAML (kept in repositories and converted to JSON by the
//! deploy tooling): the YAML tree becomes the same span-carrying JSON values the JSON files
//! give, so every `AP` rule reads both alike.
//!
//! Plain scalars take the YAML 1.2 core schema: `true`/`false`, `null`/`~`, and numbers
//! become booleans, null and numbers; quoted and block scalars stay strings. So
//! `instances: "2"` is a string, as Marathon would see it after conversion.

use crate::parse::json::{parse_json, JsonKind, JsonMember, JsonObject, JsonValue};
use crate::parse::yaml::{Node, Value};

/// The JSON value of a YAML node.
pub(crate) fn to_json(node: &Node) -> JsonValue {
    let span = node.span.clone();
    let kind = match &node.value {
        Value::Null => JsonKind::Null,
        Value::Scalar(s) if s.plain => plain(&s.text),
        Value::Scalar(s) => JsonKind::String(s.text.clone()),
        Value::Seq(items) => JsonKind::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => JsonKind::Object(JsonObject {
            members: entries
                .iter()
                .map(|(k, v)| JsonMember {
                    key: k.as_str().unwrap_or_default().to_string(),
                    key_span: k.span.clone(),
                    value: to_json(v),
                })
                .collect(),
        }),
    };
    JsonValue { span, kind }
}

fn plain(text: &str) -> JsonKind {
    match text {
        "true" | "True" | "TRUE" => return JsonKind::Bool(true),
        "false" | "False" | "FALSE" => return JsonKind::Bool(false),
        "null" | "Null" | "NULL" | "~" | "" => return JsonKind::Null,
        _ => {}
    }
    let numeric = text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && text.bytes().any(|b| b.is_ascii_digit());
    if numeric {
        // the JSON grammar is the YAML core schema's number form, less a leading `+`
        if let Ok(doc) = parse_json(text.strip_prefix('+').unwrap_or(text)) {
            if let JsonKind::Number(n) = doc.value.kind {
                return JsonKind::Number(n);
            }
        }
    }
    JsonKind::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::parse_yaml;

    #[test]
    fn converts_with_the_core_schema() {
        let text =
            "id: /web\ninstances: 2\ncpus: 0.5\nquoted: \"3\"\non: true\nnone: ~\nlist: [a, 1]\n";
        let doc = parse_yaml(text).unwrap();
        let v = to_json(&doc[0]);
        assert_eq!(
            v.get("instances")
                .and_then(|n| n.as_number())
                .and_then(|n| n.as_i64()),
            Some(2)
        );
        assert!(v.get("cpus").and_then(|n| n.as_number()).is_some());
        assert_eq!(v.get("quoted").and_then(JsonValue::as_str), Some("3"));
        assert_eq!(v.get("on").and_then(JsonValue::as_bool), Some(true));
        assert!(v.get("none").is_some_and(JsonValue::is_null));
        let id = v.get("id").unwrap();
        assert_eq!(&text[id.span.clone()], "/web");
    }
}
