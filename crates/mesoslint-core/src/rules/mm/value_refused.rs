use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{FlagDef, Host, MesosDaemon};
use crate::parse::json::{parse_json, JsonValue};
use crate::parse::roles::parse_roles;
use crate::parse::values::{float_prefix, parse_bool, parse_duration, parse_float};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, widen};

declare_rule! {
    /// ## What it does
    /// Checks master flags that parse as their type but that `mesos-master` still refuses
    /// while starting:
    /// - `registry_strict` set to true (1.0+: the flag is disabled);
    /// - `recovery_agent_removal_limit` (alias `recovery_slave_removal_limit`) without a
    ///   trailing `%`, not a number before it, or outside 0%-100% (all releases);
    /// - `role_sorter` and `framework_sorter` that differ, with the built-in allocator (1.7+);
    /// - `roles` (the deprecated whitelist) holding a role the master refuses: whitespace
    ///   (`a, b` is the role ` b`), a leading `-`, `.`, `..`, and from 1.2 a leading,
    ///   trailing or doubled `/` (earlier releases refuse every `/`);
    /// - `weights` entries that are not `role=weight`, name a role outside `roles`, or have
    ///   a weight of zero or less (all releases);
    /// - `offer_timeout` of zero (0.22+);
    /// - `min_allocatable_resources` that is not `name:quantity;...|...` with non-negative
    ///   scalar quantities (1.7+);
    /// - `rate_limits` (inline JSON or its `file://` path in the tree) with a principal
    ///   twice, or a `qps` or `aggregate_default_qps` of zero or less (all releases).
    ///
    /// ## Why is this bad?
    /// The master exits at start, with: "Support for '--registry_strict' has been disabled
    /// and will be removed in a future version of Mesos"; "Invalid value '<v>' for
    /// --recovery_agent_removal_percent_limit: missing '%'" (or "Must be within
    /// [0%-100%]"); "Failed to create allocator 'hierarchical': Unsupported combination of
    /// 'role_sorter' and 'framework_sorter': must be equal (for now)"; "Failed to parse
    /// roles: <error>"; "Invalid weight: '<t>'. --weights should be of the form
    /// 'role=weight,role=weight'" (or "Weights must be positive", "<r> is not a valid
    /// role"); "Invalid value '<v>' for --offer_timeout: Must be greater than zero"; "Error
    /// parsing min_allocatable_resources '<v>': <error>"; "Duplicate principal <p> found in
    /// RateLimits configuration", "Invalid qps: <q>. It must be a positive number".
    ///
    /// ## Example
    /// ### Invalid: the removal limit as a plain number
    /// ```text file:etc/mesos-master/recovery_agent_removal_limit
    /// 50
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/recovery_agent_removal_limit
    /// 50%
    /// ```
    ///
    /// ## How to fix
    /// Remove `registry_strict`; write the removal limit as a percentage; set both sorters
    /// to the same value; write roles without spaces (`a,b`), weights as `role=2.0`, a
    /// positive `offer_timeout`, and `min_allocatable_resources` as `cpus:0.01;mem:32`.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/master/flags.cpp` (registry_strict validator),
    ///   `src/master/master.cpp` (`Master::initialize`), `src/master/main.cpp`,
    ///   `src/master/allocator/allocator.cpp` (`Allocator::create`), `src/common/roles.cpp`,
    ///   `src/common/resource_quantities.cpp`, `src/common/values.cpp`.
    pub struct ValueRefused {
        code: "MM016",
        name: "master-value-refused",
        severity: Error,
        summary: "A master flag value mesos-master refuses at start",
    }
}

struct At<'a, 'c> {
    cx: &'a Context<'c>,
    host: &'a Host,
    master: &'a MesosDaemon,
}

