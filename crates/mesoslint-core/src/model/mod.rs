//! The cluster model: hosts, their roles, and for every daemon the effective configuration it
//! would start with, every value remembering where it came from.

pub mod apps;
mod apps_yaml;
pub mod compose;
pub mod container;
mod container_zk;
pub mod discover;
pub mod docker_run;
pub mod evidence;
pub mod flags;
pub mod marathon;
pub mod mesos;
pub mod reading;
pub mod script_files;
mod units;
pub mod unread;
mod unread_scripts;
pub mod versions;
pub mod zk_start;
pub mod zookeeper;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Config, HostDecl, Packaging, Role, Targets, Version};
use crate::files::{FileId, FileSet, Span};
use crate::parse::env_file::{parse_env_file, EnvFile};
use crate::parse::etc_hosts::{is_loopback, parse_etc_hosts, parse_hostname, EtcHosts};
use crate::parse::fstab::{parse_fstab, Fstab};
use crate::parse::unit_file::{
    override_disables, parse_systemd_unit, parse_upstart_job, CommandLine, UnitFile,
};
use crate::parse::zk_url::{parse_master_value, MasterValue, ZkUrl};

pub use discover::{FileKind, HostFile};
pub use flags::{FlagDef, FlagSet, Source, SourceKind};
pub use marathon::Marathon;
pub use mesos::{Daemon, DirEntry, MesosDaemon};
use reading::read_files;
pub use zookeeper::{MyIdFile, MyIdLocation, ServerEntry, ZkServer};

/// What the Mesosphere package writes to `etc/mesos/zk`.
pub const DEFAULT_ZK_URL: &str = "zk://localhost:2181/mesos";

/// Flag files the package ships (Mesos >= 0.19).
pub const PACKAGE_DEFAULT_FLAG_FILES: &[(&str, &str)] = &[
    ("etc/mesos-master/quorum", "1"),
    ("etc/mesos-master/work_dir", "/var/lib/mesos"),
    ("etc/mesos-slave/work_dir", "/var/lib/mesos"),
];

/// Other files the package ships, with their content.
pub const PACKAGE_DEFAULT_FILES: &[(&str, &str)] = &[("etc/mesos/zk", DEFAULT_ZK_URL)];

/// Variables of the packaged env files: (file, variable, value).
pub const PACKAGE_DEFAULT_ENV: &[(&str, &str, &str)] = &[
    ("etc/default/mesos", "LOGS", "/var/log/mesos"),
    ("etc/default/mesos", "ULIMIT", "-n 8192"),
    ("etc/default/mesos-master", "PORT", "5050"),
    ("etc/default/mesos-master", "ZK", "`cat /etc/mesos/zk`"),
    ("etc/default/mesos-slave", "MASTER", "`cat /etc/mesos/zk`"),
];

/// A parsed env file of a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFileModel {
    pub file: FileId,
    /// `mesos`, `mesos-master`, `mesos-slave`, `mesos-agent`, `marathon`, `zookeeper`; for a
    /// source install's env script, its daemon (`mesos-master`, `mesos-agent`, `mesos-slave`).
    pub name: String,
    pub sysconfig: bool,
    /// A source install's `*-env.sh`.
    pub source_env: bool,
    /// The parse, without its `comments` (nothing reads them from the model).
    pub parsed: EnvFile,
}

/// A parsed systemd unit or upstart job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitModel {
    pub file: FileId,
    /// The service name (`mesos-master`, `zookeeper`, ...).
    pub service: Cow<'static, str>,
    /// The parse, without its `comments` (nothing reads them from the model).
    pub parsed: UnitFile,
    /// The Mesos daemon the unit starts, if any.
    pub runs: Option<Daemon>,
    pub runs_marathon: bool,
    pub runs_zookeeper: bool,
    /// Started through `mesos-init-wrapper` (flags then come from the files).
    pub via_wrapper: bool,
    /// The wrapper's mode argument: `master`, `slave` or `agent`.
    pub wrapper_mode: Option<String>,
    /// The files its `EnvironmentFile=` names that are in the tree and are no package env
    /// file (those are the host's `env_files`), parsed, in order.
    pub own_env_files: Vec<EnvFileModel>,
}

/// Why a host has a role, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleEvidence {
    pub reason: Cow<'static, str>,
    /// Inferred rather than shown by role-specific config: messages say so.
    pub inferred: bool,
    pub span: Option<Span>,
}

/// A service switched off by an override file or, for systemd, shown enabled by a wants link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceOverride {
    pub service: Cow<'static, str>,
    pub file: FileId,
    pub disabled: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Cluster {
    pub hosts: Vec<Host>,
    /// The release of each daemon the version-dependent checks assume, and why
    /// (`versions::Versions::resolve`: flag > mesoslint.toml > pinned by the tree > latest).
    pub versions: versions::Versions,
    /// The versions given or pinned (`versions.explicit()`): `None` where only the latest
    /// release is assumed.
    pub targets: Targets,
    /// `[cluster] masters` from the config.
    pub masters_declared: Option<u32>,
    /// Container description files (compose) that could not be read, with where and why:
    /// reported by the IN rules, and the rest of the tree is still linted.
    pub container_errors: Vec<(FileId, crate::parse::SyntaxError)>,
    /// Marathon apps, groups and pods and Chronos jobs found in the tree (by content).
    pub apps: apps::Apps,
    /// Files that configure a daemon in a format the model does not read (see `unread.rs`).
    pub unread: Vec<unread::UnreadFile>,
    /// (hash of a name, host index) for every name of every host, sorted: lookups check the
    /// candidates against the host's own names, so no name text is copied here.
    name_index: Vec<(u64, u32)>,
}

