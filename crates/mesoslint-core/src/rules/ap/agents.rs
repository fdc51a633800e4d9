//! What the agents of the tree offer, as far as their configuration shows it: containerizers,
//! attributes, roles, resources and port ranges. Every answer is `None` when some agent's
//! value is unknown (a placeholder, a `file://` value, a resource the agent detects from the
//! machine): the `AP` rules that compare an app with the cluster then say nothing.

use std::collections::BTreeSet;

use crate::files::Span;
use crate::model::{Cluster, Host, MesosDaemon};
use crate::parse::agent_values::{parse_mesos_value, MesosValue};
use crate::rules::ma::util::{agent_anchor, isolation_tokens};

/// The ports an agent offers when its `resources` do not say (`src/slave/constants.hpp`
/// `DEFAULT_PORTS`).
pub(crate) const DEFAULT_PORTS: (u64, u64) = (31000, 32000);

/// One agent and what it offers.
pub(crate) struct Offer<'a> {
    pub host: &'a Host,
    pub agent: &'a MesosDaemon,
}

/// Every agent of the tree.
pub(crate) fn offers(cluster: &Cluster) -> Vec<Offer<'_>> {
    crate::rules::ma::util::agents(cluster)
        .map(|(host, agent)| Offer { host, agent })
        .collect()
}

/// One `name(role):value` item of a `--resources` text.
pub(crate) struct ResourceItem {
    pub name: String,
    pub role: Option<String>,
    pub value: Option<MesosValue>,
}

impl<'a> Offer<'a> {
    pub fn name(&self) -> &'a str {
        crate::rules::mm::util::host_name(self.host)
    }

    /// Where to point for this agent: the flag's value, else the agent's evidence.
    pub fn span(&self, flag: &str) -> Option<Span> {
        self.agent
            .flags
            .get(flag)
            .and_then(|d| d.span())
            .or_else(|| agent_anchor(self.host, self.agent))
    }

    /// A flag's value: `Some(None)` when not set, `None` when set to something unknown.
    fn flag(&self, name: &str) -> Option<Option<&'a str>> {
        match self.agent.flags.get(name) {
            None => Some(None),
            Some(d) => d.known_value().map(Some),
        }
    }

    fn list(&self, name: &str, default: &str) -> Option<Vec<String>> {
        let v = self.flag(name)?.unwrap_or(default);
        Some(
            v.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    pub fn containerizers(&self) -> Option<Vec<String>> {
        self.list("containerizers", "mesos")
    }

    pub fn image_providers(&self) -> Option<Vec<String>> {
        self.list("image_providers", "")
    }

    pub fn isolation(&self) -> Option<Vec<String>> {
        isolation_tokens(self.agent)
    }

    /// `--attributes` as (name, value) pairs.
    pub fn attributes(&self) -> Option<Vec<(String, String)>> {
        let text = self.flag("attributes")?.unwrap_or("");
        if text.trim_start().starts_with("file://") {
            return None;
        }
        Some(
            text.split(';')
                .filter_map(|item| {
                    let (k, v) = item.split_once(':')?;
                    Some((k.trim().to_string(), v.trim().to_string()))
                })
                .collect(),
        )
    }

    /// `--resources` in its text form (`cpus:4;mem(web):1024;ports:[31000-32000]`); `None`
    /// for the JSON form or a file, which this module does not read yet.
    pub fn resources(&self) -> Option<Vec<ResourceItem>> {
        let text = self.flag("resources")?.unwrap_or("").trim();
        if text.starts_with('[') || text.starts_with("file://") {
            return None;
        }
        Some(
            text.split(';')
                .filter(|i| !i.trim().is_empty())
                .filter_map(|item| {
                    let (head, value) = item.split_once(':')?;
                    let head = head.trim();
                    let (name, role) = match head.split_once('(') {
                        Some((n, r)) => (n, Some(r.trim_end_matches(')').trim().to_string())),
                        None => (head, None),
                    };
                    // `name(role){reservation}` forms keep the braces out of the name
                    let name = name.split('{').next().unwrap_or(name).trim().to_string();
                    Some(ResourceItem {
                        name,
                        role,
                        value: parse_mesos_value(value.trim()).ok(),
                    })
                })
                .collect(),
        )
    }

    /// The agent's default role (`--default_role`, `*` unless set).
    pub fn default_role(&self) -> Option<String> {
        Some(self.flag("default_role")?.unwrap_or("*").to_string())
    }

    /// The roles whose resources this agent offers.
    pub fn roles(&self) -> Option<BTreeSet<String>> {
        let default = self.default_role()?;
        let items = self.resources()?;
        let mut roles: BTreeSet<String> = items.iter().filter_map(|i| i.role.clone()).collect();
        // resources not named in --resources are detected and given the default role
        roles.insert(default);
        Some(roles)
    }

    /// A scalar resource the flag states (summed over roles); `None` when the agent detects
    /// it from the machine (not in `--resources`) or the flag is unknown.
    pub fn scalar(&self, name: &str) -> Option<f64> {
        let items = self.resources()?;
        let mut found = None;
        for i in items.iter().filter(|i| i.name == name) {
            match &i.value {
                Some(MesosValue::Scalar(v)) => *found.get_or_insert(0.0) += v,
                _ => return None,
            }
        }
        if found.is_none() && name == "gpus" {
            // without the nvidia isolator an agent offers no GPUs; with it, it detects them
            let gpu = self.isolation()?.iter().any(|t| t == "gpu/nvidia");
            return if gpu { None } else { Some(0.0) };
        }
        found
    }

    /// The port ranges the agent offers.
    pub fn ports(&self) -> Option<Vec<(u64, u64)>> {
        let items = self.resources()?;
        let mut out = Vec::new();
        let mut any = false;
        for i in items.iter().filter(|i| i.name == "ports") {
            any = true;
            match &i.value {
                Some(MesosValue::Ranges(r)) => out.extend(r.iter().copied()),
                _ => return None,
            }
        }
        if !any {
            out.push(DEFAULT_PORTS);
        }
        Some(out)
    }
}

/// The answer of `f` for every agent, or `None` when any agent's is unknown (or there is no
/// agent at all).
pub(crate) fn all_known<'a, T>(
    offers: &[Offer<'a>],
    f: impl Fn(&Offer<'a>) -> Option<T>,
) -> Option<Vec<T>> {
    if offers.is_empty() {
        return None;
    }
    offers.iter().map(f).collect()
}
