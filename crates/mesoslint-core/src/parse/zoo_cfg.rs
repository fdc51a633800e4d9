//! `zoo.cfg` specifics: `server.N` values and the catalogue of keys ZooKeeper knows
//! (DOMAIN.md §3.2-3.4). The file itself is read with [`crate::parse::properties`].

use std::ops::Range;

/// Does a peer vote?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerRole {
    Participant,
    Observer,
}

/// The 3.5+ `;[clientHost:]clientPort` part of a `server.N` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress {
    /// `None` when only a port is given (ZooKeeper then binds 0.0.0.0). Without IPv6 brackets.
    pub host: Option<String>,
    pub port: u16,
    /// The whole client part (after the `;`), relative to the value.
    pub range: Range<usize>,
}

/// A parsed `server.N` value. Ranges are relative to the value string given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSpec {
    /// Without IPv6 brackets.
    pub host: String,
    pub host_range: Range<usize>,
    pub peer_port: u16,
    pub peer_port_range: Range<usize>,
    /// `None` only for the 3.4 two-part form `host:port`.
    pub election_port: Option<u16>,
    pub election_port_range: Option<Range<usize>>,
    /// Default `Participant`.
    pub role: PeerRole,
    pub role_range: Option<Range<usize>>,
    /// 3.5+ `;[clientHost:]clientPort`.
    pub client: Option<ClientAddress>,
    /// 3.6+ third `;` section: the secure client address.
    pub secure_client: Option<ClientAddress>,
    /// How many `|`-separated addresses the value has (3.6+ multi-address; 1 normally). Only
    /// the first is described by the fields above; the others are checked for errors.
    pub address_count: usize,
}

/// Why a `server.N` value would be rejected. `range` is relative to the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSpecError {
    pub message: String,
    pub range: Range<usize>,
}

fn err(message: impl Into<String>, range: Range<usize>) -> ServerSpecError {
    ServerSpecError {
        message: message.into(),
        range,
    }
}

/// Java's `String.split` on a single char: pieces with their offsets, trailing empty pieces
/// dropped (leading and inner empty pieces kept).
fn java_split(s: &str, base: usize, sep: char) -> Vec<(&str, Range<usize>)> {
    let mut parts = Vec::new();
    let mut start = 0usize;
    for (i, c) in s.char_indices() {
        if c == sep {
            parts.push((s.get(start..i).unwrap_or(""), base + start..base + i));
            start = i + c.len_utf8();
        }
    }
    parts.push((s.get(start..).unwrap_or(""), base + start..base + s.len()));
    while parts.len() > 1 && parts.last().is_some_and(|(p, _)| p.is_empty()) {
        parts.pop();
    }
    parts
}

/// ZooKeeper's `ConfigUtils.getHostAndPort`: `[v6]:a:b` or `host:a:b`. The host comes back
/// without brackets.
fn host_and_ports(s: &str, base: usize) -> Result<Vec<(&str, Range<usize>)>, ServerSpecError> {
    if let Some(rest) = s.strip_prefix('[') {
        let Some(close) = rest.find("]:") else {
            return Err(err(
                format!("`{s}` starts with '[' but has no matching ']:'"),
                base..base + s.len(),
            ));
        };
        let host = rest.get(..close).unwrap_or("");
        let after = close + 1 + 2; // '[' + host + "]:"
        let mut parts = vec![(host, base + 1..base + 1 + close)];
        parts.extend(java_split(s.get(after..).unwrap_or(""), base + after, ':'));
        Ok(parts)
    } else {
        Ok(java_split(s, base, ':'))
    }
}

/// Java's `Integer.parseInt` then `InetSocketAddress`: an optional sign, ASCII digits, and a
/// port in range (0 is refused here too: it cannot be a peer's port).
fn parse_port(text: &str, range: Range<usize>, what: &str) -> Result<u16, ServerSpecError> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(format!("{what} `{text}` is not a number"), range));
    }
    match text.parse::<i64>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        _ => Err(err(format!("{what} `{text}` is outside 1-65535"), range)),
    }
}

const FORM: &str = "expected host:port:port[:participant|observer][;[clientHost:]clientPort]";

/// One `|`-separated server address.
struct Address {
    host: String,
    host_range: Range<usize>,
    peer_port: u16,
    peer_port_range: Range<usize>,
    election_port: Option<u16>,
    election_port_range: Option<Range<usize>>,
    role: Option<(PeerRole, Range<usize>)>,
}

