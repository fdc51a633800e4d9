//! Shared helpers of the `ZU` family: every place a ZooKeeper URL reaches a daemon, collected
//! once per source text, and the ZooKeeper ensemble the URLs should name.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::FastMap;
use std::sync::{Arc, OnceLock};

use crate::files::{FileSet, Span};
use crate::model::{Cluster, FlagDef, Host, SourceKind};
use crate::parse::etc_hosts::is_loopback;
use crate::parse::has_placeholder;
use crate::parse::zk_url::{check_marathon_zk, parse_zk_url, ZkUrl, DEFAULT_ZK_PORT};
use crate::rule::Context;

/// Who reads a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reader {
    /// The file `etc/mesos/zk` itself (whoever reads it).
    ZkFile,
    MasterZk,
    AgentMaster,
    MarathonMaster,
    MarathonZk,
}

impl Reader {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Reader::ZkFile => "etc/mesos/zk",
            Reader::MasterZk => "mesos-master --zk",
            Reader::AgentMaster => "mesos-agent --master",
            Reader::MarathonMaster => "Marathon --master",
            Reader::MarathonZk => "Marathon --zk",
        }
    }

    /// Does this reader locate the Mesos masters (as opposed to Marathon's own state)?
    pub(crate) fn is_mesos(self) -> bool {
        self != Reader::MarathonZk
    }
}

/// One ZooKeeper URL as written in the tree (or as a package default), with everything
/// that reads it. URLs sharing a span (a master `zk` and an agent `master` both taken from
/// `etc/mesos/zk`) are one site, so each problem is reported once at its source text.
#[derive(Clone, Debug)]
pub(crate) struct Site<'a> {
    pub host: &'a Host,
    pub readers: Readers,
    /// The value, borrowed from the file or the model.
    pub value: &'a str,
    /// Where the value text is; `None` for a package default that is not in the tree.
    pub span: Option<Span>,
    /// Human description of where the value comes from.
    pub origin: Cow<'a, str>,
    /// The URL parsed (see [`Site::url`]), shared by the sites with the same text.
    parsed: Option<Arc<SharedUrl>>,
    /// The URL's servers (see [`Site::keys`]) when they depend on the host (a loopback name in
    /// the URL), worked out on first use.
    keys: OnceLock<Vec<(String, u16)>>,
}

/// A parsed URL shared by every site with the same text.
#[derive(Debug)]
struct SharedUrl {
    url: ZkUrl,
    /// A server is named `localhost` (or another loopback name): its key depends on the host.
    loopback: bool,
    /// The server keys when they do not depend on the host, worked out on first use.
    keys: OnceLock<Vec<(String, u16)>>,
}

/// The readers of a site, in the order they were found (each at most once): no allocation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Readers {
    list: [Reader; 5],
    len: u8,
}

impl Readers {
    fn one(r: Reader) -> Readers {
        Readers {
            list: [r; 5],
            len: 1,
        }
    }

