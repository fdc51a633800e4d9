//! mesoslint-core: the engine behind the mesoslint CLI, GitHub Action and web page.
//!
//! Data flows one way: bytes -> [`FileSet`] -> parsers -> the span-carrying cluster model
//! ([`model::Cluster`], parsed once) -> rules push [`Diagnostic`]s -> the registry and the
//! renderers -> a front-end. Each layer imports only the layers below it (docs/architecture.md;
//! `tests/layers.rs` enforces it).
//! The engine does no I/O and builds for `wasm32-unknown-unknown`.

#![forbid(unsafe_code)]

mod bytes;
pub mod config;
pub mod credential_files;
pub mod diagnostic;
pub mod docs;
pub mod files;
pub mod fix;
mod hash;
pub mod model;
mod par;
pub mod parse;
pub mod policy;
pub mod registry;
pub mod render;
pub mod rule;
pub mod rules;
pub mod secrets;
pub mod settings;
mod sort;
pub mod suppress;

pub use config::{Config, Level, Packaging, Role, Version};
pub use diagnostic::{Diagnostic, Finding, Label, Severity};
pub use files::{FileId, FileSet, InputProblem, SourceFile, Span};
pub use model::script_files::add_script_files;
pub use rule::{Context, Rule, RuleMeta, Sink, DOCS_RULES_URL};

pub(crate) use hash::{FastMap, FastSet};

/// The engine's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The result of a lint run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Findings, ordered by path, position and code whatever order the files were added in.
    pub diagnostics: Vec<Diagnostic>,
    /// Names of the hosts found in the tree, sorted.
    pub hosts: Vec<String>,
    /// Marathon apps and pods and Chronos jobs read (they are checked even in a tree with no
    /// host, so the summary counts them too).
    pub definitions: usize,
    /// The site policies the run judged (renderers describe them beside the rules: SARIF).
    pub policies: Vec<policy::Policy>,
    /// The daemons the model read, by kind (the summary says how much was checked).
    pub daemons: model::reading::DaemonCounts,
    /// Settings skipped because their value is an unrendered template expression.
    pub templated_skipped: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The most severe finding, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// Findings in their serialisable form.
    pub fn findings(&self, files: &FileSet) -> Vec<Finding> {
        self.diagnostics
            .iter()
            .map(|d| d.to_finding(files))
            .collect()
    }

    /// The closing line of the human output, e.g.
    /// `3 errors, 2 warnings in 4 hosts running 3 mesos-master, 1 mesos-agent`
    /// (with `; 2 templated settings skipped` when values were unrendered templates).
    pub fn summary_line(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        // what was read: hosts, the daemons on them, app definitions, and the settings left
        // unjudged
        let daemons = match self.daemons.describe() {
            d if d.is_empty() => "no daemon".to_string(),
            d => d,
        };
        let mut hosts = match (self.hosts.len(), self.definitions) {
            // a repository of app definitions only
            (0, d) if d > 0 => plural(d, "app definition"),
            (h, 0) => format!("{} running {daemons}", plural(h, "host")),
            (h, d) => format!(
                "{} running {daemons} and {}",
                plural(h, "host"),
                plural(d, "app definition")
            ),
        };
        if self.templated_skipped > 0 {
            hosts.push_str(&format!(
                "; {} skipped",
                plural(self.templated_skipped, "templated setting")
            ));
        }
        if self.diagnostics.is_empty() {
            return format!("no findings in {hosts}");
        }
        let mut parts = Vec::new();
        for (sev, word) in [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
        ] {
            let n = self.count(sev);
            if n > 0 {
                parts.push(if sev == Severity::Info {
                    format!("{n} info")
                } else {
                    plural(n, word)
                });
            }
        }
        format!("{} in {hosts}", parts.join(", "))
    }
}

/// Name each finding's host: the host whose file holds its primary label. Every output that
/// groups by host (the Markdown table, the JSON `host`) reads it from here.
/// A finding shown in a provisioning script is the host's whose files the script writes.
fn assign_hosts(files: &FileSet, cluster: &model::Cluster, diagnostics: &mut [Diagnostic]) {
    let mut host_of: FastMap<FileId, &str> = cluster
        .hosts
        .iter()
        .flat_map(|h| h.files.iter().map(move |f| (f.id, h.name.as_str())))
        .collect();
    for h in &cluster.hosts {
        if let Some(script) = h.files.first().and_then(|f| files.get(f.id).origin()) {
            host_of.entry(script.script).or_insert(h.name.as_str());
        }
    }
    for d in diagnostics {
        d.host = d
            .primary_label()
            .and_then(|l| host_of.get(&l.span.file))
            .map(|h| h.to_string());
    }
}

