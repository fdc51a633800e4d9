//! Text for `mesoslint rules`, `explain`, `hosts`, and the generated `docs/rules.md`.

use mesoslint_core::policy::Policy;
use mesoslint_core::{registry, RuleMeta};

/// `mesoslint rules`: one line per rule, then one per site policy.
pub fn rules_table(policies: &[Policy]) -> String {
    let rules = registry::rules();
    let name_w = rules
        .iter()
        .map(|r| r.meta().name.len())
        .chain(policies.iter().map(|p| p.name.len()))
        .max()
        .unwrap_or(4)
        .max(4);
    let code_w = policies
        .iter()
        .map(|p| p.code.len())
        .max()
        .unwrap_or(0)
        .max(6);
    let mut out = format!(
        "{:<code_w$} {:<name_w$} {:<8} SUMMARY\n",
        "CODE", "NAME", "SEVERITY"
    );
    for r in rules {
        let m = r.meta();
        out.push_str(&format!(
            "{:<code_w$} {:<name_w$} {:<8} {}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            m.summary
        ));
    }
    for p in policies {
        out.push_str(&format!(
            "{:<code_w$} {:<name_w$} {:<8} {} (site policy)\n",
            p.code,
            p.name,
            p.severity.as_str(),
            p.summary
        ));
    }
    out
}

fn policy_json(p: &Policy) -> serde_json::Value {
    serde_json::json!({
        "code": p.code,
        "name": p.name,
        "family": p.family(),
        "severity": p.severity,
        "summary": p.summary,
        "site_policy": true,
        "daemon": p.daemon.as_str(),
        "setting": p.setting,
        "hosts": p.hosts,
        "conditions": p.conditions.iter().map(|c| c.written()).collect::<Vec<_>>(),
        "examples": p.examples.len(),
        "documentation": p.documentation(),
    })
}

/// `mesoslint rules --format json`: the rules, then the site policies.
pub fn rules_json(policies: &[Policy]) -> String {
    let rules: Vec<_> = registry::rules()
        .iter()
        .map(|r| {
            let m = r.meta();
            serde_json::json!({
                "code": m.code,
                "name": m.name,
                "family": m.family(),
                "severity": m.severity,
                "summary": m.summary,
                "help_uri": m.help_uri(),
                "documentation": m.documentation(),
            })
        })
        .chain(policies.iter().map(policy_json))
        .collect();
    let mut s = serde_json::to_string_pretty(&rules).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// `mesoslint policies --format json`.
pub fn rules_json_only_policies(policies: &[Policy]) -> String {
    let list: Vec<_> = policies.iter().map(policy_json).collect();
    let mut s = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// `mesoslint policies`: one line per policy.
pub fn policies_table(policies: &[Policy]) -> String {
    if policies.is_empty() {
        return "no site policies (add [[policy]] tables to mesoslint.toml; see docs/policies.md)\n".into();
    }
    let mut out = String::new();
    for p in policies {
        let conditions: Vec<String> = p.conditions.iter().map(|c| c.written()).collect();
        out.push_str(&format!(
            "{} {} {} `{}`: {} ({}; {} example(s))\n",
            p.code,
            p.severity.as_str(),
            p.daemon.as_str(),
            p.setting,
            p.summary,
            conditions.join(", "),
            p.examples.len()
        ));
    }
    out
}

/// Push Markdown headings of a rule page down by `levels`, leaving code blocks alone.
fn demote_headings(doc: &str, levels: usize) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with('#') {
            out.push_str(&"#".repeat(levels));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `mesoslint explain CODE`: the rule's page.
pub fn explain(m: &RuleMeta) -> String {
    format!(
        "# {} {}\n\n{} (default severity: {})\n\n{}\n{}\n\nOnline: {}\n",
        m.code,
        m.name,
        m.summary,
        m.severity.as_str(),
        m.documentation(),
        m.fix_text(),
        m.help_uri()
    )
}

/// docs/rules.md: the index table and every rule's page.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# mesoslint rules\n\n\
         <!-- Generated from the rule documentation by `mesoslint rules --format markdown`. \
         Do not edit: run `MESOSLINT_BLESS=1 cargo test -p mesoslint --test cli docs_rules_md` \
         to regenerate. -->\n\n\
         Every rule has a stable code and name; both work in `select`, `ignore`, `severity`, \
         per-path ignores and inline suppressions (`# mesoslint: ignore[CODE] reason`).\n\n\
         | Code | Name | Default severity | Summary |\n|---|---|---|---|\n",
    );
    for r in registry::rules() {
        let m = r.meta();
        out.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            m.code,
            format!("{}-{}", m.code, m.name).to_ascii_lowercase(),
            m.name,
            m.severity.as_str(),
            m.summary.replace('|', "\\|")
        ));
    }
    for r in registry::rules() {
        let m = r.meta();
        out.push_str(&format!(
            "\n## {} {}\n\n{} (default severity: {})\n\n",
            m.code,
            m.name,
            m.summary,
            m.severity.as_str()
        ));
        out.push_str(&demote_headings(&m.documentation(), 1));
        out.push_str(&format!("\n{}\n", m.fix_text()));
    }
    out
}

/// `mesoslint hosts`: the core's text, which the WebAssembly engine gives the page too.
pub use mesoslint_core::render::hosts::hosts_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demotes_headings_outside_fences() {
        let doc = "## A\n```text\n# comment\n```\n### B\n";
        assert_eq!(
            demote_headings(doc, 1),
            "### A\n```text\n# comment\n```\n#### B\n"
        );
    }

    #[test]
    fn markdown_has_every_rule() {
        let md = rules_markdown();
        for r in registry::rules() {
            assert!(md.contains(&format!("## {} {}", r.meta().code, r.meta().name)));
        }
    }
}