#[derive(Clone, Debug)]
pub struct Host {
    pub name: String,
    pub root: String,
    pub files: Vec<HostFile>,
    /// Boxed: most hosts of a large tree have no declaration.
    pub declared: Option<Box<HostDecl>>,
    /// Package defaults apply to this host.
    pub package: bool,
    /// A source install (`*-env.sh`).
    pub source_install: bool,
    pub env_files: Vec<EnvFileModel>,
    pub units: Vec<UnitModel>,
    pub overrides: Vec<ServiceOverride>,
    /// Boxed, like the ZooKeeper and Marathon models: few hosts of a large tree run them, and
    /// every host pays for the inline size.
    pub master: Option<Box<MesosDaemon>>,
    pub master_role: Option<RoleEvidence>,
    pub agent: Option<MesosDaemon>,
    pub agent_role: Option<RoleEvidence>,
    pub zookeeper: Option<Box<ZkServer>>,
    pub marathon: Option<Box<Marathon>>,
    /// Both parses without their `comments` (nothing reads them from the model).
    pub fstab: Option<(FileId, Fstab)>,
    pub etc_hosts: Option<(FileId, EtcHosts)>,
    pub hostname: Option<(String, Span)>,
    /// The container this host is (a compose service, a `docker run`), boxed: few hosts are.
    pub container: Option<Box<container::Container>>,
    /// A ZooKeeper container whose configuration could not be read: message and place.
    pub zookeeper_unread: Option<(String, Span)>,
    /// See [`Host::names`]; computed once when the model is built.
    name_set: NameSet,
}

/// A host's names, sorted and deduplicated, packed in one string (two allocations per host).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameSet {
    text: Box<str>,
    /// End offset in `text` of each name.
    ends: Box<[u32]>,
}

impl NameSet {
    fn from_sorted(names: &BTreeSet<String>) -> NameSet {
        let mut text = String::with_capacity(names.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(names.len());
        for n in names {
            text.push_str(n);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        NameSet {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The names in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len()).map(move |i| self.get(i))
    }

    pub fn contains(&self, name: &str) -> bool {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(name) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        false
    }
}

/// A fixed hash of a name for [`Cluster`]'s index (same value on every run).
fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(name)
}

/// A borrowed view of a host's files, for the builders.
pub(crate) struct HostView<'a> {
    pub files_set: &'a FileSet,
    pub files: &'a [HostFile],
    pub package: bool,
}

impl<'a> HostView<'a> {
    pub fn find(&self, rel: &str) -> Option<&'a HostFile> {
        self.files.iter().find(|f| f.rel == rel)
    }
    pub fn text(&self, id: FileId) -> &'a str {
        self.files_set.get(id).text()
    }
    /// The file's text is what the daemon would read: it was read (no input problem) and is not
    /// binary. Unreadable or binary files are reported by the IN rules and not parsed further.
    pub fn parsable(&self, id: FileId) -> bool {
        is_parsable(self.files_set, id)
    }
    pub fn has_dir(&self, dir: &str) -> bool {
        !dir.is_empty()
            && self
                .files
                .iter()
                .any(|f| f.rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
    }
}

pub(crate) fn is_parsable(files: &FileSet, id: FileId) -> bool {
    let f = files.get(id);
    f.problem().is_none() && !f.is_binary()
}

/// Does this command line start the daemon binary?
pub(crate) fn command_runs(cmd: &CommandLine, daemon: Daemon) -> bool {
    let Some(prog) = cmd.words.first() else {
        return false;
    };
    let base = prog.text.rsplit('/').next().unwrap_or(&prog.text);
    match daemon {
        Daemon::Master => base == "mesos-master",
        Daemon::Agent => base == "mesos-slave" || base == "mesos-agent",
    }
}

fn analyse_unit(file: FileId, service: Cow<'static, str>, parsed: UnitFile) -> UnitModel {
    let mut runs = None;
    let mut runs_marathon = false;
    let mut runs_zookeeper = false;
    let mut via_wrapper = false;
    let mut wrapper_mode = None;
    for cmd in &parsed.commands {
        if !matches!(cmd.directive.as_str(), "ExecStart" | "exec" | "script") {
            continue;
        }
        let Some(prog) = cmd.words.first() else {
            continue;
        };
        let base = prog
            .text
            .rsplit('/')
            .next()
            .unwrap_or(&prog.text)
            .to_string();
        match base.as_str() {
            "mesos-master" => runs = Some(Daemon::Master),
            "mesos-slave" | "mesos-agent" => runs = Some(Daemon::Agent),
            "mesos-init-wrapper" => {
                via_wrapper = true;
                let mode = cmd.words.get(1).map(|w| w.text.clone());
                runs = match mode.as_deref() {
                    Some("master") => Some(Daemon::Master),
                    Some("slave" | "agent") => Some(Daemon::Agent),
                    _ => None,
                };
                wrapper_mode = mode;
            }
            b if b == "marathon" || b.ends_with("marathon-framework") => runs_marathon = true,
            b if b.starts_with("zkServer") || b == "zookeeper" => runs_zookeeper = true,
            "java" if cmd.words.iter().any(|w| w.text.contains("QuorumPeerMain")) => {
                runs_zookeeper = true
            }
            _ => {}
        }
    }
    UnitModel {
        file,
        service,
        parsed,
        runs,
        runs_marathon,
        runs_zookeeper,
        via_wrapper,
        wrapper_mode,
        own_env_files: Vec::new(),
    }
}

impl Host {
    pub fn has_role(&self, role: Role) -> bool {
        match role {
            Role::Master => self.master.is_some(),
            Role::Agent => self.agent.is_some(),
            Role::Zookeeper => self.zookeeper.is_some(),
            Role::Marathon => self.marathon.is_some(),
        }
    }

