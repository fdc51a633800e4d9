//! Provisioning scripts read as the files they create. A Vagrant, Packer or bootstrap script
//! that runs `echo 1 > /etc/mesos-master/quorum` or `cat > /etc/zookeeper/conf/zoo.cfg <<EOF`
//! configures a host as surely as a tree of those files does: [`add_script_files`] adds each
//! file such a script writes with literal content to the file set as a derived file
//! (`files::Origin`), under a root named after the script (`provision/master.sh/etc/...`).
//! Discovery then finds that root as one host, as it finds any tree, and every rule lints its
//! files unchanged; the findings are shown at the script bytes the content came from.
//!
//! Only the files the daemons and host discovery read are derived; a write whose path or
//! content the shell would expand, an append onto a file the script did not write, or a
//! `sed -i` edit leaves that file unknown (never guessed): IN012 names the script and says so.
//! Cost: one pass over each script (`parse::script_writes`).

use std::collections::BTreeMap;
use std::ops::Range;

use super::discover::{classify, DiscoveredHost, FileKind};
use crate::files::{normalize_path, FileId, FileSet, Origin};
use crate::parse::etc_hosts::parse_hostname;
use crate::parse::script_writes::{script_writes, Content, OpKind};

/// What a script's writes give.
#[derive(Debug, Default)]
pub(crate) struct ScriptReading {
    /// Files with a literal final content: path below the host root, content, the command
    /// that wrote it first.
    pub files: Vec<(String, Content, Range<usize>)>,
    /// Writes into the daemons' files that could not be read: the target as written, why,
    /// and where.
    pub unread: Vec<Unread>,
    /// Commands whose writes were read, with their here-documents (their lines are no
    /// evidence of anything unread), in order.
    pub read_commands: Vec<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unread {
    pub target: String,
    pub reason: &'static str,
    pub span: Range<usize>,
}

enum State {
    Known(Content, Range<usize>),
    Unknown(Unread),
}

/// The path below a host root of an absolute path the daemons or host discovery read.
fn host_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let rel = normalize_path(rest);
    if rel.starts_with("..") || rel == "." {
        return None;
    }
    let known = classify(&rel).is_some()
        || rel.ends_with("/myid")
        || super::unread_scripts::config_path_daemon(path).is_some();
    known.then_some(rel)
}

/// Read the writes of a script.
pub(crate) fn read_script(text: &str) -> ScriptReading {
    let mut state: BTreeMap<String, State> = BTreeMap::new();
    let mut out = ScriptReading::default();
    for op in script_writes(text) {
        let Some(path) = op.target.path.as_deref() else {
            // a path the shell expands: unknown, and worth saying when it names a daemon's
            // directory
            if super::unread_scripts::config_path_daemon(&op.target.raw).is_some() {
                out.unread.push(Unread {
                    target: op.target.raw.clone(),
                    reason: "a variable in the path",
                    span: op.target.span.clone(),
                });
            }
            continue;
        };
        // `cp FILE DIR/`: the copy is DIR/<FILE's name>
        let copy_into = match &op.kind {
            OpKind::Copy { from } => from
                .raw
                .rsplit('/')
                .next()
                .map(|name| format!("{}/{name}", path.trim_end_matches('/')))
                .filter(|p| {
                    let rel = |p: &str| classify(p.trim_start_matches('/'));
                    rel(p).is_some() && rel(path).is_none()
                }),
            _ => None,
        };
        let path = copy_into.as_deref().unwrap_or(path);
        let Some(rel) = host_path(path) else {
            continue;
        };
        let unknown = |reason| {
            State::Unknown(Unread {
                target: path.to_string(),
                reason,
                span: op.target.span.clone(),
            })
        };
        let copied = match &op.kind {
            OpKind::Copy { from } => Some(
                match from
                    .path
                    .as_deref()
                    .and_then(host_path)
                    .and_then(|f| state.get(&f))
                {
                    Some(State::Known(c, _)) => Ok(c.clone()),
                    _ => Err(()),
                },
            ),
            _ => None,
        };
        let next = match (op.kind, state.remove(&rel)) {
            (OpKind::Copy { .. }, _) => match copied {
                Some(Ok(c)) => State::Known(c, op.command.clone()),
                _ => unknown("a copy of a file whose content the script does not show"),
            },
            (
                OpKind::Write {
                    content: Err(why), ..
                },
                _,
            ) => unknown(why),
            (
                OpKind::Write {
                    append: false,
                    content: Ok(c),
                },
                _,
            ) => State::Known(c, op.command.clone()),
            (
                OpKind::Write {
                    append: true,
                    content: Ok(c),
                },
                Some(State::Known(mut k, at)),
            ) => {
                k.append(&c);
                State::Known(k, at)
            }
            (OpKind::Write { append: true, .. }, Some(State::Unknown(u))) => State::Unknown(u),
            (OpKind::Write { append: true, .. }, None) => {
                unknown("an append to a file whose earlier content the script does not show")
            }
            (OpKind::Edit, _) => unknown("an edit with `sed -i`"),
            (OpKind::Remove, _) => continue,
        };
        if matches!(next, State::Known(..)) {
            out.read_commands.push(op.covered);
        }
        state.insert(rel, next);
    }
    for (rel, s) in state {
        match s {
            State::Known(c, at) => out.files.push((rel, c, at)),
            State::Unknown(u) => out.unread.push(u),
        }
    }
    crate::sort::sort_by(&mut out.unread, |a, b| a.span.start.cmp(&b.span.start));
    crate::sort::sort_by(&mut out.read_commands, |a, b| a.start.cmp(&b.start));
    out
}

