//! Marathon on one host: conf-dir files (packaged start script up to 1.4), `MARATHON_*`
//! variables, and what the 1.4 script derives from `etc/mesos/zk` (DOMAIN.md §4.1).

use crate::files::{FileId, Span};
use crate::parse::flags::marathon_flag;
use crate::parse::has_placeholder;
use crate::parse::unit_file::{marathon_flags, UnitAssignment};

use super::flags::{FlagDef, FlagSet, FlagText, Source, SourceKind};
use super::mesos::flag_file_value;
use super::{EnvFileModel, FileKind, HostView, UnitModel};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marathon {
    pub flags: FlagSet,
    /// Files in `etc/marathon/conf/`.
    pub conf_files: Vec<FileId>,
    /// The package's env file (`etc/default/marathon` or `etc/sysconfig/marathon`) when
    /// Marathon reads it.
    pub env_file: Option<FileId>,
    /// That file when the unit in the tree that starts Marathon does not read it (MR005).
    pub unread_env_file: Option<FileId>,
    /// The start script is the pre-1.5 packaged one (conf dir read, zk/master derived).
    pub legacy_packaging: bool,
}

fn canonical(name: &str) -> String {
    // `disable_x` is the negated form of toggle `x`.
    if let Some(base) = name.strip_prefix("disable_") {
        if marathon_flag(base).is_some_and(|f| f.toggle) {
            return base.to_string();
        }
    }
    name.to_string()
}

pub(crate) fn build(
    host: &HostView<'_>,
    env_files: &[EnvFileModel],
    units: &[UnitModel],
    legacy_packaging: bool,
) -> Option<Marathon> {
    let conf: Vec<_> = host
        .files
        .iter()
        .filter_map(|f| match &f.kind {
            FileKind::MarathonConf(name) => Some((f, name.clone())),
            _ => None,
        })
        .collect();
    let package_env = env_files
        .iter()
        .find(|e| e.name == "marathon" && !e.source_env);
    let unit = units.iter().find(|u| u.runs_marathon);
    if conf.is_empty() && package_env.is_none() && unit.is_none() {
        return None;
    }
    let env = environment(host, unit, package_env, legacy_packaging);
    let mut set = FlagSet::default();
    if legacy_packaging {
        for (f, name) in &conf {
            let file_name = name.rsplit('/').next().unwrap_or(name);
            if file_name.starts_with('.') {
                continue;
            }
            if let Some(toggle) = name.strip_prefix('?') {
                let lower = toggle.to_ascii_lowercase();
                let negated = lower.starts_with("disable_");
                let canonical = canonical(&lower).into();
                set.args.push(FlagDef::bool_file(
                    f.id,
                    lower.into(),
                    canonical,
                    name.clone().into(),
                    negated,
                ));
                continue;
            }
            let (value, range) = flag_file_value(host.text(f.id));
            let lower = name.to_ascii_lowercase();
            let unknown = has_placeholder(&value) || !host.parsable(f.id);
            let canonical = canonical(&lower).into();
            set.args.push(FlagDef::flag_file(
                f.id,
                (lower.into(), canonical, name.clone().into()),
                value,
                range,
                unknown,
            ));
        }
    }
    // 1.4's script turns the variables into options after the conf files, and the later of
    // the two wins (MR010); 1.5+ reads only the environment. Either way the unit's own
    // command line comes last.
    for v in &env.vars {
        set.args.push(v.clone());
    }
    if let Some(unit) = unit {
        for cmd in &unit.parsed.commands {
            if !cmd
                .words
                .first()
                .is_some_and(|w| w.text.ends_with("marathon"))
            {
                continue;
            }
            let is_toggle = |n: &str| marathon_flag(&canonical(n)).is_some_and(|f| f.toggle);
            for flag in marathon_flags(&cmd.words, &is_toggle) {
                let lower = flag.name.to_ascii_lowercase();
                set.args.push(FlagDef {
                    canonical: canonical(&lower).into(),
                    negated: lower.starts_with("disable_"),
                    name: lower.into(),
                    written: format!("--{}", flag.name).into(),
                    unknown: flag
                        .value
                        .as_deref()
                        .is_some_and(|v| has_placeholder(v) || v.contains('$')),
                    value: flag.value.as_deref().map(Into::into),
                    source: Source {
                        kind: SourceKind::CommandLine,
                        file: Some(unit.file),
                        span: Some(Span::new(unit.file, flag.name_span.clone())),
                        default_path: None,
                    },
                    value_span: flag.value_span.clone().map(|r| Span::new(unit.file, r)),
                    value_default: None,
                });
            }
        }
    }
    // The pre-1.5 script derives `master` and `zk` from etc/mesos/zk when they are not given.
    if legacy_packaging {
        let zk_file = host.find("etc/mesos/zk");
        let (zk_value, zk_span, zk_default) = match zk_file {
            Some(f) => {
                let (v, r) = flag_file_value(host.text(f.id));
                (v, Some(Span::new(f.id, r)), None)
            }
            None if host.package => (
                super::DEFAULT_ZK_URL.to_string(),
                None,
                Some("etc/mesos/zk"),
            ),
            None => (String::new(), None, None),
        };
        if !zk_value.is_empty() {
            if set.get("master").is_none() {
                set.args.push(FlagDef {
                    name: FlagText::table(&"master"),
                    canonical: FlagText::table(&"master"),
                    written: FlagText::table(&"master"),
                    unknown: has_placeholder(&zk_value),
                    value: Some(zk_value.as_str().into()),
                    negated: false,
                    source: Source {
                        kind: SourceKind::Derived,
                        file: zk_file.map(|f| f.id),
                        span: zk_span,
                        default_path: Some("etc/mesos/zk"),
                    },
                    value_span: zk_span,
                    value_default: zk_default,
                });
            }
            if set.get("zk").is_none() {
                // `cut -d / -f 1-3` keeps `zk://hosts`, then `/marathon` is appended.
                let head: String = zk_value
                    .splitn(4, '/')
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("/");
                set.args.push(FlagDef {
                    name: FlagText::table(&"zk"),
                    canonical: FlagText::table(&"zk"),
                    written: FlagText::table(&"zk"),
                    unknown: has_placeholder(&zk_value),
                    value: Some(format!("{head}/marathon").into()),
                    negated: false,
                    source: Source {
                        kind: SourceKind::Derived,
                        file: zk_file.map(|f| f.id),
                        span: zk_span,
                        default_path: Some("etc/mesos/zk"),
                    },
                    value_span: None,
                    value_default: zk_default,
                });
            }
        }
    }
    set.shrink();
    Some(Marathon {
        flags: set,
        conf_files: conf.iter().map(|(f, _)| f.id).collect(),
        env_file: env.package_file,
        unread_env_file: env.unread,
        legacy_packaging,
    })
}

