use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::marathon_options::{lookup, OptionKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{name, place, target, value_span, written, Target};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon option whose value Marathon's option parser (Scallop) or the
    /// option's own converter or validator rejects, for the target Marathon release:
    /// - a number option (milliseconds, seconds, sizes, counts) that is not an integer of its
    ///   type (`opt[Int]`: 32-bit, `opt[Long]`: 64-bit), e.g. a Mesos-style `10mins`;
    /// - an option that takes a value given none (`MARATHON_MESOS_ROLE=`);
    /// - `gpu_scheduling_behavior` other than `restricted`/`unrestricted` (1.8: also
    ///   `undefined`; removed in 1.9);
    /// - `new_group_enforce_role` other than `off`/`top`, `accepted_resource_roles_default_behavior`
    ///   other than `any`/`unreserved`/`reserved` (1.9.64+, case-insensitive);
    /// - `leader_election_backend` other than `curator` (1.4: also `twitter_commons`);
    /// - `zk_max_node_size` or `zk_compression_threshold` below 0;
    /// - `mesos_bridge_name` (1.5+) not a network name: lower-case letters, digits and `-`
    ///   (and `_` from 1.6), neither starting nor ending with `-` or `_`;
    /// - the ranges of the 1.7+ metrics options (`metrics_histogram_reservoir_significant_digits`
    ///   0-5, highest trackable value above 1, resetting chunks 0 or at least 2, intervals and
    ///   ports above 0, `metrics_datadog_protocol` `udp` or `api`).
    ///
    /// ## Why is this bad?
    /// Marathon exits before it starts, with the parser's words:
    /// `Bad arguments for option 'task_launch_timeout': '10mins' - bad Long value` (1.6+;
    /// 1.4 and 1.5, Scallop 1.0.0: `- wrong arguments format`),
    /// `... - you should provide exactly one argument`,
    /// `Setting <v> is invalid. Valid settings are Off, Top`,
    /// `'--gpu_scheduling_behavior undefined' has been removed. Please set either restricted or unrestricted.`,
    /// `mesos_bridge_name must match pattern ^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$`,
    /// or `Validation failure for '<option>' option parameters: <v>`.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_TASK_LAUNCH_TIMEOUT=10mins
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_TASK_LAUNCH_TIMEOUT=600000
    /// ```
    ///
    /// ## How to fix
    /// Write the value the option takes: Marathon times are integers of milliseconds (or
    /// seconds for `failover_timeout`), never Mesos durations.
    ///
    /// ## References
    /// - scallop `DefaultConverters.scala` (`singleArgConverter`, `numberHandler`),
    ///   `Scallop.scala` (`verify`: `ValidationFailure`); Marathon `MarathonConf.scala`
    ///   (converters of `gpu_scheduling_behavior`, `new_group_enforce_role`,
    ///   `accepted_resource_roles_default_behavior`; `leader_election_backend`),
    ///   `ZookeeperConf.scala`, `metrics/MetricsConf.scala`, `NetworkConf.scala` (v1.10.26
    ///   :15-21, `NetworkNameFailedMessage`; `NetworkConfTest.scala:14`).
    pub struct OptionValue {
        code: "MR008",
        name: "option-value",
        severity: Error,
        summary: "A Marathon option value Marathon's option parser rejects",
    }
}

