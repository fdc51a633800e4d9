use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{FlagDef, Marathon, SourceKind};
use crate::parse::marathon_options::option;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{def_span, name, target, Target};

declare_rule! {
    /// ## What it does
    /// Reports Marathon options that only work together, or never together:
    /// - `mesos_authentication` (or `disable_mesos_authentication`: Scallop counts either
    ///   form as given) without `mesos_authentication_principal` (1.4–1.11, `dependsOnAll`);
    /// - both `mesos_authentication_secret` and `mesos_authentication_secret_file`
    ///   (1.4–1.11, `mutuallyExclusive`);
    /// - only one of `plugin_dir` and `plugin_conf` (1.4–1.11, `codependent`);
    /// - `group_versions_cache_size` (default 1000) not more than twice
    ///   `max_running_deployments` (default 100) (1.7+);
    /// - `disable_http` without an HTTPS key store, `ssl_keystore_path` and
    ///   `ssl_keystore_password` (1.6.486+, where Marathon builds its own HTTP server);
    /// - `ssl_keystore_path` without `ssl_keystore_password` (or the reverse): no HTTPS
    ///   connector is built and nothing is logged (1.6.486+; a warning).
    ///
    /// ## Why is this bad?
    /// Marathon exits with its option parser's words:
    /// `When specifying 'mesos_authentication', all of the following options must also be provided: mesos_authentication_principal`,
    /// `There should be only one or zero of the following options: mesos_authentication_secret, mesos_authentication_secret_file`,
    /// `Either all or none of the following options should be supplied, because they are co-dependent: plugin_dir, plugin_conf`,
    /// `group_versions_cache_size must be more than 2 times higher than max_running_deployments`,
    /// or, from its HTTP module,
    /// `Invalid configuration: Neither HTTP nor HTTPS support has been configured.`
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_MESOS_AUTHENTICATION=
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_MESOS_AUTHENTICATION=
    /// MARATHON_MESOS_AUTHENTICATION_PRINCIPAL=marathon
    /// MARATHON_MESOS_AUTHENTICATION_SECRET_FILE=/etc/marathon/secret
    /// ```
    ///
    /// ## How to fix
    /// Add the missing option, or remove the one that is not wanted.
    ///
    /// ## References
    /// - scallop `ScallopConfBase.scala` (`dependsOnAll`, `mutuallyExclusive`,
    ///   `codependent`, `validate`); Marathon `MarathonConf.scala`,
    ///   `core/plugin/PluginManagerConfiguration.scala`, `api/HttpModule.scala`
    ///   (`getHTTPSConnector`).
    pub struct OptionCombination {
        code: "MR009",
        name: "option-combination",
        severity: Error,
        summary: "Marathon options that need, or exclude, each other",
    }
}

fn given<'a>(m: &'a Marathon, canonical: &str) -> Option<&'a FlagDef> {
    m.flags
        .iter()
        .filter(|d| d.source.kind != SourceKind::Derived)
        .filter(|d| d.canonical.as_ref() == canonical)
        .last()
}

fn number(m: &Marathon, canonical: &str, default: i64) -> Option<i64> {
    match given(m, canonical) {
        None => Some(default),
        Some(d) if d.unknown => None,
        Some(d) => d.value.as_deref()?.trim().parse().ok(),
    }
}

/// The HTTP module of 1.6.486 and later (not the chaos one of earlier releases).
fn own_http_module(t: &Target) -> bool {
    t.minor >= 7 || (t.minor == 6 && t.patch >= 486)
}

