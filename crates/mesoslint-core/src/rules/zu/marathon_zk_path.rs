use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{sites, sub_span, Reader};

declare_rule! {
    /// ## What it does
    /// Checks the path of Marathon's `zk`, where Marathon keeps its state. The same path as
    /// the Mesos URL, on the same ZooKeeper servers, is an error; a path not ending in
    /// `/marathon` is a warning. URLs on other hosts of the tree count: a Marathon on one host
    /// is compared with the Mesos URLs of every host.
    ///
    /// ## Why is this bad?
    /// With the Mesos path, Marathon writes its state and leader-election nodes among the
    /// Mesos master's nodes (`log_replicas`, `json.info_*`): node-name collisions and a
    /// registry nobody can tell apart. Every guide uses `/marathon`; another name is fine for
    /// a second Marathon (which needs its own path), but usually a typo.
    ///
    /// ## Example
    /// ### Invalid: Marathon state under the Mesos path
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/zk
    /// zk://master1:2181,master2:2181,master3:2181/marathon
    /// ```
    /// ```text file:hosts/master1/etc/marathon/conf/master
    /// zk://master1:2181,master2:2181,master3:2181/mesos
    /// ```
    ///
    /// ## How to fix
    /// Give Marathon its own path: `zk://host1:2181,host2:2181,host3:2181/marathon` (and a
    /// distinct path per Marathon framework).
    ///
    /// ## References
    /// - DOMAIN.md §4.2 (HA: every Marathon uses the same `--zk`, distinct from the Mesos
    ///   path), §5 P4: mdsol/marathon_cookbook#30, mesosphere/marathon#1719,
    ///   d2iq-archive/universe#252 and #273.
    pub struct MarathonZkPath {
        code: "ZU003",
        name: "marathon-zk-path",
        severity: Error,
        summary: "Marathon state stored under the Mesos path, or not under /marathon",
    }
}

impl Rule for MarathonZkPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let all = sites(cx);
        for site in all.iter().filter(|s| s.has(Reader::MarathonZk)) {
            let Some(url) = site.url() else { continue };
            let Some(primary) = sub_span(site, url.path_range.clone()) else {
                continue;
            };
            let mine = site.keys(cx.cluster);
            // Mesos URLs with the same path on at least one common server; the Mesos URLs of
            // the same host first.
            let mut collide: Vec<_> = all
                .iter()
                .filter(|s| s.is_mesos())
                .filter_map(|s| {
                    let u = s.url()?;
                    if u.path != url.path {
                        return None;
                    }
                    let theirs = s.keys(cx.cluster);
                    theirs.iter().any(|k| mine.contains(k)).then_some((s, u))
                })
                .collect();
            collide.sort_by_key(|(s, _)| !std::ptr::eq(s.host, site.host));
            if let Some((first, _)) = collide.first() {
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "Marathon on {} keeps its state under `{}`, the path Mesos uses ({}): Marathon's nodes collide with the Mesos registry",
                        super::util::name(site.host),
                        url.path,
                        first.readers_text()
                    ),
                )
                .primary(primary, format!("Marathon zk path `{}`", url.path));
                for (s, u) in collide.iter().take(6) {
                    if let Some(span) = sub_span(s, u.path_range.clone()) {
                        d = d.secondary(
                            span,
                            format!(
                                "Mesos URL on {} ({})",
                                super::util::name(s.host),
                                s.readers_text()
                            ),
                        );
                    }
                }
                if collide.len() > 6 {
                    d = d.note(format!(
                        "{} more Mesos URLs use `{}`",
                        collide.len() - 6,
                        url.path
                    ));
                }
                sink.report(d.help(format!(
                    "give Marathon its own path: change `{}` to `/marathon`",
                    url.path
                )));
            } else if !url.path.ends_with("/marathon") {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "Marathon on {} keeps its state under `{}`, not under the conventional `/marathon`",
                            super::util::name(site.host), url.path
                        ),
                    )
                    .severity(Severity::Warning)
                    .primary(primary, format!("Marathon zk path `{}`", url.path))
                    .help("use `/marathon` on every Marathon instance"),
                );
            }
        }
    }
}
