//! Helpers shared by the `MF` rules: walking a host's Mesos daemons, spotting files that hold
//! secrets (never labelled), describing where a flag comes from.

use std::collections::BTreeSet;

use crate::files::{FileId, FileSet, Span};
use crate::model::{FlagDef, Host, MesosDaemon, SourceKind};
use crate::parse::flags::FlagInfo;
use crate::rule::Context;

/// The Mesos daemons configured on a host (master first).
pub(crate) fn daemons(host: &Host) -> impl Iterator<Item = &MesosDaemon> {
    [host.master.as_deref(), host.agent.as_ref()]
        .into_iter()
        .flatten()
}

/// Flags whose value names a file that holds a secret (DOMAIN.md §2.4, §2.6, §4).
const SECRET_FLAGS: &[&str] = &[
    "credential",
    "credentials",
    "http_credentials",
    "jwt_secret_key",
    "executor_secret_key",
    "mesos_authentication_secret_file",
];

/// A flag value as a path relative to the host root: `file:///etc/x` and `/etc/x` give
/// `etc/x`. `None` when the value is not an absolute path.
pub(crate) fn value_as_rel_path(value: &str) -> Option<&str> {
    let v = value.trim();
    let v = v.strip_prefix("file://").unwrap_or(v);
    let rel = v.strip_prefix('/')?.trim_start_matches('/');
    (!rel.is_empty()).then_some(rel)
}

/// Every definition of every flag of the host's Mesos daemons and Marathon.
fn all_defs(host: &Host) -> impl Iterator<Item = &FlagDef> {
    daemons(host)
        .flat_map(|d| d.flags.iter())
        .chain(host.marathon.iter().flat_map(|m| m.flags.iter()))
}

/// Files of the host that a flag value names as a path (`acls=file:///etc/mesos/acls.json`,
/// `credential=/etc/mesos/credential`): the daemon reads them itself.
pub(crate) fn files_named_by_flags(host: &Host) -> BTreeSet<FileId> {
    let mut out = BTreeSet::new();
    for def in all_defs(host) {
        let Some(rel) = def.value.as_deref().and_then(value_as_rel_path) else {
            continue;
        };
        if let Some(f) = host.file(rel) {
            out.insert(f.id);
        }
    }
    out
}

/// Files of a host that hold secrets (see [`compute_secret_files`]), worked out on first use
/// (most hosts of a clean tree never need them) and shared by every rule that asks.
pub(crate) struct SecretFiles<'a> {
    /// The host's cell in the run's cache, and the host; `None` for an index out of range.
    cell: Option<(&'a std::sync::OnceLock<BTreeSet<FileId>>, &'a Host)>,
}

impl SecretFiles<'_> {
    pub(crate) fn contains(&self, file: &FileId) -> bool {
        self.cell.is_some_and(|(cell, host)| {
            cell.get_or_init(|| compute_secret_files(host))
                .contains(file)
        })
    }
}

/// The secret files of host number `index` of the cluster.
pub(crate) fn secret_files<'c>(cx: &'c Context<'_>, index: usize) -> SecretFiles<'c> {
    let all = cx.secret_files.get_or_init(|| {
        std::iter::repeat_with(std::sync::OnceLock::new)
            .take(cx.cluster.hosts.len())
            .collect()
    });
    SecretFiles {
        cell: all.get(index).zip(cx.cluster.hosts.get(index)),
    }
}

/// Files of the host that hold secrets: named by a credential flag, or whose name says so.
/// No rule may label a span inside them or quote them.
pub(crate) fn compute_secret_files(host: &Host) -> BTreeSet<FileId> {
    let mut out = BTreeSet::new();
    for def in all_defs(host) {
        if !SECRET_FLAGS.contains(&def.canonical.as_str()) {
            continue;
        }
        let Some(rel) = def.value.as_deref().and_then(value_as_rel_path) else {
            continue;
        };
        if let Some(f) = host.file(rel) {
            out.insert(f.id);
        }
    }
    for f in &host.files {
        if looks_secret(&f.rel) && !is_flag_file(&f.kind) {
            out.insert(f.id);
        }
    }
    out
}

fn is_flag_file(kind: &crate::model::FileKind) -> bool {
    use crate::model::FileKind::*;
    matches!(
        kind,
        MasterFlag(_) | AgentFlag { .. } | MarathonConf(_) | EnvDefaults { .. }
    )
}

