//! Rules of the `ZU` family: ZooKeeper URLs (`etc/mesos/zk`, master `zk`, agent `master`,
//! Marathon `master` / `zk`).

use crate::rule::Rule;

mod marathon_master_mismatch;
mod marathon_zk_path;
mod mesos_path_suffix;
mod url_credentials;
mod url_hosts_not_ensemble;
mod url_inconsistent;
pub(crate) mod util;
mod zk_url_syntax;

pub use marathon_master_mismatch::MarathonMasterMismatch;
pub use marathon_zk_path::MarathonZkPath;
pub use mesos_path_suffix::MesosPathSuffix;
pub use url_credentials::UrlCredentials;
pub use url_hosts_not_ensemble::UrlHostsNotEnsemble;
pub use url_inconsistent::UrlInconsistent;
pub use zk_url_syntax::ZkUrlSyntax;

pub(crate) static RULES: &[&dyn Rule] = &[
    &ZkUrlSyntax,
    &MesosPathSuffix,
    &MarathonZkPath,
    &MarathonMasterMismatch,
    &UrlHostsNotEnsemble,
    &UrlCredentials,
    &UrlInconsistent,
];