fn parse_address(s: &str, base: usize) -> Result<Address, ServerSpecError> {
    let whole = base..base + s.len();
    let parts = host_and_ports(s, base)?;
    if !(2..=4).contains(&parts.len()) {
        return Err(err(
            format!("`{s}` has {} part(s); {FORM}", parts.len()),
            whole,
        ));
    }
    let (host, host_range) = parts
        .first()
        .cloned()
        .ok_or_else(|| err(FORM, whole.clone()))?;
    if host.trim().is_empty() {
        return Err(err("the host is empty", host_range));
    }
    let (peer_text, peer_port_range) = parts
        .get(1)
        .cloned()
        .ok_or_else(|| err(FORM, whole.clone()))?;
    let peer_port = parse_port(peer_text, peer_port_range.clone(), "quorum port")?;
    let mut election_port = None;
    let mut election_port_range = None;
    if let Some((text, range)) = parts.get(2).cloned() {
        let port = parse_port(text, range.clone(), "election port")?;
        if port == peer_port {
            return Err(err(
                format!("quorum port and election port are both {port}; they must differ"),
                range,
            ));
        }
        election_port = Some(port);
        election_port_range = Some(range);
    }
    let mut role = None;
    if let Some((text, range)) = parts.get(3).cloned() {
        let r = match text.to_lowercase().as_str() {
            "participant" => PeerRole::Participant,
            "observer" => PeerRole::Observer,
            _ => {
                return Err(err(
                    format!("unrecognised peer type `{text}` (expected participant or observer)"),
                    range,
                ))
            }
        };
        role = Some((r, range));
    }
    Ok(Address {
        host: host.to_string(),
        host_range,
        peer_port,
        peer_port_range,
        election_port,
        election_port_range,
        role,
    })
}

fn parse_client(s: &str, range: Range<usize>) -> Result<ClientAddress, ServerSpecError> {
    let parts = host_and_ports(s, range.start)?;
    match parts.as_slice() {
        [(port, port_range)] => Ok(ClientAddress {
            host: None,
            port: parse_port(port, port_range.clone(), "client port")?,
            range,
        }),
        [(host, host_range), (port, port_range)] => {
            if host.is_empty() {
                return Err(err("the client host is empty", host_range.clone()));
            }
            Ok(ClientAddress {
                host: Some(host.to_string()),
                port: parse_port(port, port_range.clone(), "client port")?,
                range,
            })
        }
        _ => Err(err(
            format!("client part `{s}` is not port or host:port"),
            range,
        )),
    }
}

/// Parse a server.N value (caller passes it with trailing whitespace already trimmed; the rule
/// checks trailing whitespace itself). Errors: wrong part count, non-numeric port, port outside
/// 1-65535, peer port == election port, `[` without `]:`, unknown role word, bad client part,
/// empty host. Multi-address `a|b` (3.6+): the first address fills the fields, the others are
/// checked too.
///
/// The 3.4 two-part form `host:port` is accepted (no election port); a trailing `;` or `:` is
/// ignored like Java's `split` does.
pub fn parse_server_spec(value: &str) -> Result<ServerSpec, ServerSpecError> {
    let whole = 0..value.len();
    if value.trim().is_empty() {
        return Err(err(format!("empty server address; {FORM}"), whole));
    }
    let sections = java_split(value, 0, ';');
    if sections.len() > 3 {
        return Err(err(format!("too many `;` sections; {FORM}"), whole));
    }
    let (server_part, server_range) = sections
        .first()
        .cloned()
        .ok_or_else(|| err(FORM, whole.clone()))?;
    let addresses = java_split(server_part, server_range.start, '|');
    let mut first: Option<Address> = None;
    let mut first_role: Option<PeerRole> = None;
    for (text, range) in &addresses {
        let addr = parse_address(text, range.start)?;
        if let Some((r, role_range)) = &addr.role {
            match first_role {
                None => first_role = Some(*r),
                Some(prev) if prev != *r => {
                    return Err(err(
                        "multiple addresses should have the same role",
                        role_range.clone(),
                    ))
                }
                _ => {}
            }
        }
        if first.is_none() {
            first = Some(addr);
        }
    }
    let first = first.ok_or_else(|| err(FORM, whole.clone()))?;
    let client = match sections.get(1) {
        Some((text, range)) => Some(parse_client(text, range.clone())?),
        None => None,
    };
    let secure_client = match sections.get(2) {
        Some((text, range)) => Some(parse_client(text, range.clone())?),
        None => None,
    };
    let (role, role_range) = match first.role {
        Some((r, range)) => (r, Some(range)),
        None => (first_role.unwrap_or(PeerRole::Participant), None),
    };
    Ok(ServerSpec {
        host: first.host,
        host_range: first.host_range,
        peer_port: first.peer_port,
        peer_port_range: first.peer_port_range,
        election_port: first.election_port,
        election_port_range: first.election_port_range,
        role,
        role_range,
        client,
        secure_client,
        address_count: addresses.len(),
    })
}

