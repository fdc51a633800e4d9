//! Helpers shared by the `AP` rules: walking definition fields by path, and telling template
//! placeholders from values.

use crate::parse::json::{JsonKind, JsonValue};

/// A value reached by a field path, with the path written out for messages
/// (`container.portMappings[1].hostPort`).
pub(crate) struct Reached<'a> {
    pub value: &'a JsonValue,
    pub path: String,
}

/// Every value at `path` under `root` (`*` = every element of an array), in document order.
/// Cost: linear in the values visited; the walk is iterative.
pub(crate) fn reach<'a>(root: &'a JsonValue, path: &[&str]) -> Vec<Reached<'a>> {
    let mut current = vec![Reached {
        value: root,
        path: String::new(),
    }];
    for seg in path {
        let mut next = Vec::new();
        for r in current {
            if *seg == "*" {
                if let Some(items) = r.value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        next.push(Reached {
                            value: item,
                            path: format!("{}[{i}]", r.path),
                        });
                    }
                }
            } else if let Some(v) = r.value.get(seg) {
                let path = if r.path.is_empty() {
                    (*seg).to_string()
                } else {
                    format!("{}.{seg}", r.path)
                };
                next.push(Reached { value: v, path });
            }
        }
        current = next;
    }
    current
}

/// Text that is an unrendered template expression: the parse layer's one detector, so app
/// definitions skip exactly what flag files and env files skip.
pub(crate) fn is_template(s: &str) -> bool {
    crate::parse::template::has_placeholder(s)
}

/// A string value that is a template placeholder.
pub(crate) fn is_template_value(v: &JsonValue) -> bool {
    matches!(&v.kind, JsonKind::String(s) if is_template(s))
}

/// A number's value, if it is one.
pub(crate) fn number(v: &JsonValue) -> Option<f64> {
    v.as_number().and_then(|n| n.as_f64())
}

/// Is the value a number Play JSON reads as a Java `int` (`BigDecimal.isValidInt`: integral
/// and in range, so `2.0` and `1e2` are ints too)?
pub(crate) fn is_int32(v: &JsonValue) -> bool {
    number(v)
        .is_some_and(|f| f.fract() == 0.0 && f >= f64::from(i32::MIN) && f <= f64::from(i32::MAX))
}

/// Shorten a value for a message (secrets are masked before the text reaches the model).
pub(crate) fn shown(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}...")
}

/// How an app's tasks are networked, as Marathon normalises it: the first of `networks`
/// (`host`, `container`, `container/bridge`), else the deprecated `container.docker.network`
/// (`HOST`, `BRIDGE`, `USER`), else host networking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NetMode {
    Host,
    Bridge,
    Container,
}

pub(crate) fn net_mode(def: &crate::model::apps::Definition) -> Option<NetMode> {
    if let Some(first) = def
        .get("networks")
        .and_then(JsonValue::as_array)
        .and_then(|n| n.first())
    {
        return match first
            .get("mode")
            .and_then(JsonValue::as_str)
            .unwrap_or("container")
        {
            "host" => Some(NetMode::Host),
            "container/bridge" => Some(NetMode::Bridge),
            "container" => Some(NetMode::Container),
            _ => None,
        };
    }
    match def
        .at(&["container", "docker", "network"])
        .and_then(JsonValue::as_str)
    {
        None | Some("HOST") => Some(NetMode::Host),
        Some("BRIDGE") => Some(NetMode::Bridge),
        Some("USER") => Some(NetMode::Container),
        Some(_) => None,
    }
}

/// The app's port mappings (`container.portMappings`, else the deprecated
/// `container.docker.portMappings`).
pub(crate) fn port_mappings(def: &crate::model::apps::Definition) -> Option<&[JsonValue]> {
    def.at(&["container", "portMappings"])
        .and_then(JsonValue::as_array)
        .or_else(|| {
            def.at(&["container", "docker", "portMappings"])
                .and_then(JsonValue::as_array)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json::parse_json;

    #[test]
    fn reaches_paths_with_wildcards() {
        let doc = parse_json(r#"{"a": [{"b": 1}, {"c": 2}, {"b": 3}]}"#).unwrap();
        let r = reach(&doc.value, &["a", "*", "b"]);
        let paths: Vec<_> = r.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a[0].b", "a[2].b"]);
    }

    #[test]
    fn templates() {
        for t in [
            "{{ n }}",
            "{% if x %}",
            "<%= @n %>",
            "${var.n}",
            "$N",
            " $INSTANCES ",
        ] {
            assert!(is_template(t), "{t}");
        }
        for t in ["1", "$", "$5 a month", "web", "a{b}"] {
            assert!(!is_template(t), "{t}");
        }
    }
}
