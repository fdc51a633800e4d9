//! `docker run` lines in start scripts (`*.sh`, files with a shell shebang, extensionless
//! scripts under `bin/` or `scripts/`, upstart jobs, systemd `ExecStart=`, and templates of
//! those): every line a [`Container`] — `-e`/`--env`, `--env-file`, `--name`, `--hostname`,
//! `--net=host`, `--entrypoint`, `-v`, the image and the daemon's argv after it — fed to the
//! same container model as docker-compose.
//!
//! docker's own option table decides which options take a value (docker CLI
//! `cli/command/container/opts.go` and `run.go`): an option not listed is a switch.

use crate::files::{FileId, FileSet, Span};
use crate::parse::shell_c::inline_commands;
use crate::parse::shell_words::{split_range, split_script, ShCommand, ShWord, Vars};
use crate::parse::unit_file::parse_systemd_unit;
use crate::parse::{strip_template_suffix, SyntaxError};

use super::container::{Container, EnvEntry, Image, Text};
use super::Host;
use crate::config::Config;

/// `docker run` options that take a value (long names without `--`).
const VALUE_OPTIONS: &[&str] = &[
    "add-host",
    "annotation",
    "attach",
    "blkio-weight",
    "blkio-weight-device",
    "cap-add",
    "cap-drop",
    "cgroup-parent",
    "cgroupns",
    "cidfile",
    "cpu-count",
    "cpu-percent",
    "cpu-period",
    "cpu-quota",
    "cpu-rt-period",
    "cpu-rt-runtime",
    "cpu-shares",
    "cpus",
    "cpuset-cpus",
    "cpuset-mems",
    "detach-keys",
    "device",
    "device-cgroup-rule",
    "device-read-bps",
    "device-read-iops",
    "device-write-bps",
    "device-write-iops",
    "dns",
    "dns-opt",
    "dns-option",
    "dns-search",
    "domainname",
    "entrypoint",
    "env",
    "env-file",
    "expose",
    "gpus",
    "group-add",
    "health-cmd",
    "health-interval",
    "health-retries",
    "health-start-interval",
    "health-start-period",
    "health-timeout",
    "hostname",
    "io-maxbandwidth",
    "io-maxiops",
    "ip",
    "ip6",
    "ipc",
    "isolation",
    "kernel-memory",
    "label",
    "label-file",
    "link",
    "link-local-ip",
    "log-driver",
    "log-opt",
    "mac-address",
    "memory",
    "memory-reservation",
    "memory-swap",
    "memory-swappiness",
    "mount",
    "name",
    "net",
    "net-alias",
    "network",
    "network-alias",
    "oom-score-adj",
    "pid",
    "pids-limit",
    "platform",
    "publish",
    "pull",
    "restart",
    "runtime",
    "security-opt",
    "shm-size",
    "stop-signal",
    "stop-timeout",
    "storage-opt",
    "sysctl",
    "tmpfs",
    "ulimit",
    "user",
    "userns",
    "uts",
    "volume",
    "volume-driver",
    "volumes-from",
    "workdir",
];

/// Short options that take a value, and their long names.
const SHORT_VALUE: &[(char, &str)] = &[
    ('a', "attach"),
    ('c', "cpu-shares"),
    ('e', "env"),
    ('h', "hostname"),
    ('l', "label"),
    ('m', "memory"),
    ('p', "publish"),
    ('u', "user"),
    ('v', "volume"),
    ('w', "workdir"),
];

/// Options of the `docker` command itself (before `run`) that take a value.
const GLOBAL_VALUE: &[&str] = &[
    "-H",
    "--host",
    "--config",
    "-c",
    "--context",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
];

/// The containers of every script of a tree, each with the line it starts on, and the
/// scripts that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub containers: Vec<Container>,
    pub errors: Vec<(FileId, SyntaxError)>,
}

/// What kind of script a path is, by its name (template suffix stripped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScriptKind {
    Shell,
    SystemdUnit,
}

fn script_kind(path: &str, text: &str) -> Option<ScriptKind> {
    // Terraform's templatefile() sources are `.tftpl`
    let path = path.strip_suffix(".tftpl").unwrap_or(path);
    let path = strip_template_suffix(path).unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".service") {
        return Some(ScriptKind::SystemdUnit);
    }
    if name.ends_with(".sh") || name.ends_with(".bash") {
        return Some(ScriptKind::Shell);
    }
    let dirs: Vec<&str> = path.split('/').collect();
    let in_dir = |d: &[&str]| dirs.iter().rev().skip(1).any(|c| d.contains(c));
    // upstart jobs are shell in their exec and script stanzas
    if name.ends_with(".conf") && in_dir(&["init"]) {
        return Some(ScriptKind::Shell);
    }
    let first = text.lines().next().unwrap_or("");
    if first.starts_with("#!") {
        let interp = first.trim_start_matches("#!");
        let shell = interp.split_whitespace().any(|w| {
            let base = w.rsplit('/').next().unwrap_or(w);
            matches!(base, "sh" | "bash" | "dash" | "ash" | "ksh" | "zsh")
        });
        return shell.then_some(ScriptKind::Shell);
    }
    (!name.contains('.') && in_dir(&["bin", "sbin", "scripts", "init.d"]))
        .then_some(ScriptKind::Shell)
}

