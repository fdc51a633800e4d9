//! What the model read, for the summary: how many daemons of each kind, and how many settings
//! were skipped because their value is an unrendered template expression. "Never a silent
//! clean": a report must say how much of the tree was actually checked.

use super::{Cluster, FlagSet};
use crate::parse::has_placeholder;

/// Daemons the model found, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DaemonCounts {
    pub masters: usize,
    pub agents: usize,
    pub zookeepers: usize,
    pub marathons: usize,
}

impl DaemonCounts {
    pub fn total(&self) -> usize {
        self.masters + self.agents + self.zookeepers + self.marathons
    }

    /// `2 mesos-master, 1 mesos-agent, 3 zookeeper` (kinds with none left out).
    pub fn describe(&self) -> String {
        [
            (self.masters, "mesos-master"),
            (self.agents, "mesos-agent"),
            (self.zookeepers, "zookeeper"),
            (self.marathons, "marathon"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl Cluster {
    pub fn daemon_counts(&self) -> DaemonCounts {
        let mut c = DaemonCounts::default();
        for h in &self.hosts {
            c.masters += usize::from(h.master.is_some());
            c.agents += usize::from(h.agent.is_some());
            c.zookeepers += usize::from(h.zookeeper.is_some());
            c.marathons += usize::from(h.marathon.is_some());
        }
        c
    }

    /// Settings reaching a daemon whose value (or, in `zoo.cfg`, key) is an unrendered
    /// template expression: the model keeps them as unknown and no rule judges them. A value
    /// the model could not resolve (`MESOS_ZK=zk://${ZK}/mesos` in an env file) is judged by
    /// its text in the file.
    pub fn templated_settings(&self, files: &crate::FileSet) -> usize {
        let in_flags = |f: &FlagSet| {
            f.iter()
                .filter(|d| {
                    d.unknown
                        && match d.value.as_deref() {
                            Some(v) => has_placeholder(v),
                            None => d.value_span.is_some_and(|s| has_placeholder(files.text(s))),
                        }
                })
                .count()
        };
        let mut n = 0;
        for h in &self.hosts {
            n += h.master.as_ref().map_or(0, |m| in_flags(&m.flags));
            n += h.agent.as_ref().map_or(0, |a| in_flags(&a.flags));
            n += h.marathon.as_ref().map_or(0, |m| in_flags(&m.flags));
            if let Some(zk) = &h.zookeeper {
                n += zk
                    .props
                    .entries
                    .iter()
                    .filter(|p| has_placeholder(&p.key) || has_placeholder(&p.value))
                    .count();
            }
        }
        n
    }
}

/// Every file the model read as something: a host's known files, container descriptions
/// (compose files, scripts) and the compose files themselves, even those that failed to parse.
pub(crate) fn read_files(
    files: &crate::FileSet,
    hosts: &[super::Host],
) -> crate::FastSet<crate::FileId> {
    let mut read = crate::FastSet::default();
    for h in hosts {
        read.extend(
            h.files
                .iter()
                .filter(|f| f.kind != super::FileKind::Other)
                .map(|f| f.id),
        );
        if let Some(c) = &h.container {
            read.insert(c.file);
        }
    }
    read.extend(
        files
            .paths()
            .filter(|&(p, id)| super::compose::reads_compose(files, p, id))
            .map(|(_, id)| id),
    );
    read
}

#[cfg(test)]
mod tests {
    use crate::{lint, Config, FileSet, Severity};

    #[test]
    fn templated_values_are_skipped_and_counted_in_every_format() {
        let mut fs = FileSet::new();
        fs.add_text("m1/etc/mesos-master/quorum", "$QUORUM\n");
        fs.add_text("m1/etc/mesos-master/hostname", "<%= @fqdn %>\n");
        fs.add_text("m1/etc/marathon/conf/master", "{{ master_url\n");
        fs.add_text(
            "m1/etc/zookeeper/conf/zoo.cfg",
            "tickTime=$TICK\ninitLimit={{ init\nsyncLimit=5\nclientPort=2181\ndataDir=/var/lib/zookeeper\n",
        );
        let r = lint(&fs, &Config::default());
        assert_eq!(r.count(Severity::Error), 0, "{:?}", r.diagnostics);
        assert_eq!(r.templated_skipped, 5);
        assert!(r.summary_line().ends_with("; 5 templated settings skipped"));
        assert_eq!(r.daemons.masters, 1);
        assert_eq!(r.daemons.zookeepers, 1);
        assert_eq!(r.daemons.marathons, 1);
    }
}
