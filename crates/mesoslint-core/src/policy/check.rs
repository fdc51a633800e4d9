//! Judging a policy on the cluster model: per host of the daemon, the effective value of the
//! setting (tree, package default, or the daemon's built-in default) and where it came from.

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Label};
use crate::files::{FileSet, Span};
use crate::model::{Cluster, FlagDef, FlagSet, Host};

use super::{render_template, Condition, Policy, PolicyDaemon};

/// The effective value of the setting on one host.
#[derive(Clone, Debug)]
enum Seen<'a> {
    /// Set by the tree or a package default. `value` is `None` when mesoslint cannot know it
    /// (a template placeholder, unresolvable shell); `origin` describes a package default.
    Set {
        value: Option<Cow<'a, str>>,
        span: Option<Span>,
        origin: Option<String>,
    },
    /// Not set: the daemon starts with its built-in default.
    Default(&'static str),
    /// Not set, and no default is known.
    Absent,
}

impl Seen<'_> {
    fn is_set(&self) -> bool {
        matches!(self, Seen::Set { .. })
    }

    /// The value conditions judge: a known set value, or the default.
    fn judged(&self) -> Option<&str> {
        match self {
            Seen::Set { value, .. } => value.as_deref(),
            Seen::Default(d) => Some(d),
            Seen::Absent => None,
        }
    }

    /// Where the value came from, when it is not written in the tree.
    fn origin_note(&self, setting: &str) -> Option<String> {
        match self {
            Seen::Set {
                origin: Some(o), ..
            } => Some(format!("the value of `{setting}` is {o}")),
            Seen::Default(d) => Some(format!(
                "the value of `{setting}` is the daemon's built-in default `{d}`: nothing in the tree sets it"
            )),
            _ => None,
        }
    }
}

fn flag_seen<'a>(files: &FileSet, flags: &'a FlagSet, p: &Policy) -> Seen<'a> {
    let Some(def) = flags.get(&p.info.canonical) else {
        return match p.info.default {
            Some(d) => Seen::Default(d),
            None => Seen::Absent,
        };
    };
    Seen::Set {
        value: flag_value(def),
        span: def.span(),
        origin: def.is_package_default().then(|| def.origin(files)),
    }
}

/// A definition's value: toggles without a value read `true` (`false` when negated); a
/// negated flag with a value is refused at start (MF002) and has no value here.
fn flag_value(def: &FlagDef) -> Option<Cow<'_, str>> {
    if def.unknown {
        return None;
    }
    match (&def.value, def.negated) {
        (None, negated) => Some(Cow::Borrowed(if negated { "false" } else { "true" })),
        (Some(_), true) => None,
        (Some(v), false) => Some(Cow::Borrowed(v)),
    }
}

/// The effective value on a host, and the span that shows the daemon runs there; `None`
/// when the host does not run the policy's daemon.
fn seen_on<'a>(files: &FileSet, host: &'a Host, p: &Policy) -> Option<(Seen<'a>, Option<Span>)> {
    let first_file = || host.files.first().map(|f| Span::file_start(f.id));
    match p.daemon {
        PolicyDaemon::MesosMaster => {
            let d = host.master.as_deref()?;
            let evidence = host.master_role.as_ref().and_then(|e| e.span);
            Some((flag_seen(files, &d.flags, p), evidence.or_else(first_file)))
        }
        PolicyDaemon::MesosAgent => {
            let d = host.agent.as_ref()?;
            let evidence = host.agent_role.as_ref().and_then(|e| e.span);
            Some((flag_seen(files, &d.flags, p), evidence.or_else(first_file)))
        }
        PolicyDaemon::Marathon => {
            let m = host.marathon.as_deref()?;
            let evidence = host
                .units
                .iter()
                .find(|u| u.runs_marathon)
                .map(|u| u.file)
                .or(m.conf_files.first().copied())
                .or(m.env_file)
                .map(Span::file_start);
            Some((flag_seen(files, &m.flags, p), evidence.or_else(first_file)))
        }
        PolicyDaemon::Zookeeper => {
            let zk = host.zookeeper.as_deref()?;
            let seen = match zk.get(&p.info.canonical) {
                Some(prop) => {
                    let value = prop.trimmed_value();
                    let known = !(zk.template || crate::parse::has_placeholder(value));
                    let range = prop.trimmed_value_span();
                    let range = if range.is_empty() {
                        prop.key_span.clone()
                    } else {
                        range
                    };
                    Seen::Set {
                        value: known.then_some(Cow::Borrowed(value)),
                        span: Some(Span::new(zk.cfg, range)),
                        origin: None,
                    }
                }
                None => Seen::Absent,
            };
            Some((seen, Some(Span::file_start(zk.cfg))))
        }
    }
}

