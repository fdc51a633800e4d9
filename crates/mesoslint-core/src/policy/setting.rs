//! What mesoslint knows of a setting a policy names: its canonical name, the type its values
//! are compared in, and the daemon's built-in default. From the same tables the rules use.

use crate::parse::flags::{self, FlagType};
use crate::parse::values::{parse_bytes, parse_duration};
use crate::parse::{did_you_mean, marathon_options, zoo_cfg};

use super::PolicyDaemon;

/// How `min`/`max` compare a setting's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Stout durations (`10secs`, `1hrs`), compared in nanoseconds.
    Duration,
    /// Stout bytes (`512MB`), compared in bytes.
    Bytes,
    /// Integers and decimals.
    Number,
    /// `true`/`false`: no `min`/`max`.
    Bool,
    /// Text: no `min`/`max`.
    Text,
}

impl ValueKind {
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Duration => "a duration such as `10secs` or `1hrs`",
            ValueKind::Bytes => "a size in bytes such as `512MB`",
            ValueKind::Number => "a number",
            ValueKind::Bool => "a boolean",
            ValueKind::Text => "text",
        }
    }

    /// Can `min`/`max` compare values of this kind?
    pub fn ordered(self) -> bool {
        matches!(
            self,
            ValueKind::Duration | ValueKind::Bytes | ValueKind::Number
        )
    }

    /// A value in the unit comparisons use, with the daemon's own parsers.
    pub fn parse(self, text: &str) -> Result<f64, String> {
        match self {
            ValueKind::Duration => parse_duration(text).map(|d| d.nanos).map_err(|e| e.message),
            ValueKind::Bytes => parse_bytes(text).map(|b| b as f64).map_err(|e| e.message),
            ValueKind::Number | ValueKind::Bool | ValueKind::Text => {
                let t = text.trim();
                match t.parse::<f64>() {
                    Ok(v) if v.is_finite() && !t.starts_with('+') => Ok(v),
                    _ => Err(format!("`{t}` is not a number")),
                }
            }
        }
    }
}

/// A setting of a daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingInfo {
    /// The name the model keys it by (deprecated aliases resolved).
    pub canonical: String,
    pub kind: ValueKind,
    /// The daemon's built-in default, as the daemon prints it.
    pub default: Option<&'static str>,
}

fn flag_kind(ty: FlagType) -> ValueKind {
    match ty {
        FlagType::Duration => ValueKind::Duration,
        FlagType::Bytes => ValueKind::Bytes,
        FlagType::Int | FlagType::Uint | FlagType::Float => ValueKind::Number,
        FlagType::Bool => ValueKind::Bool,
        _ => ValueKind::Text,
    }
}

type FindFlag = fn(&str) -> Option<&'static flags::FlagInfo>;
type Suggest = fn(&str) -> Option<&'static str>;

/// The setting `name` of `daemon`, or why there is none (with a suggestion when one is close).
pub fn lookup(daemon: PolicyDaemon, name: &str) -> Result<SettingInfo, (String, Option<String>)> {
    let unknown = |suggestion: Option<&str>, other: Option<&str>| {
        let help = match (suggestion, other) {
            (Some(s), _) => Some(format!("did you mean `{s}`?")),
            (None, Some(o)) => Some(format!("`{name}` is a setting of {o}")),
            (None, None) => None,
        };
        (
            format!("`{name}` is not a setting of {}", daemon.as_str()),
            help,
        )
    };
    match daemon {
        PolicyDaemon::MesosMaster | PolicyDaemon::MesosAgent => {
            let (find, suggest, other, other_name): (FindFlag, Suggest, FindFlag, &str) =
                if daemon == PolicyDaemon::MesosMaster {
                    (
                        flags::master_flag,
                        flags::suggest_master_flag,
                        flags::agent_flag,
                        "mesos-agent",
                    )
                } else {
                    (
                        flags::agent_flag,
                        flags::suggest_agent_flag,
                        flags::master_flag,
                        "mesos-master",
                    )
                };
            let Some(info) = find(name) else {
                let elsewhere = other(name).map(|_| other_name);
                return Err(unknown(suggest(name), elsewhere));
            };
            let canonical = info.alias_of.unwrap_or(info.name);
            let target = find(canonical).unwrap_or(info);
            Ok(SettingInfo {
                canonical: canonical.to_string(),
                kind: flag_kind(target.ty),
                default: target.default,
            })
        }
        PolicyDaemon::Zookeeper => {
            if !zoo_cfg::is_known_key(name) {
                return Err(unknown(zoo_cfg::suggest_key(name), None));
            }
            // zoo.cfg is untyped text (whoever reads a key parses it): `min`/`max` compare
            // its values as numbers.
            let kind = ValueKind::Number;
            Ok(SettingInfo {
                canonical: name.to_string(),
                kind,
                default: None,
            })
        }
        PolicyDaemon::Marathon => {
            if let Some(base) = name.strip_prefix("disable_") {
                if flags::marathon_flag(base).is_some_and(|f| f.toggle) {
                    return Err((
                        format!("`{name}` is the negated spelling of the toggle `{base}`"),
                        Some(format!(
                            "name the toggle itself, `{base}`: its value is `true` or `false`"
                        )),
                    ));
                }
            }
            if let Some(f) = flags::marathon_flag(name) {
                let kind = if f.toggle {
                    ValueKind::Bool
                } else {
                    flag_kind(f.ty)
                };
                let default = match (f.toggle, f.default) {
                    (true, Some("enabled")) => Some("true"),
                    (true, Some("disabled")) => Some("false"),
                    (true, _) => None,
                    (false, d) => d,
                };
                return Ok(SettingInfo {
                    canonical: name.to_string(),
                    kind,
                    default,
                });
            }
            if let Some(o) = marathon_options::option(name) {
                let kind = match o.kind {
                    marathon_options::OptionKind::Int | marathon_options::OptionKind::Long => {
                        ValueKind::Number
                    }
                    marathon_options::OptionKind::Toggle | marathon_options::OptionKind::Flag => {
                        ValueKind::Bool
                    }
                    marathon_options::OptionKind::Text => ValueKind::Text,
                };
                return Ok(SettingInfo {
                    canonical: name.to_string(),
                    kind,
                    default: None,
                });
            }
            let names = flags::MARATHON_FLAGS
                .iter()
                .map(|f| f.name)
                .chain(marathon_options::MARATHON_OPTIONS.iter().map(|o| o.name));
            Err(unknown(did_you_mean(name, names), None))
        }
    }
}
