//! Rules of the `IN` family: files the engine could not read as config text.

use crate::rule::Rule;

mod binary_file;
mod env_file_missing;
mod file_too_large;
mod invalid_suppression;
mod no_hosts_read;
mod not_regular_file;
mod not_utf8;
mod symlink_problem;
mod syntax_error;
mod template_logic;
mod unread_format;
mod unreadable_file;
mod unused_suppression;
mod zookeeper_config_unread;

pub use binary_file::BinaryFile;
pub use env_file_missing::EnvFileMissing;
pub use file_too_large::FileTooLarge;
pub use invalid_suppression::InvalidSuppression;
pub use no_hosts_read::NoHostsRead;
pub use not_regular_file::NotRegularFile;
pub use not_utf8::NotUtf8;
pub use symlink_problem::SymlinkProblem;
pub use syntax_error::SyntaxErrorRule;
pub use template_logic::TemplateLogic;
pub use unread_format::UnreadFormat;
pub use unreadable_file::UnreadableFile;
pub use unused_suppression::UnusedSuppression;
pub use zookeeper_config_unread::ZookeeperConfigUnread;

pub(crate) static RULES: &[&dyn Rule] = &[
    &UnreadableFile,
    &NotUtf8,
    &FileTooLarge,
    &NotRegularFile,
    &SymlinkProblem,
    &BinaryFile,
    &UnusedSuppression,
    &InvalidSuppression,
    &SyntaxErrorRule,
    &NoHostsRead,
    &UnreadFormat,
    &EnvFileMissing,
    &ZookeeperConfigUnread,
    &TemplateLogic,
];