/// Values longer than this are shortened in messages.
const SHOWN: usize = 80;

fn shown(value: &str) -> String {
    if value.chars().count() <= SHOWN {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(SHOWN).collect();
        s.push('…');
        s
    }
}

/// A host's result, kept for `same-on-all`.
struct HostValue<'a> {
    host: &'a str,
    value: Option<String>,
    span: Span,
}

/// Judge a policy on every host it applies to; findings go to `out`.
pub fn check(p: &Policy, files: &FileSet, cluster: &Cluster, out: &mut Vec<Diagnostic>) {
    let setting = p.setting.as_str();
    let mut same: Vec<HostValue<'_>> = Vec::new();
    for host in &cluster.hosts {
        if !p.applies_to(&host.name) {
            continue;
        }
        let Some((seen, evidence)) = seen_on(files, host, p) else {
            continue;
        };
        let value_span = match &seen {
            Seen::Set { span: Some(s), .. } => Some(*s),
            _ => None,
        };
        // A finding needs a place; a host without one has no file to point at.
        let Some(at) = value_span.or(evidence) else {
            continue;
        };
        let judged = seen.judged();
        let value_text = judged.map(shown).unwrap_or_else(|| "(not set)".into());
        let name = host.name.as_str();
        let emit = |out: &mut Vec<Diagnostic>,
                    cond: &Condition,
                    default_msg: String,
                    span: Span,
                    label: &str| {
            let message = match &p.message {
                Some(m) => render_template(m, name, &value_text, setting),
                None => default_msg.clone(),
            };
            let mut d = Diagnostic {
                code: p.code,
                name: p.name,
                severity: p.severity,
                message,
                labels: vec![Label {
                    span,
                    message: label.to_string(),
                    primary: true,
                }],
                notes: Vec::new(),
                help: p
                    .help
                    .as_ref()
                    .map(|h| render_template(h, name, &value_text, setting)),
                fix: None,
                host: None,
            };
            if p.message.is_some() {
                d.notes.push(default_msg);
            }
            d.notes.push(format!(
                "site policy {} ({}): `{}`",
                p.code,
                p.summary,
                cond.written()
            ));
            if let Some(n) = seen.origin_note(setting) {
                d.notes.push(n);
            }
            out.push(d);
        };
        let daemon = p.daemon.as_str();
        for cond in &p.conditions {
            match cond {
                Condition::Require => {
                    if !seen.is_set() {
                        let span = evidence.unwrap_or(at);
                        emit(
                            out,
                            cond,
                            format!("{name}: `{setting}` is not set for {daemon}"),
                            span,
                            &format!("{daemon} runs here without `{setting}`"),
                        );
                    }
                }
                Condition::Forbid => {
                    if seen.is_set() {
                        emit(
                            out,
                            cond,
                            format!("{name}: `{setting}` is set (`{value_text}`), which this site forbids"),
                            at,
                            "set here",
                        );
                    }
                }
                Condition::SameOnAll => same.push(HostValue {
                    host: name,
                    value: judged.map(str::to_string),
                    span: at,
                }),
                _ => {
                    let Some(v) = judged else { continue };
                    let Some(why) = violation(p, cond, v) else {
                        continue;
                    };
                    emit(
                        out,
                        cond,
                        format!("{name}: `{setting}` is `{value_text}`, {why}"),
                        at,
                        "the effective value",
                    );
                }
            }
        }
    }
    if p.conditions
        .iter()
        .any(|c| matches!(c, Condition::SameOnAll))
    {
        same_on_all(p, &same, out);
    }
}

