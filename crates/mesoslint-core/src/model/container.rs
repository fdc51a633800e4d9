//! A container that runs a daemon (a docker-compose service, a `docker run` line): what it is
//! made of, whatever format described it, and what it tells the model — which daemon runs in
//! it, with which settings, from which image version.
//!
//! Parsers of container formats fill a [`Container`]; [`ContainerDaemons::of`] turns it into
//! the same Mesos, ZooKeeper and Marathon models the package layout feeds, every value
//! pointing at the exact place of the source file that set it.

use crate::config::Version;
use crate::files::{FileId, Span};
use crate::parse::flags::marathon_flag;
use crate::parse::has_placeholder;
use crate::parse::shell_c::{script_index, split_inline};
use crate::parse::unit_file::{marathon_flags, mesos_flags, CliFlag, Word};

use super::flags::{FlagDef, FlagSet, FlagText, Source, SourceKind};
use super::mesos::{env_flag_names, Daemon, MesosDaemon};
use super::{Marathon, RoleEvidence, ZkServer};

/// A piece of text of the source file and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub span: Span,
    /// The source bytes at `span` are `text` exactly (no quotes, escapes or folding), so a part
    /// of the text can be pointed at exactly; otherwise parts point at the whole span.
    pub exact: bool,
}

impl Text {
    pub fn new(text: impl Into<String>, span: Span, exact: bool) -> Text {
        Text {
            text: text.into(),
            span,
            exact,
        }
    }

    /// The span of `range` (bytes of `text`).
    pub fn sub(&self, range: std::ops::Range<usize>) -> Span {
        if self.exact {
            self.span.sub(range)
        } else {
            self.span
        }
    }
}

/// One environment variable given to the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    pub key_span: Span,
    /// `None`: the variable is passed through from the environment of whoever starts the
    /// container (`- NAME` in compose, `-e NAME`): its value is unknown.
    pub value: Option<Text>,
    /// The whole entry (`KEY: value`, `- KEY=value`, the env-file line).
    pub span: Span,
}

impl EnvEntry {
    /// The value when it is known (given, and not an interpolation or template).
    pub fn known_value(&self) -> Option<&str> {
        let v = self.value.as_ref()?;
        (!unknown_text(&v.text)).then_some(v.text.as_str())
    }
}

/// A value whose text is a compose interpolation, a shell variable or a template: unknown.
pub(crate) fn unknown_text(text: &str) -> bool {
    has_placeholder(text) || text.contains('$')
}

/// The image a container runs: `[registry/]path[:tag][@digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub text: Text,
    /// Lower-cased path without registry and without the `library/` of official images:
    /// `zookeeper`, `mesosphere/mesos-master`.
    pub path: String,
    pub tag: Option<String>,
}

impl Image {
    pub fn parse(text: Text) -> Image {
        let raw = text.text.trim();
        let raw = raw.split('@').next().unwrap_or(raw);
        // A tag is after the last ':' that follows the last '/' (a registry may have a port).
        let last_slash = raw.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match raw.get(last_slash..).and_then(|r| r.rfind(':')) {
            Some(c) => (
                raw.get(..last_slash + c).unwrap_or(raw),
                raw.get(last_slash + c + 1..).map(str::to_string),
            ),
            None => (raw, None),
        };
        let mut parts: Vec<&str> = name.split('/').collect();
        if parts.len() > 1
            && parts
                .first()
                .is_some_and(|r| r.contains(['.', ':']) || *r == "localhost")
        {
            parts.remove(0);
        }
        if parts.len() > 1 && parts.first() == Some(&"library") {
            parts.remove(0);
        }
        Image {
            path: parts.join("/").to_ascii_lowercase(),
            tag,
            text,
        }
    }

