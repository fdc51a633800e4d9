//! The cluster model: hosts, their roles, and for every daemon the effective configuration it
//! would start with, every value remembering where it came from.

pub mod discover;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::files::FileSet;

pub use discover::{FileKind, HostFile};

#[derive(Clone, Debug, Default)]
pub struct Cluster {
    pub hosts: Vec<Host>,
}

#[derive(Clone, Debug)]
pub struct Host {
    pub name: String,
    pub root: String,
    pub files: Vec<HostFile>,
}

impl Cluster {
    pub fn build(files: &FileSet, config: &Config) -> Cluster {
        let declared: BTreeMap<String, String> = config
            .hosts
            .iter()
            .filter_map(|(name, h)| h.root.clone().map(|r| (name.clone(), r)))
            .collect();
        let hosts = discover::discover(files, &declared)
            .into_iter()
            .map(|h| Host {
                name: h.name,
                root: h.root,
                files: h.files,
            })
            .collect();
        Cluster { hosts }
    }
}

/// What `mesoslint hosts` and the web page show about the discovered cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClusterSummary {
    pub hosts: Vec<HostSummary>,
    /// Number of Mesos masters (declared in the config, or counted in the tree).
    pub masters: usize,
    /// Where the masters count comes from: "mesoslint.toml", "tree", or an assumption.
    pub masters_source: String,
    /// The masters' quorum value(s), as configured (several when they disagree).
    pub quorum: Vec<String>,
    /// How many masters may fail while the replicated log keeps a quorum.
    pub master_failures_tolerated: Option<usize>,
    /// ZooKeeper voting members (`server.N` participants), as `N=host`.
    pub zookeeper_voters: Vec<String>,
    pub zookeeper_failures_tolerated: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct HostSummary {
    pub name: String,
    pub root: String,
    pub roles: Vec<String>,
    pub address: Option<String>,
}

impl Cluster {
    /// A summary of the cluster for display.
    pub fn summary(&self) -> ClusterSummary {
        ClusterSummary {
            hosts: self
                .hosts
                .iter()
                .map(|h| HostSummary {
                    name: h.name.clone(),
                    root: h.root.clone(),
                    roles: Vec::new(),
                    address: None,
                })
                .collect(),
            ..ClusterSummary::default()
        }
    }
}