/// The scripts whose writes are read: shell scripts (by extension or `#!` line), not
/// Vagrantfiles (Ruby, with one provisioner per machine), not derived files themselves.
fn is_provisioning_script(path: &str, file: &crate::files::SourceFile) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    file.origin().is_none()
        && file.problem().is_none()
        && !file.is_binary()
        && !name.eq_ignore_ascii_case("vagrantfile")
        && super::unread_scripts::script_format(path, file.text()).is_some()
}

/// Add to `files` every file a shell script of the tree writes with literal content, as
/// derived files under `<script path>/`. Front-ends call this once, after reading the tree and
/// before building the model (a second call changes nothing). Returns how many were added.
pub fn add_script_files(files: &mut FileSet) -> usize {
    let scripts: Vec<(FileId, String)> = files
        .iter()
        .filter(|(_, f)| is_provisioning_script(f.path(), f))
        .map(|(id, f)| (id, f.path().to_string()))
        .collect();
    let readings = crate::par::map(scripts, |(id, path)| {
        let reading = read_script(files.get(id).text());
        (id, path, reading.files)
    });
    let mut n = 0;
    for (id, path, derived) in readings {
        for (rel, content, command) in derived {
            let origin = Origin::new(id, command, &content.src);
            files.add_derived(&format!("{path}/{rel}"), &content.text, origin);
            n += 1;
        }
    }
    n
}

/// The hosts discovery found under scripts' paths (their files are derived): each named after
/// the hostname its script writes (`etc/hostname`), else the script's path. A script inside
/// another host's tree gives no host of its own (a script there may be one that host's units
/// run; IN012 is silent on it as before).
pub(crate) fn script_hosts(files: &FileSet, mut hosts: Vec<DiscoveredHost>) -> Vec<DiscoveredHost> {
    let script = |h: &DiscoveredHost| h.files.first().and_then(|f| script_of(files, f.id));
    let placed: crate::FastSet<FileId> = hosts
        .iter()
        .filter(|h| script(h).is_none())
        .flat_map(|h| h.files.iter().map(|f| f.id))
        .collect();
    hosts.retain_mut(|h| {
        let Some(s) = script(h) else {
            return true;
        };
        if placed.contains(&s) {
            return false;
        }
        let hostname = h
            .files
            .iter()
            .find(|f| f.kind == FileKind::Hostname)
            .and_then(|f| parse_hostname(files.get(f.id).text()));
        h.name = match hostname {
            Some((name, _)) => name,
            None => files.path(s).to_string(),
        };
        true
    });
    hosts
}

