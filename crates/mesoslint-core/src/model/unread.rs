//! Files that clearly configure Mesos, ZooKeeper or Marathon in a format mesoslint does not
//! read: Kubernetes manifests and Helm charts with `MESOS_*` env, Nomad jobs, Terraform,
//! Ansible variables, Dockerfiles, templates of files it does not know, and shell scripts
//! outside every host's tree that write the daemons' files or start them (provisioning and
//! start scripts). Reading none of them is fine; passing them silently is not ("never a silent
//! clean"): the IN rules name each one and say what was not checked. Cost: one pass over each
//! candidate file's lines.

use crate::files::{FileId, FileSet, Span};
use crate::parse::strip_template_suffix;
use crate::FastSet;

/// An unread file and the first thing in it that shows it configures a daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadFile {
    pub file: FileId,
    /// What the file is: `a Kubernetes manifest`, `a Nomad job`, ...
    pub format: &'static str,
    /// The daemon it configures: `Mesos`, `ZooKeeper`, `Marathon`.
    pub daemon: &'static str,
    /// The evidence as written (a variable or flag name, an image, a command), never a value.
    pub evidence: String,
    pub span: Span,
    /// For a script whose writes were partly read: what could not be read.
    pub detail: Option<String>,
}

/// Candidates among the files no host, container or compose file has read. `placed` holds
/// the files of every host's tree: a script there may be one the host's units run, so only
/// scripts outside every host are named.
pub fn unread_files(
    files: &FileSet,
    read: &FastSet<FileId>,
    placed: &FastSet<FileId>,
) -> Vec<UnreadFile> {
    let mut out = Vec::new();
    for (path, id) in files.paths() {
        if read.contains(&id) || !super::is_parsable(files, id) {
            continue;
        }
        let text = files.get(id).text();
        let found = match format_of(path) {
            Some(format) => evidence_in_format(text, &format)
                .map(|(d, e, r)| (format_name(text, &format), (d, e, r, None))),
            // a script inside a host's tree may be one of the host's units' start scripts
            None if placed.contains(&id) => None,
            // a file a script writes is read as what it is
            None if files.get(id).origin().is_some() => None,
            None => super::unread_scripts::script_format(path, text)
                .and_then(|name| Some((name, super::unread_scripts::script_evidence(path, text)?))),
        };
        if let Some((format, (daemon, evidence, range, detail))) = found {
            out.push(UnreadFile {
                file: id,
                format,
                daemon,
                evidence,
                span: Span::new(id, range),
                detail,
            });
        }
    }
    out
}

/// What the file is called in the finding: the content decides between Kubernetes and others.
fn format_name(text: &str, format: &Format) -> &'static str {
    if format.yaml && text.contains("apiVersion:") && text.contains("kind:") {
        "a Kubernetes manifest"
    } else {
        format.name
    }
}

/// The first evidence in a file of a known unread format.
fn evidence_in_format(
    text: &str,
    format: &Format,
) -> Option<(&'static str, String, std::ops::Range<usize>)> {
    // mesoslint's own baseline names daemons in its messages: not a configuration
    if format.json && text.contains("\"findings\"") && text.contains("\"code\"") {
        return None;
    }
    first_evidence(text, format.yaml, !format.json)
}

struct Format {
    name: &'static str,
    yaml: bool,
    /// JSON names daemons in all kinds of data (dashboards, package lists, reports): only
    /// environment names (`MESOS_QUORUM`) count as evidence there, not daemon words.
    json: bool,
}

