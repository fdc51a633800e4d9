//! Which `zoo.cfg` a ZooKeeper start really hands to the server, and the JVM system
//! properties it gets, as ZooKeeper's own scripts work them out.
//!
//! Facts (apache/zookeeper `bin/zkEnv.sh` and `bin/zkServer.sh`, release-3.4.14, 3.5.0 to
//! 3.5.10 and 3.8.4 alike unless said):
//! - `zkServer.sh` sets `ZOOBINDIR` to its own directory and sources `zkEnv.sh`
//!   (3.4.14 zkServer.sh:27-35).
//! - From 3.5.0 only, `zkServer.sh --config <dir> ...` sets `ZOOCFGDIR` (3.8.4 zkEnv.sh:32-41);
//!   3.4 has no such option.
//! - An unset `ZOOCFGDIR` becomes `$ZOOBINDIR/../conf` when that exists, else
//!   `$ZOOBINDIR/../etc/zookeeper` (3.4.14 zkEnv.sh:29-36, 3.8.4 :43-50).
//! - `$ZOOCFGDIR/zookeeper-env.sh` is sourced next; it may set `ZOOCFG`, `JVMFLAGS`, or even
//!   `ZOOCFGDIR` (which then decides the rest). `ZOOCFG` (default `zoo.cfg`) is a name in
//!   `$ZOOCFGDIR`; then `$ZOOCFGDIR/java.env` is sourced (3.4.14 :38-52, 3.8.4 :52-66).
//! - The argument after the command (`zkServer.sh start-foreground <cfg>`) replaces the cfg: a
//!   bare name is looked up in `$ZOOCFGDIR`, a path with a directory is used as it is
//!   (3.4.14 zkServer.sh:84-93, 3.8.4 :89-98).
//! - `SERVER_JVMFLAGS` is put before `JVMFLAGS` (3.8.4 :84-87), and the server runs
//!   `java ... $JVMFLAGS $ZOOMAIN "$ZOOCFG"` (3.8.4 :167, :205).
//! - `java ... QuorumPeerMain <cfg>`: one argument is the config file
//!   (`QuorumPeerMain.initializeAndRun`: `if (args.length == 1) config.parse(args[0])`).

use crate::files::{normalize_path, FileId, Span};
use crate::parse::has_placeholder;
use crate::parse::unit_file::Word;

use super::units::{self, base, in_tree, is_zk_server_script, EnvVar, Program};
use super::{HostView, RoleEvidence, UnitModel};

/// A JVM system property the server is started with (`-Dname=value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JvmFlag {
    pub name: String,
    pub value: String,
    /// The whole `-Dname=value` word where it is written.
    pub span: Span,
}

/// The config file a start names, and how it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CfgPath {
    /// Absolute and normalized (`/srv/zk/zoo.cfg`).
    pub path: String,
    /// Where the start names it: the argument, or the `ZOOCFGDIR`/`ZOOCFG` that make it.
    pub span: Span,
    /// For messages: "named on the command line", "ZOOCFGDIR of ...".
    pub how: String,
}

/// What starts ZooKeeper on a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZkStart {
    pub evidence: RoleEvidence,
    /// `None` when the tree does not show which file it is (`zkServer.sh` found on the `PATH`
    /// with no `ZOOCFGDIR`, a relative path).
    pub cfg: Option<CfgPath>,
    pub jvm_flags: Vec<JvmFlag>,
}

/// The host's ZooKeeper start, if a unit, upstart job, start script or init script of its
/// tree runs `zkServer.sh` or `QuorumPeerMain`.
pub(crate) fn zookeeper_start(host: &HostView<'_>, units: &[UnitModel]) -> Option<ZkStart> {
    // Only hosts whose files name ZooKeeper's start pay for the walk.
    let names_zk = host.files.iter().any(|f| {
        host.parsable(f.id) && {
            let t = host.text(f.id);
            t.contains("zkServer") || t.contains("QuorumPeerMain")
        }
    });
    if !names_zk {
        return None;
    }
    let start = units::direct_start(host, units, Program::ZooKeeper)?;
    let (prog_file, prog) = start.argv.first()?;
    let args = start.argv.get(1..).unwrap_or(&[]);
    let mut env = start.env;
    let (cfg, jvm_words) = if is_zk_server_script(&prog.text) {
        let cfg = server_script_cfg(host, *prog_file, prog, args, &mut env);
        (cfg, Vec::new())
    } else {
        java_cfg(args)
    };
    let mut jvm_flags = Vec::new();
    if is_zk_server_script(&prog.text) {
        // SERVER_JVMFLAGS first, then JVMFLAGS: a later -D of one name wins in the JVM
        for key in ["SERVER_JVMFLAGS", "JVMFLAGS"] {
            if let Some(v) = env.iter().rev().find(|v| v.key == key) {
                flags_in_value(host, v, &mut jvm_flags);
            }
        }
    }
    for (file, w) in jvm_words {
        if let Some(f) = flag_of(&w.text, Span::new(file, w.span.clone())) {
            jvm_flags.push(f);
        }
    }
    Some(ZkStart {
        evidence: start.evidence,
        cfg,
        jvm_flags,
    })
}

