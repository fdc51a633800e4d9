//! Shell scripts outside every host's tree that configure a daemon: provisioning scripts
//! (Vagrant, Packer, bootstrap) that write `/etc/mesos-master/quorum` or `zoo.cfg` with
//! `echo`, `tee`, `cat <<EOF` or `sed -i`, and start scripts that run the daemon binary
//! without a unit or init job of the tree naming them. mesoslint does not execute scripts,
//! so what they write is not checked; [`super::unread`] names them (IN012) instead of passing
//! the tree silently. One pass over each line, split into words once.

use std::ops::Range;

/// What kind of script this file is, if it is one: by extension, by a shell `#!` line, or
/// a Vagrantfile (whose shell provisioners hold the same commands).
pub(super) fn script_format(path: &str, text: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == "vagrantfile" {
        return Some("a Vagrantfile (its shell provisioners are not run)");
    }
    let by_extension = [".sh", ".bash", ".ksh", ".zsh"]
        .iter()
        .any(|e| name.ends_with(e));
    let first = text.lines().next().unwrap_or("");
    let by_shebang = first.starts_with("#!")
        && first
            .split(['/', ' '])
            .any(|w| matches!(w, "sh" | "bash" | "dash" | "ksh" | "zsh" | "ash"));
    (by_extension || by_shebang).then_some(
        "a shell script outside every host's tree (a provisioning or start script, not run)",
    )
}

/// What IN012 says of a script: the daemon, the evidence as written, its place, and for a
/// script whose writes were partly read, what was not.
pub(super) type ScriptEvidence = (&'static str, String, Range<usize>, Option<String>);

/// What in a shell script outside every host's tree was not read. Its writes with literal
/// content are the files of a host of their own (`script_files`); what is left is each write
/// that could not be read (a variable in the path or content, an append, `sed -i`), else the
/// first other thing that configures a daemon (a command that starts it, its environment
/// variables, a write this reader does not follow). A Vagrantfile is not read at all.
pub(super) fn script_evidence(path: &str, text: &str) -> Option<ScriptEvidence> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.eq_ignore_ascii_case("vagrantfile") {
        return evidence(text, &[]).map(|(d, w, r)| (d, w, r, None));
    }
    let reading = super::script_files::read_script(text);
    if let Some(first) = reading.unread.first() {
        let n = reading.unread.len();
        let more = match n {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let read = match reading.files.len() {
            0 => String::new(),
            k => format!(
                "; the {k} file{} it writes with literal content {} read and checked",
                if k == 1 { "" } else { "s" },
                if k == 1 { "was" } else { "were" }
            ),
        };
        let detail = format!(
            "{n} of its writes into the daemons' files could not be read ({} at `{}`{more}): mesoslint does not run scripts, so those settings were not checked{read}",
            first.reason, first.target
        );
        let daemon = config_path_daemon(&first.target).unwrap_or("Mesos");
        return Some((
            daemon,
            first.target.clone(),
            first.span.clone(),
            Some(detail),
        ));
    }
    evidence(text, &reading.read_commands).map(|(d, w, r)| (d, w, r, None))
}

/// The first thing in the script that configures a daemon, on a line that none of `read` (the
/// sorted source ranges of the writes that were read) touches: a write into one of its files,
/// a command that starts its binary, or one of its environment variables. Returns the daemon,
/// the evidence as written (a path, a program, a variable name; never a value) and its place.
pub(super) fn evidence(
    text: &str,
    read: &[Range<usize>],
) -> Option<(&'static str, String, Range<usize>)> {
    let mut offset = 0;
    let mut next_read = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        while read.get(next_read).is_some_and(|r| r.end <= start) {
            next_read += 1;
        }
        if read
            .get(next_read..)
            .unwrap_or(&[])
            .iter()
            .take_while(|r| r.start < offset)
            .any(|r| r.end > start)
        {
            continue;
        }
        let code = strip_comment(line);
        let words = words(code);
        if let Some((daemon, r)) = written_config(&words).or_else(|| started_daemon(&words)) {
            let word = code.get(r.clone()).unwrap_or("").to_string();
            return Some((daemon, word, start + r.start..start + r.end));
        }
        if let Some((daemon, at, len)) = super::unread::env_name(code) {
            let word = code.get(at..at + len).unwrap_or("").to_string();
            return Some((daemon, word, start + at..start + at + len));
        }
    }
    None
}