/// The formats looked into, by name (the content decides between Kubernetes and Helm).
fn format_of(path: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let in_dir = |d: &str| lower.split('/').rev().skip(1).any(|c| c == d);
    if let Some(rendered) = strip_template_suffix(name) {
        // templates of scripts and units are the script and unit readers' business
        let script = [".sh", ".bash", ".service", ".conf", ".init", ".py"]
            .iter()
            .any(|s| rendered.ends_with(s));
        if !script && !rendered.is_empty() {
            return Some(Format {
                name: "an unrendered template",
                yaml: rendered.ends_with(".yml") || rendered.ends_with(".yaml"),
                json: false,
            });
        }
        return None;
    }
    let f = |name, yaml| {
        Some(Format {
            name,
            yaml,
            json: false,
        })
    };
    if name.ends_with(".nomad") || name.ends_with(".nomad.hcl") {
        return f("a Nomad job", false);
    }
    if name.ends_with(".hcl") {
        return f("an HCL file (Nomad, Consul or Packer)", false);
    }
    if name.ends_with(".tf") || name.ends_with(".tf.json") {
        return f("a Terraform file", false);
    }
    if name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") {
        return f("a Dockerfile", false);
    }
    if name.ends_with(".json") {
        return Some(Format {
            name: "a JSON file (an ECS task definition or similar)",
            yaml: false,
            json: true,
        });
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        if in_dir("templates") && in_dir("charts") || name.starts_with("values") {
            return f("a Helm chart file", true);
        }
        if ["defaults", "vars", "group_vars", "host_vars"]
            .iter()
            .any(|d| in_dir(d))
        {
            return f("a file of Ansible variables", true);
        }
        return f("a YAML file (Kubernetes, Ansible tasks or similar)", true);
    }
    None
}

/// Variables Mesos and Marathon set for the tasks they run: naming them configures nothing.
const RUNTIME_VARS: &[&str] = &[
    "MESOS_TASK_",
    "MESOS_SANDBOX",
    "MESOS_CONTAINER_",
    "MESOS_EXECUTOR_",
    "MESOS_FRAMEWORK_",
    "MESOS_AGENT_ENDPOINT",
    "MESOS_SLAVE_ID",
    "MESOS_SLAVE_PID",
    "MESOS_DIRECTORY",
    "MESOS_CHECKPOINT",
    "MESOS_ALLOCATION_ROLE",
    "MARATHON_APP_",
];

/// Words that name a daemon binary or image.
const DAEMON_WORDS: &[(&str, &str)] = &[
    ("mesosphere/mesos", "Mesos"),
    ("mesos-master", "Mesos"),
    ("mesos-slave", "Mesos"),
    ("mesos-agent", "Mesos"),
    ("mesosphere/marathon", "Marathon"),
    ("zkServer.sh", "ZooKeeper"),
    ("QuorumPeerMain", "ZooKeeper"),
];

/// Prefixes of Ansible/Helm-style variable names for a daemon's settings (`mesos_quorum:`).
const VAR_KEYS: &[(&str, &str)] = &[
    ("mesos_", "Mesos"),
    ("zookeeper_", "ZooKeeper"),
    ("marathon_", "Marathon"),
];

/// The first evidence in the text: an env name (`MESOS_QUORUM`, `ZOO_SERVERS`), a daemon's
/// binary or image, or, in YAML, a variable key such as `mesos_quorum:`.
fn first_evidence(
    text: &str,
    yaml: bool,
    words: bool,
) -> Option<(&'static str, String, std::ops::Range<usize>)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some((daemon, at, len)) = env_name(line) {
            let word = line.get(at..at + len).unwrap_or("").to_string();
            return Some((daemon, word, start + at..start + at + len));
        }
        for (word, daemon) in DAEMON_WORDS.iter().filter(|_| words) {
            if let Some(at) = line.find(word) {
                return Some((
                    daemon,
                    (*word).to_string(),
                    start + at..start + at + word.len(),
                ));
            }
        }
        if yaml {
            let trimmed = line.trim_start_matches([' ', '\t', '-']).trim_start();
            let indent = line.len() - trimmed.len();
            for (prefix, daemon) in VAR_KEYS {
                let Some(rest) = trimmed.strip_prefix(prefix) else {
                    continue;
                };
                let ident = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                if ident > 0 && rest.as_bytes().get(ident) == Some(&b':') {
                    let len = prefix.len() + ident;
                    let key = trimmed.get(..len).unwrap_or("").to_string();
                    return Some((daemon, key, start + indent..start + indent + len));
                }
            }
            if let Some(at) = zookeeper_image(line) {
                return Some(("ZooKeeper", "zookeeper".into(), start + at..start + at + 9));
            }
        }
    }
    None
}

