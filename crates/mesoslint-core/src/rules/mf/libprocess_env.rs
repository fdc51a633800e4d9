use std::net::IpAddr;

use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::model::{EnvFileModel, Host};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{daemons, describe, safe_span, secret_files};

declare_rule! {
    /// ## What it does
    /// Checks what libprocess reads from the environment of mesos-master, the agent and
    /// Marathon's libmesos (env files `etc/default/mesos*`, `etc/sysconfig/mesos*`,
    /// `etc/default/marathon`, and the `Environment=` and `EnvironmentFile=` files of a unit
    /// that starts one of them), and the `ip` / `advertise_ip` flags the Mesos daemons hand
    /// on to it as `LIBPROCESS_IP` / `LIBPROCESS_ADVERTISE_IP`:
    /// - `ip` / `LIBPROCESS_IP` must be an IPv4 address literal (a host name is refused; an
    ///   IPv6 address from 1.4); `advertise_ip` / `LIBPROCESS_ADVERTISE_IP` an IP literal;
    /// - SSL booleans (`LIBPROCESS_SSL_ENABLED`, `..._SUPPORT_DOWNGRADE`, `..._VERIFY_CERT`,
    ///   ...) must be `true`, `false`, `1` or `0`;
    /// - SSL enabled needs `LIBPROCESS_SSL_KEY_FILE` and `LIBPROCESS_SSL_CERT_FILE`;
    /// - a `LIBPROCESS_SSL_*` name that is no SSL setting (`LIBPROCESS_SSL_ENABLE`) is ignored
    ///   (warning), and so are `LIBPROCESS_SSL_*` names up to 0.28 (which read `SSL_*` only)
    ///   and `SSL_*` names on 1.0 (which reads `LIBPROCESS_SSL_*` only; 1.1+ read both).
    ///
    /// ## Why is this bad?
    /// libprocess exits at start: "Currently we allow only IPv4 address to be specified with
    /// the `--ip` flag", "Failed to load flags from environment variables prefixed by
    /// LIBPROCESS_SSL_ or SSL_ (deprecated): ...", "SSL requires key! NOTE: Set path with
    /// LIBPROCESS_SSL_KEY_FILE", "SSL requires certificate! NOTE: Set path with
    /// LIBPROCESS_SSL_CERT_FILE". A misspelt name leaves TLS off without a word.
    ///
    /// ## Example
    /// ### Invalid: a host name for `ip`
    /// ```text file:etc/mesos-master/ip
    /// master1.example.com
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/ip
    /// 10.0.0.11
    /// ```
    ///
    /// ## How to fix
    /// Write IP addresses (use `hostname` for names); give the key and certificate files with
    /// `LIBPROCESS_SSL_ENABLED=true`; spell SSL settings as libprocess defines them.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `3rdparty/libprocess/src/process.cpp:188` (`ip` validator),
    ///   `:268` (`advertise_ip`), `src/master/main.cpp:212`, `src/slave/main.cpp:359`;
    ///   `3rdparty/libprocess/src/openssl.cpp:101-224` (SSL flags), `:460` (prefixes),
    ///   `:584`, `:589` (key and certificate); 0.28.0 and 1.0.0 of the same file (prefixes).
    pub struct LibprocessEnv {
        code: "MF015",
        name: "libprocess-env",
        severity: Error,
        summary: "An address or SSL setting that libprocess refuses or ignores",
    }
}

/// libprocess's SSL settings (1.11.0 `openssl.cpp`), and which are booleans.
const SSL_FLAGS: &[(&str, bool)] = &[
    ("ENABLED", true),
    ("SUPPORT_DOWNGRADE", true),
    ("CERT_FILE", false),
    ("KEY_FILE", false),
    ("VERIFY_CERT", true),
    ("VERIFY_SERVER_CERT", true),
    ("REQUIRE_CERT", true),
    ("REQUIRE_CLIENT_CERT", true),
    ("VERIFY_IPADD", true),
    ("VERIFICATION_DEPTH", false),
    ("CA_DIR", false),
    ("CA_FILE", false),
    ("CIPHERS", false),
    ("ECDH_CURVES", false),
    ("HOSTNAME_VALIDATION_SCHEME", false),
    ("ENABLE_SSL_V3", true),
    ("ENABLE_TLS_V1_0", true),
    ("ENABLE_TLS_V1_1", true),
    ("ENABLE_TLS_V1_2", true),
    ("ENABLE_TLS_V1_3", true),
];

