use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::json::proto::{self, Finding};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::json_flags::{closest, json_flags, Shape};
use super::util::{daemons, secret_files};

declare_rule! {
    /// ## What it does
    /// Reports keys of a protobuf-typed JSON flag (`acls`, `firewall_rules`, `rate_limits`,
    /// `modules`, `domain`, `default_container_info`, `image_gc_config`, ...) that name no
    /// field of the message, and enum names the enum lacks in an optional or repeated field
    /// (Mesos 1.5+), inline or in the file a `file://` value names inside the tree. A key of a
    /// field added after the `[target] mesos` release, or removed before it (ACL
    /// `shutdown_frameworks`, `set_quotas`, `remove_quotas` up to 1.2), counts as unknown
    /// there.
    ///
    /// ## Why is this bad?
    /// stout's JSON-to-protobuf parser skips a key it does not know without a word, and from
    /// 1.5 drops an unknown enum name the same way: a misspelt ACL is never enforced, a
    /// misspelt firewall rule never applies, and the daemon starts as if it were not there.
    ///
    /// ## Example
    /// ### Invalid: `principal` for `principals`
    /// ```text file:etc/mesos-master/acls
    /// {"register_frameworks": [{"principal": {"values": ["marathon"]}, "roles": {"type": "ANY"}}], "principals": {"type": "ANY"}}
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-master/acls
    /// {"permissive": false, "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["nobody"]}}]}
    /// ```
    ///
    /// ## How to fix
    /// Spell the key as the message's field (`include/mesos/authorizer/acls.proto`,
    /// `include/mesos/mesos.proto`, `src/messages/flags.proto`); enum names are capitals.
    ///
    /// ## References
    /// - apache/mesos 1.11.0 `3rdparty/stout/include/stout/protobuf.hpp:714`
    ///   (`protobuf::internal::parse`: `FindFieldByName`, no field, no error) and `:513`
    ///   (unrecognized enum value discarded, 1.5+); `docs/upgrades.md` (ACLs renamed in 1.3).
    pub struct JsonFlagUnknownKey {
        code: "MF012",
        name: "json-flag-unknown-key",
        severity: Warning,
        summary: "A key or enum name in a JSON-valued Mesos flag that the daemon silently drops",
    }
}

impl Rule for JsonFlagUnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let target = cx.cluster.targets.mesos;
        for (index, host) in cx.cluster.hosts.iter().enumerate() {
            let secrets = secret_files(cx, index);
            for d in daemons(host) {
                for jf in json_flags(cx, host, d, &secrets) {
                    let (root, repeated) = match jf.shape {
                        Shape::Proto(root, repeated) => (root, repeated),
                        // Only the JSON array form is parsed as `Resource` messages.
                        Shape::Resources if jf.text.trim_start().starts_with('[') => {
                            ("mesos.Resource", true)
                        }
                        _ => continue,
                    };
                    // Secret files are never labelled inside; a file that does not parse is
                    // MF011's.
                    if jf.base.is_none() && jf.file.is_some() {
                        continue;
                    }
                    let Ok(doc) = jf.parse() else {
                        continue;
                    };
                    let place = jf.place(cx);
                    let prog = d.daemon.as_str();
                    let flag = jf.flag;
                    for f in proto::check(&doc.value, root, repeated, target) {
                        let diag = match f {
                            Finding::UnknownKey {
                                span,
                                key,
                                message,
                                known,
                                removed_in,
                                added_in,
                            } => {
                                let Some(span) = jf.span(span) else { continue };
                                let why = match (removed_in, added_in) {
                                    (Some(v), _) => format!(" (removed in Mesos {v})"),
                                    (_, Some(v)) => {
                                        format!(" (added in Mesos {v}, after the target)")
                                    }
                                    _ => String::new(),
                                };
                                let mut diag = Diagnostic::new(
                                    &JsonFlagUnknownKey::META,
                                    format!(
                                        "{place}: `{key}` is no field of {message}{why}: {prog} skips it in `--{flag}` without a word"
                                    ),
                                )
                                .primary(span, format!("no field `{key}` in {message}"));
                                if let Some(s) = closest(&key, &known) {
                                    diag = diag.help(format!("did you mean `{s}`?"));
                                }
                                diag
                            }
                            Finding::UnknownEnum {
                                span,
                                field,
                                value,
                                known,
                            } => {
                                let Some(span) = jf.span(span) else { continue };
                                let diag = Diagnostic::new(
                                    &JsonFlagUnknownKey::META,
                                    format!(
                                        "{place}: `{value}` is no value of `{field}`: {prog} drops it from `--{flag}` without a word (Mesos 1.5+)"
                                    ),
                                )
                                .primary(span, format!("unknown enum name for `{field}`"));
                                match closest(&value, &known) {
                                    Some(s) => diag.help(format!("did you mean `{s}`?")),
                                    None => diag,
                                }
                            }
                            Finding::Error { .. } => continue,
                        };
                        sink.report(diag);
                    }
                }
            }
        }
    }
}