/// `server.<id>` key suffix -> id. Java's `Long.parseLong`: optional sign, ASCII digits only,
/// within the range of a signed 64-bit integer.
pub fn parse_server_id(suffix: &str) -> Result<i64, String> {
    let digits = suffix.strip_prefix(['+', '-']).unwrap_or(suffix);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("server id `{suffix}` is not a number"));
    }
    suffix
        .parse::<i64>()
        .map_err(|_| format!("server id `{suffix}` is too large for a 64-bit integer"))
}

/// Every key QuorumPeerConfig reads itself (3.4 .. 3.9), plus the documented settings that
/// reach ZooKeeper as `zookeeper.<key>` system properties when written in `zoo.cfg`. Exact case.
pub const KNOWN_KEYS: &[&str] = &[
    // Read by QuorumPeerConfig.parseProperties.
    "tickTime",
    "dataDir",
    "dataLogDir",
    "clientPort",
    "clientPortAddress",
    "secureClientPort",
    "secureClientPortAddress",
    "observerMasterPort",
    "clientPortListenBacklog",
    "initLimit",
    "syncLimit",
    "connectToLearnerMasterLimit",
    "maxClientCnxns",
    "minSessionTimeout",
    "maxSessionTimeout",
    "autopurge.snapRetainCount",
    "autopurge.purgeInterval",
    "electionAlg",
    "peerType",
    "standaloneEnabled",
    "reconfigEnabled",
    "dynamicConfigFile",
    "quorumListenOnAllIPs",
    "syncEnabled",
    "localSessionsEnabled",
    "localSessionsUpgradingEnabled",
    "sslQuorum",
    "portUnification",
    "sslQuorumReloadCertFiles",
    "quorum.auth.enableSasl",
    "quorum.auth.serverRequireSasl",
    "quorum.auth.learnerRequireSasl",
    "quorum.auth.learner.saslLoginContext",
    "quorum.auth.server.saslLoginContext",
    "quorum.auth.kerberos.servicePrincipal",
    "quorum.cnxn.threads.size",
    "jvm.pause.info-threshold.ms",
    "jvm.pause.warn-threshold.ms",
    "jvm.pause.sleep.time.ms",
    "jvm.pause.monitor",
    "metricsProvider.className",
    "multiAddress.enabled",
    "multiAddress.reachabilityCheckTimeoutMs",
    "multiAddress.reachabilityCheckEnabled",
    "oraclePath",
    // Dynamic config files only.
    "version",
    // Documented settings read as `zookeeper.<key>` system properties.
    "4lw.commands.whitelist",
    "admin.enableServer",
    "admin.serverAddress",
    "admin.serverPort",
    "admin.idleTimeout",
    "admin.commandURL",
    "admin.portUnification",
    "admin.forceHttps",
    "admin.needClientAuth",
    "globalOutstandingLimit",
    "preAllocSize",
    "snapCount",
    "commitLogCount",
    "snapSizeLimitInKb",
    "txnLogSizeLimitInKb",
    "maxCnxns",
    "fsync.warningthresholdms",
    "maxResponseCacheSize",
    "maxGetChildrenResponseCacheSize",
    "extendedTypesEnabled",
    "emulate353TTLNodes",
    "watchManagerName",
    "watcherCleanThreadsNum",
    "watcherCleanThreshold",
    "watcherCleanIntervalInSeconds",
    "maxInProcessingDeadWatchers",
    "bitHashCacheSize",
    "fastleader.minNotificationInterval",
    "fastleader.maxNotificationInterval",
    "connection_throttle_tokens",
    "connection_throttle_fill_time",
    "connection_throttle_fill_count",
    "connection_throttle_freeze_time",
    "connection_throttle_drop_increase",
    "connection_throttle_drop_decrease",
    "connection_throttle_decrease_ratio",
    "connection_throttle_weight_enabled",
    "connection_throttle_global_session_weight",
    "connection_throttle_local_session_weight",
    "connection_throttle_renew_session_weight",
    "serverCnxnFactory",
    "flushDelay",
    "maxWriteQueuePollTime",
    "maxBatchSize",
    "request_throttle_max_requests",
    "request_throttle_stall_time",
    "request_throttle_drop_stale",
    "request_stale_latency_check",
    "request_stale_connection_check",
    "netty.advancedFlowControl.enabled",
    "enableEagerACLCheck",
    "leader.maxConcurrentSnapSyncs",
    "leader.maxConcurrentDiffSyncs",
    "leader.maxTimeToWaitForEpoch",
    "digest.enabled",
    "snapshot.trust.empty",
    "snapshot.compression.method",
    "audit.enable",
    "audit.impl.class",
    "largeRequestMaxBytes",
    "largeRequestThreshold",
    "netty.server.outstandingHandshake.limit",
    "throttled_op_wait_time",
    "learner.closeSocketAsync",
    "leader.closeSocketAsync",
    "leaderServes",
    "cnxTimeout",
    "quorumCnxnTimeoutMs",
    "tcpKeepAlive",
    "clientTcpKeepAlive",
    "electionPortBindRetry",
    "observer.reconnectDelayMs",
    "observer.election.DelayMs",
    "observer.syncEnabled",
    "DigestAuthenticationProvider.superDigest",
    "X509AuthenticationProvider.superUser",
    "superUser",
    "ensembleAuthName",
    "sessionRequireClientSASLAuth",
    "allowSaslFailedClients",
    "client.portUnification",
    "authProvider",
    "kerberos.removeHostFromPrincipal",
    "kerberos.removeRealmFromPrincipal",
    "forceSync",
    "jute.maxbuffer",
    "jute.maxbuffer.extrasize",
    "skipACL",
    "readonlymode.enabled",
    "datadir.autocreate",
    "db.autocreate",
    "nio.numSelectorThreads",
    "nio.numWorkerThreads",
    "nio.directBufferBytes",
    "nio.shutdownTimeout",
    "commitProcessor.numWorkerThreads",
    "commitProcessor.shutdownTimeout",
    "commitProcessor.maxReadBatchSize",
    "commitProcessor.maxCommitBatchSize",
    "enforceQuota",
    "serializeLastProcessedZxid.enabled",
];