    pub fn roles(&self) -> Vec<Role> {
        [Role::Master, Role::Agent, Role::Zookeeper, Role::Marathon]
            .into_iter()
            .filter(|r| self.has_role(*r))
            .collect()
    }

    /// The machine this host shares with others: a container on the machine's own network
    /// (`network_mode: host`, `--net=host`) runs on the machine of its compose file or script,
    /// with the other such containers of that file. `None` for a host of its own.
    pub fn shared_machine(&self) -> Option<FileId> {
        self.container
            .as_deref()
            .filter(|c| c.network_host)
            .map(|c| c.file)
    }

    pub fn file(&self, rel: &str) -> Option<&HostFile> {
        self.files.iter().find(|f| f.rel == rel)
    }

    /// Is the service switched off by an override (`manual`)?
    pub fn disabled(&self, service: &str) -> Option<&ServiceOverride> {
        self.overrides
            .iter()
            .find(|o| o.disabled && o.service == service)
    }

    /// `etc/mesos/zk` of this host: file and value span (trailing whitespace trimmed).
    pub fn mesos_zk_file(&self, files: &FileSet) -> Option<(FileId, Span, String)> {
        let (id, span, value) = self.mesos_zk_text(files)?;
        Some((id, span, value.to_string()))
    }

    /// [`Host::mesos_zk_file`] with the value borrowed from the file set.
    pub fn mesos_zk_text<'f>(&self, files: &'f FileSet) -> Option<(FileId, Span, &'f str)> {
        let f = self.file("etc/mesos/zk")?;
        let text = files.get(f.id).text();
        let end = text.trim_end().len();
        Some((f.id, Span::new(f.id, 0..end), text.get(..end).unwrap_or("")))
    }

    /// Names and addresses by which other hosts may refer to this host, lower-cased:
    /// its directory name, declared address, `etc/hostname`, Mesos `ip`/`hostname`/
    /// `advertise_ip`, Marathon `hostname`, and what `etc/hosts` maps those names to.
    pub fn names(&self) -> &NameSet {
        &self.name_set
    }

    fn compute_names(&self) -> NameSet {
        let mut names = BTreeSet::new();
        let mut add = |n: &str| {
            let n = n.trim().trim_end_matches('.').to_ascii_lowercase();
            if !n.is_empty() && n != "." {
                names.insert(n);
            }
        };
        add(&self.name);
        if let Some(last) = self.root.rsplit('/').next() {
            add(last);
        }
        if let Some(d) = &self.declared {
            if let Some(a) = &d.address {
                add(a);
            }
        }
        if let Some(c) = &self.container {
            add(&c.name.text);
            if let Some(n) = &c.container_name {
                add(&n.text);
            }
        }
        if let Some((h, _)) = &self.hostname {
            add(h);
            if let Some(short) = h.split('.').next() {
                add(short);
            }
        }
        for d in [self.master.as_deref(), self.agent.as_ref()]
            .into_iter()
            .flatten()
        {
            for flag in ["ip", "hostname", "advertise_ip"] {
                if let Some(v) = d.flags.value(flag) {
                    add(v);
                }
            }
        }
        if let Some(m) = &self.marathon {
            if let Some(v) = m.flags.value("hostname") {
                add(v);
            }
        }
        if let Some((_, hosts)) = &self.etc_hosts {
            // entries naming the host by a name known before etc/hosts is read (the names
            // are lower-case already)
            let matching: Vec<_> = hosts
                .entries
                .iter()
                .filter(|e| {
                    e.names()
                        .any(|(n, _)| names.iter().any(|k| k.eq_ignore_ascii_case(n)))
                        && !is_loopback(e.address())
                })
                .collect();
            for e in matching {
                names.insert(e.address().to_ascii_lowercase());
                for (n, _) in e.names() {
                    names.insert(n.to_ascii_lowercase());
                }
            }
        }
        NameSet::from_sorted(&names)
    }

    /// Does `name` (a URL or server-line host) refer to this host?
    pub fn is_named(&self, name: &str) -> bool {
        #[cfg(test)]
        count_name_lookup();
        let n = name.trim().trim_end_matches('.').to_ascii_lowercase();
        let names = self.names();
        names.contains(&n)
            || n.split('.')
                .next()
                .is_some_and(|short| names.contains(short))
    }
}

/// How many masters the cluster has, and how that is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MastersCount {
    /// `[cluster] masters` in the config.
    Declared(u32),
    /// Counted among the hosts of the tree.
    Tree(Vec<String>),
    /// Assumed from the hosts of a ZooKeeper URL (one-host trees): a labelled assumption.
    AssumedFromUrl { count: u32, span: Option<Span> },
}

impl MastersCount {
    pub fn count(&self) -> u32 {
        match self {
            MastersCount::Declared(n) => *n,
            MastersCount::Tree(h) => h.len() as u32,
            MastersCount::AssumedFromUrl { count, .. } => *count,
        }
    }

    /// For messages: "3 masters: master1, master2, master3", "3 masters (mesoslint.toml)", ...
    pub fn describe(&self) -> String {
        let n = self.count();
        let noun = if n == 1 { "master" } else { "masters" };
        match self {
            MastersCount::Declared(_) => format!("{n} {noun} (declared in mesoslint.toml)"),
            MastersCount::Tree(hosts) => format!("{n} {noun}: {}", hosts.join(", ")),
            MastersCount::AssumedFromUrl { .. } => format!(
                "{n} {noun} (assumed from the hosts of the ZooKeeper URL; declare `[cluster] masters` to be sure)"
            ),
        }
    }
}

/// The versions the tree pins: its containers' image tags, then the install paths and package
/// pins of its units, scripts and env files.
fn tree_pins<'a>(
    files: &FileSet,
    containers: impl Iterator<Item = &'a container::Container>,
) -> versions::Pins {
    let mut pins = versions::Pins::default();
    container::note_pins(files, containers, &mut pins);
    pins.scan_files(files);
    pins
}

