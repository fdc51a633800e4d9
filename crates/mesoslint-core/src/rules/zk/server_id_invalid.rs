use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::has_placeholder;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{id_span, on, show};

declare_rule! {
    /// ## What it does
    /// Checks the `N` of every `server.N` key in `zoo.cfg`: not an integer is an error; an
    /// integer below 1 or above 255 is a warning.
    ///
    /// ## Why is this bad?
    /// ZooKeeper reads the id with `Long.parseLong`: `server.zk1` or `server.1a` stops it
    /// with "Error processing zoo.cfg". Any `long` is accepted, but the id is shifted into the
    /// top byte of every session id (`SessionTrackerImpl`: `id << 56`), so ids above 255 wrap
    /// and two servers can hand out colliding session ids; the administrator's guide asks for
    /// 1-255 (1-254 with extended types enabled, where larger ids are refused). Id 0 works
    /// but is outside the documented range.
    ///
    /// ## Example
    /// ### Invalid: an id that is not a number
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.zk1=zk1:2888:3888
    /// ```
    /// ### Invalid: an id out of range
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.256=zk1:2888:3888
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.255=zk2:2888:3888
    /// ```
    ///
    /// ## How to fix
    /// Number the servers 1 to 255, the same on every host, and write each host's number to
    /// its `myid`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties`: `Long.parseLong` of the key after `server.`.
    /// - ZooKeeper Administrator's Guide, "Configuration Parameters" (`server.x`, `myid`:
    ///   "should have a value between 1 and 255") and `EphemeralType.validateServerId`.
    pub struct ServerIdInvalid {
        code: "ZK004",
        name: "server-id-invalid",
        severity: Error,
        summary: "A zoo.cfg server.N id is not an integer, or outside 1-255",
    }
}

impl Rule for ServerIdInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            for entry in zk.effective_servers() {
                let key = cx.files.text(entry.key_span).trim();
                if has_placeholder(key) {
                    continue;
                }
                let span = id_span(cx.files, entry);
                let text = cx.files.text(span);
                match &entry.id {
                    Err(_) => sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "server id `{}` in `{}`{} is not an integer: ZooKeeper stops with \"Error processing zoo.cfg\"",
                                show(text),
                                show(key),
                                on(host)
                            ),
                        )
                        .primary(span, "not an integer")
                        .help("number the servers 1 to 255 (`server.1`, `server.2`, ...) and write each host's number to its myid"),
                    ),
                    Ok(id) if !(1..=255).contains(id) => sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!(
                                "server id {id}{} is outside the documented range 1-255{}",
                                on(host),
                                if *id > 255 {
                                    ": the id is shifted into the top byte of session ids, so ids above 255 wrap and session ids can collide"
                                } else {
                                    ""
                                }
                            ),
                        )
                        .severity(Severity::Warning)
                        .primary(span, format!("id {id}"))
                        .note("with zookeeper.extendedTypesEnabled=true, ZooKeeper refuses ids above 254")
                        .help("renumber the server within 1-255 on every host and in its myid"),
                    ),
                    Ok(_) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;
    use crate::Severity;

    fn key(k: &str) -> Vec<crate::Diagnostic> {
        let t = format!("dataDir=/d\n{k}=zk1:2888:3888\n");
        run("ZK004", &[("etc/zookeeper/conf/zoo.cfg", &t)])
    }

    #[test]
    fn ids() {
        for k in ["server.1", "server.255", "server.007"] {
            assert!(key(k).is_empty(), "{k}");
        }
        for k in [
            "server.zk1",
            "server.1a",
            "server.",
            "server.1.5",
            "server.é",
            "server.99999999999999999999",
        ] {
            let d = key(k);
            assert_eq!(d.len(), 1, "{k}");
            assert_eq!(d[0].severity, Severity::Error);
        }
        for k in ["server.0", "server.256", "server.-1"] {
            let d = key(k);
            assert_eq!(d.len(), 1, "{k}");
            assert_eq!(d[0].severity, Severity::Warning);
        }
        assert!(key("server.{{ id }}").is_empty());
    }
}
