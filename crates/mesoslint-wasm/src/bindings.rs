//! The JavaScript-facing exports. Values cross as JSON (`JSON.parse` on the way out), so the
//! shapes are exactly those of `mesoslint --format json`, with `null` for absent values.

use js_sys::{Array, ArrayBuffer, Map, Object, Uint8Array, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use mesoslint_core::InputProblem;

use crate::{Input, LoadedConfig, Place, RunOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/**
 * What a front-end reading a file system could not read, in place of the contents: reported
 * as the CLI reports it (IN001 unreadable, IN003 too large, IN004 not a regular file, IN005 bad
 * symbolic link).
 */
export type InputProblem =
  | { kind: "unreadable"; reason: string }
  | { kind: "too-large"; size: number; limit: number }
  | { kind: "not-regular"; what: string }
  | { kind: "bad-symlink"; reason: string; outside: boolean };

export type Contents = string | Uint8Array | ArrayBuffer | { problem: InputProblem };

/** File contents keyed by relative `/`-separated path. Bytes that are not UTF-8 are read as ISO-8859-1, as the CLI does. A Map keeps the order given (the CLI's is path order). */
export type Files = Record<string, Contents> | Map<string, Contents>;

/**
 * The `mesoslint.toml` structure (kebab-case keys): an object, JSON text, or TOML text.
 * When absent (`null`/`undefined`), a `mesoslint.toml` (or `.mesoslint.toml`) at the root of the files
 * is used, as the CLI does. Every key means what it means to the CLI (the same code reads it):
 * `exclude` leaves files out, `per-path-ignores` drops findings, `fail-level` sets `CheckResult.failed`.
 */
export interface Config {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, "error" | "warning" | "info" | "off">;
  packaging?: "auto" | "package" | "none";
  target?: { mesos?: string; marathon?: string; zookeeper?: string };
  cluster?: { masters?: number };
  "fail-level"?: "error" | "warning" | "info" | "never";
  exclude?: string[];
  "per-path-ignores"?: Record<string, string[]>;
  hosts?: Record<string, { root?: string; roles?: ("master" | "agent" | "zookeeper" | "marathon")[]; address?: string }>;
  /** Site policies (docs/policies.md): each judged as the CLI judges it. */
  policy?: Policy[];
}

export interface Policy {
  code: string;
  summary: string;
  severity?: "error" | "warning" | "info";
  daemon: "mesos-master" | "mesos-agent" | "zookeeper" | "marathon";
  hosts?: string[];
  setting: string;
  require?: boolean;
  forbid?: boolean;
  match?: string;
  "not-match"?: string;
  "one-of"?: string[];
  min?: string | number;
  max?: string | number;
  "same-on-all"?: boolean;
  message?: string;
  help?: string;
  example?: { fails: boolean; host?: string; value?: string; files?: Record<string, string> }[];
}

/** A site policy of the configuration, described as a rule is. */
export interface PolicyInfo {
  code: string;
  name: string;
  family: string;
  severity: Severity;
  summary: string;
  documentation: string;
}

export type Severity = "error" | "warning" | "info";

/** A point in a file. Lines and columns are 1-based, offsets 0-based. */
export interface Position {
  line: number;
  /** Column in bytes of UTF-8. */
  column: number;
  /** Column in UTF-16 code units (what editors and JavaScript strings use). */
  column_utf16: number;
  offset: number;
  offset_utf16: number;
}

export interface Label {
  path: string;
  primary: boolean;
  message: string;
  start: Position;
  end: Position;
}

export interface Edit { path: string; start: Position; end: Position; replacement: string }

export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  /** The host of the primary label's file; null for a file of no host (an app definition). */
  host: string | null;
  /** Primary label(s) first; secondary labels may point into other files and hosts. */
  labels: Label[];
  notes: string[];
  help: string | null;
  fix?: {
    description: string;
    /** `safe` fixes are applied by `--fix`; `unsafe` ones only with `--unsafe-fixes`. */
    applicability: "safe" | "unsafe";
    edits: Edit[];
    /** Files the fix creates (omitted when none). */
    creates?: { path: string; contents: string }[];
  };
}

export interface Host { name: string; root: string; roles: string[]; address: string | null }

export interface ClusterSummary {
  hosts: Host[];
  masters: number;
  masters_source: string;
  quorum: string[];
  master_failures_tolerated: number | null;
  zookeeper_voters: string[];
  zookeeper_failures_tolerated: number | null;
}

export interface CheckResult {
  version: string;
  findings: Finding[];
  hosts: Host[];
  cluster: ClusterSummary;
  /** The last line the CLI prints, e.g. "3 errors, 2 warnings in 4 hosts running 3 mesos-master, 1 mesos-agent". */
  summary_line: string;
  errors: number;
  warnings: number;
  infos: number;
  /** The failure level of the configuration (`error` unless `fail-level` says otherwise). */
  fail_level: "error" | "warning" | "info" | "never";
  /** A finding is at or above the failure level: the CLI would exit with 1. */
  failed: boolean;
  /** The site policies of the configuration. */
  policies: PolicyInfo[];
  /** Marathon apps and pods and Chronos jobs read (they count as read even with no host). */
  definitions: number;
  /** Files read, after `exclude`. */
  files: number;
  /** Rules on by default that the configuration turns off. */
  disabled_rules: string[];
  /** Rules whose severity the configuration lowers. */
  lowered: { code: string; from: Severity; to: Severity }[];
  /** Files holding credentials the engine masks, with the masked text (same byte length). */
  secrets: { path: string; masked: string }[];
}

/** Options of `run`: the CLI's own. */
export interface RunOptions {
  /** The configuration (as for `lint`); absent: the files' root `mesoslint.toml`. */
  config?: Config | string | null;
  /** The configuration file's directory seen from the files' root (`examples/x`, `../..`): its globs are relative to it. */
  configDir?: string;
  /** The files' root seen from the configuration file's directory (`../..`, `sub`). */
  cwdFromConfig?: string;
  format?: "human" | "concise" | "json" | "sarif" | "github" | "markdown";
  failLevel?: "error" | "warning" | "info" | "never";
  select?: string[];
  ignore?: string[];
  /** The CLI's `--target`: `"mesos=1.9.0,marathon=1.6.322"` or a list of such; beats `[target]` of the configuration. */
  target?: string | string[];
}

/** What the CLI prints to standard output, and its exit status (0 or 1; errors throw, the CLI's 2). */
export interface RunResult { output: string; exit_code: number }

export interface RuleExample {
  valid: boolean;
  /** false when a file stands for something text cannot reproduce (unreadable file, FIFO, ISO-8859-1 bytes). */
  playable: boolean;
  title: string;
  files: Record<string, string>;
  config: string | null;
}

export interface RuleInfo {
  code: string;
  name: string;
  family: string;
  severity: Severity;
  summary: string;
  /** The rule's documentation page, Markdown. */
  documentation: string;
  help_uri: string;
  examples: RuleExample[];
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the panic hook; runs when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "mesoslint: internal error (please report): {info}"
        ));
    }));
}

