//! Credential files: the files of the tree that a flag names as holding credentials, and the
//! withholding of every finding's labels inside them, so no renderer can print their lines.
//! (Masking secrets inside any text happens earlier, when a file is read: `secrets`.)

use crate::diagnostic::Diagnostic;
use crate::files::{normalize_path, FileId, FileSet};
use crate::model::Cluster;
use crate::FastSet;

/// Flags whose value is the path of a file holding credentials.
const CREDENTIAL_PATH_FLAGS: &[&str] = &[
    "credential",
    "credentials",
    "http_credentials",
    "mesos_authentication_secret_file",
    "jwt_secret_key",
    "executor_secret_key",
];

/// Files of the tree that flags name as credential files.
pub fn credential_files(files: &FileSet, cluster: &Cluster) -> Vec<FileId> {
    let mut out = Vec::new();
    for host in &cluster.hosts {
        let sets = [
            host.master.as_ref().map(|d| &d.flags),
            host.agent.as_ref().map(|d| &d.flags),
            host.marathon.as_ref().map(|m| &m.flags),
        ];
        for set in sets.into_iter().flatten() {
            for def in set.iter() {
                if !CREDENTIAL_PATH_FLAGS.contains(&def.canonical.as_str()) {
                    continue;
                }
                let Some(value) = def.value.as_deref() else {
                    continue;
                };
                let path = value
                    .trim()
                    .trim_start_matches("file://")
                    .trim_start_matches('/');
                let full = if host.root.is_empty() {
                    path.to_string()
                } else {
                    format!("{}/{path}", host.root)
                };
                if let Some(id) = files.lookup(&normalize_path(&full)) {
                    out.push(id);
                }
            }
        }
    }
    out
}

/// No finding may show the inside of a credential file: labels there are withheld (a note says
/// so), so no renderer can print its lines.
pub fn withhold_labels(files: &FileSet, cluster: &Cluster, diagnostics: &mut [Diagnostic]) {
    let secret: FastSet<FileId> = credential_files(files, cluster).into_iter().collect();
    if secret.is_empty() {
        return;
    }
    for d in diagnostics {
        let before = d.labels.len();
        let mut withheld = Vec::new();
        d.labels.retain(|l| {
            let keep = !secret.contains(&l.span.file);
            if !keep {
                withheld.push(files.path(l.span.file).to_string());
            }
            keep
        });
        if d.labels.len() != before {
            withheld.dedup();
            d.notes.push(format!(
                "the contents of {} are not shown: a flag names it as a credentials file",
                withheld.join(", ")
            ));
        }
    }
}