/// The line without a `#` comment (a `#` that starts a word).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, c) in b.iter().enumerate() {
        if *c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// Whitespace-separated words with their byte ranges, quotes trimmed from the ranges.
fn words(line: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let sep = c.is_whitespace() || matches!(c, ';' | '|' | '&' | '(' | ')');
        match (sep, at) {
            (true, Some(s)) => {
                out.push(trimmed(line, s..i));
                at = None;
            }
            (false, None) => at = Some(i),
            _ => {}
        }
    }
    out
}

fn trimmed(line: &str, r: Range<usize>) -> (&str, Range<usize>) {
    let w = line.get(r.clone()).unwrap_or("");
    let inner = w.trim_matches(['"', '\'', '`']);
    let lead = w.len() - w.trim_start_matches(['"', '\'', '`']).len();
    let from = r.start + lead;
    (inner, from..from + inner.len())
}

/// The daemon whose configuration a path is, for the files the packages and images read.
pub(super) fn config_path_daemon(p: &str) -> Option<&'static str> {
    let mesos = [
        "/etc/mesos/",
        "/etc/mesos-master/",
        "/etc/mesos-slave/",
        "/etc/mesos-agent/",
        "/etc/default/mesos",
        "/etc/sysconfig/mesos",
        "/etc/systemd/system/mesos-",
        "mesos-master-env.sh",
        "mesos-agent-env.sh",
        "mesos-slave-env.sh",
    ];
    let marathon = [
        "/etc/marathon/",
        "/etc/default/marathon",
        "/etc/sysconfig/marathon",
        "/etc/systemd/system/marathon",
    ];
    let zookeeper = [
        "/etc/zookeeper/",
        "/etc/default/zookeeper",
        "/etc/sysconfig/zookeeper",
        "/etc/systemd/system/zookeeper",
    ];
    if mesos.iter().any(|m| p.contains(m)) {
        Some("Mesos")
    } else if marathon.iter().any(|m| p.contains(m)) {
        Some("Marathon")
    } else if zookeeper.iter().any(|m| p.contains(m))
        || p.ends_with("zoo.cfg")
        || p.ends_with("/myid")
    {
        Some("ZooKeeper")
    } else {
        None
    }
}

/// A redirection (`> path`, `>>path`), `tee [-a] path ...` or `sed -i ... path` into a
/// daemon's file: the daemon and the path's place.
fn written_config(words: &[(&str, Range<usize>)]) -> Option<(&'static str, Range<usize>)> {
    let mut i = 0;
    let mut tee = false;
    let mut sed_in_place = false;
    while let Some((w, r)) = words.get(i) {
        i += 1;
        // `2>&1`, `>&2` redirect descriptors, not files
        let redirect = w.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(rest) = redirect
            .strip_prefix(">>")
            .or_else(|| redirect.strip_prefix('>'))
        {
            if rest.starts_with('&') {
                continue;
            }
            let target = if rest.is_empty() {
                let next = words.get(i);
                i += 1;
                next.map(|(t, r)| (*t, r.clone()))
            } else {
                let skip = w.len() - rest.len();
                let rest = rest.trim_matches(['"', '\'']);
                let from = r.start + skip + usize::from(w[skip..].starts_with(['"', '\'']));
                Some((rest, from..from + rest.len()))
            };
            if let Some((t, tr)) = target {
                if let Some(d) = config_path_daemon(t) {
                    return Some((d, tr));
                }
            }
            continue;
        }
        let base = w.rsplit('/').next().unwrap_or(w);
        if base == "tee" {
            tee = true;
            continue;
        }
        if base == "sed" {
            tee = false;
            // `sed -i`, `sed -i.bak`, `sed -ie`: the in-place option among the next words
            sed_in_place = words
                .get(i..)
                .unwrap_or(&[])
                .iter()
                .take_while(|(o, _)| o.starts_with('-'))
                .any(|(o, _)| o.starts_with("-i") || *o == "--in-place");
            continue;
        }
        if (tee || sed_in_place) && !w.starts_with('-') {
            if let Some(d) = config_path_daemon(w) {
                return Some((d, r.clone()));
            }
        }
    }
    None
}

