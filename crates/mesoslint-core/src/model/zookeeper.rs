//! A ZooKeeper server on one host: its `zoo.cfg`, its `server.N` lines and its `myid`
//! (DOMAIN.md §3).

use crate::files::{FileId, Span};
use crate::parse::myid::{parse_myid, MyId, MyIdError};
use crate::parse::properties::{parse_properties, Properties, Property};
use crate::parse::zoo_cfg::{
    parse_server_id, parse_server_spec, PeerRole, ServerSpec, ServerSpecError,
};

use super::zk_start::{JvmFlag, ZkStart};
use super::{FileKind, HostView};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerEntry {
    /// Index of the property in `ZkServer::props.entries`.
    pub prop: usize,
    pub id: Result<i64, String>,
    /// `server.N` key.
    pub key_span: Span,
    /// The value text after the separator (trailing whitespace included).
    pub value_span: Span,
    pub raw_value: String,
    /// The value parsed (trailing whitespace trimmed first).
    pub spec: Result<ServerSpec, ServerSpecError>,
    /// Spans inside the value are relative to the trimmed value; this maps them to the file.
    pub value_start_span: Span,
}

impl ServerEntry {
    pub fn is_participant(&self) -> bool {
        matches!(&self.spec, Ok(s) if s.role == PeerRole::Participant)
    }

    pub fn is_observer(&self) -> bool {
        matches!(&self.spec, Ok(s) if s.role == PeerRole::Observer)
    }

