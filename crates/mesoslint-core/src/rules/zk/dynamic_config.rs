use super::ensemble::on_host;
use super::facts::{plain_value, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{Host, ZkServer};
use crate::parse::properties::parse_properties;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks `dynamicConfigFile` (3.5+) against the static file and the dynamic file:
    /// - the static zoo.cfg still holds `server.N`, `group.N` or `weight.N` lines:
    ///   "parameter: server.1 must be in a separate dynamic config file";
    /// - the dynamic file (when the tree holds it) has any key but `server.N`, `group.N` and
    ///   `weight.N`: "Unrecognised parameter: <key>", or a `version` key: "dynamic file
    ///   shouldn't have version inside";
    /// - the named file is absent although it lies in the directory of zoo.cfg, which the
    ///   tree shows: "Error processing <dynamicConfigFile>" (FileNotFoundException). A file in
    ///   another directory, or a relative path (read from the start script's working
    ///   directory), is left alone: the tree may not show it.
    ///
    /// ## Why is this bad?
    /// ZooKeeper exits at start with "Invalid config, exiting abnormally".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// dynamicConfigFile=/etc/zookeeper/conf/zoo.cfg.dynamic
    /// server.1=zk1:2888:3888;2181
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// dynamicConfigFile=/etc/zookeeper/conf/zoo.cfg.dynamic
    /// ```
    /// ```text file:etc/zookeeper/conf/zoo.cfg.dynamic
    /// server.1=zk1:2888:3888;2181
    /// server.2=zk2:2888:3888;2181
    /// server.3=zk3:2888:3888;2181
    /// ```
    ///
    /// ## How to fix
    /// Keep the server, group and weight lines in the dynamic file only, and everything else
    /// in zoo.cfg; let ZooKeeper name the file's version (`zoo.cfg.dynamic.100000000`).
    ///
    /// ## References
    /// - `QuorumPeerConfig.parse`, `parseProperties` and `parseDynamicConfig` (release-3.5.10
    ///   to release-3.9.5).
    pub struct DynamicConfig {
        code: "ZK023",
        name: "dynamic-config",
        severity: Error,
        summary: "dynamicConfigFile with server lines left in zoo.cfg, a bad or missing dynamic file",
    }
}

impl Rule for DynamicConfig {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        if !ver.at_least(3, 5, 0) {
            return; // 3.4 has no dynamic configuration: the key is a system property there
        }
        for (host, zk) in cx.cluster.zk_servers() {
            let Some(p) = zk.get("dynamicConfigFile") else {
                continue;
            };
            let Some(path) = plain_value(p) else { continue };
            static_lines(ver, host, zk, cx, sink);
            dynamic_file(ver, path, host, zk, cx, sink);
        }
    }
}

fn static_lines(ver: ZkVersion, host: &Host, zk: &ZkServer, cx: &Context<'_>, sink: &mut Sink) {
    let Some(p) = zk.props.entries.iter().find(|p| {
        let k = p.key.trim();
        k.starts_with("server.") || k.starts_with("group") || k.starts_with("weight")
    }) else {
        return;
    };
    let key = p.key.trim();
    sink.report(
        Diagnostic::new(
            &DynamicConfig::META,
            format!(
                "`{key}` in {}{} next to `dynamicConfigFile`: ZooKeeper exits with \"parameter: {key} must be in a separate dynamic config file\"",
                cx.files.path(zk.cfg),
                on_host(host)
            ),
        )
        .primary(zk.line_span(p), "belongs in the dynamic file")
        .help("move the server, group and weight lines to the dynamic file")
        .note(ver.note("3.5 and later")),
    );
}