/// Findings on a derived file (one a provisioning script writes, `model::script_files`) are
/// shown in the script: each label at the script bytes its text came from. A fix is kept only
/// where every edit changes bytes copied one for one from the script (it then edits the
/// script) and it creates no file under the script's path.
fn show_in_scripts(files: &FileSet, diagnostics: &mut [Diagnostic]) {
    let derived = |s: &Span| files.get(s.file).origin().is_some();
    for d in diagnostics {
        let edits_derived = d
            .fix
            .as_ref()
            .is_some_and(|f| f.edits.iter().any(|e| derived(&e.span)));
        if !edits_derived && !d.labels.iter().any(|l| derived(&l.span)) {
            continue;
        }
        for l in &mut d.labels {
            l.span = files.clamp_span(files.shown_span(l.span));
        }
        let Some(fix) = &mut d.fix else {
            continue;
        };
        let mut kept = true;
        for e in &mut fix.edits {
            if let Some(o) = files.get(e.span.file).origin() {
                match o.exact_range(e.span.range()) {
                    Some(r) => e.span = Span::new(o.script, r),
                    None => kept = false,
                }
            }
        }
        // a file to create below a path that is a file (the script) cannot be created
        let under_a_file = |path: &str| {
            path.match_indices('/')
                .any(|(i, _)| files.lookup(&path[..i]).is_some())
        };
        if !kept || fix.creates.iter().any(|c| under_a_file(&c.path)) {
            d.fix = None;
        }
    }
}

/// Lint a set of files.
pub fn lint(files: &FileSet, config: &Config) -> Report {
    let cluster = model::Cluster::build(files, config);
    lint_cluster(files, config, &cluster)
}

/// Lint with an already built model (front-ends that also show the model build it once).
pub fn lint_cluster(files: &FileSet, config: &Config, cluster: &model::Cluster) -> Report {
    lint_with_policies(files, config, cluster, &[])
}

/// [`lint_cluster`] with site policies (`[[policy]]` of mesoslint.toml): their findings are
/// selected, re-levelled, suppressed and sorted exactly as the built-in rules' are.
pub fn lint_with_policies(
    files: &FileSet,
    config: &Config,
    cluster: &model::Cluster,
    policies: &[policy::Policy],
) -> Report {
    let cx = Context::new(files, cluster, config);
    let enabled: Vec<&'static dyn Rule> = registry::rules()
        .iter()
        .copied()
        .filter(|r| config.is_enabled(r.meta()))
        .collect();
    // Rules are independent: with the `parallel` feature they run on every core.
    let per_rule = par::map_few(&enabled, |rule| {
        let mut sink = Sink::new();
        rule.check(&cx, &mut sink);
        let level = config.level_for(rule.meta()).and_then(|l| l.severity());
        let mut out = sink.diagnostics;
        if let Some(sev) = level {
            for d in &mut out {
                d.severity = sev;
            }
        }
        out
    });
    let mut diagnostics: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
    let metas: Vec<RuleMeta> = policies.iter().map(|p| p.meta()).collect();
    for (p, meta) in policies.iter().zip(&metas) {
        if !config.is_enabled(meta) {
            continue;
        }
        let start = diagnostics.len();
        policy::check(p, files, cluster, &mut diagnostics);
        if let Some(sev) = config.level_for(meta).and_then(|l| l.severity()) {
            for d in &mut diagnostics[start..] {
                d.severity = sev;
            }
        }
    }
    for d in &mut diagnostics {
        for l in &mut d.labels {
            l.span = files.clamp_span(l.span);
        }
        if let Some(fix) = &mut d.fix {
            for e in &mut fix.edits {
                e.span = files.clamp_span(e.span);
            }
        }
    }
    credential_files::withhold_labels(files, cluster, &mut diagnostics);
    show_in_scripts(files, &mut diagnostics);
    let mut diagnostics = suppress::apply(files, config, cluster, diagnostics, &metas);
    let mut keyed: Vec<_> = diagnostics
        .drain(..)
        .map(|d| (d.sort_key(files), d))
        .collect();
    sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.1 == b.1);
    let mut diagnostics: Vec<Diagnostic> = keyed.into_iter().map(|(_, d)| d).collect();
    assign_hosts(files, cluster, &mut diagnostics);
    Report {
        diagnostics,
        hosts: cluster.hosts.iter().map(|h| h.name.clone()).collect(),
        definitions: cluster.apps.defs.len(),
        policies: policies.to_vec(),
        daemons: cluster.daemon_counts(),
        templated_skipped: cluster.templated_settings(files),
    }
}
