use std::collections::BTreeSet;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::Daemon;
use crate::parse::values::{parse_duration, parse_int, Duration};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, describe, safe_span, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports Mesos flag values that parse but that the daemon rejects at start-up:
    /// - master `agent_reregister_timeout` (alias `slave_reregister_timeout`) below `10mins`;
    /// - master `agent_ping_timeout` (alias `slave_ping_timeout`) outside `[1secs, 15mins]`;
    /// - master `max_agent_ping_timeouts` of 0;
    /// - agent `executor_reregistration_timeout` above `15secs`;
    /// - agent `registration_backoff_factor` above `1mins`;
    /// - `port` above 65535 (0 is valid: a random port), `advertise_port` outside 1-65535.
    ///
    /// ## Why is this bad?
    /// The daemon exits right after parsing its flags ("Invalid value '5mins' for
    /// --agent_reregister_timeout: Must be at least 10mins"; "Expected
    /// `--executor_reregistration_timeout` to be not more than 15secs"), and a supervisor
    /// restarting it in a loop hides why.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/agent_reregister_timeout
    /// 5mins
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/agent_reregister_timeout
    /// 15mins
    /// ```
    ///
    /// ## How to fix
    /// Bring the value inside the range given in the message.
    ///
    /// ## References
    /// - DOMAIN.md §2.4: apache/mesos `src/master/master.cpp` (`agent_reregister_timeout`
    ///   minimum), `src/master/flags.cpp` (`agent_ping_timeout` range).
    /// - DOMAIN.md §2.6: `src/slave/flags.cpp` (`MAX_EXECUTOR_REREGISTRATION_TIMEOUT`),
    ///   `src/slave/slave.cpp` (`registration_backoff_factor >
    ///   REGISTER_RETRY_INTERVAL_MAX`).
    /// - DOMAIN.md §2.9: libprocess port range.
    pub struct ValueRange {
        code: "MF006",
        name: "value-range",
        severity: Error,
        summary: "A Mesos flag value parses but is outside the range the daemon accepts",
    }
}

enum Check {
    /// Duration bounds, inclusive, with the daemon's error text.
    Duration {
        min: Option<Duration>,
        max: Option<Duration>,
        range: &'static str,
    },
    /// Integer bounds, inclusive. `unsigned`: a negative value does not parse (MF002).
    Int { min: i64, max: i64, unsigned: bool },
}

fn checks(daemon: Daemon) -> Vec<(&'static str, Check)> {
    let mut out = vec![
        (
            // 0 is valid: libprocess binds a random port (PITFALLS §3).
            "port",
            Check::Int {
                min: 0,
                max: 65535,
                unsigned: true,
            },
        ),
        (
            "advertise_port",
            Check::Int {
                min: 1,
                max: 65535,
                unsigned: false,
            },
        ),
    ];
    match daemon {
        Daemon::Master => {
            out.push((
                "agent_reregister_timeout",
                Check::Duration {
                    min: Some(Duration::from_mins(10.0)),
                    max: None,
                    range: "at least 10mins",
                },
            ));
            out.push((
                "agent_ping_timeout",
                Check::Duration {
                    min: Some(Duration::from_secs(1.0)),
                    max: Some(Duration::from_mins(15.0)),
                    range: "between 1secs and 15mins",
                },
            ));
            out.push((
                "max_agent_ping_timeouts",
                Check::Int {
                    min: 1,
                    max: i64::MAX,
                    unsigned: true,
                },
            ));
        }
        Daemon::Agent => {
            out.push((
                "executor_reregistration_timeout",
                Check::Duration {
                    min: None,
                    max: Some(Duration::from_secs(15.0)),
                    range: "at most 15secs",
                },
            ));
            out.push((
                "registration_backoff_factor",
                Check::Duration {
                    min: None,
                    max: Some(Duration::from_mins(1.0)),
                    range: "at most 1mins",
                },
            ));
        }
    }
    out
}

/// `Some(range text)` when the value is out of range; `None` when it is fine or does not
/// parse (MF002's job).
fn out_of_range(check: &Check, v: &str) -> Option<String> {
    match check {
        Check::Duration { min, max, range } => {
            let d = parse_duration(v).ok()?;
            let low = min.is_some_and(|m| d.nanos < m.nanos);
            let high = max.is_some_and(|m| d.nanos > m.nanos);
            (low || high).then(|| range.to_string())
        }
        Check::Int { min, max, unsigned } => {
            if *unsigned && v.trim_start().starts_with('-') {
                return None;
            }
            let n = match parse_int(v) {
                Ok(n) => n,
                // beyond i64 but a valid unsigned number: certainly out of range
                Err(_) => {
                    let digits = v.trim_start_matches('+');
                    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    i64::MAX
                }
            };
            (n < *min || n > *max).then(|| {
                if *max == i64::MAX {
                    format!("at least {min}")
                } else {
                    format!("between {min} and {max}")
                }
            })
        }
    }
}

impl Rule for ValueRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            let mut seen: BTreeSet<(Span, &str)> = BTreeSet::new();
            for d in daemons(host) {
                let prog = d.daemon.as_str();
                for (flag, check) in checks(d.daemon) {
                    let Some(def) = d.flags.get(flag) else {
                        continue;
                    };
                    let Some(v) = def.known_value() else { continue };
                    let Some(range) = out_of_range(&check, v) else {
                        continue;
                    };
                    let Some(span) = safe_span(def, &secrets) else {
                        continue;
                    };
                    if !seen.insert((span, flag)) {
                        continue;
                    }
                    let name = if def.name != flag {
                        format!("`{}` (now `{flag}`)", def.name)
                    } else {
                        format!("`{flag}`")
                    };
                    sink.report(
                        Diagnostic::new(
                            &ValueRange::META,
                            format!(
                                "{name} is `{v}` in {}, but {prog} requires it to be {range} and exits at start-up",
                                describe(def, cx.files)
                            ),
                        )
                        .primary(span, format!("must be {range}"))
                        .help(format!("set `{flag}` to a value {range}")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(daemon: Daemon, flag: &str) -> Check {
        checks(daemon)
            .into_iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, c)| c)
            .unwrap()
    }

    #[test]
    fn ranges() {
        let c = first(Daemon::Master, "agent_reregister_timeout");
        assert!(out_of_range(&c, "5mins").is_some());
        assert!(out_of_range(&c, "10mins").is_none());
        assert!(out_of_range(&c, "5m").is_none());
        let c = first(Daemon::Agent, "registration_backoff_factor");
        assert!(out_of_range(&c, "1mins").is_none());
        assert!(out_of_range(&c, "61secs").is_some());
        let c = first(Daemon::Agent, "port");
        assert!(out_of_range(&c, "0").is_none());
        assert!(out_of_range(&c, "65536").is_some());
        assert!(out_of_range(&c, "99999999999999999999").is_some());
        assert!(out_of_range(&c, "5051").is_none());
        assert!(out_of_range(&c, "").is_none());
        assert!(out_of_range(&c, "é").is_none());
        assert!(out_of_range(&c, "-1").is_none());
        let c = first(Daemon::Agent, "advertise_port");
        assert!(out_of_range(&c, "0").is_some());
        assert!(out_of_range(&c, "-1").is_some());
    }
}