impl Rule for LibprocessEnv {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                for flag in ["ip", "advertise_ip"] {
                    let Some(def) = d.flags.get(flag).filter(|d| !d.is_package_default()) else {
                        continue;
                    };
                    let (Some(v), Some(span)) = (def.known_value(), safe_span(def, &secrets))
                    else {
                        continue;
                    };
                    if let Some(problem) = address_problem(cx, flag, v.trim()) {
                        sink.report(address_diag(&describe(def, cx.files), flag, span, problem));
                    }
                }
            }
            let sources = env_sources(cx, host);
            for (i, source) in sources.iter().enumerate() {
                check_env(cx, sink, &sources, i, source);
            }
        }
    }
}

/// One variable a daemon's process gets, where it is written.
struct Var<'a> {
    name: &'a str,
    /// The literal value (`None`: shell syntax mesoslint does not resolve).
    value: Option<String>,
    name_span: Span,
    value_span: Span,
}

/// A place that sets variables for a daemon: an env file, or a unit's `Environment=`.
struct EnvSource<'a> {
    /// For messages: the file's path.
    path: &'a str,
    vars: Vec<Var<'a>>,
}

/// The env files libprocess reads (the packages' `mesos*` and `marathon` files), then for
/// each unit that starts a Mesos daemon or Marathon its `Environment=` and the files of its
/// `EnvironmentFile=` that are no package env file.
fn env_sources<'a>(cx: &Context<'a>, host: &'a Host) -> Vec<EnvSource<'a>> {
    let file_source = |env: &'a EnvFileModel| EnvSource {
        path: cx.files.path(env.file),
        vars: env
            .parsed
            .assignments
            .iter()
            .map(|a| Var {
                name: a.name.as_str(),
                value: a.value.literal(),
                name_span: Span::new(env.file, a.name_span.clone()),
                value_span: Span::new(env.file, a.value_span.clone()),
            })
            .collect(),
    };
    let mut out: Vec<EnvSource<'a>> = host
        .env_files
        .iter()
        .filter(|e| reads_libprocess(e))
        .map(file_source)
        .collect();
    for u in host
        .units
        .iter()
        .filter(|u| u.runs.is_some() || u.runs_marathon)
    {
        out.push(EnvSource {
            path: cx.files.path(u.file),
            vars: u
                .parsed
                .environment
                .iter()
                .map(|a| Var {
                    name: a.key.as_str(),
                    value: Some(a.value.clone()),
                    name_span: Span::new(u.file, a.key_span.clone()),
                    value_span: Span::new(u.file, a.value_span.clone()),
                })
                .collect(),
        });
        out.extend(u.own_env_files.iter().map(file_source));
    }
    out
}

fn reads_libprocess(env: &EnvFileModel) -> bool {
    matches!(
        env.name.as_str(),
        "mesos" | "mesos-master" | "mesos-slave" | "mesos-agent" | "marathon"
    )
}

/// Why libprocess refuses this address, or `None`.
fn address_problem(cx: &Context<'_>, flag: &str, v: &str) -> Option<String> {
    match v.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => None,
        Ok(IpAddr::V6(_)) if flag == "ip" => (cx.cluster.mesos_at_least(Version::new(1, 4, 0))
            != Some(false))
        .then(|| "Currently we allow only IPv4 address to be specified with the `--ip` flag".into()),
        Ok(IpAddr::V6(_)) => None,
        Err(_) if v.is_empty() || v.contains(['$', '{', '}']) => None,
        Err(_) => Some(format!(
            "`{}` is no IP address literal (libprocess parses it with inet_pton; names go in `hostname`)",
            v.escape_debug()
        )),
    }
}

fn address_diag(place: &str, flag: &str, span: Span, problem: String) -> Diagnostic {
    Diagnostic::new(
        &LibprocessEnv::META,
        format!("{place} gives libprocess `{flag}` that it refuses: {problem}"),
    )
    .primary(
        span,
        format!("the daemon exits: Failed to load flag '{flag}'"),
    )
    .help(if flag == "ip" {
        "write the IPv4 address to listen on (a name belongs in `hostname`)"
    } else {
        "write the IP address others reach the daemon at"
    })
}

