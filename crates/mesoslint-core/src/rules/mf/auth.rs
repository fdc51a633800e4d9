//! Facts about authentication wiring shared by the MF, MM and MA rules: boolean flags as the
//! daemon reads them, and which modules a daemon loads.

use crate::model::{FlagDef, FlagSet, Host, MesosDaemon};
use crate::parse::json::JsonKind;
use crate::parse::values::parse_bool;
use crate::rule::Context;

use super::json_flags::json_flags;
use super::util::secret_files;

/// A boolean flag's value: `Some(true)` for `?flag`, `--flag`, `true`, `1` or an empty value,
/// `Some(false)` for `?no-flag`, `false`, `0`; `None` when unset, unknown or not a boolean.
pub(crate) fn flag_bool(flags: &FlagSet, name: &str) -> Option<bool> {
    let def = flags.get(name)?;
    if def.unknown {
        return None;
    }
    match def.value.as_deref() {
        None => Some(!def.negated),
        Some(_) if def.negated => None,
        Some(v) => parse_bool(v).ok(),
    }
}

/// The definition that turns a boolean flag on, when it is on.
pub(crate) fn on<'a>(flags: &'a FlagSet, name: &str) -> Option<&'a FlagDef> {
    (flag_bool(flags, name) == Some(true))
        .then(|| flags.get(name))
        .flatten()
}

/// The modules a daemon loads, as far as the tree shows.
pub(crate) enum Modules {
    /// Neither `modules` nor `modules_dir`: only the built-in implementations exist.
    None,
    /// `modules` as JSON in the tree: these module names.
    Listed(Vec<String>),
    /// Modules the tree does not show (`modules_dir`, a file outside the tree, a placeholder).
    Unknown,
}

impl Modules {
    /// Could a module of this name be loaded? `None`: cannot tell.
    pub(crate) fn provides(&self, name: &str) -> Option<bool> {
        match self {
            Modules::None => Some(false),
            Modules::Listed(names) => Some(names.iter().any(|n| n == name)),
            Modules::Unknown => None,
        }
    }
}

pub(crate) fn modules(cx: &Context<'_>, host: &Host, daemon: &MesosDaemon) -> Modules {
    if daemon.flags.is_set("modules_dir") {
        return Modules::Unknown;
    }
    if !daemon.flags.is_set("modules") {
        return Modules::None;
    }
    let index = cx
        .cluster
        .hosts
        .iter()
        .position(|h| std::ptr::eq(h, host))
        .unwrap_or(usize::MAX);
    let secrets = secret_files(cx, index);
    let Some(jf) = json_flags(cx, host, daemon, &secrets)
        .into_iter()
        .find(|j| j.flag == "modules")
    else {
        return Modules::Unknown;
    };
    let Ok(doc) = jf.parse() else {
        return Modules::Unknown;
    };
    let mut names = Vec::new();
    let one_or_many = |v: &crate::parse::json::JsonValue| -> Vec<crate::parse::json::JsonValue> {
        match &v.kind {
            JsonKind::Array(items) => items.clone(),
            _ => vec![v.clone()],
        }
    };
    if let Some(libs) = doc.value.get("libraries") {
        for lib in one_or_many(libs) {
            if let Some(ms) = lib.get("modules") {
                for m in one_or_many(ms) {
                    if let Some(n) = m.get("name").and_then(|n| n.as_str()) {
                        names.push(n.to_string());
                    }
                }
            }
        }
    }
    Modules::Listed(names)
}

/// "for Mesos X and later" / "assuming the latest release" note, or `None` when the target
/// predates the check.
pub(crate) fn since_note(cx: &Context<'_>, since: crate::config::Version) -> Option<String> {
    match cx.cluster.mesos_at_least(since) {
        Some(false) => None,
        Some(true) => Some(format!("checked by Mesos {since} and later")),
        None => Some(format!(
            "checked by Mesos {since} and later; assuming the latest release, set `[target] mesos` to be sure"
        )),
    }
}
