//! Rules of the `IN` family: files the engine could not read as config text.

use crate::rule::Rule;

mod binary_file;
mod file_too_large;
mod not_regular_file;
mod not_utf8;
mod symlink_problem;
mod syntax_error;
mod unreadable_file;

pub use binary_file::BinaryFile;
pub use file_too_large::FileTooLarge;
pub use not_regular_file::NotRegularFile;
pub use not_utf8::NotUtf8;
pub use symlink_problem::SymlinkProblem;
pub use syntax_error::SyntaxErrorRule;
pub use unreadable_file::UnreadableFile;

pub(crate) static RULES: &[&dyn Rule] = &[
    &UnreadableFile,
    &NotUtf8,
    &FileTooLarge,
    &NotRegularFile,
    &SymlinkProblem,
    &BinaryFile,
    &SyntaxErrorRule,
];