    fn add(&mut self, r: Reader) {
        if self.contains(&r) {
            return;
        }
        if let Some(slot) = self.list.get_mut(usize::from(self.len)) {
            *slot = r;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Readers {
    type Target = [Reader];
    fn deref(&self) -> &[Reader] {
        self.list.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl Site<'_> {
    pub(crate) fn has(&self, r: Reader) -> bool {
        self.readers.contains(&r)
    }

    /// Is this a URL Mesos (or Marathon's `master`) uses to find the masters?
    pub(crate) fn is_mesos(&self) -> bool {
        self.readers.iter().any(|r| r.is_mesos())
    }

    /// Is it read as the Mesos URL by a master or agent (or is it etc/mesos/zk)?
    pub(crate) fn is_mesos_daemon(&self) -> bool {
        self.readers
            .iter()
            .any(|r| matches!(r, Reader::ZkFile | Reader::MasterZk | Reader::AgentMaster))
    }

    pub(crate) fn readers_text(&self) -> String {
        let names: Vec<&str> = self
            .readers
            .iter()
            .filter(|r| **r != Reader::ZkFile)
            .map(|r| r.describe())
            .collect();
        if names.is_empty() {
            "no daemon in this tree".to_string()
        } else {
            names.join(", ")
        }
    }

    /// The URL parsed leniently (Mesos' parser; Marathon's `zk` with its own pattern first).
    pub(crate) fn url(&self) -> Option<&ZkUrl> {
        self.parsed.as_deref().map(|p| &p.url)
    }

    /// The URL's servers as (host key, port), sorted and deduplicated (see [`server_keys`]);
    /// empty when the value does not parse.
    pub(crate) fn keys(&self, cluster: &Cluster) -> &[(String, u16)] {
        match self.parsed.as_deref() {
            // the same for every host: worked out once per distinct text
            Some(p) if !p.loopback => p
                .keys
                .get_or_init(|| server_keys(cluster, self.host, &p.url)),
            Some(p) => self
                .keys
                .get_or_init(|| server_keys(cluster, self.host, &p.url)),
            None => &[],
        }
    }

    /// The span to label: the value, else something of the host that is in the tree.
    pub(crate) fn label_span(&self) -> Option<Span> {
        self.span.or_else(|| anchor(self.host, &self.readers))
    }
}

/// The host's name for messages (`this host` for a tree that is a single unnamed host).
pub(crate) fn name(host: &Host) -> &str {
    if host.name.is_empty() || host.name == "." {
        "this host"
    } else {
        &host.name
    }
}

/// A span of the host to label when a value has no text in the tree.
pub(crate) fn anchor(host: &Host, readers: &[Reader]) -> Option<Span> {
    let marathon = readers
        .iter()
        .any(|r| matches!(r, Reader::MarathonMaster | Reader::MarathonZk));
    if marathon {
        if let Some(m) = &host.marathon {
            if let Some(f) = m.env_file.or_else(|| m.conf_files.first().copied()) {
                return Some(Span::file_start(f));
            }
        }
    }
    let role_span = if readers.contains(&Reader::AgentMaster) {
        host.agent_role.as_ref().and_then(|r| r.span)
    } else {
        None
    };
    role_span
        .or_else(|| host.master_role.as_ref().and_then(|r| r.span))
        .or_else(|| host.agent_role.as_ref().and_then(|r| r.span))
        .or_else(|| host.files.first().map(|f| Span::file_start(f.id)))
}

/// Parse a site's value leniently (Mesos' parser; Marathon's `zk` with its own pattern first).
fn parse_site(value: &str, marathon_zk: bool) -> Option<ZkUrl> {
    if marathon_zk {
        if let Ok(u) = check_marathon_zk(value) {
            return Some(u);
        }
    }
    if !value.trim_start().starts_with("zk://") {
        return None;
    }
    parse_zk_url(value).ok()
}

fn push<'a>(
    sites: &mut Vec<Site<'a>>,
    by_span: &mut FastMap<Span, usize>,
    host: &'a Host,
    reader: Reader,
    def: &'a FlagDef,
    files: &FileSet,
) {
    let Some(value) = def.known_value() else {
        return;
    };
    if has_placeholder(value) {
        return;
    }
    let span = def.value_span;
    if let Some(span) = span {
        // An index, not a search: a cluster of 10,000 hosts shares one text many times over.
        if let Some(site) = by_span.get(&span).and_then(|&i| sites.get_mut(i)) {
            site.readers.add(reader);
            return;
        }
        by_span.insert(span, sites.len());
    }
    sites.push(Site {
        host,
        readers: Readers::one(reader),
        value,
        span,
        origin: Cow::Owned(match def.value_default {
            Some(p) => format!("the package default ({p} is not in this tree)"),
            None => def.origin(files),
        }),
        parsed: None,
        keys: OnceLock::new(),
    });
}

/// Every ZooKeeper URL of the cluster, one per source text, in host order. Built once per
/// lint run and shared by the rules of the family.
pub(crate) fn sites<'c, 'a>(cx: &'c Context<'a>) -> &'c [Site<'a>] {
    cx.zu_sites.get_or_init(|| build_sites(cx))
}

fn build_sites<'a>(cx: &Context<'a>) -> Vec<Site<'a>> {
    let mut out: Vec<Site<'a>> = Vec::new();
    let mut by_span: FastMap<Span, usize> = FastMap::default();
    for host in &cx.cluster.hosts {
        if let Some((file, span, value)) = host.mesos_zk_text(cx.files) {
            if !has_placeholder(value) && !value.trim().is_empty() {
                by_span.entry(span).or_insert(out.len());
                out.push(Site {
                    host,
                    readers: Readers::one(Reader::ZkFile),
                    value,
                    span: Some(span),
                    origin: Cow::Borrowed(cx.files.path(file)),
                    parsed: None,
                    keys: OnceLock::new(),
                });
            }
        }
        if let Some(def) = host.master.as_ref().and_then(|m| m.flags.get("zk")) {
            push(
                &mut out,
                &mut by_span,
                host,
                Reader::MasterZk,
                def,
                cx.files,
            );
        }
        if let Some(def) = host.agent.as_ref().and_then(|a| a.flags.get("master")) {
            push(
                &mut out,
                &mut by_span,
                host,
                Reader::AgentMaster,
                def,
                cx.files,
            );
        }
        if let Some(m) = &host.marathon {
            if let Some(def) = m.flags.get("master") {
                push(
                    &mut out,
                    &mut by_span,
                    host,
                    Reader::MarathonMaster,
                    def,
                    cx.files,
                );
            }
            if let Some(def) = m.flags.get("zk") {
                // A derived `zk` has no text of its own: its source is etc/mesos/zk.
                if def.source.kind != SourceKind::Derived {
                    push(
                        &mut out,
                        &mut by_span,
                        host,
                        Reader::MarathonZk,
                        def,
                        cx.files,
                    );
                }
            }
        }
    }
    // Parse each distinct text once: a large cluster repeats the same URL on every host.
    let mut cache: FastMap<(&str, bool), Option<Arc<SharedUrl>>> = FastMap::default();
    for site in &mut out {
        let marathon_zk = site.has(Reader::MarathonZk);
        site.parsed = cache
            .entry((site.value, marathon_zk))
            .or_insert_with(|| {
                parse_site(site.value, marathon_zk).map(|url| {
                    Arc::new(SharedUrl {
                        loopback: url.hosts.iter().any(|h| {
                            is_loopback(&h.host.trim().trim_end_matches('.').to_ascii_lowercase())
                        }),
                        url,
                        keys: OnceLock::new(),
                    })
                })
            })
            .clone();
    }
    out
}

