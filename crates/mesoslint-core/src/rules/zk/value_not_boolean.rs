use super::facts::{place, plain_setting, quoted, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the boolean keys `QuorumPeerConfig.parseProperties` reads (`standaloneEnabled`,
    /// `reconfigEnabled`, `quorumListenOnAllIPs`, `syncEnabled`, `localSessionsEnabled`,
    /// `localSessionsUpgradingEnabled`, `sslQuorum`, `portUnification`,
    /// `sslQuorumReloadCertFiles`, `quorum.auth.enableSasl`, `quorum.auth.serverRequireSasl`,
    /// `quorum.auth.learnerRequireSasl`, `jvm.pause.monitor`, `multiAddress.enabled`,
    /// `multiAddress.reachabilityCheckEnabled`) for a value other than `true` or `false` (any
    /// case), such as `yes`, `1` or `on`.
    ///
    /// ## Why is this bad?
    /// From ZooKeeper 3.7.0 every one of them is strict and the server exits: "Invalid option
    /// <value> for <key>. Choose 'true' or 'false.'". In 3.5 and 3.6 only `standaloneEnabled`
    /// and `reconfigEnabled` are strict ("Invalid option <value> for standalone mode. Choose
    /// 'true' or 'false.'"); the others, and all of them in 3.4, go through
    /// `Boolean.parseBoolean`, which silently reads anything but `true` as `false`
    /// (reported as a warning there).
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// quorumListenOnAllIPs=yes
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// quorumListenOnAllIPs=TRUE
    /// ```
    ///
    /// ## How to fix
    /// Write `true` or `false`.
    ///
    /// ## References
    /// - release-3.7.0 to release-3.9.5 `QuorumPeerConfig.parseBoolean(key, value)`.
    /// - release-3.5.x/3.6.x `QuorumPeerConfig.parseProperties`: strict `standaloneEnabled`
    ///   and `reconfigEnabled`, `Boolean.parseBoolean` for the rest; release-3.4.14 likewise.
    pub struct ValueNotBoolean {
        code: "ZK018",
        name: "value-not-boolean",
        severity: Error,
        summary: "A boolean zoo.cfg key holds a value other than true or false",
        fix: Unsafe,
    }
}

/// (key, first release that reads it in zoo.cfg, first release where it is strict).
type Release = (u32, u32, u32);

const BOOL_KEYS: &[(&str, Release, Release)] = &[
    ("standaloneEnabled", (3, 5, 0), (3, 5, 0)),
    ("reconfigEnabled", (3, 5, 3), (3, 5, 3)),
    ("quorumListenOnAllIPs", (3, 4, 0), (3, 7, 0)),
    ("syncEnabled", (3, 6, 0), (3, 7, 0)),
    ("localSessionsEnabled", (3, 5, 0), (3, 7, 0)),
    ("localSessionsUpgradingEnabled", (3, 5, 0), (3, 7, 0)),
    ("sslQuorum", (3, 5, 5), (3, 7, 0)),
    ("portUnification", (3, 5, 5), (3, 7, 0)),
    ("sslQuorumReloadCertFiles", (3, 5, 5), (3, 7, 0)),
    ("quorum.auth.enableSasl", (3, 4, 10), (3, 7, 0)),
    ("quorum.auth.serverRequireSasl", (3, 4, 10), (3, 7, 0)),
    ("quorum.auth.learnerRequireSasl", (3, 4, 10), (3, 7, 0)),
    ("jvm.pause.monitor", (3, 6, 0), (3, 7, 0)),
    ("multiAddress.enabled", (3, 6, 0), (3, 7, 0)),
    (
        "multiAddress.reachabilityCheckEnabled",
        (3, 6, 0),
        (3, 7, 0),
    ),
];

impl Rule for ValueNotBoolean {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            let at = place(cx, host, zk);
            for &(key, (a, b, c), (sa, sb, sc)) in BOOL_KEYS {
                if !ver.at_least(a, b, c) {
                    continue;
                }
                let Some((p, v)) = plain_setting(zk, key) else {
                    continue;
                };
                if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
                    continue;
                }
                let shown = quoted(v);
                let strict = ver.at_least(sa, sb, sc);
                let d = if strict {
                    let daemon_msg = if ver.at_least(3, 7, 0) {
                        format!("Invalid option {shown} for {key}. Choose 'true' or 'false.'")
                    } else if key == "standaloneEnabled" {
                        format!(
                            "Invalid option {shown} for standalone mode. Choose 'true' or 'false.'"
                        )
                    } else {
                        format!("Invalid option {shown} for reconfigEnabled flag. Choose 'true' or 'false.'")
                    };
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`{key}={shown}` in {at} is neither true nor false: ZooKeeper exits with \"{daemon_msg}\""
                        ),
                    )
                    .primary(zk.value_span(p), "not true or false")
                    .note(ver.note(&format!(
                        "{sa}.{sb}.{sc} and later (earlier releases read it as false)"
                    )))
                } else {
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "`{key}={shown}` in {at} is neither true nor false: this ZooKeeper reads it with Boolean.parseBoolean, so it silently means false (from 3.7.0 it is fatal)"
                        ),
                    )
                    .severity(Severity::Warning)
                    .primary(zk.value_span(p), "read as false")
                    .note(ver.note("before 3.7.0 (silently false); 3.7.0 and later refuse it"))
                };
                let fixed = if matches!(
                    v.to_ascii_lowercase().as_str(),
                    "yes" | "on" | "1" | "y" | "enabled"
                ) {
                    "true"
                } else {
                    "false"
                };
                let d = d.help(format!("write `{key}=true` or `{key}=false`"));
                let d = if fixed == "true" {
                    d.unsafe_fix("write true", zk.value_span(p), "true")
                } else {
                    d
                };
                sink.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";

    fn cfg(line: &str) -> String {
        format!("dataDir=/var/lib/zookeeper\nclientPort=2181\n{line}\n")
    }

    #[test]
    fn strict_from_3_7() {
        let t = cfg("syncEnabled=yes");
        let d = run_for("ZK018", "3.9.5", &[(CFG, &t)]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        assert!(d[0].message.contains("Invalid option yes for syncEnabled"));
        let d = run_for("ZK018", "3.6.4", &[(CFG, &t)]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
    }

    #[test]
    fn standalone_strict_in_3_5() {
        let t = cfg("standaloneEnabled=no");
        let d = run_for("ZK018", "3.5.10", &[(CFG, &t)]);
        assert_eq!(d[0].severity, Severity::Error);
        assert!(d[0].message.contains("for standalone mode"));
        assert!(run_for("ZK018", "3.4.14", &[(CFG, &t)]).is_empty());
    }

    #[test]
    fn any_case_true_false_passes() {
        for v in ["true", "TRUE", "False", " true "] {
            let t = cfg(&format!("quorumListenOnAllIPs={v}"));
            assert!(run_for("ZK018", "3.9.5", &[(CFG, &t)]).is_empty(), "{v}");
        }
    }
}