pub fn containers(files: &FileSet) -> Found {
    let mut out = Found::default();
    for (path, id) in files.paths() {
        if super::compose::is_compose_file(path) || !super::is_parsable(files, id) {
            continue;
        }
        let text = files.get(id).text();
        // most files of a tree start nothing in a container: one byte search rules them out
        if !crate::bytes::contains_ignore_ascii_case(text.as_bytes(), b"docker")
            && !text.contains("podman")
        {
            continue;
        }
        let Some(kind) = script_kind(path, text) else {
            continue;
        };
        let scripts = match kind {
            ScriptKind::Shell => vec![split_script(text)],
            ScriptKind::SystemdUnit => {
                // each ExecStart line once (the parse lists the commands of a `sh -c` script
                // with the span of their line)
                let mut lines: Vec<_> = parse_systemd_unit(text)
                    .commands
                    .into_iter()
                    .filter(|c| c.directive == "ExecStart")
                    .map(|c| c.span)
                    .collect();
                lines.dedup();
                lines.into_iter().map(|l| split_range(text, l)).collect()
            }
        };
        for script in scripts {
            for e in script.errors {
                out.errors.push((id, e));
            }
            // `sh -c "docker run ..."`: the script's commands
            let script = inline_commands(script.commands);
            for e in script.errors {
                out.errors.push((id, e));
            }
            // `ZK=zk://...` then `-e MESOS_ZK=$ZK`: values expand to the assignment's text
            let mut vars = Vars::default();
            let cmds = &script.commands;
            let ends = loop_ends(cmds);
            let mut k = 0;
            while let Some(cmd) = cmds.get(k) {
                // `for i in 1 2 3; do docker run --name m$i ...; done`: the body once per value
                let end = ends.get(k).copied().flatten();
                if let Some((name, values, end)) = end.and_then(|end| for_loop(cmds, k, end)) {
                    for v in &values {
                        vars.set(name, v);
                        for body in cmds.get(k + 1..end).unwrap_or(&[]) {
                            run_command(files, id, text, body, &mut vars, &mut out.containers);
                        }
                    }
                    vars.unset(name);
                    k = end + 1;
                    continue;
                }
                run_command(files, id, text, cmd, &mut vars, &mut out.containers);
                k += 1;
            }
        }
    }
    out
}

/// One command of a script in order: an assignment is remembered, a `docker run` (also one
/// inside `$(...)`) is a container.
fn run_command(
    files: &FileSet,
    id: FileId,
    text: &str,
    cmd: &ShCommand,
    vars: &mut Vars,
    out: &mut Vec<Container>,
) {
    // `CID=$(docker run -d ...)`: the command inside the substitution runs too
    for inner in substituted_commands(text, cmd) {
        let inner = ShCommand {
            words: inner.words.iter().map(|w| vars.expand(w)).collect(),
            ..ShCommand::default()
        };
        out.extend(container_of(files, id, &inner));
    }
    if vars.record(cmd) {
        return;
    }
    let cmd = ShCommand {
        words: cmd.words.iter().map(|w| vars.expand(w)).collect(),
        ..ShCommand::default()
    };
    out.extend(container_of(files, id, &cmd));
}

/// The first word of a command after `do` (`do docker run ...`).
fn head(c: &ShCommand) -> Option<&str> {
    c.words.iter().map(|w| w.text.as_str()).find(|t| *t != "do")
}

/// For every loop header (`for`, `while`, `until`, `select`), the index of its `done`: one
/// pass with a stack, so unmatched headers cost nothing more.
fn loop_ends(cmds: &[ShCommand]) -> Vec<Option<usize>> {
    let mut ends = vec![None; cmds.len()];
    let mut open = Vec::new();
    for (j, c) in cmds.iter().enumerate() {
        match head(c) {
            Some("for" | "while" | "until" | "select") => open.push(j),
            Some("done") => {
                if let Some(start) = open.pop() {
                    if let Some(e) = ends.get_mut(start) {
                        *e = Some(j);
                    }
                }
            }
            _ => {}
        }
    }
    ends
}