/// A literal value: no expansion or template left in it.
fn literal(text: &str) -> Option<&str> {
    (!text.is_empty() && !text.contains('$') && !text.contains('`') && !has_placeholder(text))
        .then_some(text)
}

fn last<'e>(env: &'e [EnvVar], key: &str) -> Option<&'e EnvVar> {
    env.iter().rev().find(|v| v.key == key)
}

fn var_span(v: &EnvVar) -> Span {
    Span::new(v.file, v.value_span.clone().unwrap_or(v.key_span.clone()))
}

/// `zkServer.sh [--config <dir>] <command> [<cfg>]` as zkEnv.sh and zkServer.sh resolve it;
/// the files it sources (`zookeeper-env.sh`, `java.env`) are appended to `env`.
fn server_script_cfg(
    host: &HostView<'_>,
    prog_file: FileId,
    prog: &Word,
    args: &[(FileId, Word)],
    env: &mut Vec<EnvVar>,
) -> Option<CfgPath> {
    let mut rest = args;
    // (dir, where it is set, how)
    let mut dir: Option<(String, Span, String)> = None;
    if let [(_, flag), (df, d), more @ ..] = args {
        if flag.text == "--config" && !more.is_empty() {
            dir = literal(&d.text).map(|t| {
                (
                    t.to_string(),
                    Span::new(*df, d.span.clone()),
                    "the --config directory of the command line".to_string(),
                )
            });
            rest = more;
        }
    }
    if dir.is_none() {
        dir = last(env, "ZOOCFGDIR").and_then(|v| {
            let t = literal(v.value.as_deref()?)?;
            Some((t.to_string(), var_span(v), "ZOOCFGDIR".to_string()))
        });
    }
    if dir.is_none() {
        // $ZOOBINDIR/../conf when the tree has it, else $ZOOBINDIR/../etc/zookeeper
        let bin = prog.text.trim_start_matches(['-', '@', ':', '+', '!']);
        if let Some((bindir, _)) = bin.rsplit_once('/').filter(|_| bin.starts_with('/')) {
            let prefix = normalize_abs(&format!("{bindir}/.."));
            let at = Span::new(prog_file, prog.span.clone());
            dir = ["conf", "etc/zookeeper"]
                .iter()
                .map(|sub| format!("{prefix}/{sub}"))
                .find(|d| host.has_dir(d.trim_start_matches('/')))
                .map(|d| (d, at, format!("the conf directory beside {}", base(bin))));
        }
    }
    let sourced = env.len();
    if let Some((d, _, _)) = &dir {
        if let Some(id) = in_tree(host, &format!("{d}/zookeeper-env.sh")) {
            units::read_env_file(host, id, true, env);
        }
        // zookeeper-env.sh may point ZOOCFGDIR elsewhere: zoo.cfg and java.env follow it
        if let Some(v) = env.get(sourced..).and_then(|new| last(new, "ZOOCFGDIR")) {
            if let Some(t) = v.value.as_deref().and_then(literal) {
                dir = Some((
                    t.to_string(),
                    var_span(v),
                    format!("ZOOCFGDIR of {}", host.files_set.path(v.file)),
                ));
            }
        }
    }
    let name = last(env, "ZOOCFG");
    let mut cfg = dir.as_ref().and_then(|(d, at, how)| {
        let (file, at, how) = match name {
            Some(v) => (
                literal(v.value.as_deref()?)?.to_string(),
                var_span(v),
                format!("ZOOCFG in {how}"),
            ),
            None => ("zoo.cfg".to_string(), *at, how.clone()),
        };
        Some(CfgPath {
            path: normalize_abs(&format!("{d}/{file}")),
            span: at,
            how,
        })
    });
    if let Some((d, _, _)) = &dir {
        if let Some(id) = in_tree(host, &format!("{d}/java.env")) {
            units::read_env_file(host, id, true, env);
        }
    }
    // the argument after the command: a bare name in ZOOCFGDIR, else the path itself
    let arg = rest
        .get(1)
        .filter(|(_, w)| !w.text.starts_with(['>', '<', '&', '|', '2']));
    if let Some((f, w)) = arg {
        let at = Span::new(*f, w.span.clone());
        cfg = match literal(&w.text) {
            Some(t) if !t.contains('/') => dir.as_ref().map(|(d, _, _)| CfgPath {
                path: normalize_abs(&format!("{d}/{t}")),
                span: at,
                how: "named on the command line".into(),
            }),
            Some(t) if t.starts_with('/') => Some(CfgPath {
                path: normalize_abs(t),
                span: at,
                how: "named on the command line".into(),
            }),
            // relative to a working directory the tree does not show, or not literal
            _ => None,
        };
    }
    cfg.filter(|c| c.path.starts_with('/'))
}