fn dynamic_file(
    ver: ZkVersion,
    path: &str,
    host: &Host,
    zk: &ZkServer,
    cx: &Context<'_>,
    sink: &mut Sink,
) {
    let Some(abs) = path.strip_prefix('/') else {
        return;
    };
    let cfg_rel = host
        .files
        .iter()
        .find(|f| f.id == zk.cfg)
        .map(|f| f.rel.as_str())
        .unwrap_or("");
    let cfg_dir = cfg_rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let file = host.files.iter().find(|f| f.rel == abs);
    let Some(file) = file else {
        let dir = abs.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        // A template or a file of another name prefix (zoo.cfg.dynamic.j2) may produce it.
        let produced = host.files.iter().any(|f| f.rel.starts_with(abs));
        if dir == cfg_dir && !cfg_dir.is_empty() && !produced && !zk.template {
            if let Some(p) = zk.get("dynamicConfigFile") {
                sink.report(
                    Diagnostic::new(
                        &DynamicConfig::META,
                        format!(
                            "`dynamicConfigFile={path}` in {}{}: no such file next to zoo.cfg, so ZooKeeper exits with \"Error processing {path}\" (FileNotFoundException)",
                            cx.files.path(zk.cfg),
                            on_host(host)
                        ),
                    )
                    .primary(zk.value_span(p), "not in the tree")
                    .help("add the dynamic file, or list the servers in zoo.cfg without `dynamicConfigFile`")
                    .note(ver.note("3.5 and later")),
                );
            }
        }
        return;
    };
    if file.template {
        return;
    }
    let text = cx.files.get(file.id).text();
    let props = parse_properties(text);
    for p in &props.entries {
        let key = p.key.trim();
        if key.starts_with("server.") || key.starts_with("group") || key.starts_with("weight") {
            continue;
        }
        let said = if key == "version" {
            "dynamic file shouldn't have version inside".to_string()
        } else {
            format!("Unrecognised parameter: {key}")
        };
        sink.report(
            Diagnostic::new(
                &DynamicConfig::META,
                format!(
                    "`{key}` in the dynamic file {}{}: ZooKeeper exits with \"{said}\"",
                    cx.files.path(file.id),
                    on_host(host)
                ),
            )
            .primary(
                Span::new(file.id, p.line.clone()),
                "not a server, group or weight line",
            )
            .help(if key == "version" {
                "remove the line: the version comes from the file name's suffix"
            } else {
                "move the setting to zoo.cfg"
            })
            .note(ver.note("3.5 and later")),
        );
        return;
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";
    const DYN: &str = "etc/zookeeper/conf/zoo.cfg.dynamic";
    const HEAD: &str = "dataDir=/var/lib/zookeeper\nclientPort=2181\ndynamicConfigFile=/etc/zookeeper/conf/zoo.cfg.dynamic\n";
    const SERVERS: &str =
        "server.1=a:2888:3888;2181\nserver.2=b:2888:3888;2181\nserver.3=c:2888:3888;2181\n";

    #[test]
    fn valid_split() {
        assert!(run("ZK023", &[(CFG, HEAD), (DYN, SERVERS)]).is_empty());
        // Elsewhere than the conf directory: not judged.
        let other = HEAD.replace("/etc/zookeeper/conf/", "/var/lib/zookeeper/");
        assert!(run("ZK023", &[(CFG, &other)]).is_empty());
    }

    #[test]
    fn static_server_lines() {
        let t = format!("{HEAD}server.1=a:2888:3888;2181\n");
        assert_eq!(run("ZK023", &[(CFG, &t), (DYN, SERVERS)]).len(), 1);
        assert!(run_for("ZK023", "3.4.14", &[(CFG, &t), (DYN, SERVERS)]).is_empty());
    }

    #[test]
    fn dynamic_file_contents_and_presence() {
        let bad = format!("{SERVERS}clientPort=2181\n");
        assert_eq!(run("ZK023", &[(CFG, HEAD), (DYN, &bad)]).len(), 1);
        let ver = format!("version=100000000\n{SERVERS}");
        assert_eq!(run("ZK023", &[(CFG, HEAD), (DYN, &ver)]).len(), 1);
        assert_eq!(run("ZK023", &[(CFG, HEAD)]).len(), 1);
    }
}