impl At<'_, '_> {
    /// Report `flag` when the assumed Mesos has the check (`since`), with the daemon's words.
    fn report(
        &self,
        sink: &mut Sink,
        def: &FlagDef,
        since: Version,
        msg: String,
        daemon: String,
        help: &str,
    ) {
        let mesos = &self.cx.cluster.versions.mesos;
        let Some(span) = def.span() else { return };
        if !mesos.at_least(since) {
            return;
        }
        sink.report(
            Diagnostic::new(
                &ValueRefused::META,
                format!("mesos-master on {} {msg}", host_name(self.host)),
            )
            .primary(
                widen(self.cx.files, span),
                format!("the master exits: \"{daemon}\""),
            )
            .note(mesos.applies(&format!("{since} and later")))
            .help(help.to_string()),
        );
    }

    /// A JSON flag's value: inline, or the tree's copy of its `file://` / absolute path.
    fn json(&self, flag: &str) -> Option<(&FlagDef, JsonValue)> {
        let (def, v) = self.def(flag)?;
        let v = v.trim();
        let text = if v.starts_with('{') {
            v.to_string()
        } else {
            let path = v.strip_prefix("file://").unwrap_or(v);
            let f = self.host.file(path.strip_prefix('/')?)?;
            self.cx.files.get(f.id).text().to_string()
        };
        parse_json(&text).ok().map(|d| (def, d.value))
    }

    fn def(&self, flag: &str) -> Option<(&FlagDef, &str)> {
        let def = self.master.flags.get(flag)?;
        Some((def, def.known_value()?))
    }
}

/// C `atof`: the longest decimal number prefix after leading whitespace, else 0. `None` when
/// the value may be read differently (hex, `inf`, `nan`): the check stays silent.
fn atof(s: &str) -> Option<f64> {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let unsigned = t.trim_start_matches(['+', '-']);
    let lower = unsigned.get(..3).unwrap_or(unsigned).to_ascii_lowercase();
    if lower.starts_with("0x") || lower.starts_with("inf") || lower.starts_with("nan") {
        return None;
    }
    let len = float_prefix(t.as_bytes());
    Some(t.get(..len).and_then(|p| p.parse().ok()).unwrap_or(0.0))
}

/// `ResourceQuantities::fromString` for one `|`-separated token: its error, if any.
fn quantities_error(token: &str) -> Option<String> {
    for item in token.split(';').filter(|t| !t.is_empty()) {
        let pair: Vec<&str> = item.split(':').filter(|t| !t.is_empty()).collect();
        let [_, q] = pair.as_slice() else {
            return Some(format!("Failed to parse '{item}': missing or extra ':'"));
        };
        let q = q.replace(' ', "");
        if q.is_empty() {
            return Some(format!(
                "Failed to parse '{q}' to quantity: Expecting non-empty string"
            ));
        }
        let lower = q.to_ascii_lowercase();
        if lower.contains("0x") || lower.contains("inf") || lower.contains("nan") {
            continue; // numify may read these; stay silent
        }
        match parse_float(&q) {
            Ok(v) if v < 0.0 => {
                return Some(format!(
                    "Failed to parse '{q}' to quantity: negative values are not allowed"
                ))
            }
            Ok(_) => {}
            Err(_) => {
                return Some(format!(
                    "Failed to parse '{q}' to quantity: only scalar values are allowed"
                ))
            }
        }
    }
    None
}

/// The master's checks of `rate_limits` (RateLimits): its error, if any.
fn rate_limits_error(v: &JsonValue) -> Option<String> {
    let qps = |x: &JsonValue, key: &str| {
        x.get(key)
            .and_then(JsonValue::as_number)
            .and_then(|n| n.as_f64())
    };
    let mut seen = Vec::new();
    for limit in v.get("limits").and_then(JsonValue::as_array).unwrap_or(&[]) {
        let Some(p) = limit.get("principal").and_then(JsonValue::as_str) else {
            continue;
        };
        if seen.contains(&p) {
            return Some(format!(
                "Duplicate principal {p} found in RateLimits configuration"
            ));
        }
        seen.push(p);
        if let Some(q) = qps(limit, "qps").filter(|q| *q <= 0.0) {
            return Some(format!("Invalid qps: {q}. It must be a positive number"));
        }
    }
    qps(v, "aggregate_default_qps")
        .filter(|q| *q <= 0.0)
        .map(|q| format!("Invalid aggregate_default_qps: {q}. It must be a positive number"))
}

