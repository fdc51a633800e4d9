use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::files::Span;
use crate::model::{DirEntry, FlagDef};
use crate::parse::agent_values::{
    check_attribute, check_attributes_flag, check_resource, check_resources_flag,
};
use crate::parse::has_placeholder;
use crate::parse::values::ValueError;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agents, exact_value_span, is_directory_form};

declare_rule! {
    /// ## What it does
    /// Checks the agent's attributes and resources against the grammar the agent parses at
    /// start-up, in both forms: the `attributes` / `resources` flag (`rack:r1;os:ubuntu`,
    /// `cpus:4;mem:2048;ports:[31000-32000]`) and the wrapper's directories
    /// (`etc/mesos-slave/attributes/<key>`, `resources/<key>`: file name = key, content =
    /// value).
    ///
    /// Attributes are `key:value` with a scalar, ranges or text value (no sets `{...}`);
    /// resources are `name[(role)]:value` with a scalar, ranges `[a-b,...]` or a set
    /// `{a,b}`, never text. Ranges must be non-negative integers, scalars non-negative,
    /// brackets balanced, `gpus` whole. JSON resources are not checked.
    ///
    /// ## Why is this bad?
    /// The agent aborts: "Invalid attribute key:value pair", "Bad type for attribute",
    /// "Bad value for resources, missing or extra ':'", "Bad type for resource",
    /// "Mismatched brackets", "Negative values not supported".
    ///
    /// ## Example
    /// ### Invalid: a text value for a resource
    /// ```text file:etc/mesos-slave/resources/ports
    /// 31000-32000
    /// ```
    /// ### Invalid: a set as an attribute
    /// ```text file:etc/mesos-slave/attributes
    /// rack:r1;zones:{a,b}
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/resources/ports
    /// [31000-32000]
    /// ```
    /// ```text file:etc/mesos-slave/attributes/rack
    /// r1
    /// ```
    ///
    /// ## How to fix
    /// Write ranges in brackets (`[31000-32000]`), sets in braces (`{a,b}`, resources only),
    /// one `key:value` per `;`-separated item.
    ///
    /// ## References
    /// - apache/mesos `docs/attributes-resources.md`, `src/common/attributes.cpp`,
    ///   `src/common/resources.cpp`, `src/common/values.cpp`.
    /// - mesosphere/mesos-deb-packaging `mesos-init-wrapper`: the `attributes/` and
    ///   `resources/` directories.
    pub struct AttributesResourcesSyntax {
        code: "MA007",
        name: "attributes-resources-syntax",
        severity: Error,
        summary: "Agent attributes or resources the agent rejects at start-up",
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Attribute,
    Resource,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Attribute => "attributes",
            Kind::Resource => "resources",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Kind::Attribute => {
                "attributes are `key:value` with a number, ranges `[a-b]` or text of `[a-zA-Z0-9_/.-]`, separated by `;`"
            }
            Kind::Resource => {
                "resources are `name[(role)]:value` with a number, ranges `[a-b,c-d]` or a set `{a,b}`, separated by `;`"
            }
        }
    }
}

fn report_entry(
    sink: &mut Sink,
    host: &str,
    kind: Kind,
    entry: &DirEntry,
    err: ValueError,
    file_path: &str,
) {
    // Key problems come with an empty range: tell them apart by checking the key alone.
    let key_problem = err.range.is_empty()
        && match kind {
            Kind::Attribute => check_attribute(&entry.key, "x").is_err(),
            Kind::Resource => check_resource(&entry.key, "1").is_err(),
        };
    let span = if key_problem {
        Span::file_start(entry.file)
    } else {
        entry.value_span.sub(err.range.clone())
    };
    let label = if key_problem {
        format!("the file name `{}` is the key", entry.key)
    } else {
        "rejected by the agent".to_string()
    };
    let mut d = Diagnostic::new(
        &AttributesResourcesSyntax::META,
        format!("agent {} on `{host}`: {}", kind.noun(), err.message),
    )
    .primary(span, label)
    .note(format!(
        "the wrapper passes {file_path} as `{}:<content>` in --{}",
        entry.key,
        kind.noun()
    ));
    d = match &err.suggestion {
        Some(s) => d.help(format!("write `{s}`; {}", kind.help())),
        None => d.help(kind.help()),
    };
    sink.report(d);
}

fn report_flag(
    sink: &mut Sink,
    host: &str,
    kind: Kind,
    def: &FlagDef,
    value: &str,
    err: ValueError,
    files: &crate::files::FileSet,
) {
    let Some(base) = def.span() else {
        return;
    };
    let span = match exact_value_span(def, value, files) {
        Some(vs) => vs.sub(err.range.clone()),
        None => base,
    };
    let mut d = Diagnostic::new(
        &AttributesResourcesSyntax::META,
        format!("agent {} on `{host}`: {}", kind.noun(), err.message),
    )
    .primary(span, "rejected by the agent");
    d = match &err.suggestion {
        Some(s) => d.help(format!("write `{s}`; {}", kind.help())),
        None => d.help(kind.help()),
    };
    sink.report(d);
}

impl Rule for AttributesResourcesSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            // The wrapper's directory form: one file per key.
            for (kind, entries) in [
                (Kind::Attribute, &agent.attributes),
                (Kind::Resource, &agent.resources),
            ] {
                for entry in entries {
                    if entry.empty || has_placeholder(&entry.value) || has_placeholder(&entry.key) {
                        continue;
                    }
                    let result = match kind {
                        Kind::Attribute => check_attribute(&entry.key, &entry.value),
                        Kind::Resource => check_resource(&entry.key, &entry.value),
                    };
                    if let Err(e) = result {
                        let path = cx.files.path(entry.file).to_string();
                        report_entry(sink, &host.name, kind, entry, e, &path);
                    }
                }
            }
            // The flag itself, from a flag file, a variable or a command line.
            for (kind, flag) in [
                (Kind::Attribute, "attributes"),
                (Kind::Resource, "resources"),
            ] {
                let Some(def) = agent.flags.get(flag) else {
                    continue;
                };
                if is_directory_form(def) {
                    continue;
                }
                let Some(value) = def.known_value() else {
                    continue;
                };
                let errors = match kind {
                    Kind::Attribute => check_attributes_flag(value),
                    Kind::Resource => check_resources_flag(value),
                };
                for e in errors {
                    report_flag(sink, &host.name, kind, def, value, e, cx.files);
                }
            }
        }
    }
}
