//! Inline suppressions: `# mesoslint: ignore[CODE] reason` comments.
//!
//! Not written yet: findings pass through unchanged.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::files::FileSet;
use crate::model::Cluster;

pub(crate) fn apply(
    _files: &FileSet,
    _config: &Config,
    _cluster: &Cluster,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
}