impl Cluster {
    /// Do all the tree's hosts run on one machine (containers of one compose file or script,
    /// all on the machine's own network)? Then a loopback address reaches every daemon.
    pub fn on_one_machine(&self) -> bool {
        let mut machines = self.hosts.iter().map(Host::shared_machine);
        match machines.next() {
            Some(Some(first)) => machines.all(|m| m == Some(first)),
            _ => false,
        }
    }

    pub fn build(files: &FileSet, config: &Config) -> Cluster {
        let declared_roots: BTreeMap<String, String> = config
            .hosts
            .iter()
            .filter_map(|(name, h)| h.root.clone().map(|r| (name.clone(), r)))
            .collect();
        let found = compose::containers(files);
        let runs = docker_run::containers(files);
        let pins = tree_pins(files, found.containers.iter().chain(runs.containers.iter()));
        let versions = versions::Versions::resolve(config, &pins);
        let targets = versions.explicit();
        let discovered = discover::discover(files, &declared_roots);
        let discovered = script_files::script_hosts(files, discovered);
        // Hosts are parsed independently: on every core with the `parallel` feature.
        let mut hosts: Vec<Host> = crate::par::map(discovered, |d| {
            let mut h = build_host(files, config, &versions, d);
            h.name_set = h.compute_names();
            h
        });
        let compose_hosts = found.containers.len();
        hosts.extend(found.containers.into_iter().map(|c| {
            let mut h = container_host(files, config, c);
            h.name_set = h.compute_names();
            h
        }));
        let tree_hosts = hosts.len() - compose_hosts;
        let run_hosts = docker_run::hosts(
            files,
            config,
            runs.containers,
            hosts.get_mut(..tree_hosts).unwrap_or(&mut []),
        );
        hosts.extend(run_hosts.into_iter().map(|mut h| {
            h.name_set = h.compute_names();
            h
        }));
        let mut container_errors = found.errors;
        container_errors.extend(runs.errors);
        let mut name_index: Vec<(u64, u32)> =
            Vec::with_capacity(hosts.iter().map(|h| h.names().len()).sum());
        for (i, h) in hosts.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            name_index.extend(h.names().iter().map(|n| (name_hash(n), i)));
        }
        crate::sort::sort(&mut name_index);
        name_index.dedup();
        let apps = apps::find(files, &config.apps, &config.place);
        let mut read = read_files(files, &hosts);
        // app and job definitions are read too, even those that failed to parse (IN009)
        read.extend(apps.defs.iter().map(|d| d.file));
        read.extend(apps.errors.iter().map(|(f, _)| *f));
        read.extend(apps.not_definitions.iter().map(|n| n.file));
        let placed: crate::FastSet<FileId> = hosts
            .iter()
            .flat_map(|h| h.files.iter().map(|f| f.id))
            .collect();
        let unread = unread::unread_files(files, &read, &placed);
        Cluster {
            hosts,
            versions,
            targets,
            masters_declared: config.cluster.masters,
            container_errors,
            apps,
            unread,
            name_index,
        }
    }

    pub fn masters(&self) -> impl Iterator<Item = &Host> {
        self.hosts.iter().filter(|h| h.master.is_some())
    }

    pub fn agents(&self) -> impl Iterator<Item = &Host> {
        self.hosts.iter().filter(|h| h.agent.is_some())
    }

    pub fn zookeepers(&self) -> impl Iterator<Item = &Host> {
        self.hosts.iter().filter(|h| h.zookeeper.is_some())
    }

    /// Every ZooKeeper server of the tree, with its host.
    pub fn zk_servers(&self) -> impl Iterator<Item = (&Host, &ZkServer)> {
        self.hosts
            .iter()
            .filter_map(|h| h.zookeeper.as_deref().map(|zk| (h, zk)))
    }

    pub fn marathons(&self) -> impl Iterator<Item = &Host> {
        self.hosts.iter().filter(|h| h.marathon.is_some())
    }

    /// Every Marathon of the tree, with its host.
    pub fn marathon_servers(&self) -> impl Iterator<Item = (&Host, &Marathon)> {
        self.hosts
            .iter()
            .filter_map(|h| h.marathon.as_deref().map(|m| (h, m)))
    }

    /// The number of masters, when it can be known: declared, counted in a multi-host tree, or
    /// (one-host trees) assumed from the master's ZooKeeper URL host list.
    pub fn masters_count(&self) -> Option<MastersCount> {
        if let Some(n) = self.masters_declared {
            return Some(MastersCount::Declared(n));
        }
        let masters: Vec<String> = self.masters().map(|h| h.name.clone()).collect();
        if self.hosts.len() > 1 {
            if masters.is_empty() {
                return None;
            }
            return Some(MastersCount::Tree(masters));
        }
        let host = self.hosts.first()?;
        let master = host.master.as_ref()?;
        let zk = master.flags.get("zk")?;
        let url = zk_url_of(zk)?;
        let count = url.host_set().len() as u32;
        if count <= 1 {
            return Some(MastersCount::Tree(masters));
        }
        Some(MastersCount::AssumedFromUrl {
            count,
            span: zk.span(),
        })
    }

    /// The host whose names include `name`.
    pub fn host_named(&self, name: &str) -> Option<&Host> {
        self.hosts_named(name).next()
    }

    /// Every host that `name` refers to (several when a tree reuses a name).
    pub fn hosts_named<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Host> + 'a {
        let mut key = name.trim().trim_end_matches('.').to_ascii_lowercase();
        key.truncate(self.key_len(&key));
        self.indices_for(key).filter_map(|i| self.hosts.get(i))
    }

    /// [`Cluster::host_named`] for a name already trimmed and lower-cased (no allocation).
    pub(crate) fn host_named_normalized(&self, n: &str) -> Option<&Host> {
        let key = n.get(..self.key_len(n)).unwrap_or("");
        self.indices_named(key)
            .next()
            .and_then(|i| self.hosts.get(i))
    }

    /// How much of a trimmed, lower-cased name to look hosts up by: all of it when a host bears
    /// it, else its first label.
    fn key_len(&self, n: &str) -> usize {
        if self.indices_named(n).next().is_some() {
            n.len()
        } else {
            n.find('.').unwrap_or(n.len())
        }
    }

    /// Indices of the hosts bearing exactly `name` (lower-cased, no final dot), in host order.
    pub(crate) fn indices_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.indices_for(name)
    }

    /// [`Cluster::indices_named`] for a name the iterator keeps (borrowed or owned).
    fn indices_for<'a, K: AsRef<str> + 'a>(&'a self, name: K) -> impl Iterator<Item = usize> + 'a {
        #[cfg(test)]
        count_name_lookup();
        let hash = name_hash(name.as_ref());
        let start = self.name_index.partition_point(|&(h, _)| h < hash);
        self.name_index
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .filter(move |&i| {
                self.hosts
                    .get(i)
                    .is_some_and(|h| h.names().contains(name.as_ref()))
            })
    }

    /// Is the given or pinned Marathon release `v` or later? `None`: nothing says, only the
    /// latest release is assumed (`versions.marathon` has the assumption and its reason).
    pub fn marathon_at_least(&self, v: Version) -> Option<bool> {
        let a = &self.versions.marathon;
        a.explicit().then(|| a.at_least(v))
    }

    /// As [`Cluster::marathon_at_least`], for Mesos.
    pub fn mesos_at_least(&self, v: Version) -> Option<bool> {
        let a = &self.versions.mesos;
        a.explicit().then(|| a.at_least(v))
    }

    /// A summary of the cluster for display.
    pub fn summary(&self) -> ClusterSummary {
        let masters = self.masters_count();
        // Each quorum value with the masters that set it, so a disagreement shows who holds
        // which; masters that set none are grouped under `None`.
        let mut by_quorum: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        for h in self.masters() {
            let q = h
                .master
                .as_ref()
                .and_then(|m| m.flags.value("quorum"))
                .map(str::to_string);
            by_quorum.entry(q).or_default().push(h.name.clone());
        }
        let quorum: BTreeSet<String> = by_quorum.keys().flatten().cloned().collect();
        let n_masters = masters.as_ref().map(|m| m.count() as usize).unwrap_or(0);
        let master_failures_tolerated = match (n_masters, quorum.iter().next()) {
            (n, Some(q)) if quorum.len() == 1 && n > 0 => q
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|q| *q <= n && *q > n / 2)
                .map(|q| n - q),
            _ => None,
        };
        // `server.N` members by id (the first host seen for an id), voters and observers apart.
        let members = |keep: fn(&ServerEntry) -> bool| {
            let mut out = BTreeMap::new();
            for zk in self.zookeepers().filter_map(|h| h.zookeeper.as_ref()) {
                for s in zk.effective_servers().filter(|s| keep(s)) {
                    if let (Ok(id), Some(host)) = (&s.id, s.host()) {
                        out.entry(*id).or_insert_with(|| host.to_string());
                    }
                }
            }
            out
        };
        let voters = members(ServerEntry::is_participant);
        let observers = members(ServerEntry::is_observer);
        let n_voters = voters.len();
        ClusterSummary {
            hosts: self
                .hosts
                .iter()
                .map(|h| HostSummary {
                    name: h.name.clone(),
                    root: if h.root.is_empty() {
                        ".".into()
                    } else {
                        h.root.clone()
                    },
                    roles: h.roles().iter().map(|r| r.as_str().to_string()).collect(),
                    address: h
                        .declared
                        .as_ref()
                        .and_then(|d| d.address.clone())
                        .or_else(|| {
                            [h.master.as_deref(), h.agent.as_ref()]
                                .into_iter()
                                .flatten()
                                .find_map(|d| d.flags.value("ip").map(str::to_string))
                        })
                        .or_else(|| h.hostname.as_ref().map(|(n, _)| n.clone())),
                    daemons: Vec::new(),
                })
                .collect(),
            masters: n_masters,
            masters_source: match &masters {
                Some(MastersCount::Declared(_)) => "mesoslint.toml".into(),
                Some(MastersCount::Tree(_)) => "tree".into(),
                Some(MastersCount::AssumedFromUrl { .. }) => {
                    "assumed from the ZooKeeper URL".into()
                }
                None => "unknown".into(),
            },
            quorum: quorum.into_iter().collect(),
            master_failures_tolerated,
            master_quorums: by_quorum
                .into_iter()
                .map(|(quorum, masters)| QuorumGroup { quorum, masters })
                .collect(),
            zookeeper_voters: voters.iter().map(|(id, h)| format!("{id}={h}")).collect(),
            zookeeper_observers: observers
                .iter()
                .map(|(id, h)| format!("{id}={h}"))
                .collect(),
            zookeeper_failures_tolerated: if n_voters > 0 {
                Some((n_voters - 1) / 2)
            } else {
                None
            },
        }
    }
}