    /// The last path component: `mesos-master`, `zookeeper`.
    pub fn base(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The version the tag pins (`1.4.1`, `3.5.8-temurin`, `0.28.1-2.0.20.ubuntu1404`,
    /// `v1.9.0`); `None` for `latest`, a bare name or a digest.
    pub fn version(&self) -> Option<Version> {
        let tag = self.tag.as_deref()?.trim_start_matches('v');
        let end = tag
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(tag.len());
        let v = tag.get(..end)?.trim_end_matches('.');
        if v.is_empty() || !v.contains('.') {
            return None;
        }
        let v: String = v.split('.').take(3).collect::<Vec<_>>().join(".");
        Version::parse(&v).ok()
    }
}

/// A container that may run a daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    /// The file describing it (the compose file, the script).
    pub file: FileId,
    /// The compose service name or the `--name`.
    pub name: Text,
    pub hostname: Option<Text>,
    /// `container_name:` (compose) — another name other containers may use.
    pub container_name: Option<Text>,
    pub image: Option<Image>,
    /// `network_mode: host` / `--net=host`: the container shares the machine's addresses.
    pub network_host: bool,
    /// In the order the container sees them: env files first, then the explicit entries
    /// (which win); the last entry for a key wins.
    pub env: Vec<EnvEntry>,
    /// `env_file:` / `--env-file` references as written (resolved by the parser).
    pub env_files: Vec<Text>,
    /// An env file referenced but not in the tree: what it sets is unknown.
    pub env_files_missing: Vec<Text>,
    pub entrypoint: Option<Vec<Text>>,
    pub command: Option<Vec<Text>>,
    /// Volume targets (`/conf/zoo.cfg`, `/data`), as written after the first `:`.
    pub volumes: Vec<Text>,
}

impl Container {
    pub fn new(file: FileId, name: Text) -> Container {
        Container {
            file,
            name,
            hostname: None,
            container_name: None,
            image: None,
            network_host: false,
            env: Vec::new(),
            env_files: Vec::new(),
            env_files_missing: Vec::new(),
            entrypoint: None,
            command: None,
            volumes: Vec::new(),
        }
    }

    /// The effective entry for a variable (the last one).
    pub fn env(&self, key: &str) -> Option<&EnvEntry> {
        self.env.iter().rev().find(|e| e.key == key)
    }

    /// The host name the model uses: `hostname`, else the service / container name.
    pub fn host_name(&self) -> &str {
        match &self.hostname {
            Some(h) if !unknown_text(&h.text) => &h.text,
            _ => &self.name.text,
        }
    }

    /// The argv the container starts with after the image's entrypoint (entrypoint given,
    /// then the command), as words pointing into the source file.
    pub fn argv(&self) -> impl Iterator<Item = &Text> {
        self.entrypoint.iter().chain(self.command.iter()).flatten()
    }

    /// Which daemon the container runs, and why.
    pub fn runs(&self) -> Option<(Runs, RoleEvidence)> {
        if let Some((runs, word)) = self.runs_by_argv() {
            return Some((
                runs,
                RoleEvidence {
                    reason: format!(
                        "container `{}` starts `{}`",
                        self.name.text,
                        word.text.rsplit('/').next().unwrap_or(&word.text)
                    )
                    .into(),
                    inferred: false,
                    span: Some(word.span),
                },
            ));
        }
        let image = self.image.as_ref()?;
        let runs = runs_by_image(image)?;
        Some((
            runs,
            RoleEvidence {
                reason: format!(
                    "container `{}` runs image `{}`",
                    self.name.text, image.text.text
                )
                .into(),
                inferred: false,
                span: Some(image.text.span),
            },
        ))
    }

    fn runs_by_argv(&self) -> Option<(Runs, &Text)> {
        for w in self.argv() {
            // `sh -c "..."`: the words of the script are in one argument.
            for part in w.text.split_whitespace() {
                let base = part.rsplit('/').next().unwrap_or(part);
                let runs = match base {
                    "mesos-master" => Runs::Master,
                    "mesos-agent" | "mesos-slave" => Runs::Agent,
                    "marathon" => Runs::Marathon,
                    b if b.starts_with("zkServer") => Runs::ZooKeeper,
                    b if b.contains("QuorumPeerMain") => Runs::ZooKeeper,
                    _ => continue,
                };
                return Some((runs, w));
            }
        }
        None
    }
}

/// The daemon a container runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runs {
    Master,
    Agent,
    ZooKeeper,
    Marathon,
}

/// The daemon an image's name says it runs (`mesosphere/mesos-master`, `mesos-slave`,
/// the official `zookeeper`, `jplock/zookeeper`, `mesosphere/marathon`, ...).
pub fn runs_by_image(image: &Image) -> Option<Runs> {
    let base = image.base();
    if base.contains("mesos-master") {
        Some(Runs::Master)
    } else if base.contains("mesos-slave") || base.contains("mesos-agent") {
        Some(Runs::Agent)
    } else if base.contains("zookeeper") || base == "zk" {
        Some(Runs::ZooKeeper)
    } else if base == "marathon" || (base.starts_with("marathon") && !base.contains("-lb")) {
        Some(Runs::Marathon)
    } else {
        None
    }
}

