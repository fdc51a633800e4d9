use std::collections::BTreeMap;

use crate::FastMap;

use super::ensemble::{on_host, HostIndex};
use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::model::{zk_url_of, Cluster, FlagDef, Host, ZkServer};
use crate::parse::values::parse_duration;
use crate::parse::zk_url::check_marathon_zk;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks ZooKeeper's session timeout bounds: `minSessionTimeout` must not exceed
    /// `maxSessionTimeout` (defaults 2 × and 20 × `tickTime`), and the session timeout the
    /// clients ask for must lie inside `[min, max]` of the servers they connect to: Mesos
    /// `zk_session_timeout` (masters and agents, default `10secs`) and Marathon
    /// `zk_session_timeout` (milliseconds, default 10000; Marathon 0.12 and older used
    /// `zk_timeout` for the session, later releases use it for single operations only).
    /// ZooKeeper 3.4 compares the bounds before applying the tickTime defaults, so there an
    /// unset bound counts as -1: `minSessionTimeout` without `maxSessionTimeout` is fatal.
    ///
    /// ## Why is this bad?
    /// `minSessionTimeout` larger than `maxSessionTimeout` stops ZooKeeper at start-up (all
    /// releases, 3.4 through 3.9; reported at error severity). A
    /// client's timeout outside the bounds is silently clamped by the server: the Mesos master
    /// failover then takes longer than `zk_session_timeout` says (or shorter, and a GC pause
    /// expires the leader's session), and the timeouts tuned in Mesos or Marathon never apply.
    ///
    /// ## Example
    /// ### Invalid: a 2-second Mesos session below the 4-second minimum
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// server.1=master1:2888:3888
    /// ```
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/zk_session_timeout
    /// 2secs
    /// ```
    /// ### Invalid: minSessionTimeout above the default maximum
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// minSessionTimeout=60000
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/zookeeper/conf/zoo.cfg
    /// tickTime=2000
    /// server.1=master1:2888:3888
    /// ```
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/zk_session_timeout
    /// 10secs
    /// ```
    ///
    /// ## How to fix
    /// Keep `minSessionTimeout` <= `maxSessionTimeout`, and choose client timeouts inside the
    /// servers' bounds (or widen the bounds on every server of the ensemble).
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties`/`checkValidity`: "minSessionTimeout must not be
    ///   larger than maxSessionTimeout"; defaults `2 * tickTime` and `20 * tickTime`.
    /// - `ZooKeeperServer` clamps the requested session timeout into `[min, max]`.
    /// - Mesos `src/master/flags.cpp` / `src/slave/flags.cpp`: `zk_session_timeout` (10secs);
    ///   Marathon `ZookeeperConf.scala`: `zk_session_timeout` (10000 ms) since 0.13.0,
    ///   `zk_timeout` the operation timeout (`RichCuratorFramework.scala`).
    /// - release-3.4.14 `QuorumPeerConfig.parseProperties`: min/max start at -1 and are compared
    ///   as read.
    /// - DOMAIN.md §2.4, §2.6, §3.2, §3.4.
    pub struct SessionTimeoutRange {
        code: "ZK016",
        name: "session-timeout-range",
        severity: Warning,
        summary: "ZooKeeper session timeout bounds are inverted or exclude the clients' timeout",
    }
}

/// A server's effective session timeout bounds, with where they come from.
struct Bounds {
    min: i64,
    max: i64,
    tick: i64,
    min_set: Option<Span>,
    max_set: Option<Span>,
    tick_span: Option<Span>,
}

/// `None` when a value is unknown (placeholder, not a number).
fn bounds(zk: &ZkServer) -> Option<Bounds> {
    let tick = zk.tick_time()?;
    let read = |key: &str| -> Option<Option<(i64, Span)>> {
        match zk.get(key) {
            None => Some(None),
            Some(p) => {
                let v: i64 = p.trimmed_value().parse().ok()?;
                // -1 is ZooKeeper's "use the default".
                Some((v != -1).then(|| (v, zk.value_span(p))))
            }
        }
    };
    let min = read("minSessionTimeout")?;
    let max = read("maxSessionTimeout")?;
    Some(Bounds {
        min: min.as_ref().map_or(tick.saturating_mul(2), |m| m.0),
        max: max.as_ref().map_or(tick.saturating_mul(20), |m| m.0),
        tick,
        min_set: min.map(|m| m.1),
        max_set: max.map(|m| m.1),
        tick_span: zk.get("tickTime").map(|p| zk.value_span(p)),
    })
}

impl Bounds {
    fn describe_min(&self) -> String {
        match self.min_set {
            Some(_) => format!("minSessionTimeout {} ms", self.min),
            None => format!(
                "minSessionTimeout {} ms (the default, 2 × tickTime {})",
                self.min, self.tick
            ),
        }
    }
    fn describe_max(&self) -> String {
        match self.max_set {
            Some(_) => format!("maxSessionTimeout {} ms", self.max),
            None => format!(
                "maxSessionTimeout {} ms (the default, 20 × tickTime {})",
                self.max, self.tick
            ),
        }
    }
    /// What the span returned by `span_of` shows.
    fn bound_label(&self, low: bool) -> String {
        let (set, name, factor) = if low {
            (self.min_set, "minSessionTimeout", 2)
        } else {
            (self.max_set, "maxSessionTimeout", 20)
        };
        match (set, self.tick_span) {
            (Some(_), _) => name.to_string(),
            (None, Some(_)) => format!("{name} defaults to {factor} × tickTime"),
            (None, None) => format!(
                "no tickTime: it defaults to {}, so {name} is {factor} × that",
                self.tick
            ),
        }
    }

    /// The span that sets the bound (the key, else tickTime, else the file).
    fn span_of(&self, low: bool, zk: &ZkServer) -> Span {
        let set = if low { self.min_set } else { self.max_set };
        set.or(self.tick_span)
            .unwrap_or_else(|| Span::file_start(zk.cfg))
    }
}

/// A client's requested session timeout.
struct Client<'a> {
    host: usize,
    who: String,
    /// e.g. "Mesos zk_session_timeout".
    what: &'static str,
    ms: f64,
    shown: String,
    def: Option<&'a FlagDef>,
    /// ZooKeeper servers (host indices) the client talks to.
    servers: Vec<usize>,
}

impl Rule for SessionTimeoutRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let cluster = cx.cluster;
        let zk34 = !cluster.versions.zookeeper.at_least(Version::new(3, 5, 0));
        let mut all_bounds: BTreeMap<usize, Bounds> = BTreeMap::new();
        for (i, host) in cluster.hosts.iter().enumerate() {
            let Some(zk) = &host.zookeeper else { continue };
            let Some(b) = bounds(zk) else { continue };
            // ZooKeeper 3.4 compares the raw values, an unset bound being -1 (3.5+ applies
            // the tickTime defaults first).
            let (cmp_min, cmp_max) = if zk34 {
                (
                    b.min_set.map_or(-1, |_| b.min),
                    b.max_set.map_or(-1, |_| b.max),
                )
            } else {
                (b.min, b.max)
            };
            if cmp_min > cmp_max {
                let (span, label, other) = match (b.min_set, b.max_set) {
                    (Some(s), m) => (s, "larger than maxSessionTimeout", m),
                    (None, Some(s)) => (s, "smaller than minSessionTimeout", None),
                    (None, None) => continue,
                };
                let (min_text, max_text) = if zk34 {
                    let raw = |set: Option<Span>, v: i64, name: &str| {
                        match set {
                        Some(_) => format!("{name} {v} ms"),
                        None => format!("{name} -1 (unset: ZooKeeper 3.4 compares -1, not the tickTime default)"),
                    }
                    };
                    (
                        raw(b.min_set, cmp_min, "minSessionTimeout"),
                        raw(b.max_set, cmp_max, "maxSessionTimeout"),
                    )
                } else {
                    (b.describe_min(), b.describe_max())
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "{min_text} is larger than {max_text} in {}{}: ZooKeeper{} refuses to start with \"minSessionTimeout must not be larger than maxSessionTimeout\"",
                        cx.files.path(zk.cfg),
                        on_host(host),
                        if zk34 { " 3.4 (the target)" } else { "" }
                    ),
                )
                .severity(Severity::Error)
                .primary(span, label);
                if let Some(o) = other {
                    d = d.secondary(o, "maxSessionTimeout");
                } else if let Some(t) = b.tick_span {
                    d = d.secondary(t, "the defaults derive from tickTime");
                }
                let help = if zk34 && (b.min_set.is_none() || b.max_set.is_none()) {
                    "ZooKeeper 3.4: set both minSessionTimeout and maxSessionTimeout, with min at most max"
                } else {
                    "make minSessionTimeout at most maxSessionTimeout (defaults: 2 × and 20 × tickTime)"
                };
                sink.report(d.help(help));
                continue;
            }
            all_bounds.insert(i, b);
        }
        if all_bounds.is_empty() {
            return;
        }
        let index = HostIndex::new(cluster);
        let clients = clients(cluster, &index);
        // Clients at their default: one finding per server and setting.
        let mut defaults: BTreeMap<(usize, &'static str, bool), Vec<&Client<'_>>> = BTreeMap::new();
        for c in &clients {
            let Some((&s, b, low)) = c.servers.iter().find_map(|s| {
                let b = all_bounds.get(s)?;
                if c.ms < b.min as f64 {
                    Some((s, b, true))
                } else if c.ms > b.max as f64 {
                    Some((s, b, false))
                } else {
                    None
                }
            }) else {
                continue;
            };
            let Some(server) = cluster.hosts.get(s) else {
                continue;
            };
            let Some(zk) = &server.zookeeper else {
                continue;
            };
            match c
                .def
                .and_then(|d| d.span())
                .filter(|_| !c.def.is_some_and(|d| d.is_package_default()))
            {
                Some(span) => {
                    let (bound, verb, clamp) = if low {
                        (b.describe_min(), "below", b.min)
                    } else {
                        (b.describe_max(), "above", b.max)
                    };
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "{} {} of {} is {verb} {bound} of the ZooKeeper server{}: the server makes it {clamp} ms",
                                c.what, c.shown, c.who, on_host(server)
                            ),
                        )
                        .primary(span, format!("{verb} the server's bound"))
                        .secondary(b.span_of(low, zk), b.bound_label(low))
                        .help(format!(
                            "choose a {} between {} and {} ms, or change the bounds on every ZooKeeper server",
                            c.what, b.min, b.max
                        )),
                    );
                }
                None => defaults.entry((s, c.what, low)).or_default().push(c),
            }
        }
        for ((s, what, low), group) in defaults {
            let (Some(server), Some(b)) = (cluster.hosts.get(s), all_bounds.get(&s)) else {
                continue;
            };
            let Some(zk) = &server.zookeeper else {
                continue;
            };
            let Some(first) = group.first() else { continue };
            let who: Vec<&str> = group.iter().map(|c| c.who.as_str()).collect();
            let (bound, verb, clamp) = if low {
                (b.describe_min(), "below", b.min)
            } else {
                (b.describe_max(), "above", b.max)
            };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "the default {what} of {} ({}) is {verb} {bound} of the ZooKeeper server{}: the server makes it {clamp} ms",
                    first.shown,
                    who.join(", "),
                    on_host(server)
                ),
            )
            .primary(b.span_of(low, zk), format!("excludes the clients' default {}", first.shown));
            for c in &group {
                if let Some(span) = client_anchor(cluster, c) {
                    d = d.secondary(span, format!("{} uses the default {}", c.who, c.shown));
                }
            }
            sink.report(
                d.help(format!(
                    "set {what} explicitly between {} and {} ms, or change the bounds on every ZooKeeper server",
                    b.min, b.max
                )),
            );
        }
    }
}

/// A span in the client's files to point at when its value is a default.
fn client_anchor(cluster: &Cluster, c: &Client<'_>) -> Option<Span> {
    let host = cluster.hosts.get(c.host)?;
    if c.what.starts_with("Marathon") {
        let m = host.marathon.as_ref()?;
        return m
            .env_file
            .or_else(|| m.conf_files.first().copied())
            .map(Span::file_start)
            .or_else(|| m.flags.iter().find_map(|d| d.span()));
    }
    let (role, daemon) = if c.who.starts_with("mesos-master") {
        (host.master_role.as_ref(), host.master.as_deref())
    } else {
        (host.agent_role.as_ref(), host.agent.as_ref())
    };
    role.and_then(|r| r.span)
        .or_else(|| daemon?.flags.iter().find_map(|d| d.span()))
}

/// ZooKeeper servers (host indices) named by a URL's hosts; loopback means the own host.
fn servers_of(
    cluster: &Cluster,
    index: &HostIndex,
    own: usize,
    hosts: &[(String, u16)],
) -> Vec<usize> {
    let mut out = Vec::new();
    for (h, _) in hosts {
        if let Some(i) = index.lookup(h, Some(own)) {
            if cluster.hosts.get(i).is_some_and(|x| x.zookeeper.is_some()) && !out.contains(&i) {
                out.push(i);
            }
        }
    }
    out
}

fn all_servers(cluster: &Cluster) -> Vec<usize> {
    cluster
        .hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| h.zookeeper.is_some())
        .map(|(i, _)| i)
        .collect()
}

/// A URL's servers by its text: a large cluster repeats the same URL on every host.
type HostSets<'a> = FastMap<&'a str, Option<Vec<(String, u16)>>>;

fn mesos_client<'a>(
    cluster: &Cluster,
    index: &HostIndex,
    sets: &mut HostSets<'a>,
    i: usize,
    host: &'a Host,
    master: bool,
) -> Option<Client<'a>> {
    let daemon = if master {
        host.master.as_ref()?
    } else {
        host.agent.as_ref()?
    };
    let url_flag = if master { "zk" } else { "master" };
    let servers = match daemon.flags.get(url_flag) {
        Some(d) if d.unknown => return None,
        Some(d) => {
            let text = d.known_value()?;
            let set = sets
                .entry(text)
                .or_insert_with(|| zk_url_of(d).map(|url| url.host_set()));
            servers_of(cluster, index, i, set.as_deref()?)
        }
        None => all_servers(cluster),
    };
    let def = daemon.flags.get("zk_session_timeout");
    let (ms, shown) = match def {
        Some(d) => {
            let v = d.known_value()?;
            (
                parse_duration(v.trim()).ok()?.millis(),
                v.trim().chars().take(40).collect(),
            )
        }
        None => (10_000.0, "10secs".to_string()),
    };
    Some(Client {
        host: i,
        who: format!(
            "{}{}",
            if master {
                "mesos-master"
            } else {
                "mesos-agent"
            },
            on_host(host)
        ),
        what: "Mesos zk_session_timeout",
        ms,
        shown,
        def,
        servers,
    })
}

fn clients<'a>(cluster: &'a Cluster, index: &HostIndex) -> Vec<Client<'a>> {
    let mut out = Vec::new();
    let mut sets = HostSets::default();
    for (i, host) in cluster.hosts.iter().enumerate() {
        for master in [true, false] {
            if let Some(c) = mesos_client(cluster, index, &mut sets, i, host, master) {
                out.push(c);
            }
        }
        let Some(m) = &host.marathon else { continue };
        let servers = match m.flags.get("zk") {
            Some(d) if d.unknown => continue,
            Some(d) => match d
                .known_value()
                .and_then(|v| check_marathon_zk(v.trim()).ok())
            {
                Some(url) => servers_of(cluster, index, i, &url.host_set()),
                None => continue,
            },
            // Marathon's default zk://localhost:2181/marathon.
            None => servers_of(cluster, index, i, &[("localhost".into(), 2181)]),
        };
        let session = m.flags.get("zk_session_timeout");
        // Since Marathon 0.13 zk_timeout is the timeout of single operations, not of the
        // session (ZookeeperConf.scala); only an older target uses it for the session.
        let op = m
            .flags
            .get("zk_timeout")
            .filter(|_| !cluster.versions.marathon.at_least(Version::new(0, 13, 0)));
        let mut push = |what: &'static str, def: Option<&'a FlagDef>| {
            let (ms, shown) = match def {
                Some(d) => {
                    let Some(v) = d.known_value() else { return };
                    let Ok(ms) = v.trim().parse::<i64>() else {
                        return;
                    };
                    (ms as f64, format!("{ms} ms"))
                }
                None => (10_000.0, "10000 ms".to_string()),
            };
            out.push(Client {
                host: i,
                who: format!("marathon{}", on_host(host)),
                what,
                ms,
                shown,
                def,
                servers: servers.clone(),
            });
        };
        match (session, op) {
            // Both at their default: one client, not two.
            (None, None) => push("Marathon zk_session_timeout", None),
            (s, o) => {
                push("Marathon zk_session_timeout", s);
                if o.is_some() {
                    push("Marathon zk_timeout", o);
                }
            }
        }
    }
    out
}
