use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::FlagDef;
use crate::parse::values::{parse_duration, Duration};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{host_name, widen};

declare_rule! {
    /// ## What it does
    /// Reports a master whose `registry_fetch_timeout` is shorter than its
    /// `registry_store_timeout`, counting the defaults (`60secs` and `20secs`; `5secs` before
    /// Mesos 0.28) for the one that is not set.
    ///
    /// ## Why is this bad?
    /// Recovery fetches the whole registry from the replicated log, which takes at least as
    /// long as storing an update. A fetch timeout shorter than the store timeout makes a
    /// leader give up recovery ("Failed to perform fetch within ...") under load that stores
    /// still survive, and the masters restart in a loop.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/registry_fetch_timeout
    /// 10secs
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/registry_fetch_timeout
    /// 2mins
    /// ```
    ///
    /// ## How to fix
    /// Keep `registry_fetch_timeout` at least as long as `registry_store_timeout`.
    ///
    /// ## References
    /// - Mesos `src/master/flags.cpp` and `src/master/constants.hpp` (defaults).
    /// - DOMAIN.md §2.4, §5 P1.
    pub struct RegistryTimeouts {
        code: "MM009",
        name: "registry-timeouts",
        severity: Warning,
        summary: "registry_fetch_timeout is shorter than registry_store_timeout",
    }
}

fn duration(def: Option<&FlagDef>) -> Result<Option<Duration>, ()> {
    match def {
        None => Ok(None),
        Some(d) => match d.known_value().map(|v| parse_duration(v.trim_end())) {
            Some(Ok(v)) => Ok(Some(v)),
            _ => Err(()),
        },
    }
}

impl Rule for RegistryTimeouts {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let old_store_default = cx.cluster.mesos_at_least(Version::new(0, 28, 0)) == Some(false);
        for host in cx.cluster.masters() {
            let Some(m) = &host.master else { continue };
            let fetch_def = m.flags.get("registry_fetch_timeout");
            let store_def = m.flags.get("registry_store_timeout");
            if fetch_def.is_none() && store_def.is_none() {
                continue;
            }
            // An unknown or unparseable value (MF002) leaves nothing to compare.
            let (Ok(fetch), Ok(store)) = (duration(fetch_def), duration(store_def)) else {
                continue;
            };
            let fetch = fetch.unwrap_or_else(|| Duration::from_secs(60.0));
            let store = store
                .unwrap_or_else(|| Duration::from_secs(if old_store_default { 5.0 } else { 20.0 }));
            if fetch.secs() >= store.secs() {
                continue;
            }
            let describe = |def: Option<&FlagDef>, v: Duration| match def {
                Some(_) => format!("{v}"),
                None => format!("{v} (the default)"),
            };
            let fetch_text = describe(fetch_def, fetch);
            let store_text = describe(store_def, store);
            let span_of = |d: &FlagDef| d.span().map(|s| widen(cx.files, s));
            let (primary, secondary) =
                match (fetch_def.and_then(span_of), store_def.and_then(span_of)) {
                    (Some(f), s) => (
                        (f, "fetch timeout".to_string()),
                        s.map(|s| (s, "store timeout".to_string())),
                    ),
                    (None, Some(s)) => (
                        (s, format!("longer than the fetch timeout, {fetch_text}")),
                        None,
                    ),
                    (None, None) => continue,
                };
            let mut d = Diagnostic::new(
                &Self::META,
                format!(
                    "registry_fetch_timeout {fetch_text} is shorter than registry_store_timeout {store_text} on {}",
                    host_name(host)
                ),
            )
            .primary(primary.0, primary.1);
            if let Some((span, label)) = secondary {
                d = d.secondary(span, label);
            }
            sink.report(d.help(format!("set registry_fetch_timeout to at least {store}")));
        }
    }
}
