//! Mesos daemons started without the package's `mesos-init-wrapper`: a systemd unit or upstart
//! job that execs `mesos-master` / `mesos-agent` / `mesos-slave` itself, a start script in
//! the tree that such a unit calls (`ExecStart=/usr/local/bin/start-mesos.sh`), or an
//! `etc/init.d/` script. The daemon then reads exactly what that unit or script gives it:
//! `Environment=` and `EnvironmentFile=` (systemd: files override `Environment=`), upstart
//! `env`, a script's exported assignments and the env files it sources, and the `--flags` of
//! its command line, which win over the environment (stout `FlagsBase::load` merges `MESOS_*`
//! variables only for names the command line does not set).

use crate::files::{FileId, Span};
use crate::parse::env_file::parse_env_file;
use crate::parse::has_placeholder;
use crate::parse::shell_c::inline_commands;
use crate::parse::shell_words::{cat_path, split_script, ShWord, Vars};
use crate::parse::unit_file::{mesos_flags, Word};

use super::flags::{FlagDef, FlagSet, Source, SourceKind};
use super::mesos::{command_line_flag, env_flag_names, Daemon, MesosDaemon};
use super::{EnvFileModel, FileKind, HostView, RoleEvidence, UnitModel};

/// One variable the daemon's process gets, and where it is set.
#[derive(Clone, Debug)]
pub(crate) struct EnvVar {
    pub key: String,
    pub value: Option<String>,
    pub file: FileId,
    pub key_span: std::ops::Range<usize>,
    pub value_span: Option<std::ops::Range<usize>>,
}

/// What starts the daemon directly: its environment in order (a later entry wins) and its
/// command line.
pub(crate) struct DirectStart {
    pub env: Vec<EnvVar>,
    /// Each word with the file it is written in (a `$VAR` of a unit expands to words of the
    /// env file that sets it).
    pub argv: Vec<(FileId, Word)>,
    pub evidence: RoleEvidence,
}

/// The program whose direct start is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Program {
    Mesos(Daemon),
    /// `zkServer.sh`, or `java` running `org.apache.zookeeper.server.quorum.QuorumPeerMain`.
    ZooKeeper,
}

impl Program {
    /// Does the command `prog rest...` start it?
    fn started_by<'w>(self, prog: &str, mut rest: impl Iterator<Item = &'w str>) -> bool {
        match self {
            Program::Mesos(Daemon::Master) => base(prog) == "mesos-master",
            Program::Mesos(Daemon::Agent) => matches!(base(prog), "mesos-agent" | "mesos-slave"),
            Program::ZooKeeper => {
                is_zk_server_script(prog)
                    || (base(prog) == "java" && rest.any(|w| w.ends_with("QuorumPeerMain")))
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Program::Mesos(Daemon::Master) => "mesos-master",
            Program::Mesos(Daemon::Agent) => "mesos-agent",
            Program::ZooKeeper => "ZooKeeper",
        }
    }
}

pub(crate) fn base(prog: &str) -> &str {
    let t = prog.trim_start_matches(['-', '@', ':', '+', '!']);
    t.rsplit('/').next().unwrap_or(t)
}

/// ZooKeeper's own start script (`bin/zkServer.sh`), not its helpers (`zkServer-initialize.sh`).
pub(crate) fn is_zk_server_script(prog: &str) -> bool {
    matches!(base(prog), "zkServer.sh" | "zkServer")
}

/// The daemon as its direct start gives it, when nothing else (a flag directory, the wrapper)
/// configures it on this host.
pub(crate) fn direct_daemon(
    host: &HostView<'_>,
    units: &[UnitModel],
    daemon: Daemon,
) -> Option<(MesosDaemon, RoleEvidence)> {
    let has_flag_dir = host.files.iter().any(|f| {
        matches!(
            (&f.kind, daemon),
            (FileKind::MasterFlag(_), Daemon::Master) | (FileKind::AgentFlag { .. }, Daemon::Agent)
        )
    });
    let wrapped = units
        .iter()
        .any(|u| u.via_wrapper && u.runs == Some(daemon));
    if has_flag_dir || wrapped {
        return None;
    }
    let start = direct_start(host, units, Program::Mesos(daemon))?;
    Some((build(&start, daemon), start.evidence.clone()))
}

