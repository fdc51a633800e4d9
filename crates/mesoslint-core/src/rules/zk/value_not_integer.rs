use super::facts::{java_parse_int, java_parse_long, place, plain_setting, quoted, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks that the numeric keys `QuorumPeerConfig.parseProperties` reads hold what Java's
    /// `Integer.parseInt` (or `Long.parseLong`) accepts after trimming: an optional sign and
    /// decimal digits, within range. No units (`2000ms`), no words, no hexadecimal, no digit
    /// separators. Keys: `tickTime`, `initLimit`, `syncLimit`, `clientPort`, `maxClientCnxns`,
    /// `minSessionTimeout`, `maxSessionTimeout`, `electionAlg`, `autopurge.snapRetainCount`,
    /// `autopurge.purgeInterval` (all releases); `quorum.cnxn.threads.size` (3.4.10+);
    /// `secureClientPort` (3.5.1+); `observerMasterPort`, `clientPortListenBacklog`,
    /// `connectToLearnerMasterLimit`, `multiAddress.reachabilityCheckTimeoutMs` and the
    /// `jvm.pause.*` thresholds (3.6.0+). A key the target release does not parse is left alone
    /// (it becomes a system property).
    ///
    /// ## Why is this bad?
    /// The `NumberFormatException` stops ZooKeeper at start-up: "Invalid config, exiting
    /// abnormally" with "Error processing <path>". `autopurge.purgeInterval` takes whole hours
    /// in every release from 3.4 to 3.9: `24h` is fatal too.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2s
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// autopurge.purgeInterval=24
    /// ```
    ///
    /// ## How to fix
    /// Write the plain number in the key's unit: milliseconds for `tickTime` and the session
    /// timeouts, ticks for `initLimit`/`syncLimit`, hours for `autopurge.purgeInterval`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` (release-3.4.14 to release-3.9.5): `Integer.parseInt(value)`
    ///   per key; `QuorumPeerConfig.parse` wraps the exception as "Error processing <path>".
    pub struct ValueNotInteger {
        code: "ZK017",
        name: "value-not-integer",
        severity: Error,
        summary: "A numeric zoo.cfg key holds a value Integer.parseInt rejects",
    }
}

/// (key, 64-bit, first release that parses it).
const INT_KEYS: &[(&str, bool, (u32, u32, u32))] = &[
    ("tickTime", false, (3, 4, 0)),
    ("initLimit", false, (3, 4, 0)),
    ("syncLimit", false, (3, 4, 0)),
    ("clientPort", false, (3, 4, 0)),
    ("maxClientCnxns", false, (3, 4, 0)),
    ("minSessionTimeout", false, (3, 4, 0)),
    ("maxSessionTimeout", false, (3, 4, 0)),
    ("electionAlg", false, (3, 4, 0)),
    ("autopurge.snapRetainCount", false, (3, 4, 0)),
    ("autopurge.purgeInterval", false, (3, 4, 0)),
    ("quorum.cnxn.threads.size", false, (3, 4, 10)),
    ("secureClientPort", false, (3, 5, 1)),
    ("observerMasterPort", false, (3, 6, 0)),
    ("clientPortListenBacklog", false, (3, 6, 0)),
    ("connectToLearnerMasterLimit", false, (3, 6, 0)),
    ("multiAddress.reachabilityCheckTimeoutMs", false, (3, 6, 0)),
    ("jvm.pause.info-threshold.ms", true, (3, 6, 0)),
    ("jvm.pause.warn-threshold.ms", true, (3, 6, 0)),
    ("jvm.pause.sleep.time.ms", true, (3, 6, 0)),
];

impl Rule for ValueNotInteger {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            let cfg = cx.files.path(zk.cfg);
            let at = place(cx, host, zk);
            for &(key, long, (a, b, c)) in INT_KEYS {
                if !ver.at_least(a, b, c) {
                    continue;
                }
                let Some((p, v)) = plain_setting(zk, key) else {
                    continue;
                };
                let ok = if long {
                    java_parse_long(v).is_some()
                } else {
                    java_parse_int(v).is_some()
                };
                if ok {
                    continue;
                }
                let shown = quoted(v);
                let kind = if long {
                    "Long.parseLong"
                } else {
                    "Integer.parseInt"
                };
                let lead_digits: String = v.chars().take_while(|c| c.is_ascii_digit()).collect();
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "`{key}={shown}` in {at}: {kind} rejects \"{shown}\", so ZooKeeper exits with \"Error processing {cfg}\" (NumberFormatException: For input string: \"{shown}\")"
                    ),
                )
                .primary(zk.value_span(p), "not a plain integer")
                .help(format!("write `{key}` as a plain decimal number"))
                .note(ver.note(&format!("{}.{}.{} and later", a, b, c)));
                if !lead_digits.is_empty()
                    && lead_digits.len() < v.len()
                    && java_parse_int(&lead_digits).is_some()
                    && key != "autopurge.purgeInterval"
                    && key != "tickTime"
                {
                    d = d.help(format!(
                        "write `{key}={lead_digits}` if that is the number meant"
                    ));
                }
                sink.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";

    #[test]
    fn units_and_words_fire() {
        for v in ["2s", "two", "0x10", "1_000", "2147483648", "", "24h"] {
            let text = format!(
                "dataDir=/var/lib/zookeeper\nclientPort=2181\nautopurge.purgeInterval={v}\n"
            );
            assert_eq!(run("ZK017", &[(CFG, &text)]).len(), 1, "{v:?}");
        }
    }

    #[test]
    fn plain_numbers_and_trimmed_values_pass() {
        let text = "tickTime = 2000  \ninitLimit=+10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\nclientPort=2181\nminSessionTimeout=-1\n";
        assert!(run("ZK017", &[(CFG, text)]).is_empty());
    }

    #[test]
    fn keys_of_later_releases_are_left_to_older_targets() {
        let text = "dataDir=/d\nclientPort=2181\nobserverMasterPort=abc\n";
        assert_eq!(run("ZK017", &[(CFG, text)]).len(), 1);
        assert!(run_for("ZK017", "3.5.10", &[(CFG, text)]).is_empty());
    }

    #[test]
    fn inline_comments_are_left_to_zk013() {
        let text = "dataDir=/d\nclientPort=2181 # client\n";
        assert!(run("ZK017", &[(CFG, text)]).is_empty());
    }
}
