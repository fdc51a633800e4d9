use super::ensemble::{on_host, opaque_template};
use super::facts::{java_parse_long, plain_value, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Host, ZkServer};
use crate::parse::zoo_cfg::PeerRole;
use crate::rule::{Context, Rule, RuleMeta, Sink};
use crate::FastMap;

declare_rule! {
    /// ## What it does
    /// Checks the server list as `QuorumPeerConfig.parseDynamicConfig` and
    /// `QuorumHierarchical` judge it:
    /// - observers and no participant: "Observers w/o participants is an invalid
    ///   configuration";
    /// - one participant plus observers: "Observers w/o quorum is an invalid configuration";
    /// - `standaloneEnabled=false` (3.5+) and no participant: "standaloneEnabled = false then
    ///   number of participants should be >0";
    /// - hierarchical quorums (`group.N` / `weight.N` keys): a participant in no group ("Server
    ///   <sid>is not in a group"), a server in two groups ("Server <sid>is in multiple groups"),
    ///   and group members or weights that are not numbers (`Long.parseLong`, which does not
    ///   trim: a trailing space is fatal).
    ///
    /// ## Why is this bad?
    /// ZooKeeper exits at start with "Invalid config, exiting abnormally".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=5
    /// syncLimit=2
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// group.1=1:2
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// initLimit=5
    /// syncLimit=2
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// group.1=1:2
    /// group.2=3
    /// ```
    ///
    /// ## How to fix
    /// Give the ensemble at least two participants before adding observers, and put every
    /// participant in exactly one group.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseDynamicConfig`, `QuorumHierarchical.parse` (release-3.4.14 to
    ///   release-3.9.5).
    pub struct ServerListInvalid {
        code: "ZK021",
        name: "server-list-invalid",
        severity: Error,
        summary: "A server list ZooKeeper refuses: observers without a quorum, bad groups",
    }
}

impl Rule for ServerListInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        for (host, zk) in cx.cluster.zk_servers() {
            // Generated or unparsable lines (ZK003, ZK004) leave the list unknown.
            if opaque_template(cx.files, zk)
                || zk.servers.iter().any(|e| e.spec.is_err() || e.id.is_err())
            {
                continue;
            }
            counts(ver, host, zk, cx, sink);
            groups(ver, host, zk, cx, sink);
        }
    }
}

fn counts(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let participants = zk.participants().count();
    let observers = zk
        .effective_servers()
        .filter(|e| matches!(&e.spec, Ok(s) if s.role == PeerRole::Observer))
        .count();
    let standalone_off = ver.at_least(3, 5, 0)
        && zk
            .get("standaloneEnabled")
            .and_then(plain_value)
            .is_some_and(|v| v.eq_ignore_ascii_case("false"));
    let said = if participants == 0 && standalone_off && zk.get("dynamicConfigFile").is_none() {
        "standaloneEnabled = false then number of participants should be >0"
    } else if participants == 0 && observers > 0 {
        "Observers w/o participants is an invalid configuration"
    } else if participants == 1 && observers > 0 && !standalone_off {
        "Observers w/o quorum is an invalid configuration"
    } else {
        return;
    };
    let mut d = Diagnostic::new(
        &ServerListInvalid::META,
        format!(
            "{} in {}{}: ZooKeeper exits with \"{said}\"",
            match participants {
                0 => "no participant".to_string(),
                _ => format!("{participants} participant and {observers} observer(s)"),
            },
            cx.files.path(zk.cfg),
            on_host(host)
        ),
    )
    .help("list at least two participants (server lines without `:observer`)")
    .note(ver.note("3.4 and later"));
    match zk.effective_servers().next() {
        Some(first) => d = d.primary(first.value_span, "the server list starts here"),
        None => {
            if let Some(p) = zk.get("standaloneEnabled") {
                d = d.primary(zk.line_span(p), "no server line follows");
            }
        }
    }
    sink.report(d);
}