/// The first unit, upstart job, start script it runs or init script that starts `program`.
pub(crate) fn direct_start(
    host: &HostView<'_>,
    units: &[UnitModel],
    program: Program,
) -> Option<DirectStart> {
    units
        .iter()
        .find_map(|u| from_unit(host, u, program))
        .or_else(|| from_init_scripts(host, program))
}

fn from_unit(host: &HostView<'_>, u: &UnitModel, daemon: Program) -> Option<DirectStart> {
    let mut env = Vec::new();
    // systemd: files override Environment=; upstart `env` lines are the only source
    for a in &u.parsed.environment {
        env.push(EnvVar {
            key: a.key.clone(),
            value: Some(a.value.clone()),
            file: u.file,
            key_span: a.key_span.clone(),
            value_span: Some(a.value_span.clone()),
        });
    }
    for w in &u.parsed.environment_files {
        if let Some(id) = in_tree(host, &w.text) {
            read_env_file(host, id, true, &mut env);
        }
    }
    // An upstart job is shell: its `script` block may source env files before it execs
    let upstart = host
        .files
        .iter()
        .any(|f| f.id == u.file && matches!(f.kind, FileKind::UpstartJob(_)));
    if upstart && !u.via_wrapper {
        if let Some(mut s) = from_script(host, u.file, daemon, env.clone()) {
            s.evidence.reason =
                format!("upstart job `{}` starts {}", u.service, daemon.name()).into();
            return Some(s);
        }
    }
    for cmd in &u.parsed.commands {
        if !matches!(cmd.directive.as_str(), "ExecStart" | "exec" | "script") {
            continue;
        }
        let Some(prog) = cmd.words.first() else {
            continue;
        };
        let rest = cmd.words.iter().skip(1).map(|w| w.text.as_str());
        if daemon.started_by(&prog.text, rest) && !u.via_wrapper {
            let argv = systemd_expand(host, &env, u.file, &cmd.words, cmd.shell);
            return Some(DirectStart {
                env,
                argv,
                evidence: RoleEvidence {
                    reason: format!("unit `{}` starts {} directly", u.service, base(&prog.text))
                        .into(),
                    inferred: false,
                    span: Some(Span::new(u.file, prog.span.clone())),
                },
            });
        }
        // a start script of the tree
        let Some(script) = in_tree(
            host,
            prog.text.trim_start_matches(['-', '@', ':', '+', '!']),
        ) else {
            continue;
        };
        if let Some(mut s) = from_script(host, script, daemon, env.clone()) {
            s.evidence.reason = format!(
                "unit `{}` runs {}, which starts {}",
                u.service,
                host.files_set.path(script),
                daemon.name()
            )
            .into();
            return Some(s);
        }
    }
    None
}

/// systemd's expansion of an exec line (systemd.service(5) "Command lines"): a word that is
/// exactly `$NAME` becomes the variable's value split at whitespace, each word pointing into
/// the file that sets it; `${NAME}` inside a word is replaced in place. Variables not set by
/// the unit stay as written (their values are unknown). In the words of a `sh -c` script
/// (`shell`) the shell also expands `$NAME` inside a word, from the same environment.
fn systemd_expand(
    host: &HostView<'_>,
    env: &[EnvVar],
    unit: FileId,
    words: &[Word],
    shell: bool,
) -> Vec<(FileId, Word)> {
    let lookup = |name: &str| env.iter().rev().find(|v| v.key == name);
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        if let Some(v) = w.text.strip_prefix('$').and_then(&lookup) {
            if let (Some(value), Some(span)) = (&v.value, &v.value_span) {
                let src = host.text(v.file).get(span.clone()).unwrap_or("");
                // where the value's text starts in the file, if it stands there as it is
                let base = if src == value {
                    Some(span.start)
                } else if src.len() == value.len() + 2 && src.get(1..1 + value.len()) == Some(value)
                {
                    Some(span.start + 1)
                } else {
                    None
                };
                let mut at = 0;
                for part in value.split_whitespace() {
                    let off = value
                        .get(at..)
                        .and_then(|r| r.find(part))
                        .map_or(at, |o| at + o);
                    at = off + part.len();
                    let span = base.map_or(span.clone(), |b| b + off..b + at);
                    out.push((
                        v.file,
                        Word {
                            text: part.to_string(),
                            span,
                        },
                    ));
                }
                continue;
            }
        }
        if w.text.contains("${") || (shell && w.text.contains('$')) {
            let text = expand_in_word(&w.text, shell, &|name| {
                lookup(name).and_then(|v| v.value.as_deref())
            });
            out.push((
                unit,
                Word {
                    text,
                    span: w.span.clone(),
                },
            ));
            continue;
        }
        out.push((unit, w.clone()));
    }
    out
}