/// Why `value` breaks a value condition, or `None` when it meets it.
fn violation(p: &Policy, cond: &Condition, value: &str) -> Option<String> {
    match cond {
        Condition::Match(re) => {
            (!re.matches(value)).then(|| format!("which does not match `{}`", re.source))
        }
        Condition::NotMatch(re) => re
            .matches(value)
            .then(|| format!("which matches `{}`", re.source)),
        Condition::OneOf(list) => (!list.iter().any(|x| x == value)).then(|| {
            let names: Vec<String> = list.iter().map(|x| format!("`{x}`")).collect();
            format!("not one of {}", names.join(", "))
        }),
        Condition::Min(b) | Condition::Max(b) => {
            let is_min = matches!(cond, Condition::Min(_));
            match p.info.kind.parse(value) {
                Err(e) => Some(format!(
                    "which cannot be compared with the {} `{}` ({e})",
                    if is_min { "minimum" } else { "maximum" },
                    b.text
                )),
                Ok(v) if is_min && v < b.value => Some(format!("below the minimum `{}`", b.text)),
                Ok(v) if !is_min && v > b.value => Some(format!("above the maximum `{}`", b.text)),
                Ok(_) => None,
            }
        }
        Condition::Require | Condition::Forbid | Condition::SameOnAll => None,
    }
}

/// Every host whose value differs from the most common one gets a finding, pointing at a
/// host that has the common value.
fn same_on_all(p: &Policy, hosts: &[HostValue<'_>], out: &mut Vec<Diagnostic>) {
    // Counts per value, first-seen order kept for ties.
    let mut counts: Vec<(&Option<String>, usize, usize)> = Vec::new();
    for (i, h) in hosts.iter().enumerate() {
        match counts.iter_mut().find(|(v, _, _)| **v == h.value) {
            Some(c) => c.1 += 1,
            None => counts.push((&h.value, 1, i)),
        }
    }
    if counts.len() < 2 {
        return;
    }
    let Some(&(common, _, first)) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
    else {
        return;
    };
    let reference = &hosts[first];
    let show = |v: &Option<String>| {
        v.as_deref()
            .map(shown)
            .unwrap_or_else(|| "(not set)".into())
    };
    for h in hosts.iter().filter(|h| h.value != *common) {
        let value_text = show(&h.value);
        let default_msg = format!(
            "{}: `{}` is `{}`, but `{}` on {} ({} of {} hosts)",
            h.host,
            p.setting,
            value_text,
            show(common),
            reference.host,
            counts.iter().find(|c| c.0 == common).map_or(0, |c| c.1),
            hosts.len()
        );
        let message = match &p.message {
            Some(m) => render_template(m, h.host, &value_text, &p.setting),
            None => default_msg.clone(),
        };
        let mut notes = Vec::new();
        if p.message.is_some() {
            notes.push(default_msg);
        }
        notes.push(format!(
            "site policy {} ({}): `same-on-all = true`",
            p.code, p.summary
        ));
        out.push(Diagnostic {
            code: p.code,
            name: p.name,
            severity: p.severity,
            message,
            labels: vec![
                Label {
                    span: h.span,
                    message: "this host's value".into(),
                    primary: true,
                },
                Label {
                    span: reference.span,
                    message: format!("the value on {}", reference.host),
                    primary: false,
                },
            ],
            notes,
            help: p
                .help
                .as_ref()
                .map(|t| render_template(t, h.host, &value_text, &p.setting)),
            fix: None,
            host: None,
        });
    }
}
