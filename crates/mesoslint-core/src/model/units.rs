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
use crate::parse::shell_words::{split_script, ShWord, Vars};
use crate::parse::unit_file::{mesos_flags, Word};

use super::flags::{FlagDef, FlagSet, Source, SourceKind};
use super::mesos::{Daemon, MesosDaemon};
use super::{FileKind, HostView, RoleEvidence, UnitModel};

/// One variable the daemon's process gets, and where it is set.
#[derive(Clone, Debug)]
struct EnvVar {
    key: String,
    value: Option<String>,
    file: FileId,
    key_span: std::ops::Range<usize>,
    value_span: Option<std::ops::Range<usize>>,
}

/// What starts the daemon directly: its environment in order (a later entry wins) and its
/// command line (words pointing into `file`).
struct DirectStart {
    env: Vec<EnvVar>,
    file: FileId,
    argv: Vec<Word>,
    evidence: RoleEvidence,
}

fn base(prog: &str) -> &str {
    let t = prog.trim_start_matches(['-', '@', ':', '+', '!']);
    t.rsplit('/').next().unwrap_or(t)
}

fn starts(prog: &str, daemon: Daemon) -> bool {
    match daemon {
        Daemon::Master => base(prog) == "mesos-master",
        Daemon::Agent => matches!(base(prog), "mesos-agent" | "mesos-slave"),
    }
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
    let start = units
        .iter()
        .find_map(|u| from_unit(host, u, daemon))
        .or_else(|| from_init_scripts(host, daemon))?;
    Some((build(&start, daemon), start.evidence.clone()))
}

fn from_unit(host: &HostView<'_>, u: &UnitModel, daemon: Daemon) -> Option<DirectStart> {
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
    for cmd in &u.parsed.commands {
        if !matches!(cmd.directive.as_str(), "ExecStart" | "exec" | "script") {
            continue;
        }
        let Some(prog) = cmd.words.first() else {
            continue;
        };
        if starts(&prog.text, daemon) && !u.via_wrapper {
            return Some(DirectStart {
                env,
                file: u.file,
                argv: cmd.words.clone(),
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
                daemon_program(daemon)
            )
            .into();
            return Some(s);
        }
    }
    None
}

fn daemon_program(daemon: Daemon) -> &'static str {
    match daemon {
        Daemon::Master => "mesos-master",
        Daemon::Agent => "mesos-agent",
    }
}

fn from_init_scripts(host: &HostView<'_>, daemon: Daemon) -> Option<DirectStart> {
    host.files
        .iter()
        .filter(|f| f.rel.starts_with("etc/init.d/") || f.rel.starts_with("etc/rc.d/init.d/"))
        .find_map(|f| {
            let mut s = from_script(host, f.id, daemon, Vec::new())?;
            s.evidence.reason =
                format!("init script {} starts {}", f.rel, daemon_program(daemon)).into();
            Some(s)
        })
}

/// A path a unit or script names, in the host's tree (absolute paths are below the root).
fn in_tree(host: &HostView<'_>, path: &str) -> Option<FileId> {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || has_placeholder(rel) || rel.contains('$') {
        return None;
    }
    host.find(rel)
        .map(|f| f.id)
        .filter(|&id| super::is_parsable(host.files_set, id))
}

/// Assignments of an env file: all of them for systemd's `EnvironmentFile=`, only the
/// exported ones when a shell script sources it.
fn read_env_file(host: &HostView<'_>, id: FileId, all: bool, env: &mut Vec<EnvVar>) {
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
    daemon: Daemon,
    mut env: Vec<EnvVar>,
) -> Option<DirectStart> {
    let script = split_script(host.text(id));
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
            } else if !matches!(w.text.as_str(), "exec" | "nohup" | "env") {
                break;
            }
            i += 1;
        }
        match words.get(i) {
            Some(prog) if starts(&prog.text, daemon) => {
                for (w, k) in prefix {
                    push(&mut env, w, k);
                }
                return Some(DirectStart {
                    env,
                    file: id,
                    argv: words.get(i..).unwrap_or(&[]).iter().map(word).collect(),
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
        let Some(rest) = v.key.strip_prefix("MESOS_") else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let (name, canonical) = daemon.flag_names(&rest.to_ascii_lowercase());
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
    for flag in mesos_flags(&start.argv) {
        let (name, negated) = match flag.name.strip_prefix("no-") {
            Some(n) => (n.to_ascii_lowercase(), true),
            None => (flag.name.to_ascii_lowercase(), false),
        };
        let value = match flag.value.as_deref() {
            Some("") if negated => None,
            v => v,
        };
        let (name, canonical) = daemon.flag_names(&name);
        set.args.push(FlagDef {
            name,
            canonical,
            written: format!("--{}", flag.name).into(),
            unknown: flag
                .value
                .as_deref()
                .is_some_and(|v| has_placeholder(v) || v.contains('$')),
            value: value.map(Into::into),
            negated,
            source: Source {
                kind: SourceKind::CommandLine,
                file: Some(start.file),
                span: Some(Span::new(start.file, flag.name_span.clone())),
                default_path: None,
            },
            value_span: flag.value_span.clone().map(|r| Span::new(start.file, r)),
            value_default: None,
        });
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
