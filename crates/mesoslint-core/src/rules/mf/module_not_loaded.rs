use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::Daemon;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::auth::modules;
use super::util::{daemons, describe, host_name, safe_span, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a module-backed setting that names an implementation the daemon does not build
    /// in, while the daemon loads no module that provides it: no `modules` and no
    /// `modules_dir`, or a `modules` JSON (in the tree) that lists no module of that name.
    /// Master: `hooks`, `allocator` (built in: `HierarchicalDRF`, and `hierarchical` from 1.7),
    /// `authorizers` (`local`), `http_authenticators` and `http_framework_authenticators`
    /// (`basic`), `master_contender`, `master_detector`. Agent: `hooks`, `authenticatee`
    /// (`crammd5`), `authorizer` (`local`), `http_authenticators` (`basic`, `jwt`),
    /// `container_logger`, `resource_estimator`, `qos_controller`, `secret_resolver`,
    /// `disk_profile_adaptor`, `master_detector`. (`authenticators` is MM011's.)
    ///
    /// ## Why is this bad?
    /// The daemon cannot create the named component and exits: "Error installing hooks: ...",
    /// "Failed to create allocator '<a>': ...", "Could not create '<a>' authorizer: ...",
    /// "Failed to create container logger: ...".
    ///
    /// ## Example
    /// ### Invalid: a logger module that nothing loads
    /// ```text file:etc/mesos-slave/container_logger
    /// org_apache_mesos_LogrotateContainerLogger
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/container_logger
    /// org_apache_mesos_LogrotateContainerLogger
    /// ```
    /// ```text file:etc/mesos-slave/modules
    /// {"libraries": [{"file": "/usr/lib/liblogrotate_container_logger.so", "modules": [{"name": "org_apache_mesos_LogrotateContainerLogger"}]}]}
    /// ```
    ///
    /// ## How to fix
    /// Load the module's library with `modules` (or `modules_dir`), or use the built-in name.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/master/main.cpp:328`, `:340`, `:473`;
    ///   `src/master/allocator/allocator.cpp:48`; `src/slave/main.cpp`;
    ///   `src/module/manager.hpp` (`ModuleManager::create`).
    pub struct ModuleNotLoaded {
        code: "MF016",
        name: "module-not-loaded",
        severity: Error,
        summary: "A module-backed setting names a module the daemon does not load",
    }
}

/// (flag, built-in names, the daemon's error) per daemon.
type Setting = (&'static str, &'static [&'static str], &'static str);

const MASTER: &[Setting] = &[
    ("hooks", &[], "Error installing hooks"),
    (
        "allocator",
        &["HierarchicalDRF", "hierarchical"],
        "Failed to create allocator",
    ),
    ("authorizers", &["local"], "Could not create authorizer"),
    (
        "http_authenticators",
        &["basic"],
        "Failed to create HTTP authenticator",
    ),
    (
        "http_framework_authenticators",
        &["basic"],
        "Failed to create HTTP authenticator",
    ),
    (
        "master_contender",
        &[],
        "Failed to create a master contender",
    ),
    ("master_detector", &[], "Failed to create a master detector"),
];

const AGENT: &[Setting] = &[
    ("hooks", &[], "Error installing hooks"),
    ("authenticatee", &["crammd5"], "Authenticatee not found"),
    ("authorizer", &["local"], "Could not create authorizer"),
    (
        "http_authenticators",
        &["basic", "jwt"],
        "Failed to create HTTP authenticator",
    ),
    ("container_logger", &[], "Failed to create container logger"),
    (
        "resource_estimator",
        &[],
        "Failed to create resource estimator",
    ),
    ("qos_controller", &[], "Failed to create QoS Controller"),
    (
        "secret_resolver",
        &[],
        "Failed to initialize secret resolver",
    ),
    (
        "disk_profile_adaptor",
        &[],
        "Failed to create disk profile adaptor",
    ),
    ("master_detector", &[], "Failed to create a master detector"),
];

impl Rule for ModuleNotLoaded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let old_allocator = cx.cluster.mesos_at_least(Version::new(1, 7, 0)) == Some(false);
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                let table = match d.daemon {
                    Daemon::Master => MASTER,
                    Daemon::Agent => AGENT,
                };
                let mut loaded = None;
                for (flag, builtins, error) in table {
                    let Some(def) = d.flags.get(flag).filter(|d| !d.is_package_default()) else {
                        continue;
                    };
                    let Some(value) = def.known_value() else {
                        continue;
                    };
                    // several authorizers are MM011's finding
                    if *flag == "authorizers" && value.contains(',') {
                        continue;
                    }
                    let builtin =
                        |n: &str| builtins.contains(&n) && !(old_allocator && n == "hierarchical");
                    let names: Vec<&str> = value
                        .split(',')
                        .map(str::trim)
                        .filter(|n| !n.is_empty() && !builtin(n))
                        .collect();
                    if names.is_empty() {
                        continue;
                    }
                    let loaded = loaded.get_or_insert_with(|| modules(cx, host, d));
                    let Some(missing) = names
                        .into_iter()
                        .find(|n| loaded.provides(n) == Some(false))
                    else {
                        continue;
                    };
                    let Some(span) = safe_span(def, &secrets) else {
                        continue;
                    };
                    let what = if d.flags.is_set("modules") {
                        "no module of that name is listed in `modules`"
                    } else {
                        "no `modules` or `modules_dir` is given"
                    };
                    let mut diag = Diagnostic::new(
                        &ModuleNotLoaded::META,
                        format!(
                            "{} names `{}` for {} on `{}`, which is not built in, and {what}",
                            describe(def, cx.files),
                            missing.escape_debug(),
                            d.daemon.as_str(),
                            host_name(host)
                        ),
                    )
                    .primary(
                        span,
                        format!("the daemon exits: \"{error} ...\" (module unknown)"),
                    );
                    diag = if builtins.is_empty() {
                        diag.help(format!(
                            "load the library that provides `{missing}` with `modules`"
                        ))
                    } else {
                        diag.help(format!(
                            "use the built-in `{}`, or load the library that provides `{missing}` with `modules`",
                            builtins[0]
                        ))
                    };
                    sink.report(diag);
                }
            }
        }
    }
}
