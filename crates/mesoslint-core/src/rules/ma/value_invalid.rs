use crate::config::Version;
use crate::declare_rule;
use crate::model::MesosDaemon;
use crate::parse::values::{parse_duration, parse_float, Duration};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agents, flag_or_agent_span, isolation_tokens, AgentExit};

declare_rule! {
    /// ## What it does
    /// Checks agent values that parse as their type but that the agent still refuses:
    /// - `gc_disk_headroom` outside 0.0-1.0 (0.22+);
    /// - with the `cgroups/perf_event` isolator and `perf_events` set, a `perf_duration`
    ///   (default 10secs) longer than `perf_interval` (default 1mins) (0.20+; without
    ///   `perf_events` the agent samples nothing and does not compare them);
    /// - with the `cgroups/net_cls` isolator, a `cgroups_net_cls_primary_handle` that is not
    ///   a 16-bit number (decimal or `0x` hex), or `cgroups_net_cls_secondary_handles` that is
    ///   not `<lower>,<upper>` with a non-zero lower bound not above the upper (0.28+).
    ///
    /// ## Why is this bad?
    /// The agent exits at start: "Invalid value '<v>' for --gc_disk_headroom. Must be between
    /// 0.0 and 1.0", "Sampling perf for duration (<d>) > interval (<i>) is not supported.",
    /// "Failed to parse the range of secondary handles '<v>' set in flag
    /// --cgroups_net_cls_secondary_handles".
    ///
    /// ## Example
    /// ### Invalid: headroom as a percentage
    /// ```text file:etc/mesos-slave/gc_disk_headroom
    /// 10
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/gc_disk_headroom
    /// 0.1
    /// ```
    ///
    /// ## How to fix
    /// Write the headroom as a fraction, keep `perf_duration` at most `perf_interval`, and
    /// write net_cls handles as 16-bit numbers (`0x0012`, secondaries as `1,65535`).
    ///
    /// ## References
    /// - apache/mesos `src/slave/slave.cpp` (`Slave::initialize`),
    ///   `src/slave/containerizer/mesos/isolators/cgroups/subsystems/perf_event.cpp` and
    ///   `net_cls.cpp` (`create`), stout `numify.hpp`.
    pub struct ValueInvalid {
        code: "MA011",
        name: "agent-value-out-of-range",
        severity: Error,
        summary: "An agent value parses but is outside what the agent accepts",
    }
}

