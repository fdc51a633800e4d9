use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{label_text, most_common, sites, sub_span, Reader, Site};

declare_rule! {
    /// ## What it does
    /// Checks the chroot path of the URLs Mesos uses to find its masters (`etc/mesos/zk`, the
    /// master's `zk`, the agent's `master`, Marathon's `master`). A path other than `/mesos`
    /// is a warning; masters, agents and Marathon using different paths is an error.
    ///
    /// ## Why is this bad?
    /// The masters register under their path; an agent or a Marathon looking under another
    /// path waits forever for a leader that never appears ("no master detected"), with no
    /// error at start-up. Every package, guide and tool assumes `/mesos`, so another path is
    /// easy to miss on one host.
    ///
    /// ## Example
    /// ### Invalid: the agent looks under another path than the masters
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos-prod
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    /// ### Invalid: an unusual path
    /// ```text file:etc/mesos/zk
    /// zk://zk1:2181/cluster
    /// ```
    /// ```text file:etc/mesos-master/quorum
    /// 1
    /// ```
    /// ### Valid
    /// ```text file:hosts/master1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/master1/etc/mesos-master/quorum
    /// 2
    /// ```
    /// ```text file:hosts/agent1/etc/mesos/zk
    /// zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// ```
    /// ```text file:hosts/agent1/etc/mesos-slave/work_dir
    /// /var/lib/mesos
    /// ```
    ///
    /// ## How to fix
    /// Use the same path, `/mesos`, in `etc/mesos/zk` on every host and in Marathon's
    /// `master`.
    ///
    /// ## References
    /// - DOMAIN.md §2.3 (the chroot path of the contender and detector).
    /// - DOMAIN.md §4.2: Marathon docs on `--master` ("pay particular attention to the
    ///   leading zk:// and trailing /mesos"); §5 P4.
    pub struct MesosPathSuffix {
        code: "ZU002",
        name: "mesos-path-suffix",
        severity: Warning,
        summary: "A Mesos ZooKeeper URL whose path is not /mesos, or differs between daemons",
    }
}

impl Rule for MesosPathSuffix {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let all = sites(cx);
        let mesos: Vec<(&Site<'_>, String, std::ops::Range<usize>)> = all
            .iter()
            .filter(|s| s.is_mesos())
            .filter_map(|s| {
                let url = s.url()?;
                Some((s, url.path.clone(), url.path_range.clone()))
            })
            .collect();
        // The masters decide where they register: their most common path is the reference.
        let masters: Vec<_> = mesos
            .iter()
            .filter(|(s, _, _)| s.has(Reader::MasterZk))
            .collect();
        let reference = most_common(&masters, |(_, p, _)| p.clone())
            .or_else(|| most_common(&mesos, |(_, p, _)| p.clone()));
        let Some(reference) = reference else { return };
        let ref_sites: Vec<_> = mesos.iter().filter(|(_, p, _)| *p == reference).collect();
        for (site, path, range) in &mesos {
            let Some(primary) = sub_span(site, range.clone()) else {
                continue;
            };
            if *path != reference {
                let who = if masters.is_empty() {
                    "the other hosts"
                } else {
                    "the masters"
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "Mesos URL on {} ({}) uses the path `{path}`, but {who} use `{reference}`: they never find each other",
                        super::util::name(site.host),
                        site.readers_text()
                    ),
                )
                .severity(Severity::Error)
                .primary(primary, label_text(site, format!("path `{path}` ({})", site.origin)));
                for (r, _, rrange) in ref_sites.iter().take(6) {
                    if let Some(s) = sub_span(r, rrange.clone()) {
                        d = d.secondary(
                            s,
                            format!(
                                "{} uses `{reference}` ({})",
                                super::util::name(r.host),
                                r.readers_text()
                            ),
                        );
                    }
                }
                if ref_sites.len() > 6 {
                    d = d.note(format!(
                        "{} more URLs use `{reference}`",
                        ref_sites.len() - 6
                    ));
                }
                sink.report(d.help(format!(
                    "use the same path as the masters, `{reference}`, in every Mesos URL"
                )));
            } else if path != "/mesos" && site.span.is_some() {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "Mesos ZooKeeper URL on {} uses the path `{path}` instead of the conventional `/mesos`",
                            super::util::name(site.host)
                        ),
                    )
                    .primary(primary, format!("path `{path}`"))
                    .note(format!("read by {}", site.readers_text()))
                    .help("use `/mesos` on every host, as packages, guides and tools expect"),
                );
            }
        }
    }
}
