use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};
use crate::rules::mf::auth::{on, since_note};
use crate::rules::mf::util::{def_span, describe, host_name, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports a master that requires framework or agent authentication
    /// (`authenticate_frameworks`, `authenticate_agents`, or their old names `authenticate`
    /// and `authenticate_slaves`) with the default `crammd5` authenticator and no
    /// `credentials` (0.24+).
    ///
    /// ## Why is this bad?
    /// The master starts, logs "No credentials provided, authentication requests will be
    /// refused", and then refuses every framework and agent that tries: nothing can register.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/mesos-master/?authenticate_agents
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/?authenticate_agents
    /// ```
    /// ```text file:etc/mesos-master/credentials
    /// /etc/mesos/credentials.json
    /// ```
    ///
    /// ## How to fix
    /// Give `credentials` naming a JSON file with a principal and secret for each framework
    /// and agent.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `src/authentication/cram_md5/authenticator.cpp:513`
    ///   (`CRAMMD5Authenticator::initialize`), `src/master/master.cpp:530`.
    pub struct AuthenticationWithoutCredentials {
        code: "MM012",
        name: "authentication-without-credentials",
        severity: Warning,
        summary: "The master requires authentication but has no credentials to check",
    }
}

impl Rule for AuthenticationWithoutCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let Some(note) = since_note(cx, Version::new(0, 24, 0)) else {
            return;
        };
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let Some(master) = host.master.as_deref() else {
                continue;
            };
            if master.flags.is_set("credentials") {
                continue;
            }
            let crammd5 = master
                .flags
                .get("authenticators")
                .is_none_or(|d| d.known_value() == Some("crammd5"));
            if !crammd5 {
                continue;
            }
            let secrets = secret_files(cx, index);
            for flag in ["authenticate_frameworks", "authenticate_agents"] {
                let Some(def) = on(&master.flags, flag) else {
                    continue;
                };
                let Some(span) = def_span(def, &secrets) else {
                    continue;
                };
                let who = if flag == "authenticate_agents" {
                    "agent"
                } else {
                    "framework"
                };
                sink.report(
                    Diagnostic::new(
                        &AuthenticationWithoutCredentials::META,
                        format!(
                            "{} makes mesos-master on `{}` require {who} authentication, but it has no `credentials`: every {who} is refused",
                            describe(def, cx.files),
                            host_name(host)
                        ),
                    )
                    .primary(span, "\"No credentials provided, authentication requests will be refused\"")
                    .note(note.clone())
                    .help("set `credentials` to a JSON file listing each principal and its secret"),
                );
            }
        }
    }
}