/// At a `for NAME in WORDS` header with literal words (at most 64) whose `done` is at `end`,
/// the variable, its values and `end`.
fn for_loop(cmds: &[ShCommand], k: usize, end: usize) -> Option<(&str, Vec<ShWord>, usize)> {
    let words = &cmds.get(k)?.words;
    let at = usize::from(words.first()?.text == "do");
    if words.get(at)?.text != "for" || words.get(at + 2)?.text != "in" {
        return None;
    }
    let name = words.get(at + 1)?.text.as_str();
    let mut values = Vec::new();
    for w in words.get(at + 3..)? {
        if !w.expansions.is_empty() {
            return None;
        }
        values.extend(brace_range(w).unwrap_or_else(|| vec![w.clone()]));
    }
    if values.is_empty() || values.len() > 64 {
        return None;
    }
    Some((name, values, end))
}

/// `{1..3}`: the numbers, as words without a place of their own (they point at the range).
fn brace_range(w: &ShWord) -> Option<Vec<ShWord>> {
    let body = w.text.strip_prefix('{')?.strip_suffix('}')?;
    let (a, b) = body.split_once("..")?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if a > b || b - a >= 64 {
        return None;
    }
    Some(
        (a..=b)
            .map(|n| ShWord {
                text: n.to_string(),
                span: w.span.clone(),
                bytes: Vec::new(),
                expansions: Vec::new(),
            })
            .collect(),
    )
}

/// The commands of the `$(...)` substitutions of a command's words that mention docker (one
/// level deep: a substitution inside one is left alone).
fn substituted_commands(text: &str, cmd: &ShCommand) -> Vec<ShCommand> {
    let mut out = Vec::new();
    for w in &cmd.words {
        for r in &w.expansions {
            let Some(inner) = w.text.get(r.clone()) else {
                continue;
            };
            if !inner.starts_with("$(") || !inner.contains("docker") {
                continue;
            }
            // the substitution is copied verbatim: its bytes are the source's
            let (Some(&a), Some(&b)) = (w.bytes.get(r.start + 2), w.bytes.get(r.end - 1)) else {
                continue;
            };
            if a <= b {
                out.extend(split_range(text, a..b).commands);
            }
        }
    }
    out
}