/// A command that runs a daemon's binary (after `sudo`, `exec`, `nohup` and `VAR=value`
/// words): `mesos-master --quorum=1`, `zkServer.sh start`, `java ... QuorumPeerMain`.
fn started_daemon(words: &[(&str, Range<usize>)]) -> Option<(&'static str, Range<usize>)> {
    let mut rest = words.iter().skip_while(|(w, _)| {
        matches!(*w, "sudo" | "exec" | "nohup" | "then" | "do") || w.contains('=')
    });
    let (prog, r) = rest.next()?;
    let base = prog.rsplit('/').next().unwrap_or(prog);
    let daemon = match base {
        "mesos-master" | "mesos-slave" | "mesos-agent" | "mesos-init-wrapper" => "Mesos",
        "marathon" => "Marathon",
        "zkServer.sh" => "ZooKeeper",
        "java" => {
            return words
                .iter()
                .find(|(w, _)| w.ends_with("QuorumPeerMain"))
                .map(|(_, r)| ("ZooKeeper", r.clone()))
        }
        _ => return None,
    };
    Some((daemon, r.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(&'static str, String)> {
        evidence(text, &[]).map(|(d, w, r)| {
            assert_eq!(text.get(r).unwrap(), w);
            (d, w)
        })
    }

    #[test]
    fn writes_into_the_daemons_files() {
        let t = "#!/bin/bash\nset -e\necho 1 > /etc/mesos-master/quorum\n";
        assert_eq!(found(t), Some(("Mesos", "/etc/mesos-master/quorum".into())));
        let t = "echo \"docker,mesos\" | sudo tee /etc/mesos-slave/containerizers\n";
        assert_eq!(
            found(t),
            Some(("Mesos", "/etc/mesos-slave/containerizers".into()))
        );
        let t = "echo server.$i=$s:2888:3888 >>\"/etc/zookeeper/conf/zoo.cfg\"\n";
        assert_eq!(
            found(t),
            Some(("ZooKeeper", "/etc/zookeeper/conf/zoo.cfg".into()))
        );
        let t = "cat > /etc/marathon/conf/master <<EOF\nzk://a:2181/mesos\nEOF\n";
        assert_eq!(
            found(t),
            Some(("Marathon", "/etc/marathon/conf/master".into()))
        );
        let t = "sudo sed -i 's/^#server/server/' /opt/zk/conf/zoo.cfg\n";
        assert_eq!(found(t), Some(("ZooKeeper", "/opt/zk/conf/zoo.cfg".into())));
        assert_eq!(
            found("echo ${ZK_ID} > /var/lib/zookeeper/myid\n"),
            Some(("ZooKeeper", "/var/lib/zookeeper/myid".into()))
        );
    }

    #[test]
    fn commands_that_start_a_daemon() {
        let t = "#!/bin/sh\nexec /usr/sbin/mesos-master --quorum=1\n";
        assert_eq!(found(t), Some(("Mesos", "/usr/sbin/mesos-master".into())));
        let t =
            "nohup java -cp zk.jar org.apache.zookeeper.server.quorum.QuorumPeerMain zoo.cfg &\n";
        assert_eq!(
            found(t),
            Some((
                "ZooKeeper",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain".into()
            ))
        );
        assert_eq!(
            found("export MESOS_QUORUM=2\n"),
            Some(("Mesos", "MESOS_QUORUM".into()))
        );
    }

    #[test]
    fn scripts_that_only_manage_or_mention_the_daemons() {
        for t in [
            "apt-get install -y mesos marathon zookeeperd\n",
            "service mesos-master restart\nsystemctl enable marathon\n",
            "# echo 1 > /etc/mesos-master/quorum\n",
            "cat /etc/mesos/zk > /tmp/zk.txt 2>&1\n",
            "curl -s http://m1:5050/state >/dev/null\n",
            "echo $MESOS_SANDBOX $MARATHON_APP_ID\n",
        ] {
            assert_eq!(found(t), None, "{t}");
        }
    }

    #[test]
    fn what_counts_as_a_script() {
        assert!(script_format("vagrant/provision.sh", "").is_some());
        assert!(script_format("bin/setup", "#!/usr/bin/env bash\n").is_some());
        assert!(script_format("Vagrantfile", "Vagrant.configure").is_some());
        assert!(script_format("bin/tool", "#!/usr/bin/python3\n").is_none());
        assert!(script_format("README.md", "echo 1 > /etc/mesos-master/quorum").is_none());
    }
}