/// `${NAME}` inside a word replaced by its value (and `$NAME` too when the word is a shell's);
/// names without a known value stay as written.
fn expand_in_word<'v>(word: &str, shell: bool, value: &dyn Fn(&str) -> Option<&'v str>) -> String {
    let mut text = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(d) = rest.find('$') {
        text.push_str(rest.get(..d).unwrap_or(""));
        let after = rest.get(d + 1..).unwrap_or("");
        let (name, len) = if let Some(body) = after.strip_prefix('{') {
            match body.find('}') {
                Some(close) => (body.get(..close).unwrap_or(""), close + 2),
                None => ("", 0),
            }
        } else if shell {
            let n = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            (after.get(..n).unwrap_or(""), n)
        } else {
            ("", 0)
        };
        match value(name).filter(|_| !name.is_empty()) {
            Some(v) => text.push_str(v),
            None => text.push_str(rest.get(d..d + 1 + len).unwrap_or("$")),
        }
        rest = after.get(len..).unwrap_or("");
    }
    text.push_str(rest);
    text
}

fn from_init_scripts(host: &HostView<'_>, daemon: Program) -> Option<DirectStart> {
    host.files
        .iter()
        .filter(|f| f.rel.starts_with("etc/init.d/") || f.rel.starts_with("etc/rc.d/init.d/"))
        .find_map(|f| {
            let mut s = from_script(host, f.id, daemon, Vec::new())?;
            s.evidence.reason = format!("init script {} starts {}", f.rel, daemon.name()).into();
            Some(s)
        })
}

/// A path a unit or script names, in the host's tree (absolute paths are below the root).
pub(crate) fn in_tree(host: &HostView<'_>, path: &str) -> Option<FileId> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || has_placeholder(rel) || rel.contains('$') {
        return None;
    }
    host.find(rel)
        .map(|f| f.id)
        .filter(|&id| super::is_parsable(host.files_set, id))
}

/// The files a unit's `EnvironmentFile=` names that are in the tree and not among the host's
/// package env files (`known`), parsed, in order, each once.
pub(crate) fn own_env_files(
    host: &HostView<'_>,
    u: &UnitModel,
    known: &[EnvFileModel],
) -> Vec<EnvFileModel> {
    let mut out: Vec<EnvFileModel> = Vec::new();
    for w in &u.parsed.environment_files {
        let Some(id) = in_tree(host, &w.text) else {
            continue;
        };
        if known.iter().chain(out.iter()).any(|e| e.file == id) {
            continue;
        }
        let mut parsed = parse_env_file(host.text(id));
        parsed.comments = Vec::new();
        out.push(EnvFileModel {
            file: id,
            name: u.service.to_string(),
            sysconfig: false,
            source_env: false,
            parsed,
        });
    }
    out
}

/// Assignments of an env file: all of them for systemd's `EnvironmentFile=`, only the
/// exported ones when a shell script sources it.
pub(crate) fn read_env_file(host: &HostView<'_>, id: FileId, all: bool, env: &mut Vec<EnvVar>) {
    let parsed = parse_env_file(host.text(id));
    for a in parsed.assignments {
        if !all && !a.exported {
            continue;
        }
        env.push(EnvVar {
            value: a.value.literal(),
            key: a.name,
            file: id,
            key_span: a.name_span,
            value_span: Some(a.value_span),
        });
    }
}