/// `java ... QuorumPeerMain <cfg>`: the config file, and the words before the main class
/// (where the `-D` system properties are).
fn java_cfg(args: &[(FileId, Word)]) -> (Option<CfgPath>, Vec<(FileId, Word)>) {
    let Some(main) = args
        .iter()
        .position(|(_, w)| w.text.ends_with("QuorumPeerMain"))
    else {
        return (None, Vec::new());
    };
    let jvm = args.get(..main).unwrap_or(&[]).to_vec();
    let after: Vec<&(FileId, Word)> = args
        .get(main + 1..)
        .unwrap_or(&[])
        .iter()
        .take_while(|(_, w)| !w.text.starts_with(['>', '<', '&', '|']))
        .collect();
    // one argument is a config file; several are the standalone `port dataDir` form
    let cfg = match after.as_slice() {
        [(f, w)] => literal(&w.text)
            .filter(|t| t.starts_with('/'))
            .map(|t| CfgPath {
                path: normalize_abs(t),
                span: Span::new(*f, w.span.clone()),
                how: "named on the command line".into(),
            }),
        _ => None,
    };
    (cfg, jvm)
}

/// [`normalize_path`] keeping a leading `/`.
fn normalize_abs(path: &str) -> String {
    let n = normalize_path(path);
    match path.starts_with('/') {
        true => format!("/{}", n.trim_start_matches('/')),
        false => n,
    }
}

/// `-Dname=value` (or `-Dname`, which Java sets to the empty string) in a word.
fn flag_of(word: &str, span: Span) -> Option<JvmFlag> {
    let body = word.trim_matches(['"', '\'']).strip_prefix("-D")?;
    let (name, value) = body.split_once('=').unwrap_or((body, ""));
    (!name.is_empty()).then(|| JvmFlag {
        name: name.to_string(),
        value: value.to_string(),
        span,
    })
}