/// A key identifying a ZooKeeper server host across the cluster: the tree's host name when
/// the name (or `localhost`, seen from `from`) belongs to a host of the tree.
pub(crate) fn host_key(cluster: &Cluster, from: &Host, name: &str) -> String {
    let n = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if is_loopback(&n) {
        return tree_host_identity(n, from);
    }
    match cluster.host_named_normalized(&n) {
        Some(h) => tree_host_identity(n, h),
        None => n,
    }
}

/// The key of a host of the tree: its name, except for containers on the machine's own network
/// (`network_mode: host`, `--net=host`). Those of one compose file or script share one
/// machine, so `localhost` in one of them is the same server as in the others (a one-machine
/// development cluster is not a set of URLs that disagree).
fn tree_host_identity(buf: String, h: &Host) -> String {
    match h.shared_machine() {
        Some(file) => {
            let mut key = buf;
            key.clear();
            key.push_str("@@machine#");
            key.push_str(&file.index().to_string());
            key
        }
        None => tree_host_key(buf, &h.name),
    }
}

/// `@<name>`, built in `buf`'s allocation (no `format!` per server of every URL).
fn tree_host_key(mut buf: String, name: &str) -> String {
    buf.clear();
    buf.reserve(name.len() + 1);
    buf.push('@');
    buf.push_str(name);
    buf
}

/// The URL's servers as (host key, port), sorted and deduplicated.
pub(crate) fn server_keys(cluster: &Cluster, from: &Host, url: &ZkUrl) -> Vec<(String, u16)> {
    let mut v: Vec<(String, u16)> = url
        .hosts
        .iter()
        .map(|h| {
            (
                host_key(cluster, from, &h.host),
                h.port.unwrap_or(DEFAULT_ZK_PORT),
            )
        })
        .collect();
    crate::sort::sort(&mut v);
    v.dedup();
    v
}

