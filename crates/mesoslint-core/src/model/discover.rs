//! Host discovery: which directories of a tree are hosts' roots, and what each file of a host
//! is (RULES.md §1 "Host roots" and "Files, per host").

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::{FastMap, FastSet};

use crate::files::{components, FileId, FileSet};
use crate::parse::strip_template_suffix;

/// What a file is, by its path relative to its host root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `etc/mesos/zk`
    MesosZk,
    /// Any other file in `etc/mesos/` (read by nothing unless it is a source install's env file).
    MesosOther(String),
    /// A file in `etc/mesos-master/`: the flag file name as written.
    MasterFlag(String),
    /// A file in `etc/mesos-slave/` or `etc/mesos-agent/` (`agent_dir` tells which).
    AgentFlag {
        name: String,
        agent_dir: bool,
    },
    /// `etc/mesos-slave/attributes/<k>` (and the `mesos-agent` form).
    AgentAttribute {
        key: String,
        agent_dir: bool,
    },
    /// `etc/mesos-slave/resources/<k>`.
    AgentResource {
        key: String,
        agent_dir: bool,
    },
    /// Anything deeper in a flag directory (the wrappers ignore subdirectories).
    FlagDirOther {
        dir: String,
        rest: String,
    },
    /// `etc/default/<name>` or `etc/sysconfig/<name>` for mesos, mesos-master, mesos-slave,
    /// mesos-agent, marathon, zookeeper.
    EnvDefaults {
        name: String,
        sysconfig: bool,
    },
    /// `mesos-master-env.sh`, `mesos-agent-env.sh`, `mesos-slave-env.sh` of a source install.
    SourceEnv {
        daemon: String,
    },
    /// A ZooKeeper `zoo.cfg`.
    ZooCfg,
    /// `etc/zookeeper/conf/myid`
    MyIdConf,
    /// `var/lib/zookeeper/myid`
    MyIdVarLib,
    /// A file in `etc/marathon/conf/` (path below it, `/`-separated: the wrapper recurses).
    MarathonConf(String),
    Fstab,
    EtcHosts,
    Hostname,
    /// `etc/init/<svc>.override`
    UpstartOverride(String),
    /// `etc/init/<svc>.conf`
    UpstartJob(String),
    /// `etc/systemd/system/<unit>.service` and the `lib/` locations.
    SystemdUnit(String),
    /// `etc/systemd/system/<target>.wants/<unit>.service`: the unit is enabled.
    SystemdWants(String),
    /// Anything else under the host root (a dataDir `myid`, a credentials file, ...).
    Other,
}

/// Classify a path relative to a host root (template suffix already stripped).
pub fn classify(rel: &str) -> Option<FileKind> {
    with_parts(rel, classify_parts)
}

/// Call `f` with the `/`-separated components of `path`, collected on the stack when there are
/// few (every path a host file can have), in a `Vec` otherwise.
fn with_parts<R>(path: &str, f: impl FnOnce(&[&str]) -> R) -> R {
    const ON_STACK: usize = 16;
    let mut buf = [""; ON_STACK];
    let mut n = 0;
    for part in components(path) {
        match buf.get_mut(n) {
            Some(slot) => *slot = part,
            None => {
                let parts: Vec<&str> = components(path).collect();
                return f(&parts);
            }
        }
        n += 1;
    }
    f(buf.get(..n).unwrap_or(&[]))
}

