use super::facts::{java_parse_int, judged_peer_type, place, plain_setting, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Host, ZkServer};
use crate::parse::zoo_cfg::PeerRole;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports zoo.cfg settings ZooKeeper replaces with a warning while starting:
    /// - `autopurge.snapRetainCount` below 3: "Invalid autopurge.snapRetainCount: <n>.
    ///   Defaulting to 3" (every release);
    /// - `peerType` contradicting this server's own `server.N` line (the server's id from its
    ///   `myid`): "Peer type from servers list (PARTICIPANT) doesn't match peerType (OBSERVER).
    ///   Defaulting to servers list." (every release);
    /// - a relative `dataDir` or `dataLogDir` not written as `./...`: resolved against the
    ///   working directory of whatever starts the server; 3.5+ warns "<dir> is relative.
    ///   Prepend ./ to indicate that you're sure!".
    ///
    /// ## Why is this bad?
    /// The server runs, but not as configured: it keeps more snapshots than asked, votes when
    /// it was meant to observe (or the reverse), or writes its data wherever it was started.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// autopurge.snapRetainCount=1
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// autopurge.snapRetainCount=3
    /// ```
    ///
    /// ## How to fix
    /// Keep at least 3 snapshots; mark observers with `:observer` in every server list (and
    /// `peerType=observer` only on them); use absolute data directories.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` and `QuorumPeerConfig.setupPeerType`
    ///   (release-3.4.14 to release-3.9.5); `VerifyingFileFactory.warnForRelativePath` (3.5+).
    pub struct SettingOverridden {
        code: "ZK020",
        name: "setting-overridden",
        severity: Warning,
        summary: "A zoo.cfg setting ZooKeeper replaces with a warning at start",
    }
}

impl Rule for SettingOverridden {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            snap_retain(ver, host, zk, cx, sink);
            peer_type(ver, host, zk, cx, sink);
            for key in ["dataDir", "dataLogDir"] {
                relative_dir(ver, key, host, zk, cx, sink);
            }
        }
    }
}

fn snap_retain(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let Some((p, v)) = plain_setting(zk, "autopurge.snapRetainCount") else {
        return;
    };
    let Some(n) = java_parse_int(v) else {
        return; // ZK017
    };
    if n >= 3 {
        return;
    }
    sink.report(
        Diagnostic::new(
            &SettingOverridden::META,
            format!(
                "`autopurge.snapRetainCount={n}` in {}: ZooKeeper logs \"Invalid autopurge.snapRetainCount: {n}. Defaulting to 3\" and keeps 3 snapshots",
                place(cx, host, zk)
            ),
        )
        .primary(zk.value_span(p), "below the minimum of 3")
        .help("set `autopurge.snapRetainCount` to 3 or more")
        .note(ver.note("3.4 and later")),
    );
}

fn peer_type(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let Some((p, v, Some(wanted))) = judged_peer_type(zk) else {
        return; // unset, unknown, or a word the server refuses (ZK019)
    };
    // Without a known id the server's own line is unknown.
    let Some(id) = zk.myid().and_then(|m| m.id()) else {
        return;
    };
    let Some(own) = zk
        .effective_servers()
        .find(|e| e.id.as_ref().ok() == Some(&id))
    else {
        return;
    };
    let Ok(spec) = &own.spec else { return };
    if spec.role == wanted {
        return;
    }
    let name = |r: PeerRole| match r {
        PeerRole::Observer => "OBSERVER",
        _ => "PARTICIPANT",
    };
    sink.report(
        Diagnostic::new(
            &SettingOverridden::META,
            format!(
                "`peerType={v}` in {} contradicts this server's line `server.{id}`: ZooKeeper logs \"Peer type from servers list ({}) doesn't match peerType ({}). Defaulting to servers list.\"",
                place(cx, host, zk),
                name(spec.role),
                name(wanted)
            ),
        )
        .primary(zk.value_span(p), "ignored")
        .secondary(own.value_span, "the server list wins")
        .help("make the `server.N` line and `peerType` agree (`:observer` on the line marks an observer)")
        .note(ver.note("3.4 and later")),
    );
}

fn relative_dir(
    ver: ZkVersion,
    key: &str,
    host: &Host,
    zk: &ZkServer,
    cx: &Context<'_>,
    sink: &mut Sink,
) {
    let Some((p, v)) = plain_setting(zk, key) else {
        return;
    };
    if v.is_empty() || v.starts_with('/') || v.starts_with("./") || v.starts_with('$') {
        return;
    }
    let said = if ver.at_least(3, 5, 0) {
        format!("ZooKeeper warns \"{v} is relative. Prepend ./ to indicate that you're sure!\"")
    } else {
        "ZooKeeper takes it silently".to_string()
    };
    sink.report(
        Diagnostic::new(
            &SettingOverridden::META,
            format!(
                "`{key}={v}` in {} is relative: it is resolved against the start script's working directory; {said}",
                place(cx, host, zk)
            ),
        )
        .primary(zk.value_span(p), "relative path")
        .help(format!("write `{key}` as an absolute path"))
        .note(ver.note("3.4 and later (the warning from 3.5)")),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const MYID: &str = "var/lib/zookeeper/myid";

    #[test]
    fn snap_retain_below_three() {
        let t = "dataDir=/var/lib/zookeeper\nautopurge.snapRetainCount=2\n";
        assert_eq!(run("ZK020", &[(CFG, t)]).len(), 1);
        let ok = "dataDir=/var/lib/zookeeper\nautopurge.snapRetainCount=3\n";
        assert!(run("ZK020", &[(CFG, ok)]).is_empty());
    }

    #[test]
    fn peer_type_against_own_line() {
        let servers = "server.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888:observer\n";
        let bad = format!("dataDir=/var/lib/zookeeper\npeerType=observer\n{servers}");
        assert_eq!(run("ZK020", &[(CFG, &bad), (MYID, "1\n")]).len(), 1);
        assert!(run("ZK020", &[(CFG, &bad), (MYID, "3\n")]).is_empty());
        // No myid: the server's own line is unknown.
        assert!(run("ZK020", &[(CFG, &bad)]).is_empty());
    }

    #[test]
    fn relative_dirs() {
        assert_eq!(run("ZK020", &[(CFG, "dataDir=data\n")]).len(), 1);
        assert!(run("ZK020", &[(CFG, "dataDir=./data\n")]).is_empty());
        assert!(run("ZK020", &[(CFG, "dataDir=/data\n")]).is_empty());
    }
}
