//! The exports behind the page's cluster view, fix buttons and settings panel (the logic is in
//! `views.rs`).

use js_sys::JSON;
use wasm_bindgen::prelude::*;

use crate::bindings::{config_from, input_from, to_js};
use crate::views::{self, FixRequest};

#[wasm_bindgen(typescript_custom_section)]
const TS_VIEW_TYPES: &'static str = r#"
/** One host as `mesoslint hosts --format json` shows it, with what starts each daemon and where each setting comes from. */
export interface HostDetail extends Host {
  daemons?: { daemon: string; evidence: string; settings: { name: string; value: string | null; from: string }[] }[];
}

/** The cluster as `mesoslint hosts --format json` prints it. */
export interface Hosts extends ClusterSummary {
  hosts: HostDetail[];
}

/** A finding as the page names it for `fix`: its code and the byte offset where its primary label starts. */
export interface FindingRef { code: string; path: string; offset: number; message?: string }

export interface FixOptions {
  /** Fix this finding alone; absent: every allowed fix, as `mesoslint --fix`. */
  finding?: FindingRef;
  /** Unsafe fixes too (`--unsafe-fixes`). */
  unsafeFixes?: boolean;
}

export interface FixResult {
  applied: number;
  /** Changed and created files; `before` is null for a created one. Write `after` back in `encoding`. */
  changes: { path: string; before: string | null; after: string; encoding: "utf-8" | "iso-8859-1" }[];
  /** What `mesoslint --diff` prints for these changes. */
  diff: string;
  /** Codes of findings not fixed because their fix touches a file holding masked credentials. */
  skipped_protected: string[];
  not_applied: { path: string; reason: string }[];
  /** Findings left in the fixed tree. */
  remaining: number;
}

/** The keys of a configuration the page's settings panel edits. */
export interface SettingsKeys {
  select: string[];
  ignore: string[];
  severity: Record<string, "error" | "warning" | "info" | "off">;
  target: { mesos?: string | null; marathon?: string | null; zookeeper?: string | null };
  /** The configuration has other keys too (kept as written). */
  other_keys: boolean;
}
"#;

/// The cluster as `mesoslint hosts` shows it: `format` `"json"` (the default) gives the object
/// of `--format json`, `"text"` the text.
#[wasm_bindgen(unchecked_return_type = "Hosts | string")]
pub fn hosts(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "\"json\" | \"text\"")] format: Option<String>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    let (summary, text) = views::hosts_input(&input, &config);
    match format.as_deref() {
        None | Some("json") => to_js(&summary),
        Some("text") => Ok(JsValue::from_str(&text)),
        Some(other) => Err(JsError::new(&format!(
            "unknown hosts format `{other}` (json, text)"
        ))),
    }
}

/// Apply fixes as `mesoslint --fix` does (safe ones; unsafe ones too when asked), all of them or
/// one finding's, and return the changed files. Nothing is written anywhere: the caller puts
/// the files back.
#[wasm_bindgen(js_name = fix, unchecked_return_type = "FixResult")]
pub fn fix_files(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "FixOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    let request: FixRequest = match options {
        Some(o) if !o.is_null() && !o.is_undefined() => {
            let text = JSON::stringify(&o)
                .map_err(|_| JsError::new("options cannot be turned into JSON"))?
                .as_string()
                .unwrap_or_default();
            serde_json::from_str(&text)
                .map_err(|e| JsError::new(&format!("invalid fix options: {e}")))?
        }
        _ => FixRequest::default(),
    };
    to_js(&views::fix_input(&input, &config, &request))
}

/// The keys of the configuration the settings panel edits (the files' root `mesoslint.toml`
/// when `config` is absent), as the engine reads them.
#[wasm_bindgen(js_name = settingsOf, unchecked_return_type = "SettingsKeys")]
pub fn settings_of(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    to_js(&views::settings_of(&config))
}