fn classify_parts(parts: &[&str]) -> Option<FileKind> {
    use FileKind::*;
    let kind = match parts {
        ["etc", "mesos", "zk"] => MesosZk,
        ["etc", "mesos", name] if is_source_env(name) => SourceEnv {
            daemon: source_env_daemon(name),
        },
        ["etc", "mesos", name] => MesosOther((*name).to_string()),
        ["etc", "mesos-master", name] => MasterFlag((*name).to_string()),
        ["etc", dir @ ("mesos-slave" | "mesos-agent"), "attributes", key] => AgentAttribute {
            key: (*key).to_string(),
            agent_dir: *dir == "mesos-agent",
        },
        ["etc", dir @ ("mesos-slave" | "mesos-agent"), "resources", key] => AgentResource {
            key: (*key).to_string(),
            agent_dir: *dir == "mesos-agent",
        },
        ["etc", dir @ ("mesos-slave" | "mesos-agent"), name] => AgentFlag {
            name: (*name).to_string(),
            agent_dir: *dir == "mesos-agent",
        },
        ["etc", dir @ ("mesos-master" | "mesos-slave" | "mesos-agent"), rest @ ..]
            if rest.len() > 1 =>
        {
            FlagDirOther {
                dir: (*dir).to_string(),
                rest: rest.join("/"),
            }
        }
        ["etc", d @ ("default" | "sysconfig"), name]
            if matches!(
                *name,
                "mesos" | "mesos-master" | "mesos-slave" | "mesos-agent" | "marathon" | "zookeeper"
            ) =>
        {
            EnvDefaults {
                name: (*name).to_string(),
                sysconfig: *d == "sysconfig",
            }
        }
        ["etc", "zookeeper", "conf" | "conf_example", "zoo.cfg"]
        | ["etc", "zookeeper", "zoo.cfg"] => ZooCfg,
        ["etc", "zookeeper", "conf" | "conf_example", "myid"] => MyIdConf,
        ["var", "lib", "zookeeper", "myid"] => MyIdVarLib,
        ["opt" | "usr" | "srv", .., zk, "conf", "zoo.cfg"] if zk.starts_with("zookeeper") => ZooCfg,
        ["opt" | "usr", .., "etc", "mesos", name] if is_source_env(name) => SourceEnv {
            daemon: source_env_daemon(name),
        },
        ["etc", "marathon", "conf", rest @ ..] if !rest.is_empty() => MarathonConf(rest.join("/")),
        ["etc", "fstab"] => Fstab,
        ["etc", "hosts"] => EtcHosts,
        ["etc", "hostname"] => Hostname,
        ["etc", "init", name] if name.ends_with(".override") => {
            UpstartOverride(name.trim_end_matches(".override").to_string())
        }
        ["etc", "init", name] if name.ends_with(".conf") => {
            UpstartJob(name.trim_end_matches(".conf").to_string())
        }
        ["etc", "systemd", "system", wants, name]
            if wants.ends_with(".wants") && name.ends_with(".service") =>
        {
            SystemdWants(name.trim_end_matches(".service").to_string())
        }
        ["etc" | "lib" | "usr", .., "systemd", "system", name] if name.ends_with(".service") => {
            SystemdUnit(name.trim_end_matches(".service").to_string())
        }
        _ => return None,
    };
    Some(kind)
}

fn is_source_env(name: &str) -> bool {
    matches!(
        name,
        "mesos-master-env.sh" | "mesos-agent-env.sh" | "mesos-slave-env.sh"
    )
}

fn source_env_daemon(name: &str) -> String {
    name.trim_end_matches("-env.sh").to_string()
}

/// A host found in the tree.
#[derive(Clone, Debug)]
pub struct DiscoveredHost {
    pub name: String,
    /// Root directory relative to the tree, `""` for the tree itself.
    pub root: String,
    /// Every file under the root (that no deeper host claims), with its classification and
    /// its path relative to the root (template suffix stripped).
    pub files: Vec<HostFile>,
}

#[derive(Clone, Debug)]
pub struct HostFile {
    pub id: FileId,
    pub rel: String,
    pub kind: FileKind,
    /// The file is a template source (`zoo.cfg.j2`): values with placeholders are unknown.
    pub template: bool,
}

