use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::parse::myid::{is_package_placeholder, MyIdError};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::ensemble_util::{myid_unknown, on, own_entries, server_list_unknown, show};

declare_rule! {
    /// ## What it does
    /// Reports a `myid` file whose first line is not a bare integer: empty, the Debian/CDH
    /// package placeholder text, a number with spaces around it, anything else. Only the first
    /// line counts (a CRLF line end or later lines are fine). It checks the `myid` ZooKeeper
    /// reads (`<dataDir>/myid`, or the package's `etc/zookeeper/conf/myid` when dataDir is
    /// `/var/lib/zookeeper`), or the only `myid` the host has, on hosts whose ZooKeeper runs
    /// in quorum mode (standalone ZooKeeper ignores `myid`).
    ///
    /// ## Why is this bad?
    /// ZooKeeper reads the first line with `readLine()` and `Long.parseLong`s it without
    /// trimming: `"1 "`, an empty file and the package's
    /// `replace this text with the cluster-unique zookeeper's instance id (1-255)` all stop it
    /// with "serverid ... is not a number".
    ///
    /// ## Example
    /// ### Invalid: the package placeholder left in place
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:etc/zookeeper/conf/myid
    /// replace this text with the cluster-unique zookeeper's instance id (1-255)
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// server.1=zk1:2888:3888
    /// server.2=zk2:2888:3888
    /// server.3=zk3:2888:3888
    /// ```
    /// ```text file:etc/zookeeper/conf/myid
    /// 1
    /// ```
    ///
    /// ## How to fix
    /// Write the host's id alone on the first line: the `N` of the `server.N` line that names
    /// this host, e.g. `echo 2 > /var/lib/zookeeper/myid`.
    ///
    /// ## References
    /// - `QuorumPeerConfig.setupMyId` (3.5+) / `parseProperties` (3.4): `Long.parseLong` of
    ///   `readLine()`, "serverid ... is not a number".
    /// - Debian `zookeeper` package: `/etc/zookeeper/conf_example/myid` holds the placeholder
    ///   text and `/var/lib/zookeeper/myid` links to it (DOMAIN.md §3.5).
    pub struct MyIdInvalid {
        code: "ZK006",
        name: "myid-invalid",
        severity: Error,
        summary: "The first line of a ZooKeeper myid file is not a bare integer",
        fix: Safe,
    }
}

impl Rule for MyIdInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, zk) in cx.cluster.zk_servers() {
            if !(zk.quorum_mode() || server_list_unknown(cx.files, zk)) {
                continue;
            }
            let any_read = zk.myids.iter().any(|m| m.read);
            // The id this host should have, when exactly one server line names it.
            let own = own_entries(host, zk);
            let suggestion = match own.as_slice() {
                [one] => one
                    .id
                    .as_ref()
                    .ok()
                    .map(|id| (*id, one.host().unwrap_or(""))),
                _ => None,
            };
            for m in zk.myids.iter().filter(|m| m.read || !any_read) {
                if myid_unknown(cx.files, m) {
                    continue;
                }
                let text = m.text(cx.files);
                let (span, what, replacement) = match &m.parsed {
                    Ok(_) => continue,
                    Err(MyIdError::Empty) => (
                        m.within.unwrap_or(Span::file_start(m.file)),
                        "is empty: ZooKeeper stops with \"serverid null is not a number\""
                            .to_string(),
                        None,
                    ),
                    Err(MyIdError::NotANumber { text: first, span }) => {
                        let span = Span::new(m.file, span.clone());
                        let trimmed = first.trim();
                        if is_package_placeholder(text) {
                            (
                                span,
                                "still holds the package placeholder text: ZooKeeper stops with \"serverid replace this text ... is not a number\"".to_string(),
                                None,
                            )
                        } else if !trimmed.is_empty()
                            && trimmed != first
                            && trimmed.parse::<i64>().is_ok()
                            && trimmed.bytes().all(|b| b.is_ascii_digit())
                        {
                            (
                                span,
                                format!(
                                    "has whitespace around its id (`{}`): ZooKeeper does not trim it and stops with \"serverid {} is not a number\"",
                                    show(first),
                                    show(first)
                                ),
                                Some(trimmed.to_string()),
                            )
                        } else {
                            (
                                span,
                                format!(
                                    "is `{}`, not an integer: ZooKeeper stops with \"serverid ... is not a number\"",
                                    show(first)
                                ),
                                None,
                            )
                        }
                    }
                };
                let mut d = Diagnostic::new(&Self::META, format!("myid{} {what}", on(host)))
                    .primary(span, "the first line must be the server id alone");
                let replacement = replacement.or_else(|| suggestion.map(|(id, _)| id.to_string()));
                d = match (&suggestion, &replacement) {
                    (Some((id, name)), Some(r)) => d
                        .help(format!(
                            "write `{id}` alone on the first line (server.{id} is `{name}`, this host)"
                        ))
                        .fix(format!("write `{r}`"), span, r.clone()),
                    (None, Some(r)) => d
                        .help(format!("write `{r}` without the whitespace"))
                        .fix(format!("write `{r}`"), span, r.clone()),
                    _ => d.help(
                        "write this host's id alone on the first line: the N of the server.N line that names this host",
                    ),
                };
                sink.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::zk::ensemble_util::run;

    const CFG: &str =
        "dataDir=/var/lib/zookeeper\nserver.1=a:1:2\nserver.2=b:1:2\nserver.3=c:1:2\n";

    fn myid(text: &str) -> Vec<crate::Diagnostic> {
        run(
            "ZK006",
            &[
                ("hosts/b/etc/zookeeper/conf/zoo.cfg", CFG),
                ("hosts/b/var/lib/zookeeper/myid", text),
            ],
        )
    }

    #[test]
    fn good() {
        for t in ["2", "2\n", "2\r\n", "2\ngarbage\n", "{{ zk_id }}\n"] {
            assert!(myid(t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn bad() {
        for t in [
            "",
            "\n",
            " 2",
            "2 \n",
            "two",
            "replace this text with the cluster-unique zookeeper's instance id (1-255)\n",
            "\u{feff}2",
            "١",
        ] {
            assert_eq!(myid(t).len(), 1, "{t:?}");
        }
        let d = myid("2 \n");
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.edits[0].replacement.as_str()),
            Some("2")
        );
        let d = myid("replace this text with the cluster-unique zookeeper's instance id (1-255)\n");
        assert!(d[0].message.contains("placeholder"));
        assert!(
            d[0].help.as_deref().unwrap_or("").contains("`2`"),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn standalone_ignores_myid() {
        let d = run(
            "ZK006",
            &[
                ("etc/zookeeper/conf/zoo.cfg", "dataDir=/var/lib/zookeeper\n"),
                ("var/lib/zookeeper/myid", "replace this text\n"),
            ],
        );
        assert!(d.is_empty());
    }
}