fn check_env(
    cx: &Context<'_>,
    sink: &mut Sink,
    sources: &[EnvSource<'_>],
    index: usize,
    env: &EnvSource<'_>,
) {
    let path = env.path;
    let target = cx.cluster.targets.mesos;
    let (old_prefix_only, new_prefix_only) = match target {
        Some(t) if t < Version::new(1, 0, 0) => (true, false),
        Some(t) if t < Version::new(1, 1, 0) => (false, true),
        _ => (false, false),
    };
    let mut ssl: Vec<(&str, String, Span, &str)> = Vec::new();
    for a in &env.vars {
        let name = a.name;
        let (value_span, name_span) = (a.value_span, a.name_span);
        let Some(value) = a.value.clone() else {
            continue;
        };
        match name {
            "LIBPROCESS_IP" | "LIBPROCESS_ADVERTISE_IP" => {
                let flag = if name == "LIBPROCESS_IP" {
                    "ip"
                } else {
                    "advertise_ip"
                };
                if let Some(problem) = address_problem(cx, flag, value.trim()) {
                    sink.report(address_diag(
                        &format!("`{name}` in {path}"),
                        flag,
                        value_span,
                        problem,
                    ));
                }
                continue;
            }
            _ => {}
        }
        let (key, prefix) = if let Some(k) = name.strip_prefix("LIBPROCESS_SSL_") {
            (k, "LIBPROCESS_SSL_")
        } else if let Some(k) = name.strip_prefix("SSL_") {
            // only names libprocess defines: `SSL_CERT_DIR` and the like belong to OpenSSL
            if !SSL_FLAGS.iter().any(|(f, _)| *f == k) {
                continue;
            }
            (k, "SSL_")
        } else {
            continue;
        };
        if (prefix == "LIBPROCESS_SSL_" && old_prefix_only) || (prefix == "SSL_" && new_prefix_only)
        {
            let read = if old_prefix_only {
                "SSL_"
            } else {
                "LIBPROCESS_SSL_"
            };
            sink.report(
                Diagnostic::new(
                    &LibprocessEnv::META,
                    format!("`{name}` in {path} is ignored: libprocess of Mesos {} reads only `{read}*`", target.unwrap_or(Version::new(0, 0, 0))),
                )
                .severity(Severity::Warning)
                .primary(name_span, "ignored by this release")
                .help(format!("write `{read}{key}`")),
            );
            continue;
        }
        let Some((flag, boolean)) = SSL_FLAGS.iter().find(|(f, _)| *f == key) else {
            let mut diag = Diagnostic::new(
                &LibprocessEnv::META,
                format!("`{name}` in {path} is no libprocess SSL setting: it is ignored"),
            )
            .severity(Severity::Warning)
            .primary(name_span, "not read by libprocess");
            if let Some(s) = crate::parse::did_you_mean(key, SSL_FLAGS.iter().map(|(f, _)| *f)) {
                diag = diag.help(format!("did you mean `LIBPROCESS_SSL_{s}`?"));
            }
            sink.report(diag);
            continue;
        };
        if *boolean && !matches!(value.as_str(), "true" | "false" | "1" | "0") {
            sink.report(
                Diagnostic::new(
                    &LibprocessEnv::META,
                    format!("`{name}` in {path} is `{}`, not a boolean", value.escape_debug()),
                )
                .primary(value_span, "libprocess exits: \"Failed to load flags from environment variables prefixed by LIBPROCESS_SSL_ or SSL_ (deprecated): ... Expecting a boolean (e.g., true or false)\"")
                .help("write `true` or `false` (or `1` / `0`)"),
            );
            continue;
        }
        // LIBPROCESS_SSL_ wins over SSL_: keep the first prefix's entry unless overridden
        ssl.retain(|(k, _, _, p)| !(*k == *flag && (prefix == "LIBPROCESS_SSL_" || *p == "SSL_")));
        ssl.push((flag, value, name_span, prefix));
    }
    let get = |k: &str| ssl.iter().rev().find(|(f, ..)| *f == k);
    let Some((_, enabled, span, _)) = get("ENABLED") else {
        return;
    };
    if !matches!(enabled.as_str(), "true" | "1") {
        return;
    }
    for (file_flag, error) in [
        (
            "KEY_FILE",
            "SSL requires key! NOTE: Set path with LIBPROCESS_SSL_KEY_FILE",
        ),
        (
            "CERT_FILE",
            "SSL requires certificate! NOTE: Set path with LIBPROCESS_SSL_CERT_FILE",
        ),
    ] {
        if get(file_flag).is_some() || set_elsewhere(sources, index, file_flag) {
            continue;
        }
        sink.report(
            Diagnostic::new(
                &LibprocessEnv::META,
                format!("{path} turns SSL on but sets no `LIBPROCESS_SSL_{file_flag}`"),
            )
            .primary(*span, format!("libprocess exits: \"{error}\""))
            .help(format!(
                "set `LIBPROCESS_SSL_{file_flag}` to the PEM file's path"
            )),
        );
        break;
    }
}

/// Does another place of the host that libprocess reads set the SSL setting? (A daemon
/// reads `etc/default/mesos` with its own file, a unit's `Environment=` with its files;
/// counting any of them avoids a false alarm.)
fn set_elsewhere(sources: &[EnvSource<'_>], index: usize, flag: &str) -> bool {
    sources
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .flat_map(|(_, s)| s.vars.iter())
        .any(|a| {
            a.name
                .strip_prefix("LIBPROCESS_SSL_")
                .or_else(|| a.name.strip_prefix("SSL_"))
                == Some(flag)
        })
}