impl Rule for OptionCombination {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            let exists = |o: &str| option(o).is_some_and(|o| o.exists_in(t.minor, t.patch));
            let who = name(host);
            let mut report = |anchor: &FlagDef, others: &[&FlagDef], msg: String, daemon: &str| {
                let Some(span) = def_span(anchor) else { return };
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "{msg} on {who}: Marathon {} exits with \"{daemon}\"",
                        t.label()
                    ),
                )
                .primary(span, "given here");
                for o in others {
                    if let Some(s) = def_span(o) {
                        d = d.secondary(s, "and here");
                    }
                }
                sink.report(d.note(t.note()));
            };

            if let Some(auth) = given(m, "mesos_authentication") {
                if given(m, "mesos_authentication_principal").is_none() {
                    report(auth, &[], format!("`{}` without `mesos_authentication_principal`", auth.written),
                        "When specifying 'mesos_authentication', all of the following options must also be provided: mesos_authentication_principal");
                }
            }
            if let (Some(a), Some(b)) = (
                given(m, "mesos_authentication_secret"),
                given(m, "mesos_authentication_secret_file"),
            ) {
                report(a, &[b], "both `mesos_authentication_secret` and `mesos_authentication_secret_file`".into(),
                    "There should be only one or zero of the following options: mesos_authentication_secret, mesos_authentication_secret_file");
            }
            match (given(m, "plugin_dir"), given(m, "plugin_conf")) {
                (Some(d), None) | (None, Some(d)) => report(
                    d,
                    &[],
                    format!("`{}` without `{}`", d.canonical.as_ref() as &str, if d.canonical.as_ref() as &str == "plugin_dir" { "plugin_conf" } else { "plugin_dir" }),
                    "Either all or none of the following options should be supplied, because they are co-dependent: plugin_dir, plugin_conf",
                ),
                _ => {}
            }
            if exists("group_versions_cache_size") && t.minor >= 7 {
                let cache = given(m, "group_versions_cache_size");
                let deps = given(m, "max_running_deployments");
                if let (Some(c), Some(r)) = (
                    number(m, "group_versions_cache_size", 1000),
                    number(m, "max_running_deployments", 100),
                ) {
                    if (cache.is_some() || deps.is_some()) && c <= r.saturating_mul(2) {
                        let anchor = cache.or(deps).expect("one is given");
                        let others: Vec<&FlagDef> = deps
                            .into_iter()
                            .filter(|d| cache.is_some() && !std::ptr::eq(*d, anchor))
                            .collect();
                        report(anchor, &others, format!("`group_versions_cache_size` {c} is not more than twice `max_running_deployments` {r}"),
                            "group_versions_cache_size must be more than 2 times higher than max_running_deployments");
                    }
                }
            }
            if own_http_module(&t) {
                let path = given(m, "ssl_keystore_path");
                let pass = given(m, "ssl_keystore_password");
                // chaos-era defaults from MESOSPHERE_KEYSTORE_* may still fill them in.
                let env_keystore = m
                    .env_file
                    .is_some_and(|f| cx.files.get(f).text().contains("MESOSPHERE_KEYSTORE_"));
                if env_keystore {
                    continue;
                }
                if let Some(off) = given(m, "disable_http")
                    .filter(|d| d.value.as_deref().is_none_or(|v| v.trim().is_empty()))
                {
                    if path.is_none() || pass.is_none() {
                        report(off, &[], "`disable_http` without an HTTPS key store (`ssl_keystore_path` and `ssl_keystore_password`)".into(),
                            "Invalid configuration: Neither HTTP nor HTTPS support has been configured.");
                        continue;
                    }
                }
                if let (Some(one), None) | (None, Some(one)) = (path, pass) {
                    let missing = if path.is_some() {
                        "ssl_keystore_password"
                    } else {
                        "ssl_keystore_path"
                    };
                    let Some(span) = def_span(one) else { continue };
                    sink.report(
                        Diagnostic::new(
                            &Self::META,
                            format!("`{}` without `{missing}` on {who}: Marathon {} builds no HTTPS connector and says nothing", one.written, t.label()),
                        )
                        .severity(Severity::Warning)
                        .primary(span, "HTTPS needs both the key store path and its password")
                        .help(format!("set `{missing}` too, or remove `{}`", one.written)),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::run_env;

    fn n(target: Option<&str>, extra: &str) -> usize {
        run_env("MR009", target, extra)
    }

    #[test]
    fn authentication() {
        assert_eq!(n(None, "MARATHON_MESOS_AUTHENTICATION="), 1);
        assert_eq!(n(None, "MARATHON_DISABLE_MESOS_AUTHENTICATION="), 1);
        assert_eq!(
            n(
                None,
                "MARATHON_MESOS_AUTHENTICATION=\nMARATHON_MESOS_AUTHENTICATION_PRINCIPAL=m"
            ),
            0
        );
        assert_eq!(n(None, "MARATHON_MESOS_AUTHENTICATION_SECRET=s\nMARATHON_MESOS_AUTHENTICATION_SECRET_FILE=/f"), 1);
        assert_eq!(n(None, "MARATHON_MESOS_AUTHENTICATION_SECRET_FILE=/f"), 0);
    }

    #[test]
    fn plugins_cache_http() {
        assert_eq!(n(None, "MARATHON_PLUGIN_DIR=/p"), 1);
        assert_eq!(
            n(None, "MARATHON_PLUGIN_DIR=/p\nMARATHON_PLUGIN_CONF=/c.json"),
            0
        );
        assert_eq!(n(None, "MARATHON_MAX_RUNNING_DEPLOYMENTS=500"), 1);
        assert_eq!(n(None, "MARATHON_MAX_RUNNING_DEPLOYMENTS=499"), 0);
        assert_eq!(n(Some("1.6"), "MARATHON_MAX_RUNNING_DEPLOYMENTS=500"), 0);
        assert_eq!(
            n(
                None,
                "MARATHON_GROUP_VERSIONS_CACHE_SIZE=200\nMARATHON_MAX_RUNNING_DEPLOYMENTS=100"
            ),
            1
        );
        assert_eq!(n(None, "MARATHON_DISABLE_HTTP="), 1);
        assert_eq!(n(Some("1.5"), "MARATHON_DISABLE_HTTP="), 0);
        assert_eq!(n(None, "MARATHON_DISABLE_HTTP=\nMARATHON_SSL_KEYSTORE_PATH=/k\nMARATHON_SSL_KEYSTORE_PASSWORD=p"), 0);
        assert_eq!(n(None, "MARATHON_SSL_KEYSTORE_PATH=/k"), 1);
    }
}