/// The parser's message for `value` of `option`, when the target release rejects it.
fn reject(option: &str, kind: OptionKind, value: &str, t: &Target) -> Option<String> {
    let bad = |why: &str| {
        Some(format!(
            "Bad arguments for option '{option}': '{value}' - {why}"
        ))
    };
    let invalid = || {
        Some(format!(
            "Validation failure for '{option}' option parameters: {value}"
        ))
    };
    if value.is_empty() {
        return bad("you should provide exactly one argument");
    }
    let number = match kind {
        OptionKind::Int | OptionKind::Long => {
            let parsed = if kind == OptionKind::Int {
                value.parse::<i32>().map(i64::from).ok()
            } else {
                value.parse::<i64>().ok()
            };
            match parsed {
                Some(n) => Some(n),
                None if t.minor >= 6 => {
                    let ty = if kind == OptionKind::Int {
                        "Int"
                    } else {
                        "Long"
                    };
                    return bad(&format!("bad {ty} value"));
                }
                None => return bad("wrong arguments format"),
            }
        }
        _ => None,
    };
    let setting = |all: &[&str]| {
        let lower = value.to_ascii_lowercase();
        if all.iter().any(|a| a.eq_ignore_ascii_case(&lower)) {
            None
        } else {
            Some(format!(
                "Setting {value} is invalid. Valid settings are {}",
                all.join(", ")
            ))
        }
    };
    let n = number.unwrap_or(0);
    match option {
        "gpu_scheduling_behavior" if t.minor >= 8 => match value {
            "restricted" | "unrestricted" => None,
            "undefined" if t.minor == 8 => None,
            "undefined" => Some("'--gpu_scheduling_behavior undefined' has been removed. Please set either restricted or unrestricted.".into()),
            _ if t.minor == 8 => Some(format!("Setting {value} is invalid. Valid settings are undefined, restricted, unrestricted")),
            _ => Some(format!("Setting {value} is invalid. Valid settings are restricted, unrestricted")),
        },
        "new_group_enforce_role" => setting(&["Off", "Top"]),
        "accepted_resource_roles_default_behavior" => setting(&["Any", "Unreserved", "Reserved"]),
        "leader_election_backend" => {
            let ok = value == "curator" || (t.minor == 4 && value == "twitter_commons");
            if ok { None } else { invalid() }
        }
        "zk_max_node_size" | "zk_compression_threshold" if n < 0 => invalid(),
        "metrics_histogram_reservoir_highest_trackable_value" if n <= 1 => invalid(),
        "metrics_histogram_reservoir_significant_digits" if !(0..=5).contains(&n) => invalid(),
        "metrics_histogram_reservoir_resetting_chunks" if n != 0 && n < 2 => invalid(),
        "metrics_histogram_reservoir_resetting_interval_ms"
        | "metrics_statsd_port"
        | "metrics_statsd_transmission_interval_ms"
        | "metrics_datadog_port"
        | "metrics_datadog_transmission_interval_ms"
            if n <= 0 =>
        {
            invalid()
        }
        "metrics_datadog_protocol" if value != "udp" && value != "api" => invalid(),
        "mesos_bridge_name" => bridge_name(value, t),
        _ => None,
    }
}

/// `--mesos_bridge_name` against Marathon's network name pattern (`NetworkConf.validate`,
/// the RAML `Network.name` pattern): `strings.NetworkName`, with `_`, from 1.6; 1.5's
/// `strings.Name` has none.
fn bridge_name(value: &str, t: &Target) -> Option<String> {
    let underscore = t.minor >= 6;
    let pattern = if underscore {
        "^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$"
    } else {
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
    };
    let end = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let inner = |c: char| end(c) || c == '-' || (underscore && c == '_');
    let chars: Vec<char> = value.chars().collect();
    let ok = match chars.as_slice() {
        [] => false,
        [one] => end(*one),
        [first, middle @ .., last] => end(*first) && end(*last) && middle.iter().all(|c| inner(*c)),
    };
    (!ok).then(|| format!("mesos_bridge_name must match pattern {pattern}"))
}

impl Rule for OptionValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            for def in written(m) {
                let Some((opt, _)) = lookup(&def.name) else {
                    continue;
                };
                if matches!(opt.kind, OptionKind::Toggle | OptionKind::Flag)
                    || !opt.exists_in(t.minor, t.patch)
                {
                    continue;
                }
                // A `?name` conf file, `MARATHON_X=` or a bare `--x`: no value at all.
                let value = def.value.as_deref().map_or("", str::trim);
                let Some(message) = reject(opt.name, opt.kind, value, &t) else {
                    continue;
                };
                let Some(span) = value_span(def) else {
                    continue;
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{} on {} sets `--{}` to a value Marathon {} rejects at start: \"{message}\"",
                            place(cx.files, def),
                            name(host),
                            def.name,
                            t.label()
                        ),
                    )
                    .primary(span, "rejected by Marathon's option parser")
                    .note(t.note())
                    .help(help(opt.name, opt.kind)),
                );
            }
        }
    }
}

