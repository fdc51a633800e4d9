//! What a rule is: metadata (code, name, default severity, documentation) and one check over
//! the whole cluster model.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, FixKind, Severity};
use crate::files::FileSet;
use crate::model::Cluster;

/// Where the rule documentation is published (`docs/rules.md` in the repository).
pub const DOCS_RULES_URL: &str = "https://github.com/mesoslint/mesoslint/blob/main/docs/rules.md";

/// Everything a front-end needs to know about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `MM001`. Part of the public interface: never renumbered or reused.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `quorum-not-majority`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The rule's documentation page in Markdown, as written in its doc comment (each line
    /// still carries the one leading space of `/// `; use [`RuleMeta::documentation`]). Empty
    /// without the `docs` feature.
    pub raw_docs: &'static str,
    /// Whether the rule's findings carry fixes, and whether `--fix` applies them.
    pub fix: Option<FixKind>,
}

impl RuleMeta {
    /// The family prefix of the code, e.g. `MM`.
    pub fn family(&self) -> &'static str {
        let end = self
            .code
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(self.code.len());
        &self.code[..end]
    }

    /// The documentation page, Markdown. Without the `docs` feature, the page handed over by
    /// [`provide_documentation`] (empty before that, or for a code it does not name).
    pub fn documentation(&self) -> String {
        #[cfg(not(feature = "docs"))]
        if self.raw_docs.is_empty() {
            return provided::get(self.code);
        }
        let mut out = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// One sentence on the rule's automatic fixes, for `explain` and docs/rules.md.
    pub fn fix_text(&self) -> &'static str {
        match self.fix {
            None => "Fix: none; the finding is resolved by hand.",
            Some(FixKind::Safe) => "Fix: safe; `--fix` applies it.",
            Some(FixKind::Unsafe) => {
                "Fix: unsafe (a guess, or a change of what the running daemon does); applied only with `--fix --unsafe-fixes`."
            }
            Some(FixKind::Mixed) => {
                "Fix: some findings carry a safe fix (`--fix` applies it), others an unsafe one (only with `--unsafe-fixes`); the finding's fix says which."
            }
        }
    }

    /// Link to the rule's page in the published documentation.
    pub fn help_uri(&self) -> String {
        format!(
            "{}#{}",
            DOCS_RULES_URL,
            format!("{}-{}", self.code, self.name).to_ascii_lowercase()
        )
    }
}

/// Hand over the rules' documentation pages (code, Markdown as [`RuleMeta::documentation`]
/// gives it) to an engine built without the `docs` feature; the WebAssembly front-ends load
/// them from a file generated from the same doc comments. Later calls replace earlier ones.
/// With the pages compiled in, it does nothing: those are the pages.
pub fn provide_documentation(pages: impl IntoIterator<Item = (String, String)>) {
    #[cfg(not(feature = "docs"))]
    provided::set(pages.into_iter().collect());
    #[cfg(feature = "docs")]
    drop(pages);
}

/// Whether the rules' pages are compiled in, or must be handed over at run time.
pub const DOCS_COMPILED_IN: bool = cfg!(feature = "docs");

#[cfg(not(feature = "docs"))]
mod provided {
    use std::collections::BTreeMap;
    use std::sync::RwLock;

    static PAGES: RwLock<BTreeMap<String, String>> = RwLock::new(BTreeMap::new());

    pub(super) fn set(pages: BTreeMap<String, String>) {
        // A poisoned lock only means a panic elsewhere; the map itself is whole.
        *PAGES.write().unwrap_or_else(|e| e.into_inner()) = pages;
    }

    pub(super) fn get(code: &str) -> String {
        PAGES
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(code)
            .cloned()
            .unwrap_or_default()
    }
}

/// One host's secret files, worked out on first use.
pub(crate) type SecretSet = std::sync::OnceLock<std::collections::BTreeSet<crate::files::FileId>>;

/// The read-only view a rule's check gets.
pub struct Context<'a> {
    pub files: &'a FileSet,
    pub cluster: &'a Cluster,
    pub config: &'a Config,
    /// Every ZooKeeper URL site, built on first use and shared by the `ZU` rules.
    pub(crate) zu_sites: std::sync::OnceLock<Vec<crate::rules::zu::util::Site<'a>>>,
    /// Per host (in cluster order), the files that hold secrets; shared by the `MF` rules.
    pub(crate) secret_files: std::sync::OnceLock<Vec<SecretSet>>,
}

impl<'a> Context<'a> {
    /// The view of one lint run.
    pub fn new(files: &'a FileSet, cluster: &'a Cluster, config: &'a Config) -> Context<'a> {
        Context {
            files,
            cluster,
            config,
            zu_sites: std::sync::OnceLock::new(),
            secret_files: std::sync::OnceLock::new(),
        }
    }
}

/// Where a rule's check puts its findings.
pub struct Sink {
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn new() -> Sink {
        Sink {
            diagnostics: Vec::new(),
        }
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, sink: &mut Sink);
}

/// Declare a rule: its doc comment is its documentation page.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct QuorumNotMajority {
///         code: "MM001",
///         name: "quorum-not-majority",
///         severity: Error,
///         summary: "Mesos master quorum is not a majority of the masters",
///     }
/// }
/// ```
///
/// It defines the unit struct and its `META` constant; the rule file then implements
/// [`Rule`] with `fn meta(&self) -> &'static RuleMeta { &Self::META }`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            severity: $sev:ident,
            summary: $summary:literal
            $(, fix: $fix:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $rname,
                severity: $crate::diagnostic::Severity::$sev,
                summary: $summary,
                raw_docs: $crate::__rule_docs!($($doc),+),
                fix: $crate::declare_rule!(@fix $($fix)?),
            };
        }
    };
    (@fix) => {
        None
    };
    (@fix $fix:ident) => {
        Some($crate::diagnostic::FixKind::$fix)
    };
}

/// A rule's doc comment as its `raw_docs`: the lines, each ended by a newline.
#[cfg(feature = "docs")]
#[doc(hidden)]
#[macro_export]
macro_rules! __rule_docs {
    ($($doc:literal),+) => {
        concat!($($doc, "\n"),+)
    };
}

/// Without the `docs` feature the doc comment stays out of the binary.
#[cfg(not(feature = "docs"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __rule_docs {
    ($($doc:literal),+) => {
        ""
    };
}