/// The hosts of the containers. Containers of one script on one machine are one host with
/// several daemons: the same `--hostname` (even an unresolved `$HOST`), or `--net=host`
/// without a hostname (they share the machine's name and addresses). A daemon that machine
/// already runs stays a host of its own (two masters on one box are two hosts to check).
///
/// A script inside a host's tree (`m1/usr/local/bin/start.sh`) that starts a container on the
/// machine's network without a hostname of its own runs on that host (`tree`): its daemon
/// joins the host unless the host already runs that daemon.
pub fn hosts(
    files: &FileSet,
    config: &Config,
    containers: Vec<Container>,
    tree: &mut [Host],
) -> Vec<Host> {
    let roots: crate::FastMap<&str, usize> = tree
        .iter()
        .enumerate()
        .map(|(i, h)| (h.root.as_str(), i))
        .collect();
    // the deepest host root the script lies in
    let owner = |c: &Container| -> Option<usize> {
        if !c.network_host || c.hostname.is_some() || roots.is_empty() {
            return None;
        }
        let path = files.path(c.file);
        path.match_indices('/')
            .map(|(i, _)| path.get(..i).unwrap_or(""))
            .rev()
            .chain(std::iter::once(""))
            .find_map(|dir| roots.get(dir).copied())
    };
    let owners: Vec<Option<usize>> = containers.iter().map(owner).collect();
    drop(roots);
    let mut out: Vec<Host> = Vec::with_capacity(containers.len());
    // (script, machine key) -> index in `out`
    let mut machines: crate::FastMap<(FileId, String), usize> = crate::FastMap::default();
    for (c, owner) in containers.into_iter().zip(owners) {
        let key = match (&c.hostname, c.network_host) {
            (Some(h), _) => Some(h.text.clone()),
            (None, true) => Some(String::new()),
            (None, false) => None,
        };
        let file = c.file;
        let mut host = super::container_host(files, config, c);
        if let Some(tree_host) = owner.and_then(|i| tree.get_mut(i)) {
            match merge(tree_host, host) {
                None => continue,
                Some(left) => host = left,
            }
        }
        let Some(key) = key else {
            out.push(host);
            continue;
        };
        match machines.get(&(file, key.clone())).copied() {
            Some(at) => {
                if let Some(h) = out.get_mut(at) {
                    if let Some(left) = merge(h, host) {
                        out.push(left);
                    }
                }
            }
            None => {
                machines.insert((file, key), out.len());
                out.push(host);
            }
        }
    }
    // a machine of several containers without a known hostname is named after its script
    for ((file, key), at) in machines {
        let Some(h) = out.get_mut(at) else { continue };
        let several = [
            h.master.is_some(),
            h.agent.is_some(),
            h.zookeeper.is_some(),
            h.marathon.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
            > 1;
        if several && (key.is_empty() || super::container::unknown_text(&key)) {
            let path = files.path(file);
            let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
            h.name = if key.is_empty() {
                stem.to_string()
            } else {
                format!("{stem}[{key}]")
            };
            h.root = path.to_string();
        }
    }
    out
}

/// Move the daemons of `other` into `host` when `host` runs none of them; else give `other`
/// back.
fn merge(host: &mut Host, mut other: Host) -> Option<Host> {
    let clash = (host.master.is_some() && other.master.is_some())
        || (host.agent.is_some() && other.agent.is_some())
        || (host.zookeeper.is_some() && other.zookeeper.is_some())
        || (host.marathon.is_some() && other.marathon.is_some());
    if clash {
        return Some(other);
    }
    if other.master.is_some() {
        host.master = other.master.take();
        host.master_role = other.master_role.take();
    }
    if other.agent.is_some() {
        host.agent = other.agent.take();
        host.agent_role = other.agent_role.take();
    }
    if other.zookeeper.is_some() {
        host.zookeeper = other.zookeeper.take();
    }
    if other.marathon.is_some() {
        host.marathon = other.marathon.take();
    }
    if host.zookeeper_unread.is_none() {
        host.zookeeper_unread = other.zookeeper_unread.take();
    }
    None
}

/// The words of `cmd` after `docker run` (or `docker container run`, `docker create`), when
/// it is one.
fn run_options(cmd: &ShCommand) -> Option<(&ShWord, &[ShWord])> {
    let w = &cmd.words;
    let mut i = 0;
    // VAR=x prefixes, `exec`, `sudo [-opts]`, `nohup`, `env`, `time`
    while let Some(word) = w.get(i) {
        let t = word.text.as_str();
        let assignment = t.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        let keyword = matches!(t, "do" | "then" | "else" | "{" | "!");
        if assignment
            || keyword
            || matches!(t, "exec" | "sudo" | "nohup" | "env" | "time" | "command")
        {
            i += 1;
        } else if t.starts_with('-') && i > 0 {
            // an option of sudo / env: `-u root` takes a value
            i += if matches!(t, "-u" | "-g") { 2 } else { 1 };
        } else {
            break;
        }
    }
    let prog = w.get(i)?;
    // systemd command prefixes
    let t = prog.text.trim_start_matches(['-', '@', ':', '+', '!']);
    let base = t.rsplit('/').next().unwrap_or(t);
    if !matches!(base, "docker" | "docker.io" | "podman" | "nerdctl") {
        return None;
    }
    i += 1;
    while let Some(word) = w.get(i) {
        let t = word.text.as_str();
        if GLOBAL_VALUE.contains(&t) {
            i += 2;
        } else if t.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if w.get(i).map(|x| x.text.as_str()) == Some("container") {
        i += 1;
    }
    match w.get(i).map(|x| x.text.as_str()) {
        Some("run" | "create") => Some((prog, w.get(i + 1..).unwrap_or(&[]))),
        _ => None,
    }
}

/// A word's text as a [`Text`] of the file: exact where its bytes stand in the source as they
/// are (`"--quorum=2"` points inside the quotes), else the whole word.
fn text_of(file: FileId, w: &ShWord, range: std::ops::Range<usize>) -> Text {
    let text = w.text.get(range.clone()).unwrap_or("").to_string();
    match w.exact_sub(range) {
        Some(r) => Text::new(text, Span::new(file, r), true),
        None => Text::new(text, Span::new(file, w.span.clone()), false),
    }
}

/// One option value: the word and the offset in it where the value starts.
type Val<'a> = (&'a ShWord, usize);

/// A word of a template with its `{% ... %}` control blocks cut off both ends
/// (`{% if ip %}-e MESOS_IP={{ ip }}{% endif %}` is the option `-e MESOS_IP={{ ip }}`);
/// `None` when nothing else is left.
fn without_control_blocks(w: &ShWord) -> Option<ShWord> {
    let t = w.text.as_str();
    let mut a = 0;
    let mut b = t.len();
    while let Some(rest) = t.get(a..b).filter(|r| r.starts_with("{%")) {
        let Some(end) = rest.find("%}") else { break };
        a += end + 2;
        a += t.get(a..b).map_or(0, |r| r.len() - r.trim_start().len());
    }
    while let Some(rest) = t.get(a..b).filter(|r| r.ends_with("%}")) {
        let Some(start) = rest.rfind("{%") else { break };
        b = a + start;
        b -= t.get(a..b).map_or(0, |r| r.len() - r.trim_end().len());
    }
    if a == 0 && b == t.len() {
        return Some(w.clone());
    }
    let text = t.get(a..b).filter(|r| !r.is_empty())?.to_string();
    Some(ShWord {
        text,
        span: w.span.clone(),
        bytes: w.bytes.get(a..b).map(<[usize]>::to_vec).unwrap_or_default(),
        expansions: w
            .expansions
            .iter()
            .filter(|r| r.start >= a && r.end <= b)
            .map(|r| r.start - a..r.end - a)
            .collect(),
    })
}

/// A word that is one template expression (`{{ docker_opts }}`): what it renders to is
/// unknown.
fn whole_template(t: &str) -> bool {
    (t.starts_with("{{") && t.ends_with("}}")) || (t.starts_with("<%") && t.ends_with("%>"))
}

fn container_of(files: &FileSet, file: FileId, cmd: &ShCommand) -> Option<Container> {
    let (prog, words) = run_options(cmd)?;
    let words: Vec<ShWord> = words.iter().filter_map(without_control_blocks).collect();
    let words = words.as_slice();
    let mut opts: Vec<(&str, Val<'_>)> = Vec::new();
    let mut i = 0;
    let mut image_at = None;
    while let Some(w) = words.get(i) {
        let t = w.text.as_str();
        i += 1;
        if t == "--" {
            image_at = Some(i);
            break;
        }
        if let Some(body) = t.strip_prefix("--") {
            match body.split_once('=') {
                Some((name, _)) => opts.push((name, (w, name.len() + 3))),
                None if VALUE_OPTIONS.contains(&body) => {
                    if let Some(v) = words.get(i) {
                        opts.push((body, (v, 0)));
                    }
                    i += 1;
                }
                None => opts.push((body, (w, t.len()))), // a switch
            }
            continue;
        }
        if t.len() > 1 && t.starts_with('-') {
            // a cluster of short switches, the last of which may take a value
            for (p, c) in t.char_indices().skip(1) {
                if let Some((_, long)) = SHORT_VALUE.iter().find(|(s, _)| *s == c) {
                    if p + 1 < t.len() {
                        opts.push((long, (w, p + 1)));
                    } else {
                        if let Some(v) = words.get(i) {
                            opts.push((long, (v, 0)));
                        }
                        i += 1;
                    }
                    break;
                }
            }
            continue;
        }
        // `{{ extra_opts }}` before an image whose name says the daemon (among the next few
        // words): unknown options
        if whole_template(t)
            && words.iter().skip(i).take(64).any(|n| {
                !n.text.starts_with('-')
                    && super::container::runs_by_image(&Image::parse(Text::new(
                        n.text.clone(),
                        Span::new(file, n.span.clone()),
                        false,
                    )))
                    .is_some()
            })
        {
            continue;
        }
        image_at = Some(i - 1);
        break;
    }
    let image_word = words.get(image_at?)?;
    let line = files.get(file).line_index(prog.span.start) + 1;
    let name_default = Text::new(
        format!("{}:{line}", files.path(file)),
        Span::new(file, prog.span.clone()),
        false,
    );
    let mut c = Container::new(file, name_default);
    c.image = Some(Image::parse(text_of(
        file,
        image_word,
        0..image_word.text.len(),
    )));
    let value = |(w, off): Val<'_>| text_of(file, w, off.min(w.text.len())..w.text.len());
    let mut explicit = Vec::new();
    for (name, val) in opts {
        match name {
            "name" => c.name = value(val),
            "hostname" => c.hostname = Some(value(val)),
            "net" | "network" => c.network_host |= value(val).text == "host",
            "entrypoint" => c.entrypoint = Some(vec![value(val)]),
            "env" => explicit.extend(env_entry(file, val)),
            "env-file" => env_file(files, file, value(val), &mut c),
            "volume" => {
                let v = value(val);
                if let Some(t) = volume_target(&v) {
                    c.volumes.push(t);
                }
            }
            "mount" => {
                // `type=bind,source=...,target=/conf/zoo.cfg` (also `dst=`, `destination=`)
                let v = value(val);
                let mut at = 0;
                for part in v.text.split(',') {
                    let start = at;
                    at += part.len() + 1;
                    let Some((k, t)) = part.split_once('=') else {
                        continue;
                    };
                    if matches!(k, "target" | "dst" | "destination") {
                        let from = start + k.len() + 1;
                        c.volumes
                            .push(Text::new(t, v.sub(from..from + t.len()), v.exact));
                    }
                }
            }
            _ => {}
        }
    }
    // docker reads the env files first; `-e` entries win over them
    c.env.extend(explicit);
    let rest = words.get(image_at? + 1..).unwrap_or(&[]);
    c.command = Some(
        rest.iter()
            .map(|w| text_of(file, w, 0..w.text.len()))
            .collect(),
    );
    // a helper container (`docker run --rm alpine ...`) with no name is no host of the cluster
    let anonymous = c.hostname.is_none() && c.name.span == Span::new(file, prog.span.clone());
    if anonymous && c.runs().is_none() {
        return None;
    }
    Some(c)
}

/// `-e KEY=value`; `-e KEY` passes the caller's variable through (value unknown).
fn env_entry(file: FileId, (w, off): Val<'_>) -> Option<EnvEntry> {
    let body = w.text.get(off..)?;
    if body.is_empty() {
        return None;
    }
    let (klen, value) = match body.split_once('=') {
        Some((k, _)) => (
            k.len(),
            Some(text_of(file, w, off + k.len() + 1..w.text.len())),
        ),
        None => (body.len(), None),
    };
    let key = text_of(file, w, off..off + klen);
    Some(EnvEntry {
        key: key.text,
        key_span: key.span,
        value,
        span: Span::new(file, w.span.clone()),
    })
}

/// `--env-file PATH`: relative to the script's directory, else to the tree's root (an
/// absolute path is looked up below the root). Not in the tree: what it sets is unknown.
fn env_file(files: &FileSet, script: FileId, path: Text, c: &mut Container) {
    let dir = files.path(script).rsplit_once('/').map_or("", |(d, _)| d);
    let p = path.text.trim_start_matches("./");
    let candidates = [
        (!dir.is_empty() && !p.starts_with('/')).then(|| format!("{dir}/{p}")),
        Some(p.trim_start_matches('/').to_string()),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .map(|c| crate::files::normalize_path(&c))
        .find_map(|c| files.lookup(&c))
        .filter(|&f| super::is_parsable(files, f) && !super::container::unknown_text(&path.text));
    match found {
        Some(id) => read_docker_env_file(files, id, &mut c.env),
        None => c.env_files_missing.push(path.clone()),
    }
    c.env_files.push(path);
}

/// docker's env-file format: one `KEY=value` a line, taken literally (no quotes, no
/// expansion); `#` lines and blank lines skipped; a bare `KEY` passes the caller's value.
fn read_docker_env_file(files: &FileSet, id: FileId, out: &mut Vec<EnvEntry>) {
    let text = files.get(id).text();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let body = body.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let at = line_start + lead;
        let sp = |a: usize, b: usize| Span::new(id, at + a..at + b);
        let (key, value) = match body.split_once('=') {
            Some((k, v)) => (k, Some(Text::new(v, sp(k.len() + 1, body.len()), true))),
            None => (body, None),
        };
        out.push(EnvEntry {
            key: key.trim_end().to_string(),
            key_span: sp(0, key.trim_end().len()),
            value,
            span: sp(0, body.len()),
        });
    }
}

/// `-v src:target[:mode]` (or a bare `target`): the target.
fn volume_target(v: &Text) -> Option<Text> {
    let parts: Vec<&str> = v.text.split(':').collect();
    let (offset, target) = match parts.as_slice() {
        [only] => (0, *only),
        [src, target, ..] => (src.len() + 1, *target),
        [] => return None,
    };
    Some(Text::new(
        target,
        v.sub(offset..offset + target.len()),
        v.exact,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, src: &str) -> (FileSet, Found) {
        let mut fs = FileSet::new();
        fs.add_text(path, src);
        fs.add_text(
            "run/master.env",
            "# x\nMESOS_WORK_DIR=/var/lib/mesos\nMESOS_LOG_DIR=\"/l\"\n",
        );
        let f = containers(&fs);
        (fs, f)
    }

    #[test]
    fn options_image_and_daemon_flags() {
        let src = "#!/bin/bash\nset -e\nsudo docker -H unix:///s run -d --restart=always --net=host \\\n  -e MESOS_QUORUM=2 --env \"MESOS_ZK=zk://a:2181/mesos\" -e PASS -itp 5050:5050 \\\n  --env-file ./master.env --name m1 -h master1 -v /srv/z:/var/lib/mesos:rw --mount type=bind,src=/a,target=/etc/mesos/x \\\n  mesosphere/mesos-master:1.4.1 --quorum=3 \"--cluster=c\"\n";
        let (fs, f) = found("run/start.sh", src);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let [c] = f.containers.as_slice() else {
            panic!("{:?}", f.containers)
        };
        assert_eq!(c.host_name(), "master1");
        assert_eq!(c.name.text, "m1");
        assert!(c.network_host);
        assert_eq!(
            c.image.as_ref().map(|i| i.path.as_str()),
            Some("mesosphere/mesos-master")
        );
        let q = c
            .env("MESOS_QUORUM")
            .and_then(|e| e.value.as_ref())
            .expect("q");
        assert_eq!(fs.text(q.span), "2");
        let zk = c
            .env("MESOS_ZK")
            .and_then(|e| e.value.as_ref())
            .expect("zk");
        assert_eq!(fs.text(zk.span), "zk://a:2181/mesos");
        assert!(c.env("PASS").is_some_and(|e| e.value.is_none()));
        assert_eq!(
            c.env("MESOS_WORK_DIR").and_then(|e| e.known_value()),
            Some("/var/lib/mesos")
        );
        // docker takes env-file values literally
        assert_eq!(
            c.env("MESOS_LOG_DIR").and_then(|e| e.known_value()),
            Some("\"/l\"")
        );
        assert_eq!(c.volumes[0].text, "/var/lib/mesos");
        assert_eq!(c.volumes[1].text, "/etc/mesos/x");
        assert_eq!(fs.text(c.volumes[1].span), "/etc/mesos/x");
        let cmd = c.command.as_ref().expect("cmd");
        assert_eq!(cmd.len(), 2);
        assert_eq!(fs.text(cmd[1].span), "--cluster=c");
        assert!(cmd[1].exact);
    }

    #[test]
    fn several_lines_units_and_names() {
        let src = "docker run -d zookeeper:3.4\nexec /usr/bin/docker container run --name=zk2 zookeeper\necho docker run x\n";
        let (_, f) = found("scripts/zk", src);
        let names: Vec<&str> = f.containers.iter().map(|c| c.host_name()).collect();
        assert_eq!(names, ["scripts/zk:1", "zk2"]);
        let unit = "[Service]\nExecStartPre=-/usr/bin/docker rm -f m\nExecStart=/usr/bin/docker run --name m \\\n  mesosphere/mesos-slave:1.0.0 --master=zk://z:2181/mesos\nDescription=it's\n";
        let (_, f) = found("etc/systemd/system/agent.service", unit);
        assert_eq!(f.containers.len(), 1);
        assert!(f.errors.is_empty());
        assert_eq!(f.containers[0].command.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn not_scripts_and_bad_quotes() {
        let (_, f) = found("README.md", "docker run -e MESOS_QUORUM=1 mesos-master\n");
        assert!(f.containers.is_empty());
        let (_, f) = found(
            "bin/x.sh",
            "docker run --rm -v /a:/b alpine cp /b /c\ndocker run --name cache redis\n",
        );
        assert_eq!(
            f.containers.len(),
            1,
            "a named container may be named in URLs"
        );
        let (fs, f) = found(
            "a.sh",
            "docker run -d zookeeper\ndocker run -e 'A=1 zookeeper\n",
        );
        assert_eq!(f.containers.len(), 1);
        assert_eq!(f.errors.len(), 1);
        let (id, e) = &f.errors[0];
        assert_eq!(e.line_column(fs.get(*id).text()), (2, 15));
    }

    #[test]
    fn one_machine_several_daemons() {
        let src = "docker run --net=host zookeeper:3.4\ndocker run --net=host -e MESOS_QUORUM=1 mesosphere/mesos-master:1.4.1\ndocker run --net=host mesosphere/mesos-master:1.4.1\ndocker run -h $HOST mesosphere/marathon:v1.5.0\ndocker run -h $HOST mesosphere/mesos-slave:1.4.1\n";
        let (fs, f) = found("bin/up.sh", src);
        let hosts = hosts(&fs, &Config::default(), f.containers, &mut []);
        let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["bin/up", "bin/up.sh:3", "bin/up[$HOST]"]);
        assert!(hosts[0].master.is_some() && hosts[0].zookeeper.is_some());
        assert!(hosts[2].marathon.is_some() && hosts[2].agent.is_some());
    }

    #[test]
    fn script_variables_expand() {
        let src = "#!/bin/sh\nZK=zk://10.0.0.1:2181/mesos\nQ=2\ndocker run -e MESOS_QUORUM=$Q -e \"MESOS_ZK=${ZK}\" mesosphere/mesos-master --zk=$ZK --x=$(date)\n";
        let (fs, f) = found("up.sh", src);
        let c = &f.containers[0];
        let q = c
            .env("MESOS_QUORUM")
            .and_then(|e| e.value.as_ref())
            .expect("q");
        assert_eq!((q.text.as_str(), fs.text(q.span)), ("2", "2"));
        assert_eq!(fs.get(q.span.file).line_index(q.span.start as usize), 2);
        let zk = c.env("MESOS_ZK").and_then(|e| e.known_value());
        assert_eq!(zk, Some("zk://10.0.0.1:2181/mesos"));
        let cmd = c.command.as_ref().expect("cmd");
        assert_eq!(cmd[0].text, "--zk=zk://10.0.0.1:2181/mesos");
        assert!(cmd[1].text.contains('$'));
    }

    #[test]
    fn jinja_control_blocks_and_option_templates() {
        let src = "docker run -d {{ docker_opts }} \\\n  {% if ip is defined %}-e MESOS_IP={{ ip }}{% endif %} \\\n  {% if q %}-e MESOS_QUORUM=2{% endif %} \\\n  mesosphere/mesos-master:{{ v }} --work_dir=/w\n";
        let (fs, f) = found("templates/run.sh.j2", src);
        let c = &f.containers[0];
        assert_eq!(
            c.image.as_ref().map(|i| i.path.as_str()),
            Some("mesosphere/mesos-master")
        );
        assert!(c.env("MESOS_IP").is_some_and(|e| e.known_value().is_none()));
        let q = c
            .env("MESOS_QUORUM")
            .and_then(|e| e.value.as_ref())
            .expect("q");
        assert_eq!(fs.text(q.span), "2");
        assert_eq!(c.command.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn docker_run_inside_a_command_substitution() {
        let src = "CID=$(docker run -d --name zk1 -e ZOO_MY_ID=1 zookeeper:3.5)\necho \"$(sudo docker run -d --name m mesosphere/mesos-master --quorum=1)\"\n";
        let (fs, f) = found("up.sh", src);
        let names: Vec<&str> = f.containers.iter().map(|c| c.host_name()).collect();
        assert_eq!(names, ["zk1", "m"]);
        let q = &f.containers[1].command.as_ref().expect("cmd")[0];
        assert_eq!(fs.text(q.span), "--quorum=1");
    }

    #[test]
    fn loops_and_compound_commands() {
        let src = "for i in 1 2 3; do\n  docker run -d --name m$i --hostname master$i -e MESOS_QUORUM=2 mesosphere/mesos-master\ndone\nfor n in {1..2}; do docker run --name zk$n zookeeper; done\nif true; then docker run --name solo zookeeper; fi\n";
        let (fs, f) = found("up.sh", src);
        let names: Vec<&str> = f.containers.iter().map(|c| c.host_name()).collect();
        assert_eq!(
            names,
            ["master1", "master2", "master3", "zk1", "zk2", "solo"]
        );
        let h = f.containers[1].hostname.as_ref().expect("hostname");
        // the loop's value points at the `for` list
        assert_eq!(fs.text(h.span), "master$i");
        let t = crate::files::FileSet::text(
            &fs,
            f.containers[1].env[0].value.as_ref().expect("v").span,
        );
        assert_eq!(t, "2");
    }

    #[test]
    fn unmatched_loops_stay_linear() {
        let src = "for i in 1 2; do\n".repeat(50_000) + "docker run --name m$i zookeeper\n";
        let t = std::time::Instant::now();
        let (_, f) = found("loops.sh", &src);
        assert_eq!(f.containers.len(), 1);
        assert!(t.elapsed().as_secs() < 20);
    }

    #[test]
    fn a_script_in_a_host_tree_runs_on_that_host() {
        let mut fs = FileSet::new();
        fs.add_text("m1/etc/mesos/zk", "zk://10.0.0.1:2181/mesos\n");
        fs.add_text("m1/etc/mesos-master/quorum", "1\n");
        fs.add_text(
            "m1/usr/local/bin/zk.sh",
            "#!/bin/sh\ndocker run -d --net=host -e ZOO_MY_ID=1 zookeeper:3.4\ndocker run -d --net=host mesosphere/mesos-master:1.4.1\ndocker run -d --hostname other zookeeper:3.4\n",
        );
        let c = crate::model::Cluster::build(&fs, &Config::default());
        let names: Vec<&str> = c.hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["m1", "m1/usr/local/bin/zk.sh:3", "other"]);
        assert!(c.hosts[0].zookeeper.is_some() && c.hosts[0].master.is_some());
    }

    #[test]
    fn ten_thousand_lines_stay_linear() {
        let mut src = String::from("#!/bin/sh\n");
        for i in 0..10_000 {
            src.push_str(&format!(
                "docker run -d --name a{i} -e MESOS_MASTER=zk://z:2181/mesos \\\n  mesosphere/mesos-slave:1.4.1 --work_dir=/w\n"
            ));
        }
        let t = std::time::Instant::now();
        let (_, f) = found("run.sh", &src);
        assert_eq!(f.containers.len(), 10_000);
        assert!(t.elapsed().as_secs() < 20);
    }
}
