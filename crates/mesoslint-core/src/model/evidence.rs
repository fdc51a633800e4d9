//! Per host and daemon: why mesoslint thinks the daemon runs there, and where each effective
//! setting came from (`mesoslint hosts`, the web page's host list).

use crate::files::{FileSet, Span};

use super::flags::{FlagSet, Source, SourceKind};
use super::{Cluster, ClusterSummary, Host, RoleEvidence};

/// One daemon of a host as `mesoslint hosts` shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DaemonSummary {
    /// `master`, `agent`, `zookeeper`, `marathon`.
    pub daemon: String,
    /// What starts it on this host (file and line where there is one).
    pub evidence: String,
    /// Effective settings, in name order, each with the place it came from.
    pub settings: Vec<SettingSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SettingSummary {
    pub name: String,
    /// `None` for a toggle without a value or a value mesoslint cannot know (a template).
    pub value: Option<String>,
    /// `path:line`, a package default's path, or a description.
    pub from: String,
}

/// `path:line` of a span.
fn place(files: &FileSet, span: Span) -> String {
    // a file a provisioning script writes is shown in the script
    let span = files.clamp_span(files.shown_span(span));
    let file = files.get(span.file);
    let line = file.position(span.range().start).line;
    format!("{}:{}", file.path(), line)
}

fn evidence_text(files: &FileSet, e: &RoleEvidence) -> String {
    let mut out = e.reason.to_string();
    if e.inferred {
        out.push_str(" (inferred)");
    }
    if let Some(span) = e.span {
        out.push_str(&format!(" [{}]", place(files, span)));
    }
    out
}

fn source_text(files: &FileSet, s: &Source, written: &str) -> String {
    let how = match s.kind {
        SourceKind::FlagFile => "flag file",
        SourceKind::BoolFile => "toggle file",
        SourceKind::EnvVar => "environment",
        SourceKind::Special => "wrapper variable",
        SourceKind::CommandLine => "command line",
        SourceKind::PackageDefault => "package default",
        SourceKind::Derived => "derived by the start script",
    };
    let at = match (s.span, s.file, s.default_path) {
        (Some(span), _, _) => place(files, span),
        (None, Some(f), _) => files.path(f).to_string(),
        (None, None, Some(p)) => p.to_string(),
        (None, None, None) => String::new(),
    };
    match (at.is_empty(), written.is_empty()) {
        (true, _) => how.to_string(),
        (false, true) => format!("{how} {at}"),
        (false, false) => format!("{how} {written} at {at}"),
    }
}

/// The effective definition of every flag of a set, in name order.
fn flag_settings(files: &FileSet, flags: &FlagSet) -> Vec<SettingSummary> {
    let mut names: Vec<&str> = flags.iter().map(|d| d.canonical.as_str()).collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
        .into_iter()
        .filter_map(|n| flags.get(n))
        .map(|d| SettingSummary {
            name: d.canonical.to_string(),
            value: d.known_value().map(str::to_string),
            from: source_text(files, &d.source, &d.written),
        })
        .collect()
}

/// The daemons of one host, in the order master, agent, ZooKeeper, Marathon.
pub fn daemons_of(files: &FileSet, h: &Host) -> Vec<DaemonSummary> {
    let mut out = Vec::new();
    let role_text = |role: &Option<RoleEvidence>| match role {
        Some(e) => evidence_text(files, e),
        None => String::new(),
    };
    if let Some(m) = &h.master {
        out.push(DaemonSummary {
            daemon: "master".into(),
            evidence: role_text(&h.master_role),
            settings: flag_settings(files, &m.flags),
        });
    }
    if let Some(a) = &h.agent {
        out.push(DaemonSummary {
            daemon: "agent".into(),
            evidence: role_text(&h.agent_role),
            settings: flag_settings(files, &a.flags),
        });
    }
    if let Some(zk) = &h.zookeeper {
        let cfg = files.path(zk.cfg);
        // Java's Properties: the last definition of a key wins.
        let mut last = std::collections::BTreeMap::new();
        for p in &zk.props.entries {
            last.insert(p.key.as_str(), p);
        }
        let mut settings: Vec<SettingSummary> = last
            .into_values()
            .map(|p| SettingSummary {
                name: p.key.clone(),
                value: Some(p.value.trim().to_string()),
                from: place(files, Span::new(zk.cfg, p.key_span.clone())),
            })
            .collect();
        // the start's JVM system properties, after the zoo.cfg keys (a later -D wins)
        let mut props = std::collections::BTreeMap::new();
        for f in zk.jvm_flags() {
            props.insert(f.name.as_str(), f);
        }
        settings.extend(props.into_values().map(|f| SettingSummary {
            name: format!("-D{}", f.name),
            value: Some(f.value.clone()),
            from: format!("JVM flag at {}", place(files, f.span)),
        }));
        let evidence = match zk.start.as_deref() {
            Some(s) => match &s.cfg {
                Some(c) => format!(
                    "{}, with {cfg} ({} at {})",
                    evidence_text(files, &s.evidence),
                    c.how,
                    place(files, c.span)
                ),
                None => format!("{}, with {cfg}", evidence_text(files, &s.evidence)),
            },
            None => format!("it has a ZooKeeper configuration [{cfg}]"),
        };
        out.push(DaemonSummary {
            daemon: "zookeeper".into(),
            evidence,
            settings,
        });
    }
    if let Some(m) = &h.marathon {
        let evidence = match (m.conf_files.first(), m.env_file) {
            _ if h.units.iter().any(|u| u.runs_marathon) => {
                let u = h.units.iter().find(|u| u.runs_marathon);
                format!(
                    "a unit or init file starts marathon [{}]",
                    u.map(|u| files.path(u.file)).unwrap_or("")
                )
            }
            (Some(f), _) => format!(
                "it has an etc/marathon/conf/ directory [{}]",
                files.path(*f)
            ),
            (None, Some(f)) => format!("it has a Marathon env file [{}]", files.path(f)),
            (None, None) => "Marathon settings found".to_string(),
        };
        out.push(DaemonSummary {
            daemon: "marathon".into(),
            evidence,
            settings: flag_settings(files, &m.flags),
        });
    }
    out
}

impl Cluster {
    /// [`Cluster::summary`] with, per host, each daemon's evidence and settings' provenance.
    pub fn summary_with_sources(&self, files: &FileSet) -> ClusterSummary {
        let mut s = self.summary();
        for (summary, host) in s.hosts.iter_mut().zip(&self.hosts) {
            summary.daemons = daemons_of(files, host);
        }
        s
    }
}
