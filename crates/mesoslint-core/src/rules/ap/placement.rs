//! One view of the placement constraints of apps and pods, for the rules that read them.
//!
//! An app writes a constraint as an array, `["hostname", "UNIQUE"]` or
//! `["rack", "LIKE", "r-[1-3]"]`; a pod writes it as an object under
//! `scheduling.placement.constraints`, `{"fieldName": "hostname", "operator": "UNIQUE"}`
//! (Marathon's RAML `Constraint` type). Marathon judges both with the same rules
//! (`SchedulingValidation.complyWithConstraintRules`; the app form is converted to the pod
//! form first), so the rules judge both through this view.

use crate::model::apps::{DefKind, Definition};
use crate::parse::json::JsonValue;

/// A constraint whose field and operator are strings.
pub(crate) struct Constraint<'a> {
    /// The whole constraint (array or object).
    pub node: &'a JsonValue,
    pub field: (&'a str, &'a JsonValue),
    /// The operator as written (Marathon reads it in any case, for apps and pods).
    pub op: (&'a str, &'a JsonValue),
    /// The value, when it is a string.
    pub value: Option<(&'a str, &'a JsonValue)>,
}

impl Constraint<'_> {
    /// The operator in upper case, as Marathon compares it.
    pub fn upper(&self) -> String {
        self.op.0.to_ascii_uppercase()
    }
}

/// The constraint list of a definition: an app's `constraints`, a pod's
/// `scheduling.placement.constraints`.
pub(crate) fn list(def: &Definition) -> Option<&[JsonValue]> {
    let v = match def.kind {
        DefKind::App => def.get("constraints"),
        DefKind::Pod => def.at(&["scheduling", "placement", "constraints"]),
        DefKind::Chronos => None,
    };
    v.and_then(JsonValue::as_array)
}

fn text(v: Option<&JsonValue>) -> Option<(&str, &JsonValue)> {
    v.and_then(|v| v.as_str().map(|s| (s, v)))
}

/// One constraint of `def` read as a [`Constraint`], if its field and operator are strings
/// (other shapes are the schema rule's and AP004's business).
pub(crate) fn read<'a>(def: &Definition, c: &'a JsonValue) -> Option<Constraint<'a>> {
    let (field, op, value) = match def.kind {
        DefKind::Pod => (c.get("fieldName"), c.get("operator"), c.get("value")),
        _ => {
            let f = c.as_array()?;
            (f.first(), f.get(1), f.get(2))
        }
    };
    Some(Constraint {
        node: c,
        field: text(field)?,
        op: text(op)?,
        value: text(value),
    })
}

/// Every readable constraint of an app or pod, in document order.
pub(crate) fn of(def: &Definition) -> Vec<Constraint<'_>> {
    list(def)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| read(def, c))
        .collect()
}

/// The instance count: an app's `instances`, a pod's `scaling.instances`.
pub(crate) fn instances(def: &Definition) -> Option<&JsonValue> {
    match def.kind {
        DefKind::Pod => def.at(&["scaling", "instances"]),
        _ => def.get("instances"),
    }
}
