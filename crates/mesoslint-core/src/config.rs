//! What a lint run is told: which rules, at which severity, for which versions and cluster.
//!
//! Front-ends build a [`Config`] from `mesoslint.toml` (the CLI) or from JSON (the wasm API);
//! the engine itself reads no files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run (codes, names, or code prefixes such as `ZK` or `MM00`). Empty: all rules.
    pub select: Vec<String>,
    /// Rules not to run (same forms as `select`).
    pub ignore: Vec<String>,
    /// Per-rule severity overrides: code, name or prefix -> level.
    pub severity: BTreeMap<String, Level>,
    /// Whether the package-default files are assumed present.
    pub packaging: Packaging,
    /// `[target]` of mesoslint.toml: the releases version-dependent checks assume.
    pub target: Targets,
    /// `--target` of the CLI (the wasm `target` option): beats `target`. Not part of
    /// mesoslint.toml (see `model::versions` for the whole order).
    #[serde(skip)]
    pub target_flag: Targets,
    pub cluster: ClusterDecl,
    /// Hosts declared explicitly, by name.
    pub hosts: BTreeMap<String, HostDecl>,
    /// `[apps]`: files named as Marathon/Chronos definitions.
    pub apps: AppsDecl,
    /// Where mesoslint.toml sits relative to the files' paths: `[apps] paths` are written
    /// relative to it. Set by the front-ends (not part of the file).
    #[serde(skip)]
    pub place: ConfigPlace,
}

/// `[apps]` of mesoslint.toml.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppsDecl {
    /// Globs (relative to the configuration file's directory) of files to read as Marathon
    /// app, group or pod definitions or Chronos jobs, whatever discovery by content says. A
    /// pattern naming a directory names the JSON and YAML files below it.
    pub paths: Vec<String>,
}

/// Where the configuration file sits relative to the files' paths (both `/`-separated; see
/// [`config_relative`]); empty when it is at their root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigPlace {
    /// The file's directory seen from the files' root (`examples/x`, `../..`).
    pub config_dir: String,
    /// The files' root seen from the file's directory (`../..`, `sub`).
    pub cwd_from_config: String,
}

impl ConfigPlace {
    /// A path of the file set relative to the configuration file's directory.
    pub fn relative(&self, path: &str) -> Option<String> {
        config_relative(&self.config_dir, &self.cwd_from_config, path)
    }
}

/// `path`, relative to the directory a front-end works in (`/`-separated), made relative to
/// the configuration file's directory. `config_dir` is that directory seen from the working
/// directory (`examples/x`, `""`, `../..`), `cwd_from_config` the working directory seen from it
/// (`""`, `sub/dir`, `../b`). `None` when the path lies outside the file's directory.
pub fn config_relative(config_dir: &str, cwd_from_config: &str, path: &str) -> Option<String> {
    let p = components(path);
    let c = components(config_dir);
    if p.len() >= c.len() && p[..c.len()] == c[..] {
        let rest = &p[c.len()..];
        return (rest.first() != Some(&"..")).then(|| rest.join("/"));
    }
    let w = components(cwd_from_config);
    if w.contains(&"..") || p.first() == Some(&"..") {
        return None;
    }
    Some([w, p].concat().join("/"))
}

/// The components of a relative path, `.` and `a/..` removed; leading `..` kept.
fn components(path: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|&l| l != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts
}

/// A severity, or `off` to turn a rule off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Packaging {
    /// Package defaults for hosts laid out as the packages lay them out; none for source
    /// installs (`*-env.sh`).
    #[default]
    Auto,
    /// Always assume the Mesosphere package defaults.
    Package,
    /// Never assume package defaults: the tree holds everything.
    None,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    pub mesos: Option<Version>,
    pub marathon: Option<Version>,
    pub zookeeper: Option<Version>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterDecl {
    /// The number of Mesos masters, when the tree does not show them all.
    pub masters: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HostDecl {
    /// The host's root directory, relative to the linted tree.
    pub root: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// Address or name other hosts use for it.
    pub address: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Master,
    Agent,
    Zookeeper,
    Marathon,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Master => "master",
            Role::Agent => "agent",
            Role::Zookeeper => "zookeeper",
            Role::Marathon => "marathon",
        }
    }
}

pub use crate::parse::version::Version;
/// Does `selector` (a code, a name, a code prefix, or `ALL`) pick out this rule?
pub fn selector_matches(selector: &str, meta: &RuleMeta) -> bool {
    let sel = selector.trim();
    sel.eq_ignore_ascii_case("ALL")
        || sel.eq_ignore_ascii_case(meta.name)
        || (!sel.is_empty()
            && sel.chars().all(|c| c.is_ascii_alphanumeric())
            && meta
                .code
                .to_ascii_uppercase()
                .starts_with(&sel.to_ascii_uppercase()))
}

/// Does the selector name at least one rule?
pub fn selector_is_known(selector: &str) -> bool {
    crate::registry::rules()
        .iter()
        .any(|r| selector_matches(selector, r.meta()))
}

impl Config {
    /// Is this rule switched on by `select`/`ignore`/`severity = off`?
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, meta));
        let ignored = self.ignore.iter().any(|s| selector_matches(s, meta));
        selected && !ignored && self.level_for(meta) != Some(Level::Off)
    }

    /// The most specific severity override for a rule: code or name beats prefix, longer
    /// prefix beats shorter.
    pub fn level_for(&self, meta: &RuleMeta) -> Option<Level> {
        self.severity
            .iter()
            .filter(|(sel, _)| selector_matches(sel, meta))
            .max_by_key(|(sel, _)| {
                if sel.eq_ignore_ascii_case(meta.name) || sel.eq_ignore_ascii_case(meta.code) {
                    usize::MAX
                } else {
                    sel.len()
                }
            })
            .map(|(_, l)| *l)
    }

    /// Problems a front-end should report as configuration errors: selectors that name no rule.
    pub fn validate(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for (what, list) in [("select", &self.select), ("ignore", &self.ignore)] {
            for s in list {
                if !selector_is_known(s) {
                    errors.push(format!("`{what}` names no rule: `{s}`"));
                }
            }
        }
        for s in self.severity.keys() {
            if !selector_is_known(s) {
                errors.push(format!("`severity` names no rule: `{s}`"));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(Version::parse("1.11").unwrap(), Version::new(1, 11, 0));
        assert!(Version::parse("1.4").unwrap() < Version::parse("1.5").unwrap());
        assert!(Version::parse("one").is_err());
        assert!(Version::parse("1").is_err());
        assert_eq!(Version::parse("3.4.14").unwrap().to_string(), "3.4.14");
    }
}
