//! Shared helpers of the `MR` family.

use crate::config::Version;
use crate::files::Span;
use crate::model::{Cluster, Host, Marathon};
use crate::parse::flags::marathon_flag;

/// Something of the host's Marathon configuration to label: its env file, else its first
/// conf file, else the unit that starts it.
pub(crate) fn anchor(host: &Host, m: &Marathon) -> Option<Span> {
    m.env_file
        .or_else(|| m.conf_files.first().copied())
        .or_else(|| host.units.iter().find(|u| u.runs_marathon).map(|u| u.file))
        .map(Span::file_start)
}

/// The host's name for messages (`this host` for a tree that is a single unnamed host).
pub(crate) fn name(host: &Host) -> &str {
    if host.name.is_empty() || host.name == "." {
        "this host"
    } else {
        &host.name
    }
}

/// What the tree says about the Marathon version of a host, when no target is configured.
#[derive(Clone, Debug)]
pub(crate) struct VersionEvidence {
    /// Marathon 1.5 or later.
    pub at_least_1_5: bool,
    /// Why, for messages.
    pub reason: String,
    pub span: Option<Span>,
}

/// The Marathon version the rules assume for a host: the configured target, else a flag
/// only 1.5+ knows, else the conf dir (pre-1.5 packaging). `None` when nothing tells.
pub(crate) fn version_of(cluster: &Cluster, m: &Marathon) -> Option<VersionEvidence> {
    if let Some(v) = cluster.targets.marathon {
        return Some(VersionEvidence {
            at_least_1_5: v >= Version::new(1, 5, 0),
            reason: format!("the target Marathon {v} in mesoslint.toml"),
            span: None,
        });
    }
    for def in m.flags.iter() {
        let Some(info) = marathon_flag(&def.name) else {
            continue;
        };
        if let Some(since) = info.since {
            if since >= (1, 5) {
                return Some(VersionEvidence {
                    at_least_1_5: true,
                    reason: format!(
                        "assumed 1.5 or later: `{}` exists only from Marathon {}.{}",
                        def.written, since.0, since.1
                    ),
                    span: def.source.span,
                });
            }
        }
    }
    if !m.conf_files.is_empty() {
        return Some(VersionEvidence {
            at_least_1_5: false,
            reason: "assumed 1.4 or earlier: the tree has etc/marathon/conf/".to_string(),
            span: None,
        });
    }
    None
}
