//! What the start-up checks of ZooKeeper depend on besides `zoo.cfg` itself: the release
//! the tree is linted for, the JVM system properties the tree shows, and the property
//! values as `QuorumPeerConfig.parseProperties` sees them.

use crate::config::Version;
use crate::files::FileSet;
use crate::model::versions::Assumed;
use crate::model::{Cluster, Host, ZkServer};
use crate::parse::has_placeholder;
use crate::parse::properties::Property;
use crate::parse::zoo_cfg::PeerRole;
use crate::rule::Context;

use super::ensemble::on_host;

/// The ZooKeeper release to check for, as `model::versions` resolves it (`--target`, then
/// `[target] zookeeper`, then a pin in the tree, then the latest release).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ZkVersion<'a> {
    pub v: Version,
    assumed: &'a Assumed,
}

impl<'a> ZkVersion<'a> {
    pub fn of(cluster: &'a Cluster) -> ZkVersion<'a> {
        let assumed = &cluster.versions.zookeeper;
        ZkVersion {
            v: assumed.version,
            assumed,
        }
    }

    pub fn at_least(self, major: u32, minor: u32, patch: u32) -> bool {
        self.v >= Version::new(major, minor, patch)
    }

    /// A note saying which releases a finding applies to and which one was assumed.
    pub fn note(self, applies: &str) -> String {
        self.assumed.applies(applies)
    }
}

/// Files of a host that can carry ZooKeeper's JVM flags (`JVMFLAGS`, `SERVER_JVMFLAGS`,
/// `-D...`): `conf/java.env`, `zookeeper-env.sh`, `etc/default|sysconfig/zookeeper`, the
/// package's `environment` file and ZooKeeper units.
fn is_jvm_flag_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "java.env"
        || name == "zookeeper-env.sh"
        || rel.ends_with("default/zookeeper")
        || rel.ends_with("sysconfig/zookeeper")
        || (rel.contains("zookeeper") && name == "environment")
        || (rel.contains("systemd") && name.contains("zookeeper"))
}

/// What the tree says about a JVM system property of the ZooKeeper server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum JvmProp {
    /// `-D<name>=<value>` in one of the host's JVM flag files.
    Set(String),
    /// The host has a JVM flag file, and it does not set the property.
    NotSet,
    /// No JVM flag file in the tree: the property may be set where the tree does not show.
    Unknown,
}

/// The `-D<name>=value` the server's start passes, else the first in the host's ZooKeeper JVM
/// flag files.
pub(crate) fn jvm_property(files: &FileSet, host: &Host, name: &str) -> JvmProp {
    // What the tree's start of this server passes (model::zk_start); the last -D wins in Java
    if let Some(f) = host
        .zookeeper
        .as_deref()
        .and_then(|zk| zk.jvm_flags().iter().rev().find(|f| f.name == name))
    {
        return JvmProp::Set(f.value.clone());
    }
    let needle = format!("-D{name}=");
    let mut seen_file = false;
    for f in host.files.iter().filter(|f| is_jvm_flag_file(&f.rel)) {
        seen_file = true;
        let text = files.get(f.id).text();
        if let Some(at) = text.find(&needle) {
            let rest = text.get(at + needle.len()..).unwrap_or("");
            let value: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\''))
                .take(200)
                .collect();
            return JvmProp::Set(value);
        }
        if has_placeholder(text) && text.contains("JVMFLAGS") {
            return JvmProp::Unknown;
        }
    }
    if seen_file {
        JvmProp::NotSet
    } else {
        JvmProp::Unknown
    }
}

/// A property whose value the linter can judge: not a template placeholder, no inline comment
/// (ZK013 reports those).
pub(crate) fn plain_value(p: &Property) -> Option<&str> {
    let v = p.trimmed_value();
    if has_placeholder(v) || has_placeholder(p.trimmed_key()) {
        return None;
    }
    if v.contains(" #") || v.contains("\t#") || v.contains(" !") {
        return None;
    }
    Some(v)
}

/// The setting `key` as `QuorumPeerConfig` reads it (Java keeps the last of repeated keys),
/// with its value when the linter can judge it ([`plain_value`]).
pub(crate) fn plain_setting<'a>(zk: &'a ZkServer, key: &str) -> Option<(&'a Property, &'a str)> {
    let p = zk.get(key)?;
    Some((p, plain_value(p)?))
}

/// Where a server's settings are, as messages name it: "<zoo.cfg> on <host>".
pub(crate) fn place(cx: &Context<'_>, host: &Host, zk: &ZkServer) -> String {
    format!("{}{}", cx.files.path(zk.cfg), on_host(host))
}

/// A value as messages quote it: at most its first 60 characters, so a huge line stays a
/// readable message.
pub(crate) fn quoted(v: &str) -> String {
    v.chars().take(60).collect()
}

/// `peerType`, judged as `QuorumPeerConfig` does (any case): the property, its value and the
/// role it names, `None` for a word that is neither (which the server refuses, ZK019).
pub(crate) fn judged_peer_type(zk: &ZkServer) -> Option<(&Property, &str, Option<PeerRole>)> {
    let (p, v) = plain_setting(zk, "peerType")?;
    let role = match v.to_lowercase().as_str() {
        "observer" => Some(PeerRole::Observer),
        "participant" => Some(PeerRole::Participant),
        _ => None,
    };
    Some((p, v, role))
}

/// Java's `Integer.parseInt` (radix 10): an optional sign, then ASCII digits, within 32 bits.
pub(crate) fn java_parse_int(v: &str) -> Option<i32> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Java's `Long.parseLong` (radix 10).
pub(crate) fn java_parse_long(v: &str) -> Option<i64> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// Runs one rule on a tree for a `[target] zookeeper` release (unit tests); `None` assumes
/// what the tree pins, else the latest release.
#[cfg(test)]
pub(crate) fn lint_zk(
    code: &str,
    version: Option<&str>,
    tree: &[(&str, &str)],
) -> Vec<crate::Diagnostic> {
    let mut files = FileSet::new();
    for (path, text) in tree {
        files.add_text(path, text);
    }
    let mut config = crate::Config {
        select: vec![code.to_string()],
        ..Default::default()
    };
    config.target.zookeeper = version.and_then(|v| crate::config::Version::parse(v).ok());
    crate::lint(&files, &config)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// [`lint_zk`] for one release.
#[cfg(test)]
pub(crate) fn run_for(code: &str, version: &str, tree: &[(&str, &str)]) -> Vec<crate::Diagnostic> {
    lint_zk(code, Some(version), tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_int_rules() {
        assert_eq!(java_parse_int("2181"), Some(2181));
        assert_eq!(java_parse_int("+5"), Some(5));
        assert_eq!(java_parse_int("-1"), Some(-1));
        assert_eq!(java_parse_int("2147483647"), Some(i32::MAX));
        assert_eq!(java_parse_int("2147483648"), None);
        assert_eq!(java_parse_int("2000ms"), None);
        assert_eq!(java_parse_int("0x10"), None);
        assert_eq!(java_parse_int(""), None);
        assert_eq!(java_parse_int("-"), None);
        assert_eq!(java_parse_int("1_000"), None);
        assert_eq!(java_parse_long("9223372036854775807"), Some(i64::MAX));
    }

    #[test]
    fn jvm_flag_files() {
        assert!(is_jvm_flag_file("etc/zookeeper/conf/java.env"));
        assert!(is_jvm_flag_file("etc/default/zookeeper"));
        assert!(is_jvm_flag_file("etc/systemd/system/zookeeper.service"));
        assert!(!is_jvm_flag_file("etc/zookeeper/conf/zoo.cfg"));
    }
}
