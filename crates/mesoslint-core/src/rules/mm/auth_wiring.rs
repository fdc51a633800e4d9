use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::FlagDef;
use crate::rule::{Context, Rule, RuleMeta, Sink};
use crate::rules::mf::auth::{modules, on, since_note};
use crate::rules::mf::util::{def_span, describe, host_name, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports master authentication and authorization flags that make mesos-master exit:
    /// - `authorizers` naming more than one authorizer, or none (0.24+);
    /// - `authenticators` naming more than one, or a name other than `crammd5` that no module
    ///   in `modules` provides (0.22+; with `modules_dir` the modules are not known);
    /// - `authenticate_http_frameworks` without `http_framework_authenticators` (1.0+).
    ///
    /// ## Why is this bad?
    /// The master exits at start: "Multiple authorizers not supported", "Multiple
    /// authenticators not supported", "Authenticator '<a>' not found. Check the spelling
    /// (compare to 'crammd5') or verify that the authenticator was loaded successfully (see
    /// --modules)", "Missing `--http_framework_authenticators` flag. This must be used in
    /// conjunction with `--authenticate_http_frameworks`".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/authenticators
    /// crammd5,basic
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/authenticators
    /// crammd5
    /// ```
    ///
    /// ## How to fix
    /// Name one authorizer and one authenticator (load modules for others than `local` and
    /// `crammd5`); give `http_framework_authenticators` with `authenticate_http_frameworks`.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/master/main.cpp:450` (authorizers),
    ///   `src/master/master.cpp:543`, `:549` (authenticators), `:624`
    ///   (`http_framework_authenticators`).
    pub struct AuthWiring {
        code: "MM011",
        name: "master-auth-wiring",
        severity: Error,
        summary: "Master authentication or authorization flags that make it exit",
    }
}

impl Rule for AuthWiring {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let Some(master) = host.master.as_deref() else {
                continue;
            };
            let secrets = secret_files(cx, index);
            let report = |sink: &mut Sink,
                          def: &FlagDef,
                          since: Version,
                          what: String,
                          error: String,
                          help: &str| {
                let (Some(note), Some(span)) = (since_note(cx, since), def_span(def, &secrets))
                else {
                    return;
                };
                sink.report(
                    Diagnostic::new(
                        &AuthWiring::META,
                        format!(
                            "{} {what} (mesos-master on `{}`)",
                            describe(def, cx.files),
                            host_name(host)
                        ),
                    )
                    .primary(span, format!("the master exits: \"{error}\""))
                    .note(note)
                    .help(help.to_string()),
                );
            };
            // Each of these flags takes one name (a built-in or a module's) and the master
            // refuses a list the same way for both.
            let one_name = [
                ("authorizers", "authorizer", Version::new(0, 24, 0), "local"),
                (
                    "authenticators",
                    "authenticator",
                    Version::new(0, 22, 0),
                    "crammd5",
                ),
            ];
            for (flag, kind, since, builtin) in one_name {
                let Some(def) = master.flags.get(flag).filter(|d| !d.is_package_default()) else {
                    continue;
                };
                let Some(v) = def.known_value() else {
                    continue;
                };
                let count = v.split(',').count();
                if count > 1 {
                    report(
                        sink,
                        def,
                        since,
                        format!("names {count} {kind}s"),
                        format!("Multiple {kind}s not supported"),
                        &format!("name one {kind}: `{builtin}`, or a module's"),
                    );
                } else if flag == "authorizers" && v.trim().is_empty() {
                    report(
                        sink,
                        def,
                        since,
                        "names no authorizer".into(),
                        "No authorizer specified".into(),
                        "write `local`, or delete the file for the default",
                    );
                } else if flag == "authenticators"
                    && v != builtin
                    && modules(cx, host, master).provides(v) == Some(false)
                {
                    report(sink, def, since,
                        format!("names authenticator `{}`, which is not built in and no loaded module provides", v.escape_debug()),
                        format!("Authenticator '{}' not found. Check the spelling (compare to 'crammd5') or verify that the authenticator was loaded successfully (see --modules)", v.escape_debug()),
                        "write `crammd5`, or load the module that provides it with `modules`");
                }
            }
            if let Some(def) = on(&master.flags, "authenticate_http_frameworks") {
                if !master.flags.is_set("http_framework_authenticators") {
                    report(sink, def, Version::new(1, 0, 0),
                        "turns on `authenticate_http_frameworks` without `http_framework_authenticators`".into(),
                        "Missing `--http_framework_authenticators` flag. This must be used in conjunction with `--authenticate_http_frameworks`".into(),
                        "name the HTTP framework authenticator (`basic`, or a module's) in `http_framework_authenticators`");
                }
            }
        }
    }
}
