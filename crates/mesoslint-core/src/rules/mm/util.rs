//! Shared helpers of the `MM` family: which masters use the replicated log with ZooKeeper,
//! their quorum values, and where to point when a value has no span (package defaults).

use crate::diagnostic::{Applicability, Edit, Fix, NewFile};
use crate::files::{FileSet, Span};
use crate::model::{Cluster, FlagDef, Host, MastersCount, MesosDaemon};
use crate::parse::values::parse_int;

/// The registry a master keeps (`--registry`, DOMAIN.md §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Registry {
    /// `replicated_log` (the default) or the legacy `log_storage`.
    ReplicatedLog,
    InMemory,
    /// A placeholder, unresolvable shell, or a value the master rejects (MF002's business).
    Unknown,
}

pub(crate) fn registry(m: &MesosDaemon) -> Registry {
    match m.flags.get("registry") {
        None => Registry::ReplicatedLog,
        Some(def) => match def.known_value().map(str::trim) {
            Some("replicated_log" | "log_storage") => Registry::ReplicatedLog,
            Some("in_memory") => Registry::InMemory,
            _ => Registry::Unknown,
        },
    }
}

/// The master's `--zk` definition, when one reaches the daemon (known value or not).
pub(crate) fn zk_def(m: &MesosDaemon) -> Option<&FlagDef> {
    m.flags
        .get("zk")
        .filter(|d| d.value.as_deref().is_none_or(|v| !v.trim().is_empty()) || d.unknown)
}

/// Extend an empty span (a file start) to the first line of its file, so labels show text.
pub(crate) fn widen(files: &FileSet, span: Span) -> Span {
    if !span.range().is_empty() {
        return span;
    }
    let file = files.get(span.file);
    let text = file.text();
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    if span.range().start == 0 && end > 0 {
        Span::new(span.file, 0..end)
    } else {
        span
    }
}

/// Something in the tree to point at for a master whose value has no span: its ZooKeeper URL
/// (that is what makes the quorum matter), else the evidence of its role, else its first file.
pub(crate) fn master_anchor(files: &FileSet, host: &Host) -> Option<Span> {
    host.master
        .as_deref()
        .and_then(zk_def)
        .and_then(FlagDef::span)
        .or_else(|| host.master_role.as_ref().and_then(|r| r.span))
        .or_else(|| host.files.first().map(|f| Span::file_start(f.id)))
        .map(|s| widen(files, s))
}

/// The evidence that makes a host a master, or its first file, for labels about the host.
pub(crate) fn role_anchor(files: &FileSet, host: &Host) -> Option<Span> {
    host.master_role
        .as_ref()
        .and_then(|r| r.span)
        .or_else(|| host.files.first().map(|f| Span::file_start(f.id)))
        .map(|s| widen(files, s))
}

/// One master whose replicated log uses ZooKeeper, with its quorum.
pub(crate) struct QuorumSite<'a> {
    pub host: &'a Host,
    pub def: &'a FlagDef,
    /// The quorum as an integer.
    pub value: i64,
}

impl QuorumSite<'_> {
    /// The value comes from a package-default file that is not in the tree.
    pub fn is_default(&self) -> bool {
        self.def.value_span.is_none()
    }

    /// Where to label this master's quorum: the value, or (package default) the master's
    /// ZooKeeper URL or role evidence.
    pub fn span(&self, files: &FileSet) -> Option<Span> {
        self.def
            .value_span
            .or_else(|| master_anchor(files, self.host))
    }

    /// A label for a master that is not the primary one.
    pub fn secondary_label(&self) -> String {
        let host = host_name(self.host);
        if self.is_default() {
            format!(
                "{host} uses the package default quorum {} ({} is not in this tree)",
                self.value,
                self.def.source.default_path.unwrap_or("the quorum file")
            )
        } else {
            format!("quorum {} on {host}", self.value)
        }
    }

    /// "quorum is 1, the package default: etc/mesos-master/quorum is not in this tree".
    pub fn describe_default(&self, files: &FileSet) -> String {
        format!("quorum is {}, {}", self.value, self.def.origin(files))
    }
}

/// A host's name for messages (a bare `etc/` tree is named `.`).
pub(crate) fn host_name(host: &Host) -> &str {
    if host.name.is_empty() || host.name == "." {
        "this host"
    } else {
        &host.name
    }
}

/// Masters that need a quorum (replicated-log registry with ZooKeeper) and whose quorum is a
/// known integer. Masters with an unknown registry or quorum are left out.
pub(crate) fn quorum_sites(cluster: &Cluster) -> Vec<QuorumSite<'_>> {
    let mut out = Vec::new();
    for host in cluster.masters() {
        let Some(m) = &host.master else { continue };
        if registry(m) != Registry::ReplicatedLog || zk_def(m).is_none() {
            continue;
        }
        let Some(def) = m.flags.get("quorum") else {
            continue;
        };
        let Some(value) = def.known_value().and_then(|v| parse_int(v).ok()) else {
            continue;
        };
        out.push(QuorumSite { host, def, value });
    }
    out
}