/// Parse a flag's value as a ZooKeeper URL (`zk://...`), if it is one.
pub fn zk_url_of(def: &FlagDef) -> Option<ZkUrl> {
    match parse_master_value(def.known_value()?, true) {
        Ok(MasterValue::Zk(url)) => Some(url),
        _ => None,
    }
}

fn service_of(name: &str) -> Cow<'static, str> {
    match name {
        "mesos-slave" | "mesos-agent" => Cow::Borrowed("mesos-agent"),
        "zookeeper-server" | "zookeeperd" | "zookeeper" => Cow::Borrowed("zookeeper"),
        "mesos-master" => Cow::Borrowed("mesos-master"),
        "marathon" => Cow::Borrowed("marathon"),
        other => Cow::Owned(other.to_string()),
    }
}

// The model drops the parsers' comment lists: no rule reads them (the suppression pass reads
// comments from the files itself), and the model lives for the whole run.
fn no_env_comments(parsed: EnvFile) -> EnvFile {
    EnvFile {
        comments: Vec::new(),
        ..parsed
    }
}

fn no_unit_comments(parsed: UnitFile) -> UnitFile {
    UnitFile {
        comments: Vec::new(),
        ..parsed
    }
}

fn build_host(
    files: &FileSet,
    config: &Config,
    versions: &versions::Versions,
    mut d: discover::DiscoveredHost,
) -> Host {
    let declared = config.hosts.get(&d.name).cloned().map(Box::new);
    let source_install = d
        .files
        .iter()
        .any(|f| matches!(f.kind, FileKind::SourceEnv { .. }));
    let package_layout = d.files.iter().any(|f| {
        matches!(
            &f.kind,
            FileKind::MesosZk
                | FileKind::MesosOther(_)
                | FileKind::MasterFlag(_)
                | FileKind::AgentFlag { .. }
                | FileKind::AgentAttribute { .. }
                | FileKind::AgentResource { .. }
        ) || matches!(&f.kind, FileKind::EnvDefaults { name, .. } if name.starts_with("mesos"))
    });
    let package = match config.packaging {
        Packaging::Package => true,
        Packaging::None => false,
        Packaging::Auto => package_layout && !source_install,
    };
    let view = HostView {
        files_set: files,
        files: &d.files,
        package,
    };

    let mut env_files = Vec::new();
    let mut units = Vec::new();
    let mut overrides = Vec::new();
    let mut fstab = None;
    let mut etc_hosts = None;
    let mut hostname = None;
    for f in &d.files {
        if !is_parsable(files, f.id) {
            continue;
        }
        let text = files.get(f.id).text();
        match &f.kind {
            FileKind::EnvDefaults { name, sysconfig } => env_files.push(EnvFileModel {
                file: f.id,
                name: name.clone(),
                sysconfig: *sysconfig,
                source_env: false,
                parsed: no_env_comments(parse_env_file(text)),
            }),
            FileKind::SourceEnv { daemon } => env_files.push(EnvFileModel {
                file: f.id,
                name: daemon.clone(),
                sysconfig: false,
                source_env: true,
                parsed: no_env_comments(parse_env_file(text)),
            }),
            FileKind::SystemdUnit(name) => units.push(analyse_unit(
                f.id,
                service_of(name),
                no_unit_comments(parse_systemd_unit(text)),
            )),
            FileKind::UpstartJob(name) => units.push(analyse_unit(
                f.id,
                service_of(name),
                no_unit_comments(parse_upstart_job(text)),
            )),
            FileKind::UpstartOverride(name) => overrides.push(ServiceOverride {
                service: service_of(name),
                file: f.id,
                disabled: override_disables(text),
            }),
            FileKind::SystemdWants(name) => overrides.push(ServiceOverride {
                service: service_of(name),
                file: f.id,
                disabled: false,
            }),
            FileKind::Fstab => {
                fstab = Some((
                    f.id,
                    Fstab {
                        comments: Vec::new(),
                        ..parse_fstab(text)
                    },
                ))
            }
            FileKind::EtcHosts => {
                etc_hosts = Some((
                    f.id,
                    EtcHosts {
                        comments: Vec::new(),
                        ..parse_etc_hosts(text)
                    },
                ))
            }
            FileKind::Hostname => {
                hostname = parse_hostname(text).map(|(h, r)| (h, Span::new(f.id, r)));
            }
            _ => {}
        }
    }
    for u in &mut units {
        u.own_env_files = units::own_env_files(&view, u, &env_files);
    }
    let disabled = |svc: &str| overrides.iter().any(|o| o.disabled && o.service == svc);

    // ZooKeeper reads the config file its start names, and no other.
    let zk_start = zk_start::zookeeper_start(&view, &units);
    let mut zookeeper_unread = None;
    if let Some(cfg) = zk_start.as_ref().and_then(|s| s.cfg.as_ref()) {
        let rel = cfg.path.trim_start_matches('/');
        let found = d
            .files
            .iter()
            .any(|f| f.rel == rel && is_parsable(files, f.id));
        for f in &mut d.files {
            if found && f.rel == rel {
                f.kind = FileKind::ZooCfg;
            } else if f.kind == FileKind::ZooCfg {
                f.kind = FileKind::Other;
            }
        }
        if !found {
            zookeeper_unread = Some((
                format!(
                    "{} with {} ({}), which is not in this tree",
                    zk_start.as_ref().map_or("", |s| s.evidence.reason.as_ref()),
                    cfg.path,
                    cfg.how
                ),
                cfg.span,
            ));
        }
    }
    let view = HostView {
        files_set: files,
        files: &d.files,
        package,
    };

    // ZooKeeper and Marathon first: the co-located master inference needs them.
    let zookeeper = if disabled("zookeeper") {
        None
    } else {
        zookeeper::build(&view).map(|mut z| {
            z.start = zk_start.clone().map(Box::new);
            z
        })
    };
    // A start whose config file the tree does not hold is said, never passed silently.
    if let (None, None, Some(s)) = (&zookeeper, &zookeeper_unread, &zk_start) {
        if let Some(span) = s.evidence.span.filter(|_| !disabled("zookeeper")) {
            zookeeper_unread = Some((
                format!(
                    "{}, but the zoo.cfg it reads is not in this tree",
                    s.evidence.reason
                ),
                span,
            ));
        }
    }
    // A Marathon given or pinned (`model::versions`) decides; else the conf dir shows 1.4.
    let marathon_legacy = if versions.marathon.explicit() {
        !versions.marathon.at_least(Version::new(1, 5, 0))
    } else {
        d.files
            .iter()
            .any(|f| matches!(f.kind, FileKind::MarathonConf(_)))
    };
    let marathon = if disabled("marathon") {
        None
    } else {
        marathon::build(&view, &env_files, &units, marathon_legacy)
    };

    // A unit, start script or init script that execs the daemon itself, on a host without
    // the package's flag directory for it: the daemon reads what that start gives it.
    let mut direct_master = units::direct_daemon(&view, &units, Daemon::Master);
    let mut direct_agent = units::direct_daemon(&view, &units, Daemon::Agent);
    let declared_roles = declared.as_ref().and_then(|d| d.roles.clone());
    // The agent first: a host that starts an agent is a master only where something starts
    // the master too (its flag directory or a unit), never from leftovers or inference.
    let agent_role = match &declared_roles {
        Some(roles) => roles.contains(&Role::Agent).then(|| RoleEvidence {
            reason: "declared in mesoslint.toml".into(),
            inferred: false,
            span: None,
        }),
        None if disabled("mesos-agent") => None,
        None => match &direct_agent {
            Some((_, e)) => Some(e.clone()),
            None => agent_evidence(&d.files, &env_files, &units),
        },
    };
    let master_role = match &declared_roles {
        Some(roles) => roles.contains(&Role::Master).then(|| RoleEvidence {
            reason: "declared in mesoslint.toml".into(),
            inferred: false,
            span: None,
        }),
        None if disabled("mesos-master") => None,
        None if direct_master.is_some() => direct_master.as_ref().map(|(_, e)| e.clone()),
        None => master_evidence(
            &d.files,
            &env_files,
            &units,
            zookeeper.is_some() || marathon.is_some(),
            agent_role.is_some(),
        ),
    };
    // A Marathon env file left on an agent that nothing else marks as a Marathon host (no
    // conf dir, no unit) is a leftover: Marathon runs where the masters run.
    let marathon = match marathon {
        Some(m)
            if agent_role.is_some()
                && master_role.is_none()
                && m.conf_files.is_empty()
                && !units.iter().any(|u| u.runs_marathon) =>
        {
            None
        }
        other => other,
    };
    let master = master_role.as_ref().map(|_| {
        Box::new(match direct_master.take() {
            Some((m, _)) => m,
            None => mesos::build(&view, Daemon::Master, &env_files, &units, package),
        })
    });
    let agent = agent_role.as_ref().map(|_| match direct_agent.take() {
        Some((m, _)) => m,
        None => mesos::build(&view, Daemon::Agent, &env_files, &units, package),
    });
    let zookeeper = match &declared_roles {
        Some(roles) if !roles.contains(&Role::Zookeeper) => None,
        _ => zookeeper.map(Box::new),
    };
    let marathon = match &declared_roles {
        Some(roles) if !roles.contains(&Role::Marathon) => None,
        _ => marathon.map(Box::new),
    };

    Host {
        name: d.name,
        root: d.root,
        files: d.files,
        declared,
        package,
        source_install,
        env_files: flags::exact(env_files),
        units: flags::exact(units),
        overrides: flags::exact(overrides),
        master,
        master_role,
        agent,
        agent_role,
        zookeeper,
        marathon,
        fstab,
        etc_hosts,
        hostname,
        container: None,
        zookeeper_unread,
        name_set: NameSet::default(),
    }
}