/// `MESOS_X`, `ZOO_X`, `MARATHON_X` as a whole word (upper case after the prefix), not one
/// of the variables the daemons set for their tasks: (daemon, offset, length).
pub(super) fn env_name(line: &str) -> Option<(&'static str, usize, usize)> {
    let b = line.as_bytes();
    for (prefix, daemon) in [
        ("MESOS_", "Mesos"),
        ("ZOO_", "ZooKeeper"),
        ("MARATHON_", "Marathon"),
    ] {
        let mut from = 0;
        while let Some(i) = line.get(from..).and_then(|l| l.find(prefix)) {
            let at = from + i;
            from = at + prefix.len();
            let word_start = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
            let len = b[at..]
                .iter()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == b'_')
                .count();
            let name = line.get(at..at + len).unwrap_or("");
            if word_start && len > prefix.len() && !RUNTIME_VARS.iter().any(|r| name.starts_with(r))
            {
                return Some((daemon, at, len));
            }
        }
    }
    None
}

/// `image: zookeeper:3.5`, `image: "bitnami/zookeeper"` in a YAML line: the offset of the
/// image's base name.
fn zookeeper_image(line: &str) -> Option<usize> {
    let t = line.trim_start_matches([' ', '\t', '-']).trim_start();
    let image = t.strip_prefix("image:")?.trim().trim_matches(['"', '\'']);
    let path = image.split([':', '@']).next().unwrap_or(image);
    let base = path.rsplit('/').next().unwrap_or(path);
    if base == "zookeeper" {
        line.find("zookeeper")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unread(path: &str, text: &str) -> Option<UnreadFile> {
        let mut fs = FileSet::new();
        fs.add_text(path, text);
        unread_files(&fs, &FastSet::default(), &FastSet::default()).pop()
    }

    #[test]
    fn kubernetes_and_helm_with_mesos_env() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  containers:\n    - env:\n        - name: MESOS_QUORUM\n          value: \"1\"\n";
        let u = unread("k8s/master.yaml", text).unwrap();
        assert_eq!((u.daemon, u.evidence.as_str()), ("Mesos", "MESOS_QUORUM"));
        assert_eq!(u.format, "a Kubernetes manifest");
        assert_eq!(u.span.range(), 85..97);
        let u = unread("charts/zk/values.yaml", "image: zookeeper:3.5\n").unwrap();
        assert_eq!(u.format, "a Helm chart file");
        assert_eq!(u.daemon, "ZooKeeper");
    }

    #[test]
    fn nomad_terraform_ansible_templates() {
        let u = unread(
            "jobs/mesos.nomad",
            "job \"m\" {\n  config { image = \"mesosphere/mesos-master:1.4.1\" }\n}\n",
        )
        .unwrap();
        assert_eq!(u.format, "a Nomad job");
        let u = unread("roles/mesos/defaults/main.yml", "---\nmesos_quorum: 2\n").unwrap();
        assert_eq!(
            (u.format, u.evidence.as_str()),
            ("a file of Ansible variables", "mesos_quorum")
        );
        assert!(unread("templates/mesos-master.yml.j2", "MESOS_ZK: {{ zk }}\n").is_some());
    }

    #[test]
    fn unrelated_files_and_task_variables_are_not_reported() {
        assert!(unread("k8s/web.yaml", "kind: Deployment\nimage: nginx\n").is_none());
        assert!(unread(
            "apps/web.json",
            "{\"cmd\": \"echo $MESOS_SANDBOX $MARATHON_APP_ID\"}"
        )
        .is_none());
        assert!(unread("README.md", "MESOS_QUORUM=2\n").is_none());
        assert!(unread("x.yml", "my_mesos_quorum: 2\nNOTMESOS_X: 1\n").is_none());
        assert!(unread("run.sh.j2", "docker run mesosphere/mesos-master\n").is_none());
    }
}
