use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Span;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Checks the files that `[apps] paths` of `mesoslint.toml` names as Marathon app, group
    /// or pod definitions or Chronos jobs: it reports a named file (or an element of its
    /// top-level array) that is none of them, such as a JSON object without an `id`, an empty
    /// file or a number in a list of apps, and, as a warning, a pattern that names no file of
    /// the linted tree.
    ///
    /// A named file that does not parse is IN009, with its line and column, even when its
    /// text names no field of a definition.
    ///
    /// ## Why is this bad?
    /// Naming a file says "this is posted to Marathon". A file that holds no definition is
    /// either named by mistake or broken, and a pattern that names nothing (a renamed
    /// directory, a typo) silently leaves the definitions unchecked: the opposite of what the
    /// setting is for.
    ///
    /// ## Example
    /// ### Invalid: the named file holds a deploy tool's settings, not an app
    /// ```json file:deploy/settings.json
    /// {"marathon_url": "http://marathon:8080", "timeout": 30}
    /// ```
    /// ```toml config
    /// [apps]
    /// paths = ["deploy/*.json"]
    /// ```
    /// ### Valid
    /// ```json file:deploy/web.json
    /// {"id": "/web", "cmd": "run-web", "instances": 2}
    /// ```
    /// ```toml config
    /// [apps]
    /// paths = ["deploy/*.json"]
    /// ```
    ///
    /// ## How to fix
    /// Narrow the pattern to the definition files, or fix the file.
    ///
    /// ## References
    /// - docs/configuration.md (`[apps] paths`); Marathon `docs/docs/rest-api/public/api/v2/types/app.raml`.
    pub struct NamedNotDefinition {
        code: "AP013",
        name: "named-not-definition",
        severity: Error,
        summary: "A file named by `[apps] paths` holds no definition, or a pattern names no file",
    }
}

impl Rule for NamedNotDefinition {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        let apps = &cx.cluster.apps;
        for n in &apps.not_definitions {
            let path = cx.files.path(n.file);
            sink.report(
                Diagnostic::new(
                    &Self::META,
                    format!("{path} is named by `[apps] paths` but holds no definition: {}", n.reason),
                )
                .primary(Span::new(n.file, n.span.clone()), "not an app, group, pod or Chronos job")
                .note("mesoslint reads every file `[apps] paths` names as a Marathon or Chronos definition")
                .help("narrow `[apps] paths` in mesoslint.toml to the definition files, or fix this file"),
            );
        }
        for p in &apps.named {
            let message = match (&p.error, p.files) {
                (Some(e), _) => {
                    format!("`[apps] paths` pattern `{}` is not a glob: {e}", p.pattern)
                }
                (None, 0) => format!(
                    "`[apps] paths` pattern `{}` names no file of the linted tree",
                    p.pattern
                ),
                _ => continue,
            };
            let severity = if p.error.is_some() {
                Severity::Error
            } else {
                Severity::Warning
            };
            sink.report(
                Diagnostic::new(&Self::META, message)
                    .severity(severity)
                    .note("patterns are relative to the directory of mesoslint.toml; a directory names the JSON and YAML files below it")
                    .help("fix the pattern, or remove it"),
            );
        }
    }
}
