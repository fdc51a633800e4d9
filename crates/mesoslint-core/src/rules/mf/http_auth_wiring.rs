use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Daemon, Host, MesosDaemon};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::auth::{on, since_note};
use super::util::{daemons, def_span, describe, host_name, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports HTTP authentication that a daemon cannot set up at start:
    /// - `authenticate_http_readonly` or `authenticate_http_readwrite` with the default `basic`
    ///   HTTP authenticator and no credentials (master `credentials`, agent
    ///   `http_credentials`) (0.27+);
    /// - agent `authenticate_http_executors` without `jwt_secret_key` (1.5+, SSL builds).
    ///
    /// ## Why is this bad?
    /// The daemon exits: "No credentials provided for the default 'basic' HTTP authenticator
    /// for realm 'mesos-master-readwrite'", "--jwt_secret_key must be specified when
    /// --authenticate_http_executors is set to true".
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/?authenticate_http_readwrite
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/?authenticate_http_readwrite
    /// ```
    /// ```text file:etc/mesos-master/credentials
    /// /etc/mesos/credentials.json
    /// ```
    ///
    /// ## How to fix
    /// Give the master `credentials` (the agent `http_credentials`) naming a JSON credentials
    /// file, or name an HTTP authenticator module in `http_authenticators`; give the agent a
    /// `jwt_secret_key` file with `authenticate_http_executors`.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/common/http.cpp:1291` (`createBasicAuthenticator`),
    ///   `src/master/master.cpp:608`, `src/slave/slave.cpp:376` and `:404`.
    pub struct HttpAuthWiring {
        code: "MF013",
        name: "http-auth-wiring",
        severity: Error,
        summary: "HTTP authentication switched on without what it needs",
    }
}

impl Rule for HttpAuthWiring {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                check_basic(cx, sink, host, d, &secrets);
                if d.daemon == Daemon::Agent {
                    check_jwt(cx, sink, host, d, &secrets);
                }
            }
        }
    }
}

fn check_basic(
    cx: &Context<'_>,
    sink: &mut Sink,
    host: &Host,
    d: &MesosDaemon,
    secrets: &super::util::SecretFiles<'_>,
) {
    let Some(note) = since_note(cx, Version::new(0, 27, 0)) else {
        return;
    };
    let (creds, prefix) = match d.daemon {
        Daemon::Master => ("credentials", "mesos-master"),
        Daemon::Agent => ("http_credentials", "mesos-agent"),
    };
    if d.flags.is_set(creds) {
        return;
    }
    // The authenticators in use: master default `basic`; agent `basic` unless set.
    if let Some(def) = d.flags.get("http_authenticators") {
        if !def
            .known_value()
            .is_some_and(|v| v.split(',').any(|a| a == "basic"))
        {
            return;
        }
    }
    for (flag, realm) in [
        ("authenticate_http_readonly", "readonly"),
        ("authenticate_http_readwrite", "readwrite"),
    ] {
        let Some(def) = on(&d.flags, flag) else {
            continue;
        };
        let Some(span) = def_span(def, secrets) else {
            continue;
        };
        let realm = format!("{prefix}-{realm}");
        sink.report(
            Diagnostic::new(
                &HttpAuthWiring::META,
                format!(
                    "{} turns on `{flag}` for {} on `{}`, but no `{creds}` is given for the default `basic` HTTP authenticator",
                    describe(def, cx.files),
                    d.daemon.as_str(),
                    host_name(host)
                ),
            )
            .primary(
                span,
                format!("the daemon exits: \"No credentials provided for the default 'basic' HTTP authenticator for realm '{realm}'\""),
            )
            .note(note.clone())
            .help(format!("set `{creds}` to a JSON credentials file, or load an HTTP authenticator module and name it in `http_authenticators`")),
        );
    }
}

fn check_jwt(
    cx: &Context<'_>,
    sink: &mut Sink,
    host: &Host,
    d: &MesosDaemon,
    secrets: &super::util::SecretFiles<'_>,
) {
    let Some(note) = since_note(cx, Version::new(1, 5, 0)) else {
        return;
    };
    if d.flags.is_set("jwt_secret_key") {
        return;
    }
    let Some(def) = on(&d.flags, "authenticate_http_executors") else {
        return;
    };
    let Some(span) = def_span(def, secrets) else {
        return;
    };
    sink.report(
        Diagnostic::new(
            &HttpAuthWiring::META,
            format!(
                "{} turns on `authenticate_http_executors` for mesos-agent on `{}` without `jwt_secret_key`",
                describe(def, cx.files),
                host_name(host)
            ),
        )
        .primary(
            span,
            "the agent exits: \"--jwt_secret_key must be specified when --authenticate_http_executors is set to true\"",
        )
        .note(note)
        .help("set `jwt_secret_key` to a file holding the key the agent signs executor tokens with"),
    );
}
