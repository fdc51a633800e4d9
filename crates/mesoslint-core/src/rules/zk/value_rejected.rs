use super::facts::{
    java_parse_int, judged_peer_type, place, plain_setting, plain_value, quoted, ZkVersion,
};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Host, ZkServer};
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the zoo.cfg values and combinations that `QuorumPeerConfig.parseProperties`
    /// refuses after reading every key (values trimmed as ZooKeeper trims them):
    /// - `electionAlg` other than `3` (3.6.0+: "Invalid electionAlg value. Only 3 is
    ///   supported."; 3.4 and 3.5 still take the deprecated 0 to 2, and any other number leaves
    ///   the server without an election algorithm);
    /// - `peerType` other than `observer` or `participant`, in any case ("Unrecognised
    ///   peertype: <v>", every release);
    /// - `secureClientPortAddress` without `secureClientPort`, or `clientPortAddress` without
    ///   `clientPort` (3.5+: "secureClientPortAddress is set but secureClientPort is not set");
    /// - `quorum.auth.serverRequireSasl` or `quorum.auth.learnerRequireSasl` true while
    ///   `quorum.auth.enableSasl` is not, or the server side required without the learner side
    ///   (3.4.10+: "quorum.auth.enableSasl is disabled, so cannot enable
    ///   quorum.auth.serverRequireSasl").
    ///
    /// ## Why is this bad?
    /// Each of these makes ZooKeeper exit at start with "Invalid config, exiting abnormally".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// peerType=follower
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// peerType=Observer
    /// ```
    ///
    /// ## How to fix
    /// Remove `electionAlg` (3 is the default), spell `peerType` as `observer` or
    /// `participant`, set `secureClientPort` with its address, and enable
    /// `quorum.auth.enableSasl` and `quorum.auth.learnerRequireSasl` before requiring SASL.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` (release-3.4.14 to release-3.9.5).
    pub struct ValueRejected {
        code: "ZK019",
        name: "value-rejected",
        severity: Error,
        summary: "A zoo.cfg value or combination QuorumPeerConfig refuses at start",
    }
}

/// Java's `Boolean.parseBoolean`, which the quorum SASL switches amount to in every release
/// (from 3.7 other words are refused outright; ZK018 reports those).
fn is_true(zk: &ZkServer, key: &str) -> bool {
    plain_setting(zk, key).is_some_and(|(_, v)| v.eq_ignore_ascii_case("true"))
}

const ENABLE: &str = "quorum.auth.enableSasl";
const SERVER: &str = "quorum.auth.serverRequireSasl";
const LEARNER: &str = "quorum.auth.learnerRequireSasl";

impl Rule for ValueRejected {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            election_alg(ver, host, zk, cx, sink);
            peer_type(ver, host, zk, cx, sink);
            // 3.4 refuses any file without clientPort (ZK010).
            if ver.at_least(3, 5, 0) {
                address_without_port(ver, ("clientPortAddress", "clientPort"), host, zk, cx, sink);
                address_without_port(
                    ver,
                    ("secureClientPortAddress", "secureClientPort"),
                    host,
                    zk,
                    cx,
                    sink,
                );
            }
            if ver.at_least(3, 4, 10) {
                sasl(ver, host, zk, cx, sink);
            }
        }
    }
}

fn election_alg(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let Some((p, v)) = plain_setting(zk, "electionAlg") else {
        return;
    };
    let Some(n) = java_parse_int(v) else {
        return; // ZK017 reports a value that is no number
    };
    let (bad, what, applies) = if ver.at_least(3, 6, 0) {
        (
            n != 3,
            "ZooKeeper exits with \"Invalid electionAlg value. Only 3 is supported.\"",
            "3.6.0 and later",
        )
    } else {
        (
            !(0..=3).contains(&n),
            "no election algorithm has that number, so the server never elects a leader",
            "3.4 and 3.5",
        )
    };
    if bad {
        sink.report(
            Diagnostic::new(
                &ValueRejected::META,
                format!("`electionAlg={n}` in {}: {what}", place(cx, host, zk)),
            )
            .primary(zk.value_span(p), "not a supported election algorithm")
            .help("remove `electionAlg`: 3 (fast leader election) is the default")
            .note(ver.note(applies)),
        );
    }
}

fn peer_type(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let Some((p, v, None)) = judged_peer_type(zk) else {
        return; // unset, unknown, or a role
    };
    let shown = quoted(v);
    sink.report(
        Diagnostic::new(
            &ValueRejected::META,
            format!(
                "`peerType={shown}` in {}: ZooKeeper exits with \"Unrecognised peertype: {shown}\"",
                place(cx, host, zk)
            ),
        )
        .primary(zk.value_span(p), "neither `observer` nor `participant`")
        .help("write `peerType=observer` or `peerType=participant`")
        .note(ver.note("3.4 and later")),
    );
}