fn groups(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let cfg = cx.files.path(zk.cfg);
    let mut group_of: FastMap<i64, usize> = FastMap::default();
    let mut hierarchical = false;
    let mut fail = |d: Diagnostic| sink.report(d.note(ver.note("3.4 and later")));
    for (i, p) in zk.props.entries.iter().enumerate() {
        let key = p.key.trim();
        let is_group = key.starts_with("group");
        if !is_group && !key.starts_with("weight") {
            continue;
        }
        hierarchical = true;
        if plain_value(p).is_none() {
            return; // templated: unknown
        }
        // QuorumHierarchical reads the raw value: no trimming.
        let raw = p.value.as_str();
        if !is_group {
            if java_parse_long(raw).is_none() {
                fail(
                    Diagnostic::new(
                        &ServerListInvalid::META,
                        format!("`{key}` in {cfg}{}: Long.parseLong rejects \"{}\", so ZooKeeper exits with a NumberFormatException", on_host(host), raw.chars().take(60).collect::<String>()),
                    )
                    .primary(zk.value_span(p), "not a number (whitespace included)"),
                );
            }
            continue;
        }
        for member in raw.split(':') {
            let Some(sid) = java_parse_long(member) else {
                fail(
                    Diagnostic::new(
                        &ServerListInvalid::META,
                        format!("`{key}` in {cfg}{}: Long.parseLong rejects the member \"{}\", so ZooKeeper exits with a NumberFormatException", on_host(host), member.chars().take(60).collect::<String>()),
                    )
                    .primary(zk.value_span(p), "members are server ids separated by `:`, no spaces"),
                );
                return;
            };
            if let Some(&first) = group_of.get(&sid) {
                let mut d = Diagnostic::new(
                    &ServerListInvalid::META,
                    format!("server {sid} is in two groups in {cfg}{}: ZooKeeper exits with \"Server {sid}is in multiple groups\"", on_host(host)),
                )
                .primary(zk.value_span(p), "second group");
                if let Some(fp) = zk.props.entries.get(first) {
                    d = d.secondary(zk.value_span(fp), "first group");
                }
                fail(d);
                return;
            }
            group_of.insert(sid, i);
        }
    }
    if !hierarchical {
        return;
    }
    for e in zk.participants() {
        let Ok(id) = e.id else { continue };
        if !group_of.contains_key(&id) {
            sink.report(
                Diagnostic::new(
                    &ServerListInvalid::META,
                    format!("participant {id} is in no `group.N` of {cfg}{}: ZooKeeper exits with \"Server {id}is not in a group\"", on_host(host)),
                )
                .primary(e.key_span, "in no group")
                .help(format!("add {id} to one `group.N` line"))
                .note(ver.note("3.4 and later")),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const HEAD: &str = "dataDir=/var/lib/zookeeper\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n";

    #[test]
    fn observers_need_a_quorum() {
        let only = format!("{HEAD}server.1=a:2888:3888:observer\nserver.2=b:2888:3888:observer\n");
        assert_eq!(run("ZK021", &[(CFG, &only)]).len(), 1);
        let one = format!("{HEAD}server.1=a:2888:3888\nserver.2=b:2888:3888:observer\n");
        assert_eq!(run("ZK021", &[(CFG, &one)]).len(), 1);
        let ok = format!(
            "{HEAD}server.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888:observer\n"
        );
        assert!(run("ZK021", &[(CFG, &ok)]).is_empty());
    }

    #[test]
    fn standalone_disabled_needs_participants() {
        let t = format!("{HEAD}standaloneEnabled=false\n");
        assert_eq!(run("ZK021", &[(CFG, &t)]).len(), 1);
        assert!(run_for("ZK021", "3.4.14", &[(CFG, &t)]).is_empty());
        let one = format!("{HEAD}standaloneEnabled=false\nserver.1=a:2888:3888\n");
        assert!(run("ZK021", &[(CFG, &one)]).is_empty());
    }

    #[test]
    fn hierarchical_groups() {
        let servers = "server.1=a:2888:3888\nserver.2=b:2888:3888\nserver.3=c:2888:3888\n";
        let missing = format!("{HEAD}{servers}group.1=1:2\n");
        assert_eq!(run("ZK021", &[(CFG, &missing)]).len(), 1);
        let twice = format!("{HEAD}{servers}group.1=1:2\ngroup.2=2:3\n");
        assert_eq!(run("ZK021", &[(CFG, &twice)]).len(), 1);
        let spaced = format!("{HEAD}{servers}group.1=1:2 \ngroup.2=3\n");
        assert_eq!(run("ZK021", &[(CFG, &spaced)]).len(), 1);
        let ok = format!("{HEAD}{servers}group.1=1:2\ngroup.2=3\nweight.1=2\n");
        assert!(run("ZK021", &[(CFG, &ok)]).is_empty());
    }
}
