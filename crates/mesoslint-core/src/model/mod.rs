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