/// Every `-D` word of a variable's value (`JVMFLAGS="-Xmx1g -Dzookeeper.x=1"`), each with its
/// exact place in the file that sets it.
fn flags_in_value(host: &HostView<'_>, v: &EnvVar, out: &mut Vec<JvmFlag>) {
    let Some(range) = v.value_span.clone() else {
        return;
    };
    let text = host.text(v.file).get(range.clone()).unwrap_or("");
    let mut at = 0;
    for word in text.split([' ', '\t', '\n']) {
        let start = range.start + at;
        at += word.len() + 1;
        let trimmed = word.trim_matches(['"', '\'']);
        if !trimmed.starts_with("-D") {
            continue;
        }
        let lead = word.len() - word.trim_start_matches(['"', '\'']).len();
        let span = Span::new(v.file, start + lead..start + lead + trimmed.len());
        out.extend(flag_of(trimmed, span));
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::files::FileSet;
    use crate::model::Cluster;

    fn cluster(files: &[(&str, &str)]) -> (FileSet, Cluster) {
        let mut fs = FileSet::new();
        for (p, t) in files {
            fs.add_text(p, t);
        }
        let c = Cluster::build(&fs, &Config::default());
        (fs, c)
    }

    const CFG: &str = "tickTime=2000\ndataDir=/var/lib/zk\nclientPort=2181\n";

    #[test]
    fn the_conf_dir_beside_the_script_and_its_env_files() {
        let (fs, c) = cluster(&[
            (
                "z/etc/systemd/system/zookeeper.service",
                "[Service]\nExecStart=/opt/zookeeper/bin/zkServer.sh start-foreground\n",
            ),
            (
                "z/opt/zookeeper/conf/zookeeper-env.sh",
                "ZOOCFG=zoo-prod.cfg\nJVMFLAGS=\"-Xmx1g -Dzookeeper.multiAddress.enabled=true\"\n",
            ),
            (
                "z/opt/zookeeper/conf/java.env",
                "SERVER_JVMFLAGS='-Djute.maxbuffer=4194304'\n",
            ),
            ("z/opt/zookeeper/conf/zoo-prod.cfg", CFG),
            ("z/opt/zookeeper/conf/zoo.cfg", "tickTime=1\n"),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/opt/zookeeper/conf/zoo-prod.cfg");
        let flags: Vec<_> = z
            .jvm_flags()
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str(), fs.text(f.span)))
            .collect();
        assert_eq!(
            flags,
            [
                ("jute.maxbuffer", "4194304", "-Djute.maxbuffer=4194304"),
                (
                    "zookeeper.multiAddress.enabled",
                    "true",
                    "-Dzookeeper.multiAddress.enabled=true"
                ),
            ]
        );
    }

    #[test]
    fn zoocfgdir_of_the_unit_and_the_argument() {
        let (fs, c) = cluster(&[
            ("z/etc/systemd/system/zookeeper.service", "[Service]\nEnvironment=ZOOCFGDIR=/etc/zk\nExecStart=/usr/share/zookeeper/bin/zkServer.sh start-foreground zoo2.cfg\n"),
            ("z/etc/zk/zoo2.cfg", CFG),
            ("z/etc/zookeeper/conf/zoo.cfg", "tickTime=1\n"),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/etc/zk/zoo2.cfg");
        // a path with a directory is used as it is; --config (3.5+) sets the directory
        let (fs, c) = cluster(&[
            (
                "z/etc/init.d/zookeeper",
                "#!/bin/sh\nexec /opt/zk/bin/zkServer.sh --config /etc/zk start /srv/zk/zoo.cfg\n",
            ),
            ("z/srv/zk/zoo.cfg", CFG),
            ("z/etc/zk/zoo.cfg", "tickTime=1\n"),
            ("z/etc/zookeeper/conf/zoo.cfg", "tickTime=1\n"),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/srv/zk/zoo.cfg");
    }

    #[test]
    fn zookeeper_env_sh_moves_the_conf_dir() {
        let (fs, c) = cluster(&[
            (
                "z/etc/systemd/system/zookeeper.service",
                "[Service]\nExecStart=/opt/zookeeper/bin/zkServer.sh start-foreground\n",
            ),
            (
                "z/opt/zookeeper/conf/zookeeper-env.sh",
                "ZOOCFGDIR=/etc/zookeeper\n",
            ),
            ("z/etc/zookeeper/zoo.cfg", CFG),
            (
                "z/etc/zookeeper/java.env",
                "JVMFLAGS=-Dreadonlymode.enabled=true\n",
            ),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/etc/zookeeper/zoo.cfg");
        assert_eq!(z.jvm_flags()[0].name, "readonlymode.enabled");
    }

    #[test]
    fn a_named_config_missing_from_the_tree_is_said() {
        let (fs, c) = cluster(&[
            ("z/etc/systemd/system/zookeeper.service", "[Service]\nExecStart=/usr/bin/java -Dzookeeper.admin.enableServer=false -cp /opt/zk/lib/* org.apache.zookeeper.server.quorum.QuorumPeerMain /srv/zk/zoo.cfg\n"),
            ("z/etc/zookeeper/conf/zoo.cfg", CFG),
        ]);
        let h = &c.hosts[0];
        assert!(h.zookeeper.is_none());
        let (why, at) = h.zookeeper_unread.as_ref().expect("unread");
        assert!(why.contains("/srv/zk/zoo.cfg"), "{why}");
        assert_eq!(fs.text(*at), "/srv/zk/zoo.cfg");
    }

    #[test]
    fn a_start_script_of_the_unit_and_unknown_places() {
        let (fs, c) = cluster(&[
            ("z/etc/systemd/system/zookeeper.service", "[Service]\nExecStart=/usr/local/bin/run-zk.sh\n"),
            ("z/usr/local/bin/run-zk.sh", "#!/bin/sh\nexport ZOOCFGDIR=/srv/zk/conf\nexec /opt/zk/bin/zkServer.sh start-foreground\n"),
            ("z/srv/zk/conf/zoo.cfg", CFG),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/srv/zk/conf/zoo.cfg");
        // zkServer.sh from the PATH, no ZOOCFGDIR: the tree's zoo.cfg is taken as before
        let (fs, c) = cluster(&[
            (
                "z/etc/systemd/system/zookeeper.service",
                "[Service]\nExecStart=zkServer.sh start-foreground\n",
            ),
            ("z/etc/zookeeper/conf/zoo.cfg", CFG),
        ]);
        let z = c.hosts[0].zookeeper.as_ref().expect("zookeeper");
        assert_eq!(fs.path(z.cfg), "z/etc/zookeeper/conf/zoo.cfg");
    }
}