/// A host made of one container: its daemons as [`container::ContainerDaemons`] maps them.
/// Declared roles in `mesoslint.toml` still choose which of them count.
pub fn container_host(files: &FileSet, config: &Config, c: container::Container) -> Host {
    let name = c.host_name().to_string();
    let declared = config.hosts.get(&name).cloned().map(Box::new);
    let d = container::ContainerDaemons::of(&c);
    let roles = declared.as_ref().and_then(|d| d.roles.clone());
    let keep = |r: Role| roles.as_ref().is_none_or(|rs| rs.contains(&r));
    let (master, master_role) = match d.master.filter(|_| keep(Role::Master)) {
        Some((m, e)) => (Some(Box::new(m)), Some(e)),
        None => (None, None),
    };
    let (agent, agent_role) = match d.agent.filter(|_| keep(Role::Agent)) {
        Some((m, e)) => (Some(m), Some(e)),
        None => (None, None),
    };
    let hostname = c.hostname.as_ref().map(|h| (h.text.clone(), h.span));
    Host {
        root: format!("{}#{}", files.path(c.file), c.name.text),
        name,
        files: Vec::new(),
        declared,
        package: false,
        source_install: false,
        env_files: Vec::new(),
        units: Vec::new(),
        overrides: Vec::new(),
        master,
        master_role,
        agent,
        agent_role,
        zookeeper: d
            .zookeeper
            .filter(|_| keep(Role::Zookeeper))
            .map(|(z, _)| Box::new(z)),
        marathon: d
            .marathon
            .filter(|_| keep(Role::Marathon))
            .map(|(m, _)| Box::new(m)),
        fstab: None,
        etc_hosts: None,
        hostname,
        zookeeper_unread: d.zookeeper_unread,
        container: Some(Box::new(c)),
        name_set: NameSet::default(),
    }
}