/// A path a front-end could not read, as `{problem: {...}}` in place of its contents.
#[derive(serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
enum ProblemIn {
    Unreadable { reason: String },
    TooLarge { size: u64, limit: u64 },
    NotRegular { what: String },
    BadSymlink { reason: String, outside: bool },
}

fn problem_of(path: &str, value: &JsValue) -> Result<Option<InputProblem>, JsError> {
    if value.dyn_ref::<Uint8Array>().is_some() || value.dyn_ref::<ArrayBuffer>().is_some() {
        return Ok(None);
    }
    let Ok(problem) = js_sys::Reflect::get(value, &JsValue::from_str("problem")) else {
        return Ok(None);
    };
    if !problem.is_object() {
        return Ok(None);
    }
    let text = JSON::stringify(&problem)
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    let parsed: ProblemIn = serde_json::from_str(&text)
        .map_err(|e| JsError::new(&format!("the problem given for {path:?} is invalid: {e}")))?;
    Ok(Some(match parsed {
        ProblemIn::Unreadable { reason } => InputProblem::Unreadable { reason },
        ProblemIn::TooLarge { size, limit } => InputProblem::TooLarge { size, limit },
        ProblemIn::NotRegular { what } => InputProblem::NotRegular { kind: what },
        ProblemIn::BadSymlink { reason, outside } => InputProblem::BadSymlink { reason, outside },
    }))
}

fn bytes_of(path: &str, value: &JsValue) -> Result<Option<Vec<u8>>, JsError> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(text.into_bytes()));
    }
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(Some(array.to_vec()));
    }
    if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Some(Uint8Array::new(buffer).to_vec()));
    }
    Err(JsError::new(&format!(
        "the contents of {path:?} must be a string, a Uint8Array or an ArrayBuffer"
    )))
}

pub(crate) fn input_from(files: &JsValue) -> Result<Input, JsError> {
    let entries: Array = if let Some(map) = files.dyn_ref::<Map>() {
        Array::from(&map.entries().into())
    } else if files.is_object() && !Array::is_array(files) {
        Object::entries(files.unchecked_ref::<Object>())
    } else {
        return Err(JsError::new(
            "files must be an object (or Map) from path to contents",
        ));
    };
    let mut input = Input::new();
    for entry in entries.iter() {
        let pair: Array = match entry.dyn_into() {
            Ok(pair) => pair,
            Err(_) => return Err(JsError::new("files: malformed entry")),
        };
        let path = pair
            .get(0)
            .as_string()
            .ok_or_else(|| JsError::new("files: every path must be a string"))?;
        let value = pair.get(1);
        if value.is_object() {
            if let Some(problem) = problem_of(&path, &value)? {
                input
                    .push_problem(&path, problem)
                    .map_err(|e| JsError::new(&e))?;
                continue;
            }
        }
        if let Some(bytes) = bytes_of(&path, &value)? {
            input.push(&path, bytes).map_err(|e| JsError::new(&e))?;
        }
    }
    Ok(input)
}