/// Known prefixes with an id or name after them.
pub const KNOWN_PREFIXES: &[&str] = &[
    "server.",
    "group.",
    "weight.",
    "metricsProvider.",
    "authProvider.",
    "ssl.",
    "ssl.quorum.",
    "zookeeper.",
    "quorum.auth.",
];

/// Is `key` (already trimmed) one ZooKeeper knows, exactly or by prefix?
pub fn is_known_key(key: &str) -> bool {
    KNOWN_KEYS.contains(&key)
        || KNOWN_PREFIXES
            .iter()
            .any(|p| key.len() > p.len() && key.starts_with(p))
}

/// The closest known key for a typo (`ticktime` -> `tickTime`, `intLimit` -> `initLimit`,
/// `datadir` -> `dataDir`). `None` for known keys and for keys nothing resembles.
pub fn suggest_key(key: &str) -> Option<&'static str> {
    if is_known_key(key) {
        return None;
    }
    crate::parse::did_you_mean(key, KNOWN_KEYS.iter().copied())
}

/// The kind of value a known key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Parsed with `Integer.parseInt` / `Long.parseLong` (a bad value stops ZooKeeper).
    Int,
    /// `true`/`false`.
    Bool,
    Path,
    Host,
    Text,
}

/// Expected value kind of a known key; `None` for unknown keys and prefix families.
pub fn value_kind(key: &str) -> Option<ValueKind> {
    use ValueKind::*;
    let kind = match key {
        "tickTime"
        | "clientPort"
        | "secureClientPort"
        | "observerMasterPort"
        | "clientPortListenBacklog"
        | "initLimit"
        | "syncLimit"
        | "connectToLearnerMasterLimit"
        | "maxClientCnxns"
        | "minSessionTimeout"
        | "maxSessionTimeout"
        | "autopurge.snapRetainCount"
        | "autopurge.purgeInterval"
        | "electionAlg"
        | "quorum.cnxn.threads.size"
        | "jvm.pause.info-threshold.ms"
        | "jvm.pause.warn-threshold.ms"
        | "jvm.pause.sleep.time.ms"
        | "multiAddress.reachabilityCheckTimeoutMs"
        | "admin.serverPort"
        | "admin.idleTimeout"
        | "globalOutstandingLimit"
        | "preAllocSize"
        | "snapCount"
        | "commitLogCount"
        | "snapSizeLimitInKb"
        | "txnLogSizeLimitInKb"
        | "maxCnxns"
        | "fsync.warningthresholdms"
        | "maxResponseCacheSize"
        | "maxGetChildrenResponseCacheSize"
        | "cnxTimeout"
        | "quorumCnxnTimeoutMs"
        | "electionPortBindRetry"
        | "jute.maxbuffer"
        | "jute.maxbuffer.extrasize"
        | "version" => Int,
        "standaloneEnabled"
        | "reconfigEnabled"
        | "quorumListenOnAllIPs"
        | "syncEnabled"
        | "localSessionsEnabled"
        | "localSessionsUpgradingEnabled"
        | "sslQuorum"
        | "portUnification"
        | "sslQuorumReloadCertFiles"
        | "quorum.auth.enableSasl"
        | "quorum.auth.serverRequireSasl"
        | "quorum.auth.learnerRequireSasl"
        | "jvm.pause.monitor"
        | "multiAddress.enabled"
        | "multiAddress.reachabilityCheckEnabled"
        | "admin.enableServer"
        | "admin.portUnification"
        | "admin.forceHttps"
        | "admin.needClientAuth"
        | "extendedTypesEnabled"
        | "emulate353TTLNodes"
        | "digest.enabled"
        | "snapshot.trust.empty"
        | "audit.enable"
        | "tcpKeepAlive"
        | "clientTcpKeepAlive"
        | "enableEagerACLCheck"
        | "readonlymode.enabled"
        | "datadir.autocreate"
        | "db.autocreate"
        | "client.portUnification"
        | "learner.closeSocketAsync"
        | "leader.closeSocketAsync"
        | "netty.advancedFlowControl.enabled"
        | "kerberos.removeHostFromPrincipal"
        | "kerberos.removeRealmFromPrincipal"
        | "enforceQuota"
        | "serializeLastProcessedZxid.enabled" => Bool,
        "dataDir" | "dataLogDir" | "dynamicConfigFile" | "oraclePath" => Path,
        "clientPortAddress" | "secureClientPortAddress" | "admin.serverAddress" => Host,
        k if KNOWN_KEYS.contains(&k) => Text,
        _ => return None,
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(v: &str) -> ServerSpec {
        match parse_server_spec(v) {
            Ok(s) => s,
            Err(e) => panic!("{v:?}: {e:?}"),
        }
    }

    fn bad(v: &str) -> ServerSpecError {
        match parse_server_spec(v) {
            Ok(s) => panic!("{v:?} parsed: {s:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn classic_three_part() {
        let v = "zk1.example.com:2888:3888";
        let s = ok(v);
        assert_eq!(s.host, "zk1.example.com");
        assert_eq!(&v[s.host_range.clone()], "zk1.example.com");
        assert_eq!(s.peer_port, 2888);
        assert_eq!(&v[s.peer_port_range.clone()], "2888");
        assert_eq!(s.election_port, Some(3888));
        assert_eq!(&v[s.election_port_range.clone().unwrap()], "3888");
        assert_eq!(s.role, PeerRole::Participant);
        assert_eq!(s.role_range, None);
        assert_eq!(s.client, None);
        assert_eq!(s.address_count, 1);
    }

    #[test]
    fn two_part_34_form() {
        let s = ok("zk1:2888");
        assert_eq!(s.peer_port, 2888);
        assert_eq!(s.election_port, None);
        assert_eq!(s.election_port_range, None);
    }

    #[test]
    fn roles() {
        let v = "zk4:2888:3888:observer";
        let s = ok(v);
        assert_eq!(s.role, PeerRole::Observer);
        assert_eq!(&v[s.role_range.unwrap()], "observer");
        assert_eq!(ok("zk:1:2:OBSERVER").role, PeerRole::Observer);
        assert_eq!(ok("zk:1:2:participant").role, PeerRole::Participant);
        let v = "zk:1:2:watcher";
        let e = bad(v);
        assert_eq!(&v[e.range], "watcher");
    }

    #[test]
    fn ipv6() {
        let v = "[::1]:2888:3888";
        let s = ok(v);
        assert_eq!(s.host, "::1");
        assert_eq!(&v[s.host_range], "::1");
        assert_eq!(&v[s.peer_port_range], "2888");
        assert_eq!(&v[s.election_port_range.unwrap()], "3888");

        let v = "[2001:db8::5]:2888:3888:observer;[2001:db8::5]:2181";
        let s = ok(v);
        assert_eq!(s.host, "2001:db8::5");
        assert_eq!(s.role, PeerRole::Observer);
        let c = s.client.unwrap();
        assert_eq!(c.host.as_deref(), Some("2001:db8::5"));
        assert_eq!(c.port, 2181);
        assert_eq!(&v[c.range], "[2001:db8::5]:2181");

        let v = "[::1:2888:3888";
        let e = bad(v);
        assert_eq!(e.range, 0..v.len());
        assert!(e.message.contains("]:"));
        // Unbracketed IPv6 splits into too many parts.
        let v = "::1:2888:3888";
        assert_eq!(bad(v).range, 0..v.len());
    }

    #[test]
    fn client_parts() {
        let v = "zk1:2888:3888;2181";
        let s = ok(v);
        let c = s.client.unwrap();
        assert_eq!(c.host, None);
        assert_eq!(c.port, 2181);
        assert_eq!(&v[c.range], "2181");

        let v = "zk1:2888:3888:participant;0.0.0.0:2181";
        let s = ok(v);
        let c = s.client.unwrap();
        assert_eq!(c.host.as_deref(), Some("0.0.0.0"));
        assert_eq!(&v[c.range], "0.0.0.0:2181");

        let v = "zk1:2888:3888;2181;2281";
        let s = ok(v);
        assert_eq!(s.secure_client.unwrap().port, 2281);

        // Java's split drops a trailing empty section.
        assert_eq!(ok("zk1:2888:3888;").client, None);

        let v = "zk1:2888:3888;abc";
        assert_eq!(&v[bad(v).range], "abc");
        let v = "zk1:2888:3888;a:b:2181";
        assert_eq!(&v[bad(v).range], "a:b:2181");
        let v = "zk1:2888:3888;host:99999";
        assert_eq!(&v[bad(v).range], "99999");
        let v = "zk1:2888:3888;:2181";
        assert!(parse_server_spec(v).is_err());
        let v = "zk1:2888:3888;1;2;3";
        assert_eq!(bad(v).range, 0..v.len());
        let v = "zk1:2888:3888; 2181";
        assert_eq!(&v[bad(v).range], " 2181");
    }

    #[test]
    fn port_errors() {
        let v = "zk1:abc:3888";
        let e = bad(v);
        assert_eq!(&v[e.range], "abc");
        assert!(e.message.contains("not a number"));
        let v = "zk1:2888:70000";
        let e = bad(v);
        assert_eq!(&v[e.range], "70000");
        assert!(e.message.contains("1-65535"));
        let v = "zk1:0:3888";
        assert_eq!(&v[bad(v).range], "0");
        let v = "zk1:-1:3888";
        assert_eq!(&v[bad(v).range], "-1");
        let v = "zk1:2888: 3888";
        assert_eq!(&v[bad(v).range], " 3888");
        let v = "zk1:2888:99999999999999999999999";
        assert_eq!(&v[bad(v).range], "99999999999999999999999");
        let v = "zk1::3888";
        assert_eq!(&v[bad(v).range], "");
        assert_eq!(ok("zk1:+2888:3888").peer_port, 2888);
    }

    #[test]
    fn same_ports() {
        let v = "zk1:2888:2888";
        let e = bad(v);
        assert_eq!(e.range, 9..13);
    }

    #[test]
    fn part_count_and_empty() {
        let v = "zk1";
        assert_eq!(bad(v).range, 0..3);
        let v = "zk1:1:2:observer:extra";
        assert_eq!(bad(v).range, 0..v.len());
        assert!(parse_server_spec("").is_err());
        assert!(parse_server_spec("   ").is_err());
        let v = ":2888:3888";
        let e = bad(v);
        assert_eq!(e.range, 0..0);
        assert!(e.message.contains("empty"));
        let v = "[]:2888:3888";
        assert_eq!(bad(v).range, 1..1);
        // Java's split drops trailing empties.
        assert_eq!(ok("zk1:2888:3888:").election_port, Some(3888));
    }

    #[test]
    fn multi_address() {
        let v = "zk1-a:2888:3888|zk1-b:2889:3889;2181";
        let s = ok(v);
        assert_eq!(s.host, "zk1-a");
        assert_eq!(s.address_count, 2);
        assert_eq!(s.client.unwrap().port, 2181);
        let v = "zk1-a:2888:3888|zk1-b:x:3889";
        assert_eq!(&v[bad(v).range], "x");
        let v = "a:1:2:observer|b:1:2:participant";
        assert_eq!(&v[bad(v).range], "participant");
        // Role given only on the second address still applies.
        assert_eq!(ok("a:1:2|b:1:2:observer").role, PeerRole::Observer);
    }

    #[test]
    fn hostile_specs() {
        for v in [
            "[",
            "[]",
            "[]:",
            "]:",
            ";",
            "|",
            ";;;",
            "||",
            ":::",
            "é:1:2",
            "[é]:1:2",
            "a:1:2;[",
            "a:1:2;[x]:",
            "\u{0}",
        ] {
            let _ = parse_server_spec(v).map_err(|e| {
                assert!(v.get(e.range.clone()).is_some(), "{v:?} {e:?}");
            });
        }
        assert_eq!(ok("é:1:2").host, "é");
    }

    #[test]
    fn server_ids() {
        assert_eq!(parse_server_id("1"), Ok(1));
        assert_eq!(parse_server_id("0"), Ok(0));
        assert_eq!(parse_server_id("+7"), Ok(7));
        assert_eq!(parse_server_id("-3"), Ok(-3));
        assert_eq!(parse_server_id("007"), Ok(7));
        assert_eq!(parse_server_id("9223372036854775807"), Ok(i64::MAX));
        assert!(parse_server_id("9223372036854775808").is_err());
        assert!(parse_server_id("").is_err());
        assert!(parse_server_id("+").is_err());
        assert!(parse_server_id("a").is_err());
        assert!(parse_server_id(" 1").is_err());
        assert!(parse_server_id("1 ").is_err());
        assert!(parse_server_id("1.5").is_err());
        assert!(parse_server_id("١").is_err());
    }

    #[test]
    fn known_keys() {
        for k in [
            "tickTime",
            "dataDir",
            "initLimit",
            "4lw.commands.whitelist",
            "admin.enableServer",
            "server.1",
            "group.1",
            "weight.2",
            "ssl.quorum.keyStore.location",
            "authProvider.1",
            "metricsProvider.httpPort",
            "zookeeper.foo",
        ] {
            assert!(is_known_key(k), "{k}");
        }
        for k in [
            "ticktime",
            "intLimit",
            "server.",
            "server",
            "clientport",
            "",
        ] {
            assert!(!is_known_key(k), "{k}");
        }
        let mut sorted = KNOWN_KEYS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), KNOWN_KEYS.len(), "duplicate known key");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest_key("ticktime"), Some("tickTime"));
        assert_eq!(suggest_key("intLimit"), Some("initLimit"));
        assert_eq!(suggest_key("datadir"), Some("dataDir"));
        assert_eq!(suggest_key("clientport"), Some("clientPort"));
        assert_eq!(suggest_key("synclimit"), Some("syncLimit"));
        assert_eq!(suggest_key("tickTime"), None);
        assert_eq!(suggest_key("zzzzzzzzzzzz"), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(value_kind("tickTime"), Some(ValueKind::Int));
        assert_eq!(value_kind("clientPort"), Some(ValueKind::Int));
        assert_eq!(value_kind("standaloneEnabled"), Some(ValueKind::Bool));
        assert_eq!(value_kind("dataDir"), Some(ValueKind::Path));
        assert_eq!(value_kind("clientPortAddress"), Some(ValueKind::Host));
        assert_eq!(value_kind("peerType"), Some(ValueKind::Text));
        assert_eq!(value_kind("server.1"), None);
        assert_eq!(value_kind("nope"), None);
        // Every kinded key is a known key.
        for k in KNOWN_KEYS {
            assert!(value_kind(k).is_some(), "{k}");
        }
    }
}