/// A file name that suggests a secret (`credentials`, `secret`, `*.key`, `htpasswd` ...).
pub(crate) fn looks_secret(rel: &str) -> bool {
    // No allocation: this runs for every file of every host, several times.
    use crate::parse::{contains_ignore_ascii_case, ends_with_ignore_ascii_case};
    let name = rel.rsplit('/').next().unwrap_or(rel).as_bytes();
    let contains = |w: &[u8]| contains_ignore_ascii_case(name, w);
    let ends_with = |s: &[u8]| ends_with_ignore_ascii_case(name, s);
    [
        b"cred" as &[u8],
        b"secret",
        b"passw",
        b"token",
        b"principal",
        b"htpasswd",
    ]
    .iter()
    .any(|w| contains(w))
        || [b".key" as &[u8], b".pem", b".p12", b".jks"]
            .iter()
            .any(|s| ends_with(s))
}

/// The span to label for a definition, unless it lies in a secret file.
pub(crate) fn safe_span(def: &FlagDef, secrets: &SecretFiles<'_>) -> Option<Span> {
    def.span().filter(|s| !secrets.contains(&s.file))
}

/// The span of the definition's name (variable, `--flag`), else its value, else the start of
/// its file; never inside a secret file.
pub(crate) fn def_span(def: &FlagDef, secrets: &SecretFiles<'_>) -> Option<Span> {
    let span = match def.source.kind {
        SourceKind::EnvVar | SourceKind::Special | SourceKind::CommandLine => {
            def.source.span.or(def.value_span)
        }
        SourceKind::BoolFile => def.source.file.map(Span::file_start),
        _ => def.value_span.or(def.source.span),
    };
    span.filter(|s| !secrets.contains(&s.file))
}

/// How a definition is written, for messages: `etc/mesos-master/quorum`, `MESOS_QUORUM in
/// etc/default/mesos`, `` `--quorum` in etc/systemd/system/mesos-master.service ``.
pub(crate) fn describe(def: &FlagDef, files: &FileSet) -> String {
    match def.source.kind {
        SourceKind::FlagFile | SourceKind::BoolFile => def
            .source
            .file
            .map(|f| format!("`{}`", files.path(f)))
            .unwrap_or_else(|| def.origin(files)),
        _ => def.origin(files),
    }
}

/// The build a build-specific flag needs, when standard Linux packages lack it. `None` for
/// flags every Linux build has (the packages are Linux builds) and for ordinary flags.
pub(crate) fn missing_build(info: &FlagInfo, target: Option<&FlagInfo>) -> Option<&'static str> {
    if !info.build_specific {
        return None;
    }
    let help = target.unwrap_or(info).help;
    if help.ends_with("(Linux)") {
        None
    } else if help.contains("(port-mapping") {
        Some("the port-mapping network isolator (configure --with-network-isolator)")
    } else if help.contains("(SSL builds)") {
        Some("SSL support (configure --enable-ssl)")
    } else if help.contains("network/ports") {
        Some("the network/ports isolator (configure --enable-network-ports-isolator)")
    } else if help.contains("(XFS)") {
        Some("the XFS disk isolator (configure --enable-xfs-disk-isolator)")
    } else if help.contains("(seccomp builds)") {
        Some("the seccomp isolator (configure --enable-seccomp-isolator)")
    } else {
        Some("an optional build feature")
    }
}

/// File names that editors, package managers and humans leave in a directory.
pub(crate) fn leftover_kind(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with('~') || lower.ends_with(".swp") || lower.ends_with(".swo") {
        return Some("an editor backup");
    }
    for s in [".bak", ".orig", ".old", ".save", ".tmp"] {
        if lower.ends_with(s) {
            return Some("a backup copy");
        }
    }
    for s in [
        ".dpkg-dist",
        ".dpkg-old",
        ".dpkg-new",
        ".ucf-dist",
        ".ucf-old",
    ] {
        if lower.ends_with(s) {
            return Some("a copy left by dpkg during an upgrade");
        }
    }
    for s in [".rpmnew", ".rpmsave", ".rpmorig"] {
        if lower.ends_with(s) {
            return Some("a copy left by rpm during an upgrade");
        }
    }
    if lower.starts_with("readme") || lower == "changelog" || lower.ends_with(".md") {
        return Some("a documentation file");
    }
    None
}

