//! Prints `rules-docs.json`: every rule's documentation page, an object from rule code to the
//! Markdown `RuleMeta::documentation` gives. The WebAssembly module is built without the pages
//! (the core's `docs` feature); web/scripts/build.mjs runs this and ships the file beside the
//! module, and the page and the npm package hand it over with `provideDocs`.
//!
//! `cargo run -p mesoslint-core --example rule-docs > rules-docs.json`

fn main() {
    let pages: serde_json::Map<String, serde_json::Value> = mesoslint_core::registry::rules()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            (meta.code.to_string(), meta.documentation().into())
        })
        .collect();
    println!("{}", serde_json::Value::Object(pages));
}
