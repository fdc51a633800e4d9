use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{sites, Reader};

declare_rule! {
    /// ## What it does
    /// Reports a `user:password@` inside a ZooKeeper URL written in a config file
    /// (`etc/mesos/zk`, flag files, `etc/default/*`, Marathon conf). mesoslint never prints the
    /// password: it is masked as soon as the file is read, in every output format.
    ///
    /// ## Why is this bad?
    /// Flag files and `etc/default/` files are usually world-readable and end up in config
    /// repositories, and the URL shows up in process listings and logs. Mesos reads the
    /// master's `zk` and the agent's `master` through `file://`, so the URL (with its
    /// credentials) can live in a file only the daemon's user can read.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos/zk
    /// zk://mesos:secret@zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/zk
    /// file:///etc/mesos/zk.secret
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 2
    /// ```
    ///
    /// ## How to fix
    /// Put the URL in a file readable only by the daemon's user (mode 0600) and point the flag
    /// at it with `file:///path`; keep that file out of the config repository.
    ///
    /// ## References
    /// - DOMAIN.md §2.3 (`user:password@` digest credentials; `file://` values of the
    ///   `SecurePathOrValue` flags master `zk` and agent `master`), §4.2 (Marathon `--zk`
    ///   accepts `user:pass@` from 1.1.2).
    pub struct UrlCredentials {
        code: "ZU006",
        name: "url-credentials",
        severity: Warning,
        summary: "A ZooKeeper URL with a password written in a config file",
    }
}

/// The byte range of `user:password@` in a URL value, if it has one.
fn credentials_range(value: &str) -> Option<std::ops::Range<usize>> {
    let start = value.find("://")? + 3;
    let rest = value.get(start..)?;
    let end = rest
        .find(|c: char| c == '/' || c.is_whitespace())
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    let at = authority.rfind('@')?;
    authority[..at].contains(':').then(|| start..start + at + 1)
}

impl Rule for UrlCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for site in sites(cx) {
            let Some(span) = site.span else { continue };
            let Some(range) = credentials_range(site.value) else {
                continue;
            };
            let path = cx.files.path(span.file);
            let help = if site.has(Reader::MarathonZk) || site.has(Reader::MarathonMaster) {
                "keep the URL in a file only Marathon's user can read (e.g. etc/default/marathon with mode 0600) and out of the config repository"
            } else {
                "move the URL to a file only the daemon's user can read (mode 0600) and set the flag to file:///path/of/that/file"
            };
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!(
                        "ZooKeeper URL in `{path}` on {} holds a user name and password",
                        super::util::name(site.host)
                    ),
                )
                .primary(span.sub(range), "credentials (password masked)")
                .note(format!("read by {}", site.readers_text()))
                .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::credentials_range;

    #[test]
    fn finds_credentials() {
        assert_eq!(credentials_range("zk://u:***@h:1/p"), Some(5..11));
        assert_eq!(credentials_range("zk://h:1/p"), None);
        assert_eq!(credentials_range("zk://u@h:1/p"), None);
        assert_eq!(credentials_range(""), None);
        assert_eq!(credentials_range("zk://é:ü@h"), Some(5..11));
        assert_eq!(credentials_range("zk://"), None);
    }
}