/// The script a derived file comes from.
pub(crate) fn script_of(files: &FileSet, id: FileId) -> Option<FileId> {
    files.get(id).origin().map(|o| o.script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_final_content_of_each_daemon_file() {
        let src = "#!/bin/bash\necho 1 > /etc/mesos-master/quorum\necho 2 > /etc/mesos-master/quorum\necho x > /tmp/notes\necho a >> /etc/zookeeper/conf/zoo.cfg\ncat > /etc/mesos/zk <<EOF\nzk://a:2181/mesos\nEOF\necho \"$IP\" > /etc/mesos-master/ip\necho 1 > /etc/mesos-slave/$F\nsed -i s/a/b/ /etc/default/mesos\nrm -f /etc/mesos-master/ip\ncp /etc/mesos/zk /etc/marathon/conf/master\ncp /etc/mesos-master/quorum /etc/marathon/conf\ncp /tmp/x /etc/mesos-master/cluster\n";
        let r = read_script(src);
        let files: Vec<(&str, &str)> = r
            .files
            .iter()
            .map(|(p, c, _)| (p.as_str(), c.text.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                ("etc/marathon/conf/master", "zk://a:2181/mesos\n"),
                ("etc/marathon/conf/quorum", "2\n"),
                ("etc/mesos-master/quorum", "2\n"),
                ("etc/mesos/zk", "zk://a:2181/mesos\n")
            ]
        );
        let unread: Vec<(&str, &str)> = r
            .unread
            .iter()
            .map(|u| (u.target.as_str(), u.reason))
            .collect();
        assert_eq!(
            unread,
            [
                (
                    "/etc/zookeeper/conf/zoo.cfg",
                    "an append to a file whose earlier content the script does not show"
                ),
                ("/etc/mesos-slave/$F", "a variable in the path"),
                ("/etc/default/mesos", "an edit with `sed -i`"),
                (
                    "/etc/mesos-master/cluster",
                    "a copy of a file whose content the script does not show"
                ),
            ]
        );
        assert_eq!(r.read_commands.len(), 5);
    }

    #[test]
    fn derived_files_sit_under_the_script_and_are_added_once() {
        let mut fs = FileSet::new();
        let s = fs.add_text(
            "vagrant/master.sh",
            "echo 2 | sudo tee /etc/mesos-master/quorum\n",
        );
        fs.add_text("vagrant/Vagrantfile", "echo 2 > /etc/mesos-master/quorum\n");
        fs.add_text("README.md", "echo 2 > /etc/mesos-master/quorum\n");
        assert_eq!(add_script_files(&mut fs), 1);
        let d = fs
            .lookup("vagrant/master.sh/etc/mesos-master/quorum")
            .unwrap();
        assert_eq!(fs.get(d).text(), "2\n");
        assert_eq!(script_of(&fs, d), Some(s));
        let shown = fs.shown_span(crate::Span::new(d, 0..1));
        assert_eq!(fs.text(shown), "2");
        assert_eq!(add_script_files(&mut fs), 1);
        assert_eq!(fs.len(), 4);
    }

    #[test]
    fn three_scripts_are_three_masters_and_fixes_edit_the_scripts() {
        let mut fs = FileSet::new();
        for i in 1..=3 {
            fs.add_text(
                &format!("provision/m{i}.sh"),
                &format!("#!/bin/sh\nhostnamectl status\necho m{i} > /etc/hostname\necho zk://m1:2181,m2:2181,m3:2181/mesos > /etc/mesos/zk\necho 1 > /etc/mesos-master/quorum\n"),
            );
        }
        add_script_files(&mut fs);
        let config = crate::Config::default();
        let cluster = crate::model::Cluster::build(&fs, &config);
        let names: Vec<&str> = cluster.masters().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["m1", "m2", "m3"]);
        let report = crate::lint_cluster(&fs, &config, &cluster);
        let mm = report
            .diagnostics
            .iter()
            .find(|d| d.code == "MM001")
            .expect("MM001");
        let label = mm.primary_label().unwrap();
        assert!(fs.path(label.span.file).starts_with("provision/m"));
        assert_eq!(fs.text(label.span), "1");
        assert!(mm.host.as_deref().is_some_and(|h| h.starts_with('m')));
        let fix = mm.fix.as_ref().expect("the quorum fix edits the scripts");
        assert_eq!(fix.edits.len(), 3);
        for e in &fix.edits {
            assert!(fs.get(e.span.file).origin().is_none());
            assert_eq!(fs.text(e.span), "1");
            assert_eq!(e.replacement, "2");
        }
        assert!(report.diagnostics.iter().all(|d| d.code != "IN012"));
    }
}