fn word(w: &ShWord) -> Word {
    Word {
        text: w.text.clone(),
        span: w.span.clone(),
    }
}

fn assignment(w: &ShWord) -> Option<(&str, &str)> {
    let (k, v) = w.text.split_once('=')?;
    (!k.is_empty()
        && !k.starts_with(|c: char| c.is_ascii_digit())
        && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    .then_some((k, v))
}

/// Walk a start script: `export K=V` (and `K=V` under `set -a`), `. file` / `source file`,
/// then the command that starts the daemon (its `K=V` prefixes are its environment too).
fn from_script(
    host: &HostView<'_>,
    id: FileId,
    daemon: Program,
    mut env: Vec<EnvVar>,
) -> Option<DirectStart> {
    // `sh -c "exec mesos-master ..."` lines: the commands of their script
    let script = inline_commands(split_script(host.text(id)).commands);
    let mut allexport = false;
    let push = |env: &mut Vec<EnvVar>, w: &ShWord, k: &str| {
        let klen = k.len();
        env.push(EnvVar {
            key: k.to_string(),
            value: w.text.get(klen + 1..).map(str::to_string),
            file: id,
            key_span: w.exact_sub(0..klen).unwrap_or(w.span.clone()),
            value_span: w.exact_sub(klen + 1..w.text.len()).or(Some(w.span.clone())),
        });
    };
    let mut vars = Vars::default();
    // `$(cat /etc/mesos/zk)`: the host's file, when the tree has it
    for w in script.commands.iter().flat_map(|c| &c.words) {
        for r in &w.expansions {
            let Some(path) = w.text.get(r.clone()).and_then(cat_path) else {
                continue;
            };
            if let Some(f) = in_tree(host, path) {
                vars.know_file(path, host.text(f));
            }
        }
    }
    for cmd in &script.commands {
        let expanded: Vec<ShWord> = cmd.words.iter().map(|w| vars.expand(w)).collect();
        vars.record(cmd);
        let words = &expanded;
        let first = words.first().map(|w| w.text.as_str());
        match first {
            Some("export" | "declare" | "typeset") => {
                for w in words.iter().skip(1) {
                    if let Some((k, _)) = assignment(w) {
                        push(&mut env, w, k);
                    }
                }
                continue;
            }
            Some("set") => {
                for w in words.iter().skip(1) {
                    match w.text.as_str() {
                        "-a" | "allexport" => allexport = true,
                        "+a" => allexport = false,
                        _ => {}
                    }
                }
                continue;
            }
            Some("." | "source") => {
                if let Some(f) = words.get(1).and_then(|w| in_tree(host, &w.text)) {
                    if f != id {
                        read_env_file(host, f, allexport, &mut env);
                    }
                }
                continue;
            }
            _ => {}
        }
        // prefix assignments, `exec`, then the program
        let mut i = 0;
        let mut prefix = Vec::new();
        while let Some(w) = words.get(i) {
            if let Some((k, _)) = assignment(w) {
                prefix.push((w, k));
            } else if !matches!(
                w.text.as_str(),
                "exec" | "nohup" | "env" | "do" | "then" | "else" | "{" | "!"
            ) {
                break;
            }
            i += 1;
        }
        match words.get(i) {
            Some(prog)
                if daemon.started_by(
                    &prog.text,
                    words.iter().skip(i + 1).map(|w| w.text.as_str()),
                ) =>
            {
                for (w, k) in prefix {
                    push(&mut env, w, k);
                }
                return Some(DirectStart {
                    env,
                    argv: words
                        .get(i..)
                        .unwrap_or(&[])
                        .iter()
                        .map(|w| (id, word(w)))
                        .collect(),
                    evidence: RoleEvidence {
                        reason: "".into(),
                        inferred: false,
                        span: Some(Span::new(id, prog.span.clone())),
                    },
                });
            }
            None if allexport => {
                for (w, k) in prefix {
                    push(&mut env, w, k);
                }
            }
            _ => {}
        }
    }
    None
}

fn build(start: &DirectStart, daemon: Daemon) -> MesosDaemon {
    let mut set = FlagSet::default();
    for v in &start.env {
        let Some((name, canonical)) = env_flag_names(daemon, &v.key) else {
            continue;
        };
        set.env.push(FlagDef {
            name,
            canonical,
            written: v.key.clone().into(),
            unknown: v
                .value
                .as_deref()
                .is_none_or(|t| has_placeholder(t) || t.contains('$')),
            value: v.value.as_deref().map(Into::into),
            negated: false,
            source: Source {
                kind: SourceKind::EnvVar,
                file: Some(v.file),
                span: Some(Span::new(v.file, v.key_span.clone())),
                default_path: None,
            },
            value_span: v.value_span.clone().map(|r| Span::new(v.file, r)),
            value_default: None,
        });
    }
    // Mesos flags are one word each (`--name=value`): scan word by word, each in its file
    let flags = start.argv.iter().flat_map(|(file, w)| {
        mesos_flags(std::slice::from_ref(w))
            .into_iter()
            .map(move |f| (*file, f))
    });
    for (file, flag) in flags {
        set.args.push(command_line_flag(daemon, file, &flag));
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::files::FileSet;
    use crate::model::Cluster;

    fn cluster(files: &[(&str, &str)]) -> (FileSet, Cluster) {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        let c = Cluster::build(&fs, &Config::default());
        (fs, c)
    }

    #[test]
    fn unit_environment_files_and_expansion() {
        let (fs, c) = cluster(&[
            (
                "m1/etc/systemd/system/mesos-master.service",
                "[Service]\nEnvironment=MESOS_QUORUM=1 IP=10.0.0.1\nEnvironmentFile=-/etc/sysconfig/mesos-master\nEnvironmentFile=-/etc/missing\nExecStart=/usr/sbin/mesos-master --ip=${IP} $OPTS\n",
            ),
            (
                "m1/etc/sysconfig/mesos-master",
                "MESOS_QUORUM=2\nOPTS=\"--work_dir=/var/lib/mesos --zk=zk://a:2181/mesos\"\n",
            ),
            ("m1/etc/default/mesos-master", "MESOS_CLUSTER=never-read\n"),
        ]);
        let m = c.hosts[0].master.as_ref().expect("master");
        // EnvironmentFile= overrides Environment=
        assert_eq!(
            m.flags
                .env
                .iter()
                .rev()
                .find(|d| d.canonical == "quorum")
                .and_then(|d| d.known_value()),
            Some("2")
        );
        assert_eq!(m.flags.value("ip"), Some("10.0.0.1"));
        let wd = m.flags.get("work_dir").expect("work_dir");
        assert_eq!(fs.text(wd.value_span.expect("span")), "/var/lib/mesos");
        assert_eq!(
            fs.path(wd.value_span.expect("span").file),
            "m1/etc/sysconfig/mesos-master"
        );
        assert!(
            m.flags.get("cluster").is_none(),
            "etc/default is not read by this unit"
        );
    }

    #[test]
    fn init_scripts_and_unexported_variables() {
        let (_, c) = cluster(&[
            ("a1/etc/init.d/mesos-slave", "#!/bin/sh\n. /etc/default/mesos-slave\nMESOS_PORT=5052\ncase \"$1\" in\n  start) if true; then MESOS_WORK_DIR=/w exec /usr/sbin/mesos-slave --master=zk://a:2181/mesos; fi ;;\nesac\n"),
            ("a1/etc/default/mesos-slave", "export MESOS_ATTRIBUTES=rack:a\nMESOS_CONTAINERIZERS=docker\n"),
        ]);
        let a = c.hosts[0].agent.as_ref().expect("agent");
        assert_eq!(a.flags.value("work_dir"), Some("/w"));
        assert_eq!(a.flags.value("attributes"), Some("rack:a"));
        // not exported: the daemon does not see them
        assert!(a.flags.get("containerizers").is_none());
        assert!(a.flags.get("port").is_none());
    }

    #[test]
    fn zookeeper_reads_the_cfg_its_unit_names() {
        let (fs, c) = cluster(&[
            ("z1/etc/systemd/system/zookeeper.service", "[Service]\nExecStart=/usr/bin/java -cp /opt/zk/lib/* org.apache.zookeeper.server.quorum.QuorumPeerMain /srv/zk/zoo.cfg\n"),
            ("z1/srv/zk/zoo.cfg", "tickTime=2000\ndataDir=/srv/zk/data\nclientPort=2181\n"),
            ("z1/etc/zookeeper/conf/zoo.cfg", "tickTime=9\n"),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z1/srv/zk/zoo.cfg");
    }

    #[test]
    fn upstart_script_blocks_source_env_files() {
        let (fs, c) = cluster(&[
            ("m/etc/init/mesos-master.conf", "description \"Mesos master\"\nenv MESOS_LOG_DIR=/l\nscript\n  set -a\n  . /etc/default/mesos-master\n  exec /usr/sbin/mesos-master --zk=zk://a:2181/mesos\nend script\n"),
            ("m/etc/default/mesos-master", "MESOS_QUORUM=1\n"),
        ]);
        let m = c.hosts[0].master.as_ref().expect("master");
        assert_eq!(m.flags.value("log_dir"), Some("/l"));
        let q = m.flags.get("quorum").expect("quorum");
        assert_eq!(fs.text(q.value_span.expect("span")), "1");
        assert!(c.hosts[0]
            .master_role
            .as_ref()
            .is_some_and(|r| r.reason.contains("upstart job")));
    }

    #[test]
    fn start_scripts_read_catted_files() {
        let (_, c) = cluster(&[
            ("m/etc/systemd/system/mesos-master.service", "[Service]\nExecStart=/opt/start.sh\n"),
            ("m/opt/start.sh", "#!/bin/sh\nZK=$(cat /etc/mesos/zk)\nexec mesos-master --zk=$ZK --quorum=`cat /etc/mesos-quorum` --work_dir=/w\n"),
            ("m/etc/mesos/zk", "zk://10.0.0.1:2181/mesos\n"),
            ("m/etc/mesos-quorum", "2\n"),
        ]);
        let m = c.hosts[0].master.as_ref().expect("master");
        assert_eq!(m.flags.value("zk"), Some("zk://10.0.0.1:2181/mesos"));
        assert_eq!(m.flags.value("quorum"), Some("2"));
    }

    #[test]
    fn shell_c_scripts_are_split_in_place() {
        let unit = "[Service]\nEnvironmentFile=/etc/default/mesos-master\nExecStart=/bin/bash -ec 'mkdir -p /w && MESOS_CLUSTER=c exec /usr/sbin/mesos-master --quorum=2 --zk=$ZK'\n";
        let (fs, c) = cluster(&[
            ("m/etc/systemd/system/mesos-master.service", unit),
            ("m/etc/default/mesos-master", "ZK=zk://a:2181/mesos\n"),
        ]);
        let m = c.hosts[0].master.as_ref().expect("master");
        let q = m.flags.get("quorum").expect("quorum");
        assert_eq!(fs.text(q.value_span.expect("span")), "2");
        assert_eq!(m.flags.value("zk"), Some("zk://a:2181/mesos"));
        assert_eq!(m.flags.value("cluster"), Some("c"));
        // an upstart job's `exec sh -c "..."`, and a start script's
        let (fs, c) = cluster(&[(
            "a/etc/init/mesos-slave.conf",
            "exec /bin/sh -c \"exec mesos-slave --master=zk://a:2181/mesos --work_dir=/w\"\n",
        )]);
        let a = c.hosts[0].agent.as_ref().expect("agent");
        let w = a.flags.get("work_dir").expect("work_dir");
        assert_eq!(fs.text(w.value_span.expect("span")), "/w");
    }

    #[test]
    fn the_wrapper_still_reads_the_flag_directory() {
        let (_, c) = cluster(&[
            (
                "m/etc/systemd/system/mesos-master.service",
                "[Service]\nExecStart=/usr/sbin/mesos-master --zk=zk://a:2181/mesos\n",
            ),
            ("m/etc/mesos-master/quorum", "2\n"),
        ]);
        let m = c.hosts[0].master.as_ref().expect("master");
        assert_eq!(m.flags.value("quorum"), Some("2"));
    }
}