/// Is this the official ZooKeeper image (Docker Hub `zookeeper`, whose start script writes
/// `zoo.cfg` and `myid` from `ZOO_*`)?
pub fn official_zookeeper(image: &Image) -> bool {
    image.path == "zookeeper"
}

/// What a container gives the model.
#[derive(Clone, Debug, Default)]
pub struct ContainerDaemons {
    pub master: Option<(MesosDaemon, RoleEvidence)>,
    pub agent: Option<(MesosDaemon, RoleEvidence)>,
    pub zookeeper: Option<(ZkServer, RoleEvidence)>,
    pub marathon: Option<(Marathon, RoleEvidence)>,
    /// The container runs ZooKeeper, but its configuration is not in the environment (another
    /// image, or a `zoo.cfg` mounted from outside the tree): what the message says and where.
    pub zookeeper_unread: Option<(String, Span)>,
}

impl ContainerDaemons {
    /// Map a container to the daemons it runs.
    pub fn of(c: &Container) -> ContainerDaemons {
        let mut out = ContainerDaemons::default();
        let Some((runs, evidence)) = c.runs() else {
            return out;
        };
        match runs {
            Runs::Master => out.master = Some((mesos_daemon(c, Daemon::Master), evidence)),
            Runs::Agent => out.agent = Some((mesos_daemon(c, Daemon::Agent), evidence)),
            Runs::Marathon => out.marathon = Some((marathon(c), evidence)),
            Runs::ZooKeeper => match super::container_zk::zookeeper(c) {
                Ok(zk) => out.zookeeper = Some((zk, evidence)),
                Err(why) => out.zookeeper_unread = Some(why),
            },
        }
        out
    }
}

/// Words of the container's argv for the flag scanners.
/// `sh -c "mesos-master --quorum=2"`: the words of the script stand for its argument.
fn words(c: &Container) -> Vec<(Word, bool)> {
    let argv: Vec<&Text> = c.argv().collect();
    let script = script_index(&argv.iter().map(|t| t.text.as_str()).collect::<Vec<_>>());
    let mut out = Vec::with_capacity(argv.len());
    for (i, t) in argv.iter().enumerate() {
        if Some(i) != script {
            let word = Word {
                text: t.text.clone(),
                span: t.span.range(),
            };
            out.push((word, t.exact));
            continue;
        }
        let at = t.exact.then_some(t.span.range().start);
        let inner = split_inline(&t.text, at, &t.span.range());
        for w in inner.commands.into_iter().flat_map(|c| c.words) {
            // a word of the script is exact where its bytes are the source's
            let exact = w.exact_sub(0..w.text.len()) == Some(w.span.clone());
            let word = Word {
                text: w.text,
                span: w.span,
            };
            out.push((word, exact));
        }
    }
    out
}

fn env_def(c: &Container, e: &EnvEntry, name: FlagText, canonical: FlagText) -> FlagDef {
    let value = e.value.as_ref();
    FlagDef {
        negated: false,
        name,
        canonical,
        written: e.key.clone().into(),
        value: value.map(|v| v.text.as_str().into()),
        source: Source {
            kind: SourceKind::EnvVar,
            file: Some(e.key_span.file),
            span: Some(e.key_span),
            default_path: None,
        },
        value_span: value.map(|v| v.span),
        value_default: None,
        unknown: value.is_none_or(|v| unknown_text(&v.text)),
    }
    .with_file(c.file)
}

impl FlagDef {
    /// Keep the definition's own file (an env file) when it has one.
    fn with_file(mut self, fallback: FileId) -> FlagDef {
        if self.source.file.is_none() {
            self.source.file = Some(fallback);
        }
        self
    }
}

fn cli_def(c: &Container, flag: &CliFlag, exact: bool, name: String, canonical: String) -> FlagDef {
    let whole = Span::new(c.file, flag.span.clone());
    let pick = |r: &std::ops::Range<usize>| {
        if exact {
            Span::new(c.file, r.clone())
        } else {
            whole
        }
    };
    FlagDef {
        negated: false,
        name: name.into(),
        canonical: canonical.into(),
        written: format!("--{}", flag.name).into(),
        unknown: flag.value.as_deref().is_some_and(unknown_text),
        value: flag.value.as_deref().map(Into::into),
        source: Source {
            kind: SourceKind::CommandLine,
            file: Some(c.file),
            span: Some(pick(&flag.name_span)),
            default_path: None,
        },
        value_span: flag.value_span.as_ref().map(pick),
        value_default: None,
    }
}