/// Why two URLs with the same servers' text count as different servers: a loopback name is
/// the host it is read on, and two hosts of the tree are two machines. `None` when the texts
/// differ (the message shows both then).
pub(crate) fn same_text_note(a: &Site<'_>, au: &ZkUrl, b: &Site<'_>, bu: &ZkUrl) -> Option<String> {
    let at = hosts_range(au).and_then(|r| a.value.get(r))?;
    let bt = hosts_range(bu).and_then(|r| b.value.get(r))?;
    if !at.eq_ignore_ascii_case(bt) {
        return None;
    }
    Some(format!(
        "`{at}` is a loopback name: on {} it is {} itself, on {} it is {}, two machines",
        name(a.host),
        name(a.host),
        name(b.host),
        name(b.host)
    ))
}

/// The byte range of the server list inside the value.
pub(crate) fn hosts_range(url: &ZkUrl) -> Option<std::ops::Range<usize>> {
    let first = url.hosts.first()?;
    let last = url.hosts.last()?;
    Some(first.range.start..last.range.end)
}

/// Sub-span of a site's value, or its label span when the value is not in the tree.
pub(crate) fn sub_span(site: &Site<'_>, range: std::ops::Range<usize>) -> Option<Span> {
    match site.span {
        Some(s) => Some(s.sub(range)),
        None => site.label_span(),
    }
}

/// The text of a primary label on a site: `text`, or, when the value is not in the tree and
/// the label sits on something else of the host, where the value comes from.
pub(crate) fn label_text(site: &Site<'_>, text: impl Into<String>) -> String {
    match site.span {
        Some(_) => text.into(),
        None => format!(
            "{} gets `{}` from {}",
            site.readers_text(),
            site.value,
            site.origin
        ),
    }
}

/// The most common value among `items` by `key` (first seen wins a tie).
pub(crate) fn most_common<T, K: Ord + Clone>(items: &[T], key: impl Fn(&T) -> K) -> Option<K> {
    let mut counts: BTreeMap<K, (usize, usize)> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        let e = counts.entry(key(it)).or_insert((0, i));
        e.0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(k, _)| k)
}

/// The ensemble's members by server key, with their client ports: URLs whose servers are all
/// members reach the same data, whatever subset each names (ZU005 judges the subsets).
pub(crate) struct EnsembleKeys(FastMap<String, Option<u16>>);

impl EnsembleKeys {
    pub(crate) fn of(cluster: &Cluster) -> EnsembleKeys {
        EnsembleKeys(
            ensemble(cluster)
                .into_iter()
                .map(|m| (m.key, m.client_port))
                .collect(),
        )
    }

    /// Are all these servers members (on their client port, when it is known)?
    pub(crate) fn holds(&self, keys: &[(String, u16)]) -> bool {
        !keys.is_empty()
            && keys
                .iter()
                .all(|(k, port)| self.0.get(k).is_some_and(|p| p.is_none_or(|p| p == *port)))
    }
}

/// One voting or observing member of the ZooKeeper ensemble, as a `server.N` line says.
#[derive(Clone, Debug)]
pub(crate) struct Member<'a> {
    pub key: String,
    pub host: String,
    /// The client port: `;port` in the line, else `clientPort` of the member's own host (if
    /// in the tree), else of the file holding the line. `None` when unknown.
    pub client_port: Option<u16>,
    pub participant: bool,
    pub line: Span,
    pub cfg_host: &'a Host,
}

fn client_port_of(host: &Host) -> Option<u16> {
    let zk = host.zookeeper.as_ref()?;
    zk.value("clientPort")?.trim().parse().ok()
}