    pub fn host(&self) -> Option<&str> {
        self.spec.as_ref().ok().map(|s| s.host.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MyIdLocation {
    /// `etc/zookeeper/conf/myid` (the Debian package symlinks `/var/lib/zookeeper/myid` to it).
    ConfDir,
    /// `var/lib/zookeeper/myid`
    VarLib,
    /// `<dataDir>/myid` for another dataDir.
    DataDir,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyIdFile {
    pub file: FileId,
    pub location: MyIdLocation,
    pub parsed: Result<MyId, MyIdError>,
    /// ZooKeeper reads this file: it is `<dataDir>/myid` (through the package symlink for
    /// the conf-dir copy when dataDir is `/var/lib/zookeeper`).
    pub read: bool,
    /// The id's text is this part of `file`, not the whole file: a container's `ZOO_MY_ID`,
    /// which the image's start script writes into `<dataDir>/myid`.
    pub within: Option<Span>,
}

impl MyIdFile {
    pub fn id(&self) -> Option<i64> {
        self.parsed.as_ref().ok().map(|m| m.id)
    }

    /// The text ZooKeeper reads as the file (the variable's value for a container).
    pub fn text<'f>(&self, files: &'f crate::files::FileSet) -> &'f str {
        match self.within {
            Some(span) => files.text(span),
            None => files.get(self.file).text(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkServer {
    pub cfg: FileId,
    pub template: bool,
    pub props: Properties,
    pub servers: Vec<ServerEntry>,
    /// Every myid file on the host.
    pub myids: Vec<MyIdFile>,
    /// The unit or script of the tree that starts this server, the config file it names and
    /// the JVM system properties it passes (boxed: containers and package hosts have none).
    pub start: Option<Box<ZkStart>>,
}

impl ZkServer {
    pub fn get(&self, key: &str) -> Option<&Property> {
        self.props.get(key)
    }

    /// A key's value, trimmed as ZooKeeper trims it; `None` if absent.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).map(|p| p.trimmed_value())
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        self.value(key).and_then(|v| v.parse().ok())
    }

    /// tickTime in ms (default 3000 when absent).
    pub fn tick_time(&self) -> Option<i64> {
        match self.value("tickTime") {
            None => Some(3000),
            Some(v) => v.parse().ok(),
        }
    }

    pub fn data_dir(&self) -> Option<&str> {
        self.value("dataDir")
    }

    /// The span of a property's value in the file.
    pub fn value_span(&self, p: &Property) -> Span {
        Span::new(self.cfg, p.value_span.clone())
    }

    pub fn key_span(&self, p: &Property) -> Span {
        Span::new(self.cfg, p.key_span.clone())
    }

    pub fn line_span(&self, p: &Property) -> Span {
        Span::new(self.cfg, p.line.clone())
    }

    /// The `server.N` lines Java keeps (the last one for a repeated key).
    pub fn effective_servers(&self) -> impl Iterator<Item = &ServerEntry> {
        // The last property index of every server key: linear, not quadratic, in the number of
        // server lines.
        let mut last: crate::FastMap<&str, usize> = crate::FastMap::default();
        for s in &self.servers {
            if let Some(p) = self.props.entries.get(s.prop) {
                let slot = last.entry(p.key.trim()).or_insert(s.prop);
                *slot = (*slot).max(s.prop);
            }
        }
        self.servers.iter().filter(move |s| {
            self.props
                .entries
                .get(s.prop)
                .is_none_or(|p| last.get(p.key.trim()) == Some(&s.prop))
        })
    }

    /// Voting members.
    pub fn participants(&self) -> impl Iterator<Item = &ServerEntry> {
        self.effective_servers().filter(|s| s.is_participant())
    }

    /// Non-voting members (`:observer`).
    pub fn observers(&self) -> impl Iterator<Item = &ServerEntry> {
        self.effective_servers().filter(|s| s.is_observer())
    }

    /// Quorum mode: two or more participants.
    pub fn quorum_mode(&self) -> bool {
        self.participants().count() >= 2
    }

    /// The JVM system properties its start passes (`-Dname=value`), in order.
    pub fn jvm_flags(&self) -> &[JvmFlag] {
        self.start.as_ref().map_or(&[], |s| &s.jvm_flags)
    }

    /// The myid file ZooKeeper reads.
    pub fn myid(&self) -> Option<&MyIdFile> {
        self.myids.iter().find(|m| m.read)
    }
}

pub(crate) fn build(host: &HostView<'_>) -> Option<ZkServer> {
    // Prefer etc/zookeeper/conf/zoo.cfg; conf_example is the Debian default the alternatives
    // link points at.
    let cfg = host
        .files
        .iter()
        .filter(|f| f.kind == FileKind::ZooCfg && host.parsable(f.id))
        .min_by_key(|f| {
            (
                !f.rel.starts_with("etc/zookeeper/conf/"),
                f.rel.contains("conf_example"),
                f.rel.clone(),
            )
        })?;
    let text = host.text(cfg.id);
    let props = parse_properties(text);
    let data_dir = props
        .get("dataDir")
        .map(|p| p.trimmed_value().trim_end_matches('/').to_string());
    let mut myids = Vec::new();
    for f in host.files {
        let location = match f.kind {
            FileKind::MyIdConf => MyIdLocation::ConfDir,
            FileKind::MyIdVarLib => MyIdLocation::VarLib,
            FileKind::Other if f.rel.ends_with("/myid") => MyIdLocation::DataDir,
            _ => continue,
        };
        let dir = format!("/{}", f.rel.trim_end_matches("/myid"));
        let read = match (&location, data_dir.as_deref()) {
            (MyIdLocation::ConfDir, Some(d)) => d == "/var/lib/zookeeper",
            (_, Some(d)) => d == dir,
            (_, None) => false,
        };
        if location == MyIdLocation::DataDir && !read {
            continue; // some other file named myid
        }
        if !host.parsable(f.id) {
            continue; // reported by the IN rules
        }
        myids.push(MyIdFile {
            file: f.id,
            location,
            parsed: parse_myid(host.text(f.id)),
            read,
            within: None,
        });
    }
    // When dataDir is /var/lib/zookeeper and both copies exist, the var/lib one is the real
    // file ZooKeeper opens (the conf copy is what the symlink points at): keep one `read`.
    if myids.iter().filter(|m| m.read).count() > 1 {
        let keep = myids
            .iter()
            .position(|m| m.read && m.location == MyIdLocation::VarLib)
            .unwrap_or(0);
        for (i, m) in myids.iter_mut().enumerate() {
            if i != keep {
                m.read = m.read && i == keep;
            }
        }
    }
    Some(from_props(cfg.id, cfg.template, props, myids))
}

/// A server from its properties (read from `cfg`, or written from a container's environment
/// with spans into the file that sets it) and its myid files.
pub(crate) fn from_props(
    cfg: FileId,
    template: bool,
    props: Properties,
    myids: Vec<MyIdFile>,
) -> ZkServer {
    let mut servers = Vec::new();
    for (i, p) in props.entries.iter().enumerate() {
        let key = p.key.trim();
        let Some(suffix) = key.strip_prefix("server.") else {
            continue;
        };
        let trimmed = p.value.trim_end();
        let value_span = Span::new(cfg, p.value_span.clone());
        servers.push(ServerEntry {
            prop: i,
            id: parse_server_id(suffix),
            key_span: Span::new(cfg, p.key_span.clone()),
            value_span,
            raw_value: p.value.clone(),
            spec: parse_server_spec(trimmed),
            value_start_span: value_span,
        });
    }
    ZkServer {
        cfg,
        template,
        props,
        servers,
        myids,
        start: None,
    }
}