pub(crate) fn config_from(
    input: &Input,
    config: &Option<JsValue>,
) -> Result<LoadedConfig, JsError> {
    let config = match config {
        Some(c) if !c.is_null() && !c.is_undefined() => c,
        _ => return input.config(None).map_err(|e| JsError::new(&e)),
    };
    let text = match config.as_string() {
        Some(text) => text,
        None => JSON::stringify(config)
            .map_err(|_| JsError::new("config cannot be turned into JSON"))?
            .as_string()
            .unwrap_or_default(),
    };
    input.config(Some(&text)).map_err(|e| JsError::new(&e))
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    JSON::parse(&text).map_err(|_| JsError::new("internal error: result is not JSON"))
}

/// Lint `files` with `config` (optional) and return the findings, sorted by path and position.
#[wasm_bindgen(unchecked_return_type = "Finding[]")]
pub fn lint(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    to_js(&crate::lint_input(&input, &config))
}

/// Lint and return findings together with the hosts, the cluster summary and the summary line.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    to_js(&crate::check_input(&input, &config))
}

/// [`check`] and [`render`] from one lint: the page calls this once per edit.
#[wasm_bindgen(js_name = checkAndRender, unchecked_return_type = "CheckResult & { rendered: string }")]
pub fn check_and_render(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    to_js(&crate::check_render_input(&input, &config))
}

/// The cluster summary (hosts, roles, masters, quorum, ZooKeeper voters) without linting.
#[wasm_bindgen(unchecked_return_type = "ClusterSummary")]
pub fn summary(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    let fs = input.file_set_for(&config);
    to_js(&mesoslint_core::model::Cluster::build(&fs, config.config()).summary_with_sources(&fs))
}

/// The text the CLI prints for these files, without colour.
#[wasm_bindgen]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Config | string | null")] config: Option<JsValue>,
) -> Result<String, JsError> {
    let input = input_from(&files)?;
    let config = config_from(&input, &config)?;
    Ok(crate::render_input(&input, &config))
}

/// Run as the CLI runs: the output of one format and the exit status, with the whole
/// configuration applied (the npm package's `mesoslint` command).
#[wasm_bindgen(unchecked_return_type = "RunResult")]
pub fn run(
    #[wasm_bindgen(unchecked_param_type = "Files")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RunOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default, rename_all = "camelCase", deny_unknown_fields)]
    struct Options {
        config: Option<serde_json::Value>,
        config_dir: String,
        cwd_from_config: String,
        format: Option<String>,
        fail_level: Option<String>,
        select: Vec<String>,
        ignore: Vec<String>,
        target: TargetOption,
    }
    /// `target`: one `--target` value or a list of them.
    #[derive(serde::Deserialize, Default)]
    #[serde(untagged)]
    enum TargetOption {
        #[default]
        None,
        One(String),
        Many(Vec<String>),
    }
    let input = input_from(&files)?;
    let options: Options = if options.is_null() || options.is_undefined() {
        Options::default()
    } else {
        let text = JSON::stringify(&options)
            .map_err(|_| JsError::new("options cannot be turned into JSON"))?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str(&text).map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    let config_text = match &options.config {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => Some(text.clone()),
        Some(value) => Some(value.to_string()),
    };
    let mut loaded = input
        .config(config_text.as_deref())
        .map_err(|e| JsError::new(&e))?;
    loaded.place_at(Place {
        config_dir: options.config_dir,
        cwd_from_config: options.cwd_from_config,
    });
    let run = RunOptions {
        format: options.format,
        fail_level: options.fail_level,
        select: options.select,
        ignore: options.ignore,
        target: match options.target {
            TargetOption::None => Vec::new(),
            TargetOption::One(s) => vec![s],
            TargetOption::Many(v) => v,
        },
    };
    to_js(&crate::run_input(&input, &loaded, &run).map_err(|e| JsError::new(&e))?)
}

/// Every rule with its metadata, documentation (Markdown) and documentation examples.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&crate::rule_list())
}

/// Hand over the rules' documentation pages (the text of `rules-docs.json`, shipped next to
/// the module): `rules()` and SARIF output read them. The package's entry points call it on
/// first use; returns how many pages were given.
#[wasm_bindgen(js_name = provideDocs)]
pub fn provide_docs(json: &str) -> Result<usize, JsError> {
    crate::provide_docs(json).map_err(|e| JsError::new(&e))
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    mesoslint_core::VERSION.to_string()
}