/// The ensemble's members, from every `zoo.cfg` of the tree (first line per server wins).
pub(crate) fn ensemble<'a>(cluster: &'a Cluster) -> Vec<Member<'a>> {
    let mut out: Vec<Member<'a>> = Vec::new();
    // Keys already taken, and the first host bearing each name: searching `out` and every
    // host for each server line was quadratic in a tree of many ZooKeeper hosts.
    let mut seen: crate::FastSet<String> = crate::FastSet::default();
    let mut first_named: FastMap<&str, &Host> = FastMap::default();
    for h in &cluster.hosts {
        first_named.entry(h.name.as_str()).or_insert(h);
    }
    for host in cluster.zookeepers() {
        let Some(zk) = &host.zookeeper else { continue };
        for s in zk.effective_servers() {
            let Ok(spec) = &s.spec else { continue };
            if has_placeholder(&spec.host) || has_placeholder(&s.raw_value) {
                continue;
            }
            let key = host_key(cluster, host, &spec.host);
            if seen.contains(&key) {
                continue;
            }
            let own = key
                .strip_prefix('@')
                .and_then(|name| first_named.get(name))
                .and_then(|h| client_port_of(h));
            seen.insert(key.clone());
            let client_port = spec
                .client
                .as_ref()
                .map(|c| c.port)
                .or(own)
                .or_else(|| client_port_of(host));
            out.push(Member {
                key,
                host: spec.host.clone(),
                client_port,
                participant: s.is_participant(),
                line: s.value_span,
                cfg_host: host,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile values in every URL place: the ZU and MR rules must not panic.
    #[test]
    fn hostile_urls_do_not_panic() {
        let long = format!("zk://{}/mesos", "h:1,".repeat(5000));
        let values = [
            "",
            "zk://",
            "zk://,,,/",
            "zk://a:99999/",
            "zk://ü:ö@ß:2181/ü",
            "zk://[::1/mesos",
            "zk://u:p@",
            "file://",
            "\u{0}zk://x",
            "zk://localhost:2181/mesos\n\n\nzk://other",
            long.as_str(),
        ];
        for v in values {
            let mut fs = crate::files::FileSet::new();
            fs.add_text("hosts/a/etc/mesos/zk", v);
            fs.add_text("hosts/a/etc/mesos-master/quorum", "1");
            fs.add_text("hosts/a/etc/marathon/conf/zk", v);
            fs.add_text("hosts/a/etc/marathon/conf/task_launch_timeout", v);
            fs.add_text(
                "hosts/b/etc/default/marathon",
                &format!("MARATHON_MASTER={v}"),
            );
            fs.add_text("hosts/b/etc/mesos-slave/master", v);
            fs.add_text("hosts/b/etc/mesos-slave/containerizers", "docker");
            fs.add_text("hosts/b/etc/mesos-slave/executor_registration_timeout", v);
            fs.add_text(
                "hosts/b/etc/zookeeper/conf/zoo.cfg",
                &format!("clientPort={v}\nserver.1={v}\nserver.2=b:1:2;{v}\n"),
            );
            let config = crate::Config {
                select: vec!["ZU".into(), "MR".into()],
                ..Default::default()
            };
            let _ = crate::lint(&fs, &config);
        }
    }

    #[test]
    fn most_common_prefers_first_on_tie() {
        let v = ["b", "a", "a", "b", "c"];
        assert_eq!(most_common(&v, |s| s.to_string()), Some("b".to_string()));
        let e: [&str; 0] = [];
        assert_eq!(most_common(&e, |s| s.to_string()), None);
    }

    #[test]
    fn readers_keep_their_order_once_each() {
        let mut r = Readers::one(Reader::AgentMaster);
        for x in [
            Reader::ZkFile,
            Reader::AgentMaster,
            Reader::MarathonZk,
            Reader::ZkFile,
            Reader::MasterZk,
            Reader::MarathonMaster,
            Reader::MarathonMaster,
        ] {
            r.add(x);
        }
        assert_eq!(
            &*r,
            [
                Reader::AgentMaster,
                Reader::ZkFile,
                Reader::MarathonZk,
                Reader::MasterZk,
                Reader::MarathonMaster
            ]
        );
        let one = Readers::one(Reader::ZkFile);
        assert_eq!(&*one, [Reader::ZkFile]);
    }
}
