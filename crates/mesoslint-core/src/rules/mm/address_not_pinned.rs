use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{FileSet, Span};
use crate::model::{zk_url_of, Cluster, Host, MesosDaemon, RoleEvidence};
use crate::parse::etc_hosts::is_loopback;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, widen};

declare_rule! {
    /// ## What it does
    /// Checks how the masters and agents of a multi-host cluster pick the address they
    /// advertise:
    /// - `ip`, `advertise_ip` or `hostname` set to a loopback address (`127.x`, `::1`,
    ///   `localhost`) → error;
    /// - no `ip` (nor `advertise_ip` / `ip_discovery_command`) while the host's `etc/hosts`
    ///   maps its own name (`etc/hostname`) to a loopback address, the Debian/Ubuntu
    ///   `127.0.1.1` line → warning;
    /// - in a tree of several hosts, no `ip` or `hostname` and no `etc/hosts` evidence either
    ///   way → info (not for a container on a Docker network: Docker maps its name to its
    ///   address there).
    ///
    /// A cluster is multi-host when the tree holds several hosts, `mesoslint.toml` declares
    /// several masters, or the daemon's ZooKeeper URL names other hosts; but not when every
    /// host is a container of one compose file (or script) on the machine's own network
    /// (`network_mode: host`, `--net=host`): those share the machine's loopback.
    ///
    /// ## Why is this bad?
    /// Without `--ip`, libprocess binds 0.0.0.0 and advertises the address `gethostname()`
    /// resolves to. When that is loopback, the master logs "Master bound to loopback
    /// interface! Cannot communicate with remote schedulers or agents", peers see
    /// `master@127.0.1.1:5050`, and the replicated log cannot reach its replicas.
    ///
    /// ## Example
    /// ### Invalid: the Ubuntu 127.0.1.1 line
    /// ```text file:hosts/master1/etc/hostname
    /// master1
    /// ```
    /// ```text file:hosts/master1/etc/hosts
    /// 127.0.0.1 localhost
    /// 127.0.1.1 master1
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/ip
    /// 10.0.1.21
    /// ```
    /// ### Invalid: a loopback ip
    /// ```text file:hosts/master1/etc/mesos-master/ip
    /// 127.0.0.1
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/ip
    /// 10.0.1.21
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/hostname
    /// master1
    /// ```
    /// ```text file:hosts/master1/etc/hosts
    /// 127.0.0.1 localhost
    /// 127.0.1.1 master1
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/ip
    /// 10.0.0.11
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/ip
    /// 10.0.1.21
    /// ```
    ///
    /// ## How to fix
    /// Write the host's routable address to `ip` (`etc/mesos-master/ip`,
    /// `etc/mesos-slave/ip`, or `IP=` in `etc/default/mesos-master`), or map the host name to
    /// that address in `/etc/hosts`.
    ///
    /// ## References
    /// - libprocess `process.cpp` (address selection); Mesos `src/master/master.cpp` and
    ///   `src/slave/slave.cpp` ("bound to loopback interface").
    /// - d2iq-archive/playa-mesos#32, d2iq-archive/mesos-deb-packaging PR #4,
    ///   mesosphere-backup/open-docs#217, Capgemini/Apollo PR #470.
    pub struct AddressNotPinned {
        code: "MM010",
        name: "address-not-pinned",
        severity: Error,
        summary: "A master or agent of a multi-host cluster may advertise a loopback address",
    }
}

/// Does the daemon belong to a cluster of several hosts, as far as the tree shows?
fn multi_host(cluster: &Cluster, d: &MesosDaemon, flag: &str) -> bool {
    // Containers of one compose file on the machine's network reach each other on loopback;
    // a declared set of several masters still says the cluster is bigger than the file.
    if cluster.on_one_machine() && cluster.masters_declared.is_none_or(|n| n <= 1) {
        return false;
    }
    if cluster.hosts.len() > 1 || cluster.masters_declared.is_some_and(|n| n > 1) {
        return true;
    }
    d.flags
        .get(flag)
        .and_then(zk_url_of)
        .is_some_and(|url| url.hosts.len() > 1 || url.hosts.iter().any(|h| !is_loopback(&h.host)))
}

fn anchor(files: &FileSet, host: &Host, role: Option<&RoleEvidence>) -> Option<Span> {
    role.and_then(|r| r.span)
        .or_else(|| host.files.first().map(|f| Span::file_start(f.id)))
        .map(|s| widen(files, s))
}