/// Where a path's host root starts: the first `etc`, `var`, `opt`, `usr`, `lib` or `srv`
/// component from which the rest of the path is a known file. Paths with no `etc` component
/// whose first component is a known `etc` entry are taken as a bare `etc/` (pasted files).
/// Returns the root, the path relative to it (template suffix stripped) and what the file is.
fn host_root_of(path: &str) -> Option<(&str, Cow<'_, str>, FileKind)> {
    let path = strip_template_suffix(path).unwrap_or(path);
    let mut has_etc = false;
    let mut start = 0; // byte offset of the current component
    for part in components(path) {
        if matches!(part, "etc" | "var" | "opt" | "usr" | "lib" | "srv") {
            has_etc |= part == "etc";
            let rel = path.get(start..).unwrap_or("");
            if let Some(kind) = classify(rel) {
                let root = match start.checked_sub(1) {
                    Some(end) => path.get(..end).unwrap_or(""),
                    None => "",
                };
                return Some((root, Cow::Borrowed(rel), kind));
            }
        }
        start += part.len() + 1;
    }
    if !has_etc {
        let rel = format!("etc/{path}");
        if let Some(kind) = classify(&rel) {
            if matches!(
                kind,
                FileKind::MesosZk
                    | FileKind::MasterFlag(_)
                    | FileKind::AgentFlag { .. }
                    | FileKind::AgentAttribute { .. }
                    | FileKind::AgentResource { .. }
                    | FileKind::EnvDefaults { .. }
                    | FileKind::ZooCfg
                    | FileKind::MyIdConf
                    | FileKind::MarathonConf(_)
            ) {
                return Some(("", Cow::Owned(rel), kind));
            }
        }
    }
    None
}

