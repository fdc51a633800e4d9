//! What the tree's Marathons say about the options app validation depends on
//! (`--enable_features`, `--default_network_name`): a rule that needs one judges only when
//! the tree has a Marathon and its value there is known, and never guesses otherwise.

use crate::files::Span;
use crate::model::{Cluster, Host};

/// One Marathon's value of an option.
pub(crate) struct Seen<'a> {
    pub host: &'a Host,
    /// `None`: not set by anything in the tree (the daemon's default applies).
    pub value: Option<&'a str>,
    /// Where it is set, to point at.
    pub span: Option<Span>,
}

/// The option on every Marathon of the tree, or `None` when the tree has no Marathon or one
/// of them sets it to a value not known statically (a placeholder, unresolvable shell), or
/// reads an env file with a line that is no plain assignment (`MARATHON_X=a, b` unquoted is
/// a command to a shell): what such a line sets is not known, so its absence proves nothing.
pub(crate) fn everywhere<'a>(cluster: &'a Cluster, option: &str) -> Option<Vec<Seen<'a>>> {
    let mut out = Vec::new();
    for (host, m) in cluster.marathon_servers() {
        let package_env = host.env_files.iter().filter(|e| Some(e.file) == m.env_file);
        let unit_env = host
            .units
            .iter()
            .filter(|u| u.runs_marathon)
            .flat_map(|u| u.own_env_files.iter());
        if package_env
            .chain(unit_env)
            .any(|e| !e.parsed.other_commands.is_empty())
        {
            return None;
        }
        let seen = match m.flags.get(option) {
            None => Seen {
                host,
                value: None,
                span: None,
            },
            Some(d) => {
                let value = d.known_value()?;
                if crate::parse::has_placeholder(value) {
                    return None;
                }
                Seen {
                    host,
                    value: Some(value),
                    span: d.span(),
                }
            }
        };
        out.push(seen);
    }
    (!out.is_empty()).then_some(out)
}

/// The first Marathon of the tree known not to enable `feature` in `--enable_features`
/// (which has no feature by default), with the place of its `enable_features` if it has one.
pub(crate) fn feature_off<'a>(cluster: &'a Cluster, feature: &str) -> Option<Seen<'a>> {
    everywhere(cluster, "enable_features")?
        .into_iter()
        .find(|s| {
            !s.value
                .is_some_and(|v| v.split(',').any(|f| f.trim() == feature))
        })
}

/// `--default_network_name` when every Marathon of the tree agrees on it: `Some(None)` when
/// none sets it, `None` when the tree cannot tell (no Marathon, unknown or differing values).
pub(crate) fn default_network_name(cluster: &Cluster) -> Option<Option<String>> {
    let all = everywhere(cluster, "default_network_name")?;
    let first = all[0].value.map(str::trim).filter(|v| !v.is_empty());
    all.iter()
        .all(|s| s.value.map(str::trim).filter(|v| !v.is_empty()) == first)
        .then(|| first.map(str::to_string))
}