impl Rule for AddressNotPinned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for host in &cx.cluster.hosts {
            let daemons = [
                (
                    host.master.as_deref(),
                    host.master_role.as_ref(),
                    "mesos-master",
                    "zk",
                ),
                (
                    host.agent.as_ref(),
                    host.agent_role.as_ref(),
                    "mesos-agent",
                    "master",
                ),
            ];
            for (daemon, role, name, url_flag) in daemons {
                let Some(d) = daemon else { continue };
                if multi_host(cx.cluster, d, url_flag) {
                    self.check_daemon(cx, sink, host, d, role, name);
                }
            }
        }
    }
}

impl AddressNotPinned {
    fn check_daemon(
        &self,
        cx: &Context<'_>,
        sink: &mut Sink,
        host: &Host,
        d: &MesosDaemon,
        role: Option<&RoleEvidence>,
        daemon: &str,
    ) {
        let hname = host_name(host);
        // 1. A loopback value written in the tree.
        let mut loopback = false;
        for flag in ["ip", "advertise_ip", "hostname"] {
            let Some(def) = d.flags.get(flag) else {
                continue;
            };
            let Some(value) = def.known_value() else {
                continue;
            };
            if !is_loopback(value) {
                continue;
            }
            let Some(span) = def.span() else { continue };
            loopback = true;
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "{daemon} on {hname} has {flag} `{}`, a loopback address other hosts cannot reach",
                        value.trim()
                    ),
                )
                .primary(span, "loopback address")
                .help(format!("set {flag} to {hname}'s routable address")),
            );
        }
        if loopback {
            return;
        }
        let pinned = ["ip", "advertise_ip", "ip_discovery_command"]
            .iter()
            .any(|f| d.flags.is_set(f));
        if pinned {
            return;
        }
        // 2. etc/hosts maps the host's own name to loopback.
        let own = host
            .hostname
            .as_ref()
            .map(|(n, s)| (n.clone(), Some(*s)))
            .or_else(|| {
                (!host.name.is_empty() && host.name != ".").then(|| (host.name.clone(), None))
            });
        let mut evidence = false;
        if let (Some((own_name, own_span)), Some((hosts_file, hosts))) = (&own, &host.etc_hosts) {
            if let Some(entry) = hosts.addresses_of(own_name).first() {
                evidence = true;
                if entry.is_loopback() {
                    let mut diag = Diagnostic::new(
                        &Self::META,
                        format!(
                            "{daemon} on {hname} has no ip and etc/hosts maps its name {own_name} to {}: it advertises a loopback address other hosts cannot reach",
                            entry.address()
                        ),
                    )
                    .severity(Severity::Warning)
                    .primary(
                        Span::new(*hosts_file, entry.address_span()),
                        format!("{own_name} resolves to {}", entry.address()),
                    );
                    match own_span {
                        Some(s) => diag = diag.secondary(*s, "the host's name"),
                        None => {
                            diag = diag.note(format!(
                                "the host's name is assumed to be its directory name, {own_name}: etc/hostname is not in the tree"
                            ))
                        }
                    }
                    if let Some(s) = anchor(cx.files, host, role) {
                        diag = diag.secondary(s, format!("{daemon} runs on this host"));
                    }
                    sink.report(diag.help(format!(
                        "write {hname}'s routable address to the {daemon} ip flag, or map {own_name} to that address in etc/hosts"
                    )));
                    return;
                }
            }
        }
        // 3. No evidence either way, in a tree of several hosts. A container on a Docker
        // network is not such a case: Docker writes its name into the container's /etc/hosts
        // with its address on that network, which the other containers reach.
        let docker_network = host.container.as_deref().is_some_and(|c| !c.network_host);
        if evidence || docker_network || d.flags.is_set("hostname") || cx.cluster.hosts.len() < 2 {
            return;
        }
        let Some(span) = anchor(cx.files, host, role) else {
            return;
        };
        sink.report(
            Diagnostic::new(
                &Self::META,
                format!(
                    "{daemon} on {hname} sets neither ip nor hostname: it advertises whatever the host name resolves to, which the tree does not show"
                ),
            )
            .severity(Severity::Info)
            .primary(span, format!("{daemon} runs on this host"))
            .help(format!("set ip to {hname}'s routable address")),
        );
    }
}