/// The `MARATHON_*` variables Marathon's process gets, in order (a later one wins).
struct Environment {
    vars: Vec<FlagDef>,
    package_file: Option<FileId>,
    unread: Option<FileId>,
}

/// What the start path reads. A unit in the tree gives its `Environment=` and then its
/// `EnvironmentFile=`s (systemd: files override `Environment=`); the package's
/// `etc/default/marathon` only through those, as the 1.5+ loaders do (sbt-native-packager
/// 1.1.5/1.2.2 `EnvironmentFile=${{env_config}}`, 1.7+ `tools/packager`), except that 1.4's
/// `bin/marathon-framework` sources it itself, last. Without a unit the packaged loader reads
/// the package's env file.
fn environment(
    host: &HostView<'_>,
    unit: Option<&UnitModel>,
    package_env: Option<&EnvFileModel>,
    legacy_packaging: bool,
) -> Environment {
    let mut out = Environment {
        vars: Vec::new(),
        package_file: None,
        unread: None,
    };
    let Some(unit) = unit else {
        if let Some(e) = package_env {
            env_file_vars(host, e, &mut out.vars);
            out.package_file = Some(e.file);
        }
        return out;
    };
    for a in &unit.parsed.environment {
        if let Some(def) = unit_var(unit.file, a) {
            out.vars.push(def);
        }
    }
    // In `EnvironmentFile=` order: the package's file where the unit names it, else the
    // unit's own files.
    for w in &unit.parsed.environment_files {
        let Some(id) = host.find(w.text.trim_start_matches('/')).map(|f| f.id) else {
            continue;
        };
        if let Some(e) = package_env.filter(|e| e.file == id) {
            out.package_file = Some(e.file);
            if !script_reads(package_env, legacy_packaging) {
                env_file_vars(host, e, &mut out.vars);
            }
        } else if let Some(e) = unit.own_env_files.iter().find(|e| e.file == id) {
            env_file_vars(host, e, &mut out.vars);
        }
    }
    if let Some(e) = package_env {
        if script_reads(package_env, legacy_packaging) {
            env_file_vars(host, e, &mut out.vars);
            out.package_file = Some(e.file);
        } else if out.package_file.is_none() {
            out.unread = Some(e.file);
        }
    }
    out
}

/// 1.4's script sources `/etc/default/marathon` (`conf_file`), not `etc/sysconfig/marathon`.
fn script_reads(package_env: Option<&EnvFileModel>, legacy_packaging: bool) -> bool {
    legacy_packaging && package_env.is_some_and(|e| !e.sysconfig)
}

/// `MARATHON_<NAME>` of an env file as definitions of option `<name>`.
fn env_file_vars(host: &HostView<'_>, env: &EnvFileModel, out: &mut Vec<FlagDef>) {
    for a in &env.parsed.assignments {
        let Some(name) = option_name(&a.name) else {
            continue;
        };
        let r = super::mesos::resolve_value(host, env, a, &Default::default(), false);
        out.push(FlagDef {
            canonical: canonical(&name).into(),
            negated: name.starts_with("disable_"),
            name: name.into(),
            written: a.name.clone().into(),
            value: r.value.map(Into::into),
            source: Source {
                kind: SourceKind::EnvVar,
                file: Some(env.file),
                span: Some(Span::new(env.file, a.name_span.clone())),
                default_path: None,
            },
            value_span: r.value_span,
            value_default: r.value_default,
            unknown: r.unknown,
        });
    }
}

/// A unit's `Environment="MARATHON_X=v"`: systemd expands no variables there, so the value
/// is the text as written.
fn unit_var(file: FileId, a: &UnitAssignment) -> Option<FlagDef> {
    let name = option_name(&a.key)?;
    Some(FlagDef {
        canonical: canonical(&name).into(),
        negated: name.starts_with("disable_"),
        name: name.into(),
        written: a.key.clone().into(),
        unknown: has_placeholder(&a.value),
        value: Some(a.value.as_str().into()),
        source: Source {
            kind: SourceKind::EnvVar,
            file: Some(file),
            span: Some(Span::new(file, a.key_span.clone())),
            default_path: None,
        },
        value_span: Some(Span::new(file, a.value_span.clone())),
        value_default: None,
    })
}

/// The option a `MARATHON_*` variable stands for (lower case), leaving out what Marathon sets
/// for its tasks (`MARATHON_APP_*`) and 1.4's own `MARATHON_CMD_*`.
fn option_name(var: &str) -> Option<String> {
    let rest = var.strip_prefix("MARATHON_")?;
    if rest.is_empty() || rest.starts_with("APP") || rest.starts_with("CMD_") {
        return None;
    }
    Some(rest.to_ascii_lowercase())
}