/// Is the flag's word one whose text stands in the source exactly?
fn exact_word(ws: &[(Word, bool)], flag: &CliFlag) -> bool {
    ws.iter()
        .find(|(w, _)| w.span.start <= flag.span.start && flag.span.start < w.span.end.max(1))
        .is_none_or(|(_, exact)| *exact)
}

/// A Mesos daemon in a container: `MESOS_*` variables (read by the daemon itself) and the
/// `--flags` of its argv, which win over them.
fn mesos_daemon(c: &Container, daemon: Daemon) -> MesosDaemon {
    let mut set = FlagSet::default();
    for e in &c.env {
        if let Some((name, canonical)) = env_flag_names(daemon, &e.key) {
            set.env.push(env_def(c, e, name, canonical));
        }
    }
    let ws = words(c);
    let plain: Vec<Word> = ws.iter().map(|(w, _)| w.clone()).collect();
    for flag in mesos_flags(&plain) {
        // stout strips `no-` whatever follows: `--no-x=v` is refused (MF002), as for units
        let (name, negated) = match flag.name.strip_prefix("no-") {
            Some(n) => (n.to_ascii_lowercase(), true),
            None => (flag.name.to_ascii_lowercase(), false),
        };
        let canonical = daemon.canonical(&name);
        let mut def = cli_def(c, &flag, exact_word(&ws, &flag), name, canonical);
        def.negated = negated;
        if negated && def.value.as_deref() == Some("") {
            def.value = None;
        }
        set.args.push(def);
    }
    set.shrink();
    MesosDaemon {
        daemon,
        flag_dir: None,
        flags: set,
        attributes: Vec::new(),
        resources: Vec::new(),
        unread_flag_files: Vec::new(),
    }
}

fn marathon_canonical(name: &str) -> String {
    if let Some(base) = name.strip_prefix("disable_") {
        if marathon_flag(base).is_some_and(|f| f.toggle) {
            return base.to_string();
        }
    }
    name.to_string()
}

/// Marathon in a container (1.5+ start script): `MARATHON_*` variables and argv options.
fn marathon(c: &Container) -> Marathon {
    let mut set = FlagSet::default();
    for e in &c.env {
        let Some(rest) = e.key.strip_prefix("MARATHON_") else {
            continue;
        };
        if rest.is_empty() || rest.starts_with("APP") || rest.starts_with("CMD_") {
            continue;
        }
        let name = rest.to_ascii_lowercase();
        let mut def = env_def(c, e, name.clone().into(), marathon_canonical(&name).into());
        def.negated = name.starts_with("disable_");
        set.env.push(def);
    }
    let ws = words(c);
    let plain: Vec<Word> = ws.iter().map(|(w, _)| w.clone()).collect();
    let is_toggle = |n: &str| marathon_flag(&marathon_canonical(n)).is_some_and(|f| f.toggle);
    for flag in marathon_flags(&plain, &is_toggle) {
        let lower = flag.name.to_ascii_lowercase();
        let mut def = cli_def(
            c,
            &flag,
            exact_word(&ws, &flag),
            lower.clone(),
            marathon_canonical(&lower),
        );
        def.negated = lower.starts_with("disable_");
        set.args.push(def);
    }
    set.shrink();
    Marathon {
        flags: set,
        conf_files: Vec::new(),
        env_file: None,
        unread_env_file: None,
        legacy_packaging: false,
    }
}

/// Note the versions the containers' image tags pin (issue 12: a tree's own pin is used when
/// `--target` and `[target]` are silent); `model::versions::Pins` keeps a daemon's pin only
/// when all of them agree.
pub fn note_pins<'a>(
    files: &crate::files::FileSet,
    containers: impl Iterator<Item = &'a Container>,
    pins: &mut super::versions::Pins,
) {
    use super::versions::Product;
    for c in containers {
        let (Some(image), Some((runs, _))) = (&c.image, c.runs()) else {
            continue;
        };
        // only an image whose name says the daemon pins that daemon's version
        if runs_by_image(image) != Some(runs) {
            continue;
        }
        let Some(v) = image.version() else {
            continue;
        };
        let product = match runs {
            Runs::Master | Runs::Agent => Product::Mesos,
            Runs::ZooKeeper => Product::ZooKeeper,
            Runs::Marathon => Product::Marathon,
        };
        pins.note(product, v, files.path(c.file));
    }
}