fn master_evidence(
    files: &[HostFile],
    env_files: &[EnvFileModel],
    units: &[UnitModel],
    colocated_services: bool,
    agent: bool,
) -> Option<RoleEvidence> {
    if let Some(f) = files
        .iter()
        .find(|f| matches!(f.kind, FileKind::MasterFlag(_)))
    {
        return Some(RoleEvidence {
            reason: "it has an etc/mesos-master/ directory".into(),
            inferred: false,
            span: Some(Span::file_start(f.id)),
        });
    }
    if let Some(u) = units.iter().find(|u| u.runs == Some(Daemon::Master)) {
        return Some(RoleEvidence {
            reason: format!("a unit or init file starts mesos-master ({})", u.service).into(),
            inferred: false,
            span: Some(Span::file_start(u.file)),
        });
    }
    if agent {
        // An agent's leftover master env file or the package's etc/mesos/zk start nothing.
        return None;
    }
    if let Some(e) = env_files
        .iter()
        .find(|e| e.name == "mesos-master" && (e.source_env || !e.parsed.assignments.is_empty()))
    {
        return Some(RoleEvidence {
            reason: if e.source_env {
                "it has a mesos-master-env.sh".into()
            } else {
                "it has settings in etc/default/mesos-master".into()
            },
            inferred: false,
            span: Some(Span::file_start(e.file)),
        });
    }
    if colocated_services {
        if let Some(f) = files.iter().find(|f| f.kind == FileKind::MesosZk) {
            return Some(RoleEvidence {
                reason: "it has the package layout (etc/mesos/zk) and runs ZooKeeper or Marathon, as the master nodes of the guides do".into(),
                inferred: true,
                span: Some(Span::file_start(f.id)),
            });
        }
    }
    None
}

