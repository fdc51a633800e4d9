use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Names each file that clearly configures Mesos, ZooKeeper or Marathon in a format
    /// mesoslint does not read: Kubernetes manifests and Helm charts with `MESOS_*`, `ZOO_*`
    /// or `MARATHON_*` variables or the daemons' images, Nomad jobs, Terraform and HCL files,
    /// Dockerfiles, JSON files, Ansible variables (`mesos_quorum: 2`), templates of files
    /// mesoslint does not know, Vagrantfiles, and shell scripts outside every host's tree
    /// (provisioning and start scripts) that run the daemons' binaries or write their files
    /// in a way that cannot be read without running the script. A script's writes with
    /// literal content (`echo 1 > /etc/mesos-master/quorum`, `tee`, `cat > f <<EOF`) are read
    /// as the files they create and linted (docs/inputs.md); what is named is each write with
    /// a variable in its path or content (`echo "$1" > /etc/zookeeper/conf/myid`), an append
    /// to a file the script did not write, a `sed -i` edit, or a command's output.
    ///
    /// ## Why is this bad?
    /// Nothing in such a file was checked: a quorum or ensemble mistake there passes unseen.
    /// The warning says so, so that a clean run is never mistaken for a checked one. Variables
    /// the daemons set for their tasks (`MESOS_SANDBOX`, `MARATHON_APP_ID`, ...) do not count.
    ///
    /// ## Example
    /// ### Invalid: a Kubernetes manifest setting the quorum
    /// ```text file:k8s/mesos-master.yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: master
    ///           env:
    ///             - name: MESOS_QUORUM
    ///               value: "2"
    /// ```
    /// ### Valid: a manifest of an unrelated service
    /// ```text file:k8s/web.yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// ```
    ///
    /// ## How to fix
    /// Check those settings by hand, or describe the deployment in a format mesoslint reads
    /// (docs/inputs.md). To silence the warning for a path, use `per-path-ignores`.
    pub struct UnreadFormat {
        code: "IN012",
        name: "unread-format",
        severity: Warning,
        summary: "A file configures a daemon in a format mesoslint does not read",
    }
}

impl Rule for UnreadFormat {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for u in &cx.cluster.unread {
            let message = match &u.detail {
                Some(detail) => format!(
                    "`{}` configures {} ({}), but {detail}",
                    cx.files.path(u.file),
                    u.daemon,
                    u.evidence,
                ),
                None => format!(
                    "`{}` configures {} ({}), but it is {}, which mesoslint does not read: its settings were not checked",
                    cx.files.path(u.file),
                    u.daemon,
                    u.evidence,
                    u.format
                ),
            };
            sink.report(
                Diagnostic::new(&Self::META, message)
                .primary(u.span, format!("{} setting not checked", u.daemon))
                .help("check these settings by hand, or describe the hosts in a format mesoslint reads (docs/inputs.md)"),
            );
        }
    }
}
