//! docker-compose files (`compose.y*ml`, `docker-compose*.y*ml`): every service a container.

use crate::files::{FileId, FileSet};
use crate::parse::SyntaxError;

use super::container::Container;

/// The containers of every compose file of a tree, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub containers: Vec<Container>,
    pub errors: Vec<(FileId, SyntaxError)>,
}

pub fn containers(_files: &FileSet) -> Found {
    Found::default()
}