/// Secondary labels for a finding about the quorum of `sites` (the first one is the primary
/// and gets no label here): the other sites, every other master (its quorum, or its role),
/// and, for an assumed count, the URL it was assumed from.
pub(crate) fn secondary_labels(
    files: &FileSet,
    cluster: &Cluster,
    count: Option<&MastersCount>,
    sites: &[&QuorumSite<'_>],
) -> Vec<(Span, String)> {
    let mut labels = Vec::new();
    for s in sites.iter().skip(1) {
        if let Some(span) = s.span(files) {
            labels.push((span, s.secondary_label()));
        }
    }
    // The hosts of `sites` by address: a search of the sites for every master was quadratic
    // when one quorum value is on thousands of masters.
    let in_sites: crate::FastSet<*const Host> =
        sites.iter().map(|s| s.host as *const Host).collect();
    for host in cluster.masters() {
        if in_sites.contains(&(host as *const Host)) {
            continue;
        }
        let quorum = host.master.as_ref().and_then(|m| m.flags.get("quorum"));
        match quorum.and_then(|d| d.value_span) {
            Some(span) => labels.push((span, format!("quorum of {}", host_name(host)))),
            None => {
                if let Some(span) = role_anchor(files, host) {
                    labels.push((span, format!("{} is a master", host_name(host))));
                }
            }
        }
    }
    if let Some(MastersCount::AssumedFromUrl {
        count,
        span: Some(span),
    }) = count
    {
        labels.push((
            *span,
            format!("{count} masters assumed from the hosts of this URL"),
        ));
    }
    labels
}

/// A quorum value the masters run with, as an MM quorum rule reports it.
pub(crate) struct QuorumGroup<'s, 'a> {
    pub value: i64,
    /// The number of masters.
    pub masters: i64,
    pub count: &'s MastersCount,
    /// The site to point at: one written in the tree when there is one, else a package default.
    pub first: &'s QuorumSite<'a>,
    pub span: Span,
}

/// The shared loop of the MM quorum rules: for every quorum value that `wrong(value, masters)`
/// picks out, `finding` makes the diagnostic from the group, the value's other sites and the
/// other masters become secondary labels, and the help names the smallest majority.
pub(crate) fn report_quorum_values(
    cx: &crate::rule::Context<'_>,
    sink: &mut crate::rule::Sink,
    fix_safety: Applicability,
    wrong: impl Fn(i64, i64) -> bool,
    finding: impl Fn(&QuorumGroup<'_, '_>) -> crate::diagnostic::Diagnostic,
) {
    let Some(count) = cx.cluster.masters_count() else {
        return;
    };
    let n = i64::from(count.count());
    if n == 0 {
        return;
    }
    let sites = quorum_sites(cx.cluster);
    for (value, mut group) in by_value(&sites) {
        if !wrong(value, n) {
            continue;
        }
        // Point at a value written in the tree when there is one.
        crate::sort::sort_by_key(&mut group, |s| s.is_default());
        let Some(first) = group.first() else { continue };
        let Some(span) = first.span(cx.files) else {
            continue;
        };
        let mut d = finding(&QuorumGroup {
            value,
            masters: n,
            count: &count,
            first,
            span,
        });
        for (span, label) in secondary_labels(cx.files, cx.cluster, Some(&count), &group) {
            d = d.secondary(span, label);
        }
        if let Some(mut fix) = quorum_fix(cx.files, cx.cluster, &count, n / 2 + 1) {
            fix.applicability = fix.applicability.max(fix_safety);
            d = d.fix_all(fix);
        }
        sink.report(d.help(format!(
            "set quorum to {} (floor({n}/2) + 1) on every master",
            n / 2 + 1
        )));
    }
}

/// Group sites by quorum value, in order of first appearance.
pub(crate) fn by_value<'a, 'b>(sites: &'b [QuorumSite<'a>]) -> Vec<(i64, Vec<&'b QuorumSite<'a>>)> {
    let mut groups: Vec<(i64, Vec<&QuorumSite<'_>>)> = Vec::new();
    // value -> index in `groups` (not a search of the groups per site)
    let mut at: crate::FastMap<i64, usize> = crate::FastMap::default();
    for s in sites {
        match at.get(&s.value).and_then(|&i| groups.get_mut(i)) {
            Some((_, g)) => g.push(s),
            None => {
                at.insert(s.value, groups.len());
                groups.push((s.value, vec![s]));
            }
        }
    }
    groups
}

/// Set `quorum` to `target` on every master at once: the value rewritten where the tree
/// writes it, the package's quorum file (`etc/mesos-master/quorum`) created on a master that
/// runs with the package default and keeps its flags in that directory. `None` when some
/// master's quorum cannot be set that way, or the number of masters is only assumed from a
/// URL. Safe when the masters were counted in the tree; a count declared in mesoslint.toml
/// means masters outside it, which this fix cannot reach, so it is unsafe there.
pub(crate) fn quorum_fix(
    files: &FileSet,
    cluster: &Cluster,
    count: &MastersCount,
    target: i64,
) -> Option<Fix> {
    let applicability = match count {
        MastersCount::Tree(_) => Applicability::Safe,
        MastersCount::Declared(_) => Applicability::Unsafe,
        MastersCount::AssumedFromUrl { .. } => return None,
    };
    let sites = quorum_sites(cluster);
    // Every master that needs a quorum must be one the fix can set (an in-memory registry
    // needs none).
    let in_memory = cluster
        .masters()
        .filter(|h| {
            h.master
                .as_deref()
                .is_some_and(|m| registry(m) == Registry::InMemory)
        })
        .count();
    if sites.is_empty() || sites.len() + in_memory != cluster.masters().count() {
        return None;
    }
    let value = target.to_string();
    let mut edits = Vec::new();
    let mut creates = Vec::new();
    for s in &sites {
        if s.def.unknown {
            return None;
        }
        let package_file = match s.def.source.kind {
            crate::model::SourceKind::PackageDefault => s.def.source.default_path,
            _ => None,
        };
        match (s.def.value_span, package_file) {
            (Some(span), _) => {
                if files.text(span).trim() != value {
                    edits.push(Edit {
                        span,
                        replacement: value.clone(),
                    });
                }
            }
            (None, Some(default_path)) => {
                let root = s.host.root.trim_end_matches('/');
                let dir = default_path.rsplit_once('/').map_or("", |(d, _)| d);
                let prefix = if root.is_empty() || root == "." {
                    format!("{dir}/")
                } else {
                    format!("{root}/{dir}/")
                };
                // Only where the host keeps its flags in that directory: a tree that configures
                // the master another way (a unit file, an env file) gets no new file.
                if !s
                    .host
                    .files
                    .iter()
                    .any(|f| files.path(f.id).starts_with(&prefix))
                {
                    return None;
                }
                let name = default_path.rsplit('/').next().unwrap_or(default_path);
                creates.push(NewFile {
                    path: format!("{prefix}{name}"),
                    contents: format!("{value}\n"),
                });
            }
            (None, None) => return None,
        }
    }
    if edits.is_empty() && creates.is_empty() {
        return None;
    }
    Some(Fix {
        description: format!("set quorum to {value} on every master"),
        applicability,
        edits,
        creates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn lint_mm(files: &[(&str, &[u8])], masters: Option<u32>) -> Vec<&'static str> {
        let mut fs = FileSet::new();
        for (p, b) in files {
            fs.add(p, b);
        }
        let mut config = Config {
            select: vec!["MM".to_string()],
            ..Config::default()
        };
        config.cluster.masters = masters;
        crate::lint(&fs, &config)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn widen_handles_empty_and_crlf_files() {
        let mut fs = FileSet::new();
        let empty = fs.add("etc/mesos-master/quorum", b"");
        let crlf = fs.add("etc/mesos-master/ip", b"10.0.0.1\r\nx");
        assert_eq!(widen(&fs, Span::file_start(empty)).range(), 0..0);
        assert_eq!(widen(&fs, Span::file_start(crlf)).range(), 0..8);
    }

    #[test]
    fn hostile_quorum_values_do_not_panic() {
        let huge = "9".repeat(10_000);
        for q in [
            &b""[..],
            b" ",
            b"-1",
            b"0",
            b"\xff\xfe",
            "ü2".as_bytes(),
            b"99999999999999999999999",
            huge.as_bytes(),
            b"2\n3\n",
            b"{{ quorum",
        ] {
            let _ = lint_mm(
                &[
                    ("hosts/m1/etc/mesos-master/quorum", q),
                    ("hosts/m2/etc/mesos-master/quorum", b"2"),
                    ("hosts/m1/etc/hosts", b"127.0.1.1"),
                    ("hosts/m1/etc/hostname", q),
                    ("hosts/m2/etc/mesos-master/registry_fetch_timeout", q),
                ],
                Some(0),
            );
        }
    }

    #[test]
    fn zero_quorum_and_zero_masters() {
        // quorum 0 is not a majority of anything.
        let codes = lint_mm(
            &[
                ("hosts/m1/etc/mesos-master/quorum", b"0"),
                ("hosts/m2/etc/mesos-master/quorum", b"0"),
                ("hosts/m3/etc/mesos-master/quorum", b"0"),
            ],
            None,
        );
        assert!(codes.contains(&"MM001"), "{codes:?}");
        // A declared count of 0 leaves nothing to compare with.
        let codes = lint_mm(&[("etc/mesos-master/quorum", b"1")], Some(0));
        assert!(!codes.iter().any(|c| c.starts_with("MM00")), "{codes:?}");
    }

    #[test]
    fn one_finding_per_cluster_for_quorum_facts() {
        let codes = lint_mm(
            &[
                ("hosts/m1/etc/mesos-master/quorum", b"1"),
                ("hosts/m2/etc/mesos-master/quorum", b"1"),
                ("hosts/m3/etc/mesos-master/quorum", b"1"),
                ("hosts/m4/etc/mesos-master/quorum", b"1"),
            ],
            None,
        );
        assert_eq!(codes.iter().filter(|c| **c == "MM001").count(), 1);
        assert_eq!(codes.iter().filter(|c| **c == "MM004").count(), 1);
    }
}