fn help(option: &str, kind: OptionKind) -> String {
    match (option, kind) {
        (_, OptionKind::Int | OptionKind::Long)
            if option.contains("timeout")
                || option.ends_with("_ms")
                || option.contains("interval")
                || option.contains("delay") =>
        {
            format!("write `{option}` as an integer (Marathon times are plain numbers of milliseconds, `failover_timeout` of seconds)")
        }
        (_, OptionKind::Int | OptionKind::Long) => {
            format!("write `{option}` as an integer in its range")
        }
        ("mesos_bridge_name", _) => "name the Mesos CNI network of bridged MESOS containers with lower-case letters, digits and `-` (`_` from 1.6), starting and ending with a letter or digit (the default is `mesos-bridge`)".to_string(),
        _ => format!("give `{option}` one of the values it accepts"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::run_env;

    fn n(target: Option<&str>, extra: &str) -> usize {
        run_env("MR008", target, extra)
    }

    #[test]
    fn numbers() {
        assert_eq!(n(None, "MARATHON_TASK_LAUNCH_TIMEOUT=10mins"), 1);
        assert_eq!(n(None, "MARATHON_TASK_LAUNCH_TIMEOUT=600000"), 0);
        assert_eq!(n(None, "MARATHON_HTTP_PORT=99999999999"), 1);
        assert_eq!(n(None, "MARATHON_FAILOVER_TIMEOUT=99999999999"), 0);
        assert_eq!(n(Some("1.4"), "MARATHON_ZK_TIMEOUT=10s"), 1);
        assert_eq!(n(None, "MARATHON_ZK_MAX_NODE_SIZE=-1"), 1);
        assert_eq!(n(None, "MARATHON_MESOS_ROLE="), 1);
    }

    #[test]
    fn settings() {
        assert_eq!(n(None, "MARATHON_NEW_GROUP_ENFORCE_ROLE=TOP"), 0);
        assert_eq!(n(None, "MARATHON_NEW_GROUP_ENFORCE_ROLE=all"), 1);
        assert_eq!(
            n(
                None,
                "MARATHON_ACCEPTED_RESOURCE_ROLES_DEFAULT_BEHAVIOR=reserved"
            ),
            0
        );
        assert_eq!(
            n(None, "MARATHON_ACCEPTED_RESOURCE_ROLES_DEFAULT_BEHAVIOR=*"),
            1
        );
        assert_eq!(n(None, "MARATHON_GPU_SCHEDULING_BEHAVIOR=undefined"), 1);
        assert_eq!(
            n(Some("1.8"), "MARATHON_GPU_SCHEDULING_BEHAVIOR=undefined"),
            0
        );
        assert_eq!(n(None, "MARATHON_GPU_SCHEDULING_BEHAVIOR=unrestricted"), 0);
        assert_eq!(
            n(None, "MARATHON_LEADER_ELECTION_BACKEND=twitter_commons"),
            1
        );
        assert_eq!(
            n(
                Some("1.4"),
                "MARATHON_LEADER_ELECTION_BACKEND=twitter_commons"
            ),
            0
        );
        assert_eq!(
            n(
                None,
                "MARATHON_METRICS_HISTOGRAM_RESERVOIR_SIGNIFICANT_DIGITS=6"
            ),
            1
        );
        assert_eq!(
            n(
                None,
                "MARATHON_METRICS_HISTOGRAM_RESERVOIR_SIGNIFICANT_DIGITS=5"
            ),
            0
        );
        assert_eq!(
            n(
                None,
                "MARATHON_METRICS_HISTOGRAM_RESERVOIR_RESETTING_CHUNKS=1"
            ),
            1
        );
        assert_eq!(n(None, "MARATHON_METRICS_DATADOG_PROTOCOL=tcp"), 1);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=mesos-bridge"), 0);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=cni_net0"), 0);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=b"), 0);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=Bridge"), 1);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=bridge-"), 1);
        assert_eq!(n(None, "MARATHON_MESOS_BRIDGE_NAME=_b"), 1);
        assert_eq!(n(Some("1.5"), "MARATHON_MESOS_BRIDGE_NAME=cni_net0"), 1);
        // Options of another release are MR003's.
        assert_eq!(n(Some("1.6"), "MARATHON_METRICS_DATADOG_PROTOCOL=tcp"), 0);
    }
}
