use super::ensemble::on_host;
use super::facts::{plain_value, ZkVersion};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks `metricsProvider.className` (3.6+), which `QuorumPeerConfig.parseProperties`
    /// loads with `Class.forName`: the class path is not in the tree, so only names that can
    /// name no class are reported: a value that is not a package-qualified Java class name
    /// (`PrometheusMetricsProvider`, `prometheus`, spaces, a trailing dot), and a name in
    /// ZooKeeper's own `org.apache.zookeeper.metrics` packages other than
    /// `impl.DefaultMetricsProvider`, `impl.NullMetricsProvider` and
    /// `prometheus.PrometheusMetricsProvider`.
    ///
    /// ## Why is this bad?
    /// ZooKeeper exits at start with "metrics provider class was not found".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// metricsProvider.className=PrometheusMetricsProvider
    /// ```
    /// ### Valid
    /// ```text file:etc/zookeeper/conf/zoo.cfg
    /// dataDir=/var/lib/zookeeper
    /// clientPort=2181
    /// metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
    /// ```
    ///
    /// ## How to fix
    /// Write the fully qualified class name.
    ///
    /// ## References
    /// - `QuorumPeerConfig.parseProperties` (release-3.6.4 to release-3.9.5).
    pub struct MetricsProviderClass {
        code: "ZK026",
        name: "metrics-provider-class",
        severity: Error,
        summary: "metricsProvider.className names no class ZooKeeper can load",
    }
}

const BUILT_IN: &[&str] = &[
    "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider",
    "org.apache.zookeeper.metrics.impl.NullMetricsProvider",
    "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
];

/// A binary class name: dot-separated Java identifiers (`$` for nested classes), with a
/// package.
fn is_qualified_class_name(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
}

impl Rule for MetricsProviderClass {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let ver = ZkVersion::of(cx.cluster);
        if !ver.at_least(3, 6, 0) {
            return;
        }
        for (host, zk) in cx.cluster.zk_servers() {
            let Some(p) = zk.get("metricsProvider.className") else {
                continue;
            };
            let Some(v) = plain_value(p) else { continue };
            let why = if !is_qualified_class_name(v) {
                "not a package-qualified class name"
            } else if v.starts_with("org.apache.zookeeper.metrics.") && !BUILT_IN.contains(&v) {
                "no such class in ZooKeeper's metrics packages"
            } else {
                continue;
            };
            let shown: String = v.chars().take(80).collect();
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "`metricsProvider.className={shown}` in {}{}: {why}, so ZooKeeper exits with \"metrics provider class was not found\"",
                    cx.files.path(zk.cfg),
                    on_host(host)
                ),
            )
            .primary(zk.value_span(p), why)
            .note(ver.note("3.6 and later"));
            let last = v.rsplit('.').next().unwrap_or(v);
            if let Some(full) = BUILT_IN.iter().find(|b| {
                b.rsplit('.')
                    .next()
                    .is_some_and(|n| n.eq_ignore_ascii_case(last))
            }) {
                d = d.help(format!("write `metricsProvider.className={full}`"));
            }
            sink.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_qualified_class_name;
    use crate::rules::zk::ensemble_util::run;
    use crate::rules::zk::facts::run_for;

    const CFG: &str = "etc/zookeeper/conf/zoo.cfg";

    #[test]
    fn class_names() {
        assert!(is_qualified_class_name("com.example.Metrics$Provider"));
        assert!(!is_qualified_class_name("Prometheus"));
        assert!(!is_qualified_class_name("org.example."));
        assert!(!is_qualified_class_name("org.example.My Provider"));
    }

    #[test]
    fn fires_on_unqualified_and_misspelt_built_ins() {
        let t = |v: &str| format!("dataDir=/d\nclientPort=2181\nmetricsProvider.className={v}\n");
        assert_eq!(
            run("ZK026", &[(CFG, &t("PrometheusMetricsProvider"))]).len(),
            1
        );
        assert_eq!(
            run(
                "ZK026",
                &[(
                    CFG,
                    &t("org.apache.zookeeper.metrics.PrometheusMetricsProvider")
                )]
            )
            .len(),
            1
        );
        assert!(run(
            "ZK026",
            &[(
                CFG,
                &t("org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider")
            )]
        )
        .is_empty());
        assert!(run("ZK026", &[(CFG, &t("com.example.MyProvider"))]).is_empty());
        assert!(run_for("ZK026", "3.5.10", &[(CFG, &t("Prometheus"))]).is_empty());
    }
}