fn agent_evidence(
    files: &[HostFile],
    env_files: &[EnvFileModel],
    units: &[UnitModel],
) -> Option<RoleEvidence> {
    if let Some(f) = files.iter().find(|f| {
        matches!(
            f.kind,
            FileKind::AgentFlag { .. }
                | FileKind::AgentAttribute { .. }
                | FileKind::AgentResource { .. }
        )
    }) {
        return Some(RoleEvidence {
            reason: "it has an agent flag directory".into(),
            inferred: false,
            span: Some(Span::file_start(f.id)),
        });
    }
    if let Some(e) = env_files.iter().find(|e| {
        (e.name == "mesos-slave" || e.name == "mesos-agent")
            && (e.source_env || !e.parsed.assignments.is_empty())
    }) {
        return Some(RoleEvidence {
            reason: format!(
                "it has settings for the agent in {}",
                if e.source_env {
                    "its env script"
                } else {
                    "etc/default"
                }
            )
            .into(),
            inferred: false,
            span: Some(Span::file_start(e.file)),
        });
    }
    if let Some(u) = units.iter().find(|u| u.runs == Some(Daemon::Agent)) {
        return Some(RoleEvidence {
            reason: format!("a unit or init file starts the agent ({})", u.service).into(),
            inferred: false,
            span: Some(Span::file_start(u.file)),
        });
    }
    None
}

/// What `mesoslint hosts` and the web page show about the discovered cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClusterSummary {
    pub hosts: Vec<HostSummary>,
    /// Number of Mesos masters (declared in the config, or counted in the tree).
    pub masters: usize,
    /// Where the masters count comes from: "mesoslint.toml", "tree", or an assumption.
    pub masters_source: String,
    /// The masters' quorum value(s), as configured (several when they disagree).
    pub quorum: Vec<String>,
    /// How many masters may fail while the replicated log keeps a quorum.
    pub master_failures_tolerated: Option<usize>,
    /// The masters of the tree grouped by the quorum they set (`None`: not set), in value order.
    pub master_quorums: Vec<QuorumGroup>,
    /// ZooKeeper voting members (`server.N` participants), as `N=host`.
    pub zookeeper_voters: Vec<String>,
    pub zookeeper_failures_tolerated: Option<usize>,
    /// ZooKeeper observers (`server.N=...:observer`): they serve reads and do not vote, so
    /// they add nothing to the failures tolerated.
    pub zookeeper_observers: Vec<String>,
}

/// Masters that set one quorum value.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct QuorumGroup {
    pub quorum: Option<String>,
    pub masters: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct HostSummary {
    pub name: String,
    pub root: String,
    pub roles: Vec<String>,
    pub address: Option<String>,
    /// Per daemon: what starts it and where each effective setting came from (filled by
    /// [`Cluster::summary_with_sources`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub daemons: Vec<evidence::DaemonSummary>,
}
#[cfg(test)]
mod name_set_tests {
    use super::*;

    fn set(names: &[&str]) -> NameSet {
        NameSet::from_sorted(&names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn names_are_sorted_and_found() {
        let s = set(&["b.example", "a", "10.0.0.1", "a", "ünï.cödé"]);
        assert_eq!(s.len(), 4);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            ["10.0.0.1", "a", "b.example", "ünï.cödé"]
        );
        for n in ["a", "b.example", "10.0.0.1", "ünï.cödé"] {
            assert!(s.contains(n), "{n}");
        }
        for n in ["", "b", "ünï", "10.0.0.10", "c"] {
            assert!(!s.contains(n), "{n}");
        }
    }

    #[test]
    fn empty_set() {
        let s = NameSet::default();
        assert!(s.is_empty());
        assert!(!s.contains(""));
        assert_eq!(s.iter().count(), 0);
        let s = set(&[""]);
        assert!(s.contains(""));
        assert_eq!(s.iter().collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn hash_is_stable_and_names_are_told_apart() {
        assert_eq!(name_hash("master1"), name_hash("master1"));
        assert_ne!(name_hash("master1"), name_hash("master2"));
    }
}

#[cfg(test)]
thread_local! {
    /// Host-name look-ups made on this thread (tests only): a deterministic measure of work
    /// for the linearity tests (`registry::linear`), where a per-host scan of all hosts shows
    /// as look-ups growing with the square of the hosts.
    pub(crate) static NAME_LOOKUPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_name_lookup() {
    NAME_LOOKUPS.with(|c| c.set(c.get() + 1));
}
