//! Marathon on one host: conf-dir files (packaged start script up to 1.4), `MARATHON_*`
//! variables, and what the 1.4 script derives from `etc/mesos/zk` (DOMAIN.md §4.1).

use crate::files::{FileId, Span};
use crate::parse::flags::marathon_flag;
use crate::parse::has_placeholder;
use crate::parse::unit_file::marathon_flags;

use super::flags::{FlagDef, FlagSet, FlagText, Source, SourceKind};
use super::mesos::flag_file_value;
use super::{EnvFileModel, FileKind, HostView, UnitModel};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marathon {
    pub flags: FlagSet,
    /// Files in `etc/marathon/conf/`.
    pub conf_files: Vec<FileId>,
    /// The env file (`etc/default/marathon` or `etc/sysconfig/marathon`).
    pub env_file: Option<FileId>,
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
    let env = env_files
        .iter()
        .find(|e| e.name == "marathon" && !e.source_env);
    let unit = units.iter().find(|u| u.runs_marathon);
    if conf.is_empty() && env.is_none() && unit.is_none() {
        return None;
    }
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
    if let Some(env) = env {
        for a in &env.parsed.assignments {
            let Some(rest) = a.name.strip_prefix("MARATHON_") else {
                continue;
            };
            if rest.is_empty() || rest.starts_with("APP") || rest.starts_with("CMD_") {
                continue;
            }
            let name = rest.to_ascii_lowercase();
            let r = super::mesos::resolve_value(host, env, a, &Default::default(), false);
            // 1.4's script turns env vars into args appended after the conf files, and
            // re-reads them so the later one wins; 1.5+ reads only the environment.
            set.args.push(FlagDef {
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
        env_file: env.map(|e| e.file),
        legacy_packaging,
    })
}