/// The flag name a leftover stands for (`quorum~` -> `quorum`, `work_dir.dpkg-dist` ->
/// `work_dir`).
pub(crate) fn leftover_base(name: &str) -> &str {
    let n = name.trim_end_matches('~');
    match n.rfind('.') {
        Some(i) if i > 0 => &n[..i],
        _ => n,
    }
}

/// The wrapper variable behind a definition (`LOGS`, `ZK`, ...), in the tree or a package
/// default.
pub(crate) fn wrapper_var(d: &FlagDef) -> Option<&str> {
    match &d.source.kind {
        SourceKind::Special => Some(&d.written),
        SourceKind::PackageDefault
            if !d.written.is_empty() && d.written.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            Some(&d.written)
        }
        _ => None,
    }
}

/// Where a definition comes from, for the message.
pub(crate) fn place(cx: &crate::rule::Context<'_>, d: &FlagDef) -> String {
    match (wrapper_var(d), &d.source.kind) {
        (Some(var), SourceKind::PackageDefault) => {
            let file = d.source.default_path.unwrap_or("env file");
            match d.value_span {
                Some(s) => format!(
                    "{var} from the package's {file} (not in this tree), which reads {}",
                    cx.files.path(s.file)
                ),
                None => format!("{var} from the package's {file} (not in this tree)"),
            }
        }
        (Some(_), _) => d.origin(cx.files),
        _ => describe(d, cx.files),
    }
}

/// A host's name for messages (`.` for a bare tree reads badly).
pub(crate) fn host_name(host: &Host) -> String {
    if host.name == "." || host.name.is_empty() {
        "this host".to_string()
    } else {
        host.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_any_case() {
        assert!(looks_secret("etc/mesos/Credentials"));
        assert!(looks_secret("a/b/server.PEM"));
        assert!(looks_secret("htpasswd"));
        assert!(!looks_secret("etc/mesos/zk"));
        assert!(!looks_secret(""));
        assert!(!looks_secret("é/ké"));
    }
    use crate::parse::flags::{AGENT_FLAGS, MASTER_FLAGS};

    #[test]
    fn every_build_specific_flag_has_a_known_build() {
        for table in [MASTER_FLAGS, AGENT_FLAGS] {
            for f in table.iter().filter(|f| f.build_specific) {
                let target = f.alias_of.and_then(|t| table.iter().find(|g| g.name == t));
                assert_ne!(
                    missing_build(f, target),
                    Some("an optional build feature"),
                    "{}",
                    f.name
                );
            }
        }
    }

    #[test]
    fn paths() {
        assert_eq!(
            value_as_rel_path("file:///etc/mesos/c"),
            Some("etc/mesos/c")
        );
        assert_eq!(value_as_rel_path("/etc/mesos/c"), Some("etc/mesos/c"));
        assert_eq!(value_as_rel_path("relative"), None);
        assert_eq!(value_as_rel_path("/"), None);
        assert_eq!(value_as_rel_path(""), None);
        assert_eq!(value_as_rel_path("file://"), None);
        assert_eq!(value_as_rel_path("  /é/ü "), Some("é/ü"));
    }

    #[test]
    fn leftovers() {
        assert_eq!(leftover_kind("quorum~"), Some("an editor backup"));
        assert!(leftover_kind("work_dir.dpkg-dist").is_some());
        assert!(leftover_kind("work_dir.rpmnew").is_some());
        assert!(leftover_kind("README").is_some());
        assert!(leftover_kind("quorum").is_none());
        assert!(leftover_kind("").is_none());
        assert_eq!(leftover_base("quorum~"), "quorum");
        assert_eq!(leftover_base("work_dir.dpkg-dist"), "work_dir");
        assert_eq!(leftover_base(".bak"), ".bak");
        assert_eq!(leftover_base("~"), "");
        assert_eq!(leftover_base("é.bak"), "é");
    }

    #[test]
    fn secret_names() {
        assert!(looks_secret("etc/mesos/credentials"));
        assert!(looks_secret("etc/mesos/agent.key"));
        assert!(!looks_secret("etc/mesos/quorum"));
    }
}