/// `numify<uint16_t>` for the values it surely accepts or refuses: `Some(n)` for a decimal or
/// `0x` hex number, `None` for anything else (words, signs, out of range).
fn handle(s: &str) -> Option<u16> {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return u16::from_str_radix(hex, 16).ok();
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Report a refused value at the flag that set it (or at the agent, for a default).
fn report(cx: &Context<'_>, sink: &mut Sink, agent: &MesosDaemon, flag: &str, exit: AgentExit<'_>) {
    let span = flag_or_agent_span(exit.host, agent, flag);
    exit.report(&ValueInvalid::META, cx, span, sink);
}

impl Rule for ValueInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            if let Some(v) = agent.flags.value("gc_disk_headroom") {
                if let Ok(x) = parse_float(v) {
                    if !(0.0..=1.0).contains(&x) {
                        report(cx, sink, agent, "gc_disk_headroom", AgentExit {
                            host,
                            since: Version::new(0, 22, 0),
                            what: format!("has `gc_disk_headroom` {v}, outside 0.0-1.0"),
                            daemon: format!("Invalid value '{v}' for --gc_disk_headroom. Must be between 0.0 and 1.0"),
                            help: "write the headroom as a fraction (0.1 for 10%)".into(),
                        });
                    }
                }
            }
            let Some(tokens) = isolation_tokens(agent) else {
                continue;
            };
            let has = |i: &str| tokens.iter().any(|t| t == i);
            if has("cgroups/perf_event") && agent.flags.is_set("perf_events") {
                let dur = |flag: &str, default: f64| -> Option<(Duration, String)> {
                    match agent.flags.get(flag) {
                        Some(d) => {
                            let v = d.known_value()?;
                            Some((parse_duration(v).ok()?, v.to_string()))
                        }
                        None => Some((
                            Duration::from_secs(default),
                            format!("{default}secs (the default)"),
                        )),
                    }
                };
                if let (Some((d, dt)), Some((i, it))) =
                    (dur("perf_duration", 10.0), dur("perf_interval", 60.0))
                {
                    if d.nanos > i.nanos {
                        let at = if agent.flags.is_set("perf_duration") {
                            "perf_duration"
                        } else {
                            "perf_interval"
                        };
                        report(cx, sink, agent, at, AgentExit {
                            host,
                            since: Version::new(0, 20, 0),
                            what: format!("samples perf for {dt}, longer than the perf_interval {it}"),
                            daemon: format!("Sampling perf for duration ({dt}) > interval ({it}) is not supported."),
                            help: "make `perf_duration` at most `perf_interval`".into(),
                        });
                    }
                }
            }
            if has("cgroups/net_cls") {
                let Some(primary) = agent.flags.value("cgroups_net_cls_primary_handle") else {
                    continue;
                };
                if handle(primary).is_none() {
                    report(cx, sink, agent, "cgroups_net_cls_primary_handle", AgentExit {
                        host,
                        since: Version::new(0, 28, 0),
                        what: format!("has the net_cls primary handle `{primary}`, not a 16-bit number"),
                        daemon: format!("Failed to parse the primary handle '{primary}' set in flag --cgroups_net_cls_primary_handle"),
                        help: "write a 16-bit handle such as `0x0012`".into(),
                    });
                    continue;
                }
                let Some(sec) = agent.flags.value("cgroups_net_cls_secondary_handles") else {
                    continue;
                };
                let parts: Vec<&str> = sec.split(',').filter(|t| !t.is_empty()).collect();
                let bad = match parts.as_slice() {
                    [lo, hi] => match (handle(lo), handle(hi)) {
                        (Some(0), _) => Some("The secondary handle has to be a non-zero value.".to_string()),
                        (Some(l), Some(h)) if l > h => Some(format!("Secondary handle range specified '{sec}', in flag --cgroups_net_cls_secondary_handles, is an empty set")),
                        (Some(_), Some(_)) => None,
                        _ => Some(format!("Failed to parse the lower bound of range of secondary handles '{sec}' set in flag --cgroups_net_cls_secondary_handles")),
                    },
                    _ => Some(format!("Failed to parse the range of secondary handles '{sec}' set in flag --cgroups_net_cls_secondary_handles")),
                };
                if let Some(daemon) = bad {
                    report(cx, sink, agent, "cgroups_net_cls_secondary_handles", AgentExit {
                        host,
                        since: Version::new(0, 28, 0),
                        what: format!("has the net_cls secondary handles `{sec}`, not a `<lower>,<upper>` range of 16-bit numbers"),
                        daemon,
                        help: "write the range as `<lower>,<upper>`, such as `1,65535`".into(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::handle;
    fn count(files: &[(&str, &str)]) -> usize {
        super::super::util::lint_one("MA011", files, None).1.len()
    }

    #[test]
    fn handles() {
        assert_eq!(handle("0x0012"), Some(0x12));
        assert_eq!(handle("65535"), Some(65535));
        assert_eq!(handle("65536"), None);
        assert_eq!(handle("0x"), None);
        assert_eq!(handle("12:0"), None);
    }

    #[test]
    fn values() {
        assert_eq!(count(&[("etc/mesos-slave/gc_disk_headroom", "10\n")]), 1);
        assert_eq!(count(&[("etc/mesos-slave/gc_disk_headroom", "1.0\n")]), 0);
        let iso = (
            "etc/mesos-slave/isolation",
            "cgroups/perf_event,cgroups/net_cls\n",
        );
        let ev = ("etc/mesos-slave/perf_events", "cycles\n");
        assert_eq!(
            count(&[iso, ev, ("etc/mesos-slave/perf_duration", "2mins\n")]),
            1
        );
        assert_eq!(
            count(&[iso, ("etc/mesos-slave/perf_duration", "2mins\n")]),
            0
        );
        assert_eq!(
            count(&[iso, ev, ("etc/mesos-slave/perf_interval", "5secs\n")]),
            1
        );
        assert_eq!(count(&[iso, ev]), 0);
        let p = ("etc/mesos-slave/cgroups_net_cls_primary_handle", "0x0012\n");
        assert_eq!(count(&[iso, p]), 0);
        assert_eq!(
            count(&[
                iso,
                (
                    "etc/mesos-slave/cgroups_net_cls_primary_handle",
                    "0012:0000\n"
                )
            ]),
            1
        );
        assert_eq!(
            count(&[
                iso,
                p,
                (
                    "etc/mesos-slave/cgroups_net_cls_secondary_handles",
                    "1-100\n"
                )
            ]),
            1
        );
        assert_eq!(
            count(&[
                iso,
                p,
                (
                    "etc/mesos-slave/cgroups_net_cls_secondary_handles",
                    "0,100\n"
                )
            ]),
            1
        );
        assert_eq!(
            count(&[
                iso,
                p,
                (
                    "etc/mesos-slave/cgroups_net_cls_secondary_handles",
                    "1,0xffff\n"
                )
            ]),
            0
        );
    }
}