/// Find the hosts of a tree and assign every file to the host whose root is its longest prefix.
pub fn discover(files: &FileSet, declared_roots: &BTreeMap<String, String>) -> Vec<DiscoveredHost> {
    let paths: Vec<(&str, FileId)> = files.paths().collect();
    // Each file's classification relative to its own candidate root, in path order: the file
    // almost always belongs to that root, and then it need not be classified again. Files are
    // classified independently, so on every core with the `parallel` feature.
    let mut candidates: Vec<Option<(&str, Cow<'_, str>, FileKind)>> =
        crate::par::map_slice(&paths, |&(path, _)| host_root_of(path));
    // root -> bare (files given without etc/)
    let mut roots: BTreeMap<String, bool> = BTreeMap::new();
    // The files of a host are next to each other in path order; recording the same root with
    // the same bareness again changes nothing, so repeats skip the map.
    let mut previous: Option<(&str, bool)> = None;
    for (root, rel, _) in candidates.iter().flatten() {
        // A root found at a component of the path has an `etc` component or a rel not under
        // `etc/`; only the pasted-files form (an `etc/` made up) is bare.
        let bare = matches!(rel, Cow::Owned(_));
        if previous == Some((root, bare)) {
            continue;
        }
        previous = Some((root, bare));
        match roots.get_mut(*root) {
            Some(entry) => *entry = *entry && bare,
            None => {
                roots.insert((*root).to_string(), bare);
            }
        }
    }
    for root in declared_roots.values() {
        let root = crate::files::normalize_path(root);
        let root = if root == "." { String::new() } else { root };
        roots.entry(root).or_insert(false);
    }
    // root -> (bare, index in the host list)
    let root_index: FastMap<&str, (bool, usize)> = roots
        .iter()
        .enumerate()
        .map(|(i, (r, &b))| (r.as_str(), (b, i)))
        .collect();
    // Roots with another root below them: only files under these need the full search.
    let mut has_nested: FastSet<&str> = FastSet::default();
    for root in roots.keys().filter(|r| !r.is_empty()) {
        for ancestor in ancestors(root) {
            if root_index.contains_key(ancestor) {
                has_nested.insert(ancestor);
            }
        }
    }
    let placed: Vec<Option<(usize, HostFile)>> = crate::par::map_mut(&mut candidates, |i, c| {
        let &(path, id) = paths.get(i)?;
        place(path, id, c.take(), &root_index, &has_nested)
    });
    let mut counts = vec![0usize; roots.len()];
    for (host_index, _) in placed.iter().flatten() {
        if let Some(c) = counts.get_mut(*host_index) {
            *c += 1;
        }
    }
    let mut hosts: Vec<DiscoveredHost> = roots
        .keys()
        .zip(&counts)
        .map(|(root, &n)| DiscoveredHost {
            name: String::new(),
            root: root.clone(),
            files: Vec::with_capacity(n),
        })
        .collect();
    for (host_index, file) in placed.into_iter().flatten() {
        if let Some(host) = hosts.get_mut(host_index) {
            host.files.push(file);
        }
    }
    // Names: the last component of the root; the full root where last components collide;
    // a declared name wins.
    let mut last_counts: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(roots.len(), Default::default());
    for root in roots.keys() {
        *last_counts.entry(last_component(root)).or_default() += 1;
    }
    let mut out = hosts;
    for host in &mut out {
        let declared = declared_roots.iter().find(|(_, r)| {
            let r = crate::files::normalize_path(r);
            (r == "." && host.root.is_empty()) || r == host.root
        });
        host.name = match declared {
            Some((name, _)) => name.clone(),
            None => {
                let last = last_component(&host.root);
                if last_counts.get(last).copied().unwrap_or(0) > 1 && !host.root.is_empty() {
                    host.root.clone()
                } else {
                    last.to_string()
                }
            }
        };
    }
    crate::sort::sort_by(&mut out, |a, b| {
        a.name.cmp(&b.name).then(a.root.cmp(&b.root))
    });
    out
}

/// The host a file belongs to (the longest root that is a prefix of its path) and the file as
/// that host sees it.
fn place(
    path: &str,
    id: FileId,
    candidate: Option<(&str, Cow<'_, str>, FileKind)>,
    root_index: &FastMap<&str, (bool, usize)>,
    has_nested: &FastSet<&str>,
) -> Option<(usize, HostFile)> {
    // The file's own candidate root unless a root nests below that one; else try the path's
    // directories, deepest first.
    let owner = match &candidate {
        Some((root, _, _)) if !has_nested.contains(root) => root_index.get_key_value(root),
        _ => ancestors(path).find_map(|prefix| root_index.get_key_value(prefix)),
    };
    let (&root, &(bare, host_index)) = owner?;
    let rel_raw = if root.is_empty() {
        path
    } else {
        path.get(root.len() + 1..).unwrap_or("")
    };
    let (rel_untemplated, template) = match strip_template_suffix(rel_raw) {
        Some(stripped) => (stripped, true),
        None => (rel_raw, false),
    };
    let rel = if bare && !rel_untemplated.starts_with("etc/") {
        format!("etc/{rel_untemplated}")
    } else {
        rel_untemplated.to_string()
    };
    let kind = match candidate {
        Some((_, candidate_rel, kind)) if *candidate_rel == *rel => kind,
        _ => classify(&rel).unwrap_or(FileKind::Other),
    };
    Some((
        host_index,
        HostFile {
            id,
            rel,
            kind,
            template,
        },
    ))
}

/// The directories a path lies in, deepest first, ending with the tree itself (`""`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.bytes()
        .enumerate()
        .filter(|&(_, c)| c == b'/')
        .map(|(i, _)| path.get(..i).unwrap_or(""))
        .rev()
        .chain(std::iter::once(""))
}

fn last_component(root: &str) -> &str {
    if root.is_empty() {
        "."
    } else {
        root.rsplit('/').next().unwrap_or(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> FileSet {
        let mut fs = FileSet::new();
        for p in paths {
            fs.add_text(p, "x\n");
        }
        fs
    }

    #[test]
    fn finds_hosts_in_a_multi_host_tree() {
        let fs = tree(&[
            "hosts/master1/etc/mesos/zk",
            "hosts/master1/etc/mesos-master/quorum",
            "hosts/agent1/etc/mesos-slave/containerizers",
            "hosts/agent1/etc/fstab",
            "README.md",
        ]);
        let hosts = discover(&fs, &BTreeMap::new());
        let names: Vec<_> = hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["agent1", "master1"]);
        assert_eq!(hosts[1].files.len(), 2);
        assert!(hosts[0].files.iter().any(|f| f.kind == FileKind::Fstab));
    }

    #[test]
    fn bare_etc_is_one_host() {
        let fs = tree(&["etc/mesos/zk", "etc/zookeeper/conf/zoo.cfg"]);
        let hosts = discover(&fs, &BTreeMap::new());
        assert_eq!(hosts.len(), 1);
        assert_eq!(hosts[0].name, ".");
        assert_eq!(hosts[0].root, "");
    }

    #[test]
    fn pasted_files_without_etc() {
        let fs = tree(&["mesos-master/quorum", "zookeeper/conf/zoo.cfg"]);
        let hosts = discover(&fs, &BTreeMap::new());
        assert_eq!(hosts.len(), 1);
        assert!(hosts[0]
            .files
            .iter()
            .any(|f| f.rel == "etc/mesos-master/quorum"));
    }

    #[test]
    fn source_install_and_data_dir_files() {
        let fs = tree(&[
            "n1/usr/local/etc/mesos/mesos-master-env.sh",
            "n1/var/lib/zookeeper/myid",
            "n1/data/zk/myid",
        ]);
        let hosts = discover(&fs, &BTreeMap::new());
        assert_eq!(hosts.len(), 1);
        assert_eq!(hosts[0].root, "n1");
        assert!(hosts[0]
            .files
            .iter()
            .any(|f| f.rel == "data/zk/myid" && f.kind == FileKind::Other));
    }

    #[test]
    fn templates_are_classified_as_what_they_render() {
        let fs = tree(&["m1/etc/zookeeper/conf/zoo.cfg.j2"]);
        let hosts = discover(&fs, &BTreeMap::new());
        assert_eq!(hosts[0].files[0].kind, FileKind::ZooCfg);
        assert!(hosts[0].files[0].template);
    }

    #[test]
    fn nested_roots_claim_their_own_files() {
        let fs = tree(&[
            "a/etc/mesos/zk",
            "a/b/etc/mesos/zk",
            "a/b/etc/fstab",
            "a/notes/x",
            "etc/mesos-master/quorum",
        ]);
        let hosts = discover(&fs, &BTreeMap::new());
        let by_root = |root: &str| hosts.iter().find(|h| h.root == root).map(|h| h.files.len());
        assert_eq!(by_root(""), Some(1));
        assert_eq!(by_root("a"), Some(2));
        assert_eq!(by_root("a/b"), Some(2));
    }

    #[test]
    fn deep_and_odd_paths() {
        let deep = format!("{}etc/mesos/zk", "d/".repeat(40));
        let fs = tree(&[
            &deep,
            "ü/etc/mesos/zk",
            "x/opt/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/zookeeper/conf/zoo.cfg",
        ]);
        let hosts = discover(&fs, &BTreeMap::new());
        assert_eq!(hosts.len(), 3);
        assert!(hosts.iter().all(|h| h.files.len() == 1));
        assert!(hosts.iter().any(|h| h.files[0].kind == FileKind::ZooCfg));
        assert_eq!(classify(""), None);
        assert_eq!(classify("/"), None);
    }

    #[test]
    fn colliding_names_use_the_root() {
        let fs = tree(&["dc1/m1/etc/mesos/zk", "dc2/m1/etc/mesos/zk"]);
        let hosts = discover(&fs, &BTreeMap::new());
        let names: Vec<_> = hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["dc1/m1", "dc2/m1"]);
    }
}
