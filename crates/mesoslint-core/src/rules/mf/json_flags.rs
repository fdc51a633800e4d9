//! The JSON-valued flags of the Mesos daemons, read as the daemon reads them: the value
//! itself, or the file a `file://` value (or, deprecated, a bare absolute path) names,
//! resolved inside the host's tree. Shared by MF011 (refused) and MF012 (silently dropped).

use crate::files::{FileId, Span};
use crate::model::{FlagDef, Host, MesosDaemon};
use crate::parse::json::{parse_json, JsonDocument};
use crate::parse::SyntaxError;
use crate::rule::Context;

use super::util::{safe_span, value_as_rel_path, SecretFiles};

/// What the daemon parses a JSON flag into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A protobuf message (full name); `true`: an array of them.
    Proto(&'static str, bool),
    /// A JSON object whose values must all be strings (`executor_environment_variables`).
    StringMap,
    /// Any JSON object (`docker_config`).
    Object,
    /// The agent's `resources`: a JSON array of `Resource` messages, or else the
    /// `name(role):value;...` text form (left to MA002).
    Resources,
}

/// The flags whose value stout parses as JSON, and into what (apache/mesos 1.11.0
/// `src/master/flags.hpp`, `src/slave/flags.hpp`, `src/common/parse.hpp`).
const JSON_FLAGS: &[(&str, Shape)] = &[
    ("acls", Shape::Proto("mesos.ACLs", false)),
    (
        "firewall_rules",
        Shape::Proto("mesos.internal.Firewall", false),
    ),
    ("rate_limits", Shape::Proto("mesos.RateLimits", false)),
    ("modules", Shape::Proto("mesos.Modules", false)),
    ("domain", Shape::Proto("mesos.DomainInfo", false)),
    (
        "default_container_info",
        Shape::Proto("mesos.ContainerInfo", false),
    ),
    (
        "allowed_devices",
        Shape::Proto("mesos.DeviceWhitelist", false),
    ),
    (
        "effective_capabilities",
        Shape::Proto("mesos.CapabilityInfo", false),
    ),
    (
        "bounding_capabilities",
        Shape::Proto("mesos.CapabilityInfo", false),
    ),
    (
        "default_container_dns",
        Shape::Proto("mesos.internal.ContainerDNSInfo", false),
    ),
    (
        "agent_features",
        Shape::Proto("mesos.internal.SlaveCapabilities", false),
    ),
    (
        "image_gc_config",
        Shape::Proto("mesos.internal.ImageGcConfig", false),
    ),
    ("executor_environment_variables", Shape::StringMap),
    ("resources", Shape::Resources),
    ("docker_config", Shape::Object),
];

/// One JSON-valued flag definition with its text.
pub(crate) struct JsonFlag<'a> {
    pub def: &'a FlagDef,
    pub flag: &'static str,
    pub shape: Shape,
    /// The JSON text the daemon parses.
    pub text: &'a str,
    /// Where `text` starts in the tree, when offsets into `text` are offsets in that file
    /// (and the file holds no secret).
    pub base: Option<Span>,
    /// The tree file a `file://` value names.
    pub file: Option<FileId>,
    /// Something to point at when `base` is `None`.
    pub anchor: Option<Span>,
}

impl JsonFlag<'_> {
    /// The span of `range` (offsets into `text`), else the anchor.
    pub fn span(&self, range: std::ops::Range<usize>) -> Option<Span> {
        match self.base {
            Some(b) => Some(b.sub(range)),
            None => self.anchor,
        }
    }

    /// "`etc/mesos-master/acls`" or "`etc/mesos/acls.json` (named by `etc/mesos-master/acls`)".
    pub fn place(&self, cx: &Context<'_>) -> String {
        let def = super::util::describe(self.def, cx.files);
        match self.file {
            Some(f) => format!("`{}` (named by {def})", cx.files.path(f)),
            None => def,
        }
    }

    pub fn parse(&self) -> Result<JsonDocument, SyntaxError> {
        parse_json(self.text)
    }
}

/// The JSON-valued flags a daemon is given, with their text; values the tree cannot show (a
/// `file://` path outside the tree, a placeholder) are left out.
pub(crate) fn json_flags<'a>(
    cx: &'a Context<'_>,
    host: &'a Host,
    daemon: &'a MesosDaemon,
    secrets: &SecretFiles<'_>,
) -> Vec<JsonFlag<'a>> {
    let mut out = Vec::new();
    for (flag, shape) in JSON_FLAGS.iter().copied() {
        if daemon.daemon.flag(flag).is_none() {
            continue;
        }
        let Some(def) = daemon.flags.get(flag) else {
            continue;
        };
        if def.is_package_default() {
            continue;
        }
        let Some(value) = def.known_value() else {
            continue;
        };
        let anchor = safe_span(def, secrets);
        let trimmed = value.trim();
        if trimmed.starts_with("file://") || trimmed.starts_with('/') {
            let Some(f) = value_as_rel_path(trimmed).and_then(|rel| host.file(rel)) else {
                continue;
            };
            let secret = secrets.contains(&f.id);
            out.push(JsonFlag {
                def,
                flag,
                shape,
                text: cx.files.get(f.id).text(),
                base: (!secret).then(|| Span::new(f.id, 0..cx.files.get(f.id).text().len())),
                file: Some(f.id),
                anchor,
            });
            continue;
        }
        let exact = def
            .value_span
            .filter(|s| cx.files.text(*s) == value && anchor.is_some());
        out.push(JsonFlag {
            def,
            flag,
            shape,
            text: value,
            base: exact,
            file: None,
            anchor,
        });
    }
    out
}

/// Did you mean? The closest known name, for a help line.
pub(crate) fn closest<'k>(key: &str, known: &'k [String]) -> Option<&'k str> {
    crate::parse::did_you_mean(key, known.iter().map(String::as_str))
}
