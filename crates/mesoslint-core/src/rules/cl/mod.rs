//! Rules of the `CL` family.

use crate::rule::Rule;

mod role_overlap;
mod zookeeper_on_agent;

pub use role_overlap::RoleOverlap;
pub use zookeeper_on_agent::ZookeeperOnAgent;

pub(crate) static RULES: &[&dyn Rule] = &[&RoleOverlap, &ZookeeperOnAgent];