impl Rule for ValueRefused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in cx.cluster.masters() {
            let Some(master) = host.master.as_deref() else {
                continue;
            };
            let at = At { cx, host, master };
            check_master(&at, sink);
        }
    }
}

fn check_master(at: &At<'_, '_>, sink: &mut Sink) {
    let v = |a, b, c| Version::new(a, b, c);
    if let Some((def, value)) = at.def("registry_strict") {
        if parse_bool(value) == Ok(true) {
            at.report(sink, def, v(1, 0, 0), "sets `registry_strict` to true, a disabled flag".into(),
                "Support for '--registry_strict' has been disabled and will be removed in a future version of Mesos".into(),
                "remove `registry_strict`");
        }
    }
    if let Some((def, value)) = at.def("recovery_agent_removal_limit") {
        let lower = value.to_ascii_lowercase();
        let problem = match value.strip_suffix('%') {
            None => Some("missing '%'".to_string()),
            Some(_) if lower.contains("inf") || lower.contains("nan") || lower.contains("0x") => {
                None
            }
            Some(n) => match parse_float(n) {
                Err(_) if !n.starts_with(char::is_whitespace) => {
                    Some(format!("Failed to convert '{n}' to number"))
                }
                Err(_) => None,
                Ok(x) if !(0.0..=100.0).contains(&x) => {
                    Some(" Must be within [0%-100%]".to_string())
                }
                Ok(_) => None,
            },
        };
        if let Some(p) = problem {
            let sep = if p.starts_with(' ') { "" } else { " " };
            at.report(
                sink,
                def,
                v(0, 20, 0),
                format!(
                    "has the recovery removal limit `{value}`, not a percentage within 0%-100%"
                ),
                format!(
                    "Invalid value '{value}' for --recovery_agent_removal_percent_limit:{sep}{p}"
                ),
                "write the limit as a percentage such as `100%`",
            );
        }
    }
    if let Some((def, limits)) = at.json("rate_limits") {
        if let Some(e) = rate_limits_error(&limits) {
            at.report(
                sink,
                def,
                v(0, 20, 0),
                "has `rate_limits` the master refuses".into(),
                e,
                "give each principal one entry and positive `qps` values",
            );
        }
    }
    let builtin = at
        .master
        .flags
        .get("allocator")
        .map(|d| d.known_value().map(str::trim))
        .is_none_or(|a| matches!(a, Some("hierarchical" | "HierarchicalDRF")));
    let sorter = |flag: &str| match at.master.flags.get(flag) {
        None => Some(("drf", None)),
        Some(d) => match d.known_value() {
            Some(s @ ("drf" | "random")) => Some((s, Some(d))),
            _ => None, // unknown, or refused on its own (MF002)
        },
    };
    if let (true, Some((role, rd)), Some((fw, fd))) =
        (builtin, sorter("role_sorter"), sorter("framework_sorter"))
    {
        if role != fw {
            if let Some(def) = rd.or(fd) {
                let allocator = at.master.flags.value("allocator").unwrap_or("hierarchical");
                at.report(sink, def, v(1, 7, 0), format!("uses role_sorter `{role}` with framework_sorter `{fw}`: the built-in allocator needs them equal"),
                    format!("Failed to create allocator '{allocator}': Unsupported combination of 'role_sorter' and 'framework_sorter': must be equal (for now)"),
                    "set `role_sorter` and `framework_sorter` to the same value (`drf` or `random`)");
            }
        }
    }
    let hierarchical = at.cx.cluster.versions.mesos.at_least(v(1, 2, 0));
    let mut whitelist: Option<Vec<&str>> = None;
    let mut roles_ok = true;
    if let Some((def, value)) = at.def("roles") {
        match parse_roles(value, hierarchical) {
            Ok(list) => whitelist = Some(list),
            Err(e) => {
                roles_ok = false;
                at.report(
                    sink,
                    def,
                    v(0, 20, 0),
                    format!("has a `roles` whitelist the master cannot parse (`{value}`)"),
                    format!("Failed to parse roles: {e}"),
                    "write the roles comma-separated without spaces, each a valid role name",
                );
            }
        }
    }
    if let (true, Some((def, value))) = (roles_ok, at.def("weights")) {
        for token in value.split(',').filter(|t| !t.is_empty()) {
            let pair: Vec<&str> = token.split('=').filter(|t| !t.is_empty()).collect();
            let problem = match pair.as_slice() {
                [role, weight] => {
                    if whitelist
                        .as_ref()
                        .is_some_and(|w| *role != "*" && !w.contains(role))
                    {
                        Some(format!("{role} is not a valid role"))
                    } else if atof(weight).is_some_and(|w| w <= 0.0) {
                        Some("Weights must be positive".to_string())
                    } else {
                        None
                    }
                }
                _ => Some("--weights should be of the form 'role=weight,role=weight'".to_string()),
            };
            if let Some(p) = problem {
                at.report(sink, def, v(0, 20, 0), format!("has the weight `{token}`, which the master refuses"),
                    format!("Invalid weight: '{token}'. {p}"),
                    "write weights as `role=weight` with a positive weight, for roles of `roles` when it is set");
                break;
            }
        }
    }
    if let Some((def, value)) = at.def("offer_timeout") {
        if parse_duration(value).is_ok_and(|d| d.nanos <= 0.0) {
            at.report(sink, def, v(0, 22, 0), format!("has `offer_timeout` {value}, not greater than zero"),
                format!("Invalid value '{value}' for --offer_timeout: Must be greater than zero"),
                "remove `offer_timeout` (offers never time out) or give a positive duration such as `5mins`");
        }
    }
    if let Some((def, value)) = at.def("min_allocatable_resources") {
        if let Some(e) = value
            .split('|')
            .filter(|t| !t.is_empty())
            .find_map(quantities_error)
        {
            at.report(sink, def, v(1, 7, 0), format!("has `min_allocatable_resources` `{value}`, which the master cannot parse"),
                format!("Error parsing min_allocatable_resources '{value}': {e}"),
                "write `name:quantity` pairs separated by `;`, alternatives by `|`, such as `cpus:0.01;mem:32|disk:64`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{atof, quantities_error};

    #[test]
    fn atof_reads_a_prefix() {
        assert_eq!(atof("2.5x"), Some(2.5));
        assert_eq!(atof("abc"), Some(0.0));
        assert_eq!(atof("-1"), Some(-1.0));
        assert_eq!(atof("0x10"), None);
    }

    #[test]
    fn rate_limits() {
        use super::rate_limits_error;
        let j = |s: &str| crate::parse::json::parse_json(s).unwrap().value;
        assert_eq!(
            rate_limits_error(&j(
                r#"{"limits":[{"principal":"a","qps":5},{"principal":"b"}],"aggregate_default_qps":1}"#
            )),
            None
        );
        assert!(
            rate_limits_error(&j(r#"{"limits":[{"principal":"a"},{"principal":"a"}]}"#))
                .unwrap()
                .contains("Duplicate")
        );
        assert!(
            rate_limits_error(&j(r#"{"limits":[{"principal":"a","qps":0}]}"#))
                .unwrap()
                .contains("qps")
        );
        assert!(rate_limits_error(&j(r#"{"aggregate_default_qps":-1}"#))
            .unwrap()
            .contains("aggregate"));
    }

    #[test]
    fn quantities() {
        assert_eq!(quantities_error("cpus:0.01;mem:32"), None);
        assert_eq!(quantities_error("cpus: 1"), None);
        assert!(quantities_error("cpus")
            .unwrap()
            .contains("missing or extra"));
        assert!(quantities_error("mem:-1").unwrap().contains("negative"));
        assert!(quantities_error("ports:[1-2]")
            .unwrap()
            .contains("only scalar"));
        assert!(quantities_error("cpus:1:2")
            .unwrap()
            .contains("missing or extra"));
    }
}