fn address_without_port(
    ver: ZkVersion,
    (addr_key, port_key): (&str, &str),
    host: &Host,
    zk: &ZkServer,
    cx: &Context<'_>,
    sink: &mut Sink,
) {
    let Some(p) = zk.get(addr_key) else { return };
    // An unset port is 0, and so is an explicit 0.
    let port = match zk.get(port_key) {
        None => Some(0),
        Some(sp) => plain_value(sp).map(|v| java_parse_int(v).unwrap_or(-1)),
    };
    if port != Some(0) {
        return;
    }
    sink.report(
        Diagnostic::new(
            &ValueRejected::META,
            format!(
                "`{addr_key}` in {} without a `{port_key}`: ZooKeeper exits with \"{addr_key} is set but {port_key} is not set\"",
                place(cx, host, zk)
            ),
        )
        .primary(zk.key_span(p), format!("needs `{port_key}`"))
        .help(format!("add `{port_key}=<port>` or remove `{addr_key}`"))
        .note(ver.note("3.5 and later")),
    );
}

fn sasl(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let (enable, server, learner) = (
        is_true(zk, ENABLE),
        is_true(zk, SERVER),
        is_true(zk, LEARNER),
    );
    // The daemon's three checks, in its order: only the first failing one is reported.
    let failed = if !enable && server {
        Some((ENABLE, SERVER))
    } else if !enable && learner {
        Some((ENABLE, LEARNER))
    } else if !learner && server {
        Some((LEARNER, SERVER))
    } else {
        None
    };
    let Some((off, on)) = failed else { return };
    let Some(p) = zk.get(on) else { return };
    let mut d = Diagnostic::new(
        &ValueRejected::META,
        format!(
            "`{on}=true` in {} while `{off}` is not true: ZooKeeper exits with \"{off} is disabled, so cannot enable {on}\"",
            place(cx, host, zk)
        ),
    )
    .primary(zk.line_span(p), format!("needs `{off}=true`"))
    .help(format!("set `{off}=true` as well"))
    .note(ver.note("3.4.10 and later"));
    if let Some(o) = zk.get(off) {
        d = d.secondary(zk.line_span(o), "not true");
    }
    sink.report(d);
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";

    fn cfg(extra: &str) -> String {
        format!("dataDir=/var/lib/zookeeper\nclientPort=2181\n{extra}")
    }

    #[test]
    fn election_alg_depends_on_release() {
        let t = cfg("electionAlg=0\n");
        assert_eq!(run("ZK019", &[(CFG, &t)]).len(), 1);
        assert!(run_for("ZK019", "3.4.14", &[(CFG, &t)]).is_empty());
        let t4 = cfg("electionAlg=4\n");
        assert_eq!(run_for("ZK019", "3.4.14", &[(CFG, &t4)]).len(), 1);
        assert!(run("ZK019", &[(CFG, &cfg("electionAlg = 3 \n"))]).is_empty());
    }

    #[test]
    fn peer_type_any_case() {
        assert!(run("ZK019", &[(CFG, &cfg("peerType=OBSERVER\n"))]).is_empty());
        assert_eq!(run("ZK019", &[(CFG, &cfg("peerType=leader\n"))]).len(), 1);
    }

    #[test]
    fn secure_address_needs_port() {
        assert_eq!(
            run("ZK019", &[(CFG, &cfg("secureClientPortAddress=0.0.0.0\n"))]).len(),
            1
        );
        let ok = cfg("secureClientPort=2281\nsecureClientPortAddress=0.0.0.0\n");
        assert!(run("ZK019", &[(CFG, &ok)]).is_empty());
        let plain = "dataDir=/d\nclientPortAddress=10.0.0.1\n";
        assert_eq!(run("ZK019", &[(CFG, plain)]).len(), 1);
        assert!(run("ZK019", &[(CFG, &cfg("clientPortAddress=10.0.0.1\n"))]).is_empty());
    }

    #[test]
    fn sasl_chain() {
        let bad = cfg("quorum.auth.serverRequireSasl=true\n");
        assert_eq!(run("ZK019", &[(CFG, &bad)]).len(), 1);
        let half = cfg("quorum.auth.enableSasl=true\nquorum.auth.serverRequireSasl=true\n");
        assert_eq!(run("ZK019", &[(CFG, &half)]).len(), 1);
        let ok = cfg("quorum.auth.enableSasl=true\nquorum.auth.learnerRequireSasl=true\nquorum.auth.serverRequireSasl=TRUE\n");
        assert!(run("ZK019", &[(CFG, &ok)]).is_empty());
        assert!(run_for("ZK019", "3.4.9", &[(CFG, &bad)]).is_empty());
    }
}
