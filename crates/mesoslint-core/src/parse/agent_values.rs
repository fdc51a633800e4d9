//! Agent value grammars (DOMAIN.md §2.6-2.8): attributes, resources, comma lists,
//! containerizers and isolators.

use std::ops::Range;

use super::did_you_mean;
use super::values::{float_prefix, ValueError};

/// A parsed `values::parse` result (Mesos `src/common/values.cpp`).
#[derive(Clone, Debug, PartialEq)]
pub enum MesosValue {
    Scalar(f64),
    Ranges(Vec<(u64, u64)>),
    Set(Vec<String>),
    Text(String),
}

impl MesosValue {
    pub fn type_name(&self) -> &'static str {
        match self {
            MesosValue::Scalar(_) => "SCALAR",
            MesosValue::Ranges(_) => "RANGES",
            MesosValue::Set(_) => "SET",
            MesosValue::Text(_) => "TEXT",
        }
    }
}

fn verr(message: String, range: Range<usize>) -> ValueError {
    ValueError {
        message,
        range,
        suggestion: None,
    }
}

/// The text with spaces removed, and for each kept byte its offset in the original.
fn strip_spaces(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c != ' ' {
            out.push(c);
            map.extend((0..c.len_utf8()).map(|k| i + k));
        }
    }
    (out, map)
}

/// Original range of `a..b` in the space-stripped text.
fn orig_range(map: &[usize], a: usize, b: usize, full: usize) -> Range<usize> {
    let start = map.get(a).copied().unwrap_or(full);
    let end = if b == 0 {
        start
    } else {
        map.get(b - 1).map(|e| e + 1).unwrap_or(full)
    };
    start..end.max(start)
}

fn brackets_match(s: &str, open: char, close: char) -> bool {
    let mut depth: i64 = 0;
    for c in s.chars() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

/// Tokens of `s` separated by any of `delims`, empty ones dropped, with byte offsets.
fn tokenize<'a>(s: &'a str, delims: &[char]) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if delims.contains(&c) {
            if i > start {
                out.push((start, &s[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if s.len() > start {
        out.push((start, &s[start..]));
    }
    out
}

/// boost::lexical_cast<double>: a whole C float literal, or inf/infinity/nan.
fn lexical_double(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let neg = s.starts_with('-');
    let lower = unsigned.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    if float_prefix(s.as_bytes()) == s.len() && !s.is_empty() {
        return s.parse::<f64>().ok();
    }
    None
}

/// Mesos `values::parse`: spaces removed, then ranges `[a-b,...]`, sets `{a,b}`, scalars or
/// text. Error ranges are relative to `text`.
pub fn parse_mesos_value(text: &str) -> Result<MesosValue, ValueError> {
    let full = text.len();
    let (temp, map) = strip_spaces(text);
    if temp.is_empty() {
        return Err(verr("empty value".to_string(), 0..full));
    }
    if !brackets_match(&temp, '{', '}')
        || !brackets_match(&temp, '[', ']')
        || !brackets_match(&temp, '(', ')')
    {
        return Err(verr(format!("mismatched brackets in `{text}`"), 0..full));
    }
    match temp.find('[') {
        Some(0) => {
            let tokens = tokenize(&temp, &['[', ']', '-', ',', '\n']);
            if tokens.len() % 2 != 0 || tokens.is_empty() {
                return Err(verr(
                    format!("`{text}` is not a list of ranges such as `[31000-32000]`"),
                    0..full,
                ));
            }
            let mut ranges = Vec::new();
            for pair in tokens.chunks(2) {
                let mut nums = [0u64; 2];
                for (slot, (at, tok)) in nums.iter_mut().zip(pair) {
                    let ok = tok.bytes().all(|b| b.is_ascii_digit());
                    match tok.parse::<u64>() {
                        Ok(n) if ok => *slot = n,
                        _ => {
                            return Err(verr(
                                format!("expecting a non-negative integer in range, found `{tok}`"),
                                orig_range(&map, *at, at + tok.len(), full),
                            ))
                        }
                    }
                }
                ranges.push((nums[0], nums[1]));
            }
            Ok(MesosValue::Ranges(ranges))
        }
        None => match temp.find('{') {
            Some(0) => {
                let items = tokenize(&temp, &['{', '}', ',', '\n'])
                    .into_iter()
                    .map(|(_, t)| t.to_string())
                    .collect();
                Ok(MesosValue::Set(items))
            }
            None => match lexical_double(&temp) {
                Some(v) if v.is_nan() => {
                    Err(verr(format!("NaN is not supported: `{text}`"), 0..full))
                }
                Some(v) if v.is_infinite() => Err(verr(
                    format!("infinite values are not supported: `{text}`"),
                    0..full,
                )),
                Some(v) if v < 0.0 => Err(verr(
                    format!("negative values are not supported: `{text}`"),
                    0..full,
                )),
                Some(v) => Ok(MesosValue::Scalar(v)),
                None => Ok(MesosValue::Text(temp)),
            },
            Some(i) => Err(verr(
                format!("unexpected `{{` in `{text}`: a set must start with `{{`"),
                orig_range(&map, i, i + 1, full),
            )),
        },
        Some(i) => Err(verr(
            format!("unexpected `[` in `{text}`: ranges must start with `[`"),
            orig_range(&map, i, i + 1, full),
        )),
    }
}

/// Which part of a `key:value` pair an error points into.
enum Part {
    Key,
    Value,
}

fn strip_trailing_newlines(v: &str) -> &str {
    v.trim_end_matches('\n')
}

fn attribute_errors(key: &str, value: &str) -> Option<(Part, ValueError)> {
    if key.is_empty() {
        return Some((Part::Key, verr("empty attribute name".to_string(), 0..0)));
    }
    if let Some(i) = key.find([':', ';', '\n']) {
        return Some((
            Part::Key,
            verr(
                format!(
                    "attribute name `{}` contains `{}`, which splits the pair",
                    key.escape_debug(),
                    &key[i..i + 1].escape_debug()
                ),
                i..i + 1,
            ),
        ));
    }
    if key.trim() != key {
        let mut e = verr(
            format!("attribute name `{key}` has surrounding spaces, which become part of the name"),
            0..key.len(),
        );
        e.suggestion = Some(key.trim().to_string());
        return Some((Part::Key, e));
    }
    let value = strip_trailing_newlines(value);
    if value.is_empty() {
        return Some((
            Part::Value,
            verr(format!("attribute `{key}` has an empty value"), 0..0),
        ));
    }
    if let Some(i) = value.find([';', '\n']) {
        return Some((
            Part::Value,
            verr(
                format!(
                    "value of attribute `{key}` contains `{}`: `;` and newlines separate attributes",
                    &value[i..i + 1].escape_debug()
                ),
                i..i + 1,
            ),
        ));
    }
    match parse_mesos_value(value) {
        Err(mut e) => {
            e.message = format!("bad value for attribute `{key}`: {}", e.message);
            Some((Part::Value, e))
        }
        Ok(MesosValue::Set(_)) => Some((
            Part::Value,
            verr(
                format!(
                    "attribute `{key}` cannot be a set `{{...}}`: use a scalar, ranges or text"
                ),
                0..value.len(),
            ),
        )),
        Ok(_) => None,
    }
}

/// Agent attribute `key:value` (or the directory form: file name = key, content = value).
/// The range is relative to `value`; problems with the key have the empty range `0..0`.
pub fn check_attribute(key: &str, value: &str) -> Result<(), ValueError> {
    match attribute_errors(key, value) {
        None => Ok(()),
        Some((Part::Value, e)) => Err(e),
        Some((Part::Key, mut e)) => {
            e.range = 0..0;
            Err(e)
        }
    }
}

/// The name and role of a resource key `name[(role)]`, or an error in the key.
fn resource_key(key: &str) -> Result<(String, Option<String>), ValueError> {
    let (name, role) = match key.find('(') {
        None => {
            if let Some(i) = key.find(')') {
                return Err(verr(
                    format!("mismatched parentheses in resource `{key}`"),
                    i..i + 1,
                ));
            }
            (key.trim(), None)
        }
        Some(open) => {
            let close = match key.find(')') {
                Some(c) if c > open => c,
                _ => {
                    return Err(verr(
                        format!("mismatched parentheses in resource `{key}`"),
                        open..key.len(),
                    ))
                }
            };
            if !key[close + 1..].trim().is_empty() {
                return Err(verr(
                    format!("text after `)` in resource `{key}` is ignored by Mesos"),
                    close + 1..key.len(),
                ));
            }
            let role = key[open + 1..close].trim();
            if let Some(msg) = role_problem(role) {
                return Err(verr(
                    format!("role `{role}` in resource `{key}`: {msg}"),
                    open + 1..close,
                ));
            }
            (key[..open].trim(), Some(role.to_string()))
        }
    };
    if name.is_empty() {
        return Err(verr("empty resource name".to_string(), 0..key.len()));
    }
    Ok((name.to_string(), role))
}

/// Mesos role-name rules (`src/common/roles.cpp`); `*` is the default role.
fn role_problem(role: &str) -> Option<&'static str> {
    if role == "*" {
        return None;
    }
    if role.is_empty() {
        return Some("empty role name");
    }
    if role == "." || role == ".." {
        return Some("`.` and `..` are not valid role names");
    }
    if role.starts_with('-') {
        return Some("a role cannot start with `-`");
    }
    if role.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("a role cannot contain whitespace or control characters");
    }
    if role.starts_with('/') || role.ends_with('/') || role.contains("//") {
        return Some("a role cannot start or end with `/` or contain `//`");
    }
    if role.split('/').any(|p| p == "." || p == ".." || p == "*") {
        return Some("role path components cannot be `.`, `..` or `*`");
    }
    None
}

fn resource_errors(key: &str, value: &str) -> Result<(String, MesosValue), (Part, ValueError)> {
    let (name, _role) = resource_key(key).map_err(|e| (Part::Key, e))?;
    let value = strip_trailing_newlines(value);
    if let Some(i) = value.find([':', ';']) {
        return Err((
            Part::Value,
            verr(
                format!(
                    "value of resource `{name}` contains `{}`: missing or extra `:` or `;`",
                    &value[i..i + 1]
                ),
                i..i + 1,
            ),
        ));
    }
    let parsed = parse_mesos_value(value).map_err(|mut e| {
        e.message = format!("bad value for resource `{name}`: {}", e.message);
        (Part::Value, e)
    })?;
    match &parsed {
        MesosValue::Text(_) => {
            return Err((
                Part::Value,
                verr(
                    format!(
                        "resource `{name}` has text value `{value}`: use a number, ranges `[a-b]` or a set `{{a,b}}`"
                    ),
                    0..value.len(),
                ),
            ))
        }
        MesosValue::Ranges(rs) => {
            if let Some((a, b)) = rs.iter().find(|(a, b)| a > b) {
                return Err((
                    Part::Value,
                    verr(
                        format!("range `{a}-{b}` of resource `{name}` starts after it ends"),
                        0..value.len(),
                    ),
                ));
            }
        }
        MesosValue::Scalar(v) if name == "gpus" && v.fract() != 0.0 => {
            let mut e = verr(
                format!("`gpus` must be a whole number, not `{value}`"),
                0..value.len(),
            );
            e.suggestion = Some(format!("{}", v.trunc()));
            return Err((Part::Value, e));
        }
        _ => {}
    }
    Ok((name, parsed))
}

/// One resource `key[(role)]:value` (scalar, `[ranges]` or `{set}`); text values are
/// rejected. The range is relative to `value`; problems with the key have the range `0..0`.
pub fn check_resource(key: &str, value: &str) -> Result<(), ValueError> {
    match resource_errors(key, value) {
        Ok(_) => Ok(()),
        Err((Part::Value, e)) => Err(e),
        Err((Part::Key, mut e)) => {
            e.range = 0..0;
            Err(e)
        }
    }
}

fn shift(mut e: ValueError, by: usize) -> ValueError {
    e.range = e.range.start + by..e.range.end + by;
    e
}

/// The whole `--attributes` value: `k:v` pairs separated by `;` or newlines.
pub fn check_attributes_flag(s: &str) -> Vec<ValueError> {
    let mut errors = Vec::new();
    for (at, tok) in tokenize(s, &[';', '\n']) {
        let Some(colon) = tok.find(':') else {
            errors.push(verr(
                format!("invalid attribute `{tok}`: expected key:value"),
                at..at + tok.len(),
            ));
            continue;
        };
        let (key, value) = (&tok[..colon], &tok[colon + 1..]);
        if key.is_empty() || value.is_empty() {
            errors.push(verr(
                format!("invalid attribute `{tok}`: both key and value must be non-empty"),
                at..at + tok.len(),
            ));
            continue;
        }
        match attribute_errors(key, value) {
            None => {}
            Some((Part::Key, e)) => errors.push(shift(e, at)),
            Some((Part::Value, e)) => errors.push(shift(e, at + colon + 1)),
        }
    }
    errors
}

/// The whole `--resources` value: JSON (inline or `file://`) is accepted as is; otherwise
/// `name[(role)]:value` separated by `;`.
pub fn check_resources_flag(s: &str) -> Vec<ValueError> {
    let t = s.trim();
    if t.starts_with("file://") {
        return Vec::new();
    }
    if t.starts_with('[') {
        return match serde_json::from_str::<serde_json::Value>(t) {
            Ok(serde_json::Value::Array(_)) => Vec::new(),
            _ => vec![verr(
                "resources start with `[` but are not a JSON array of resources".to_string(),
                0..s.len(),
            )],
        };
    }
    let mut errors = Vec::new();
    let mut seen: Vec<(String, &'static str)> = Vec::new();
    let tokens = tokenize(s, &[';']);
    if tokens.iter().all(|(_, t)| t.trim().is_empty()) {
        errors.push(verr("empty resources value".to_string(), 0..s.len()));
        return errors;
    }
    for (at, tok) in tokens {
        let parts = tokenize(tok, &[':']);
        let [(k_at, key), (v_at, value)] = parts.as_slice() else {
            errors.push(verr(
                format!(
                    "invalid resource `{}`: missing or extra `:`",
                    tok.escape_debug()
                ),
                at..at + tok.len(),
            ));
            continue;
        };
        match resource_errors(key, value) {
            Ok((name, parsed)) => {
                let ty = parsed.type_name();
                match seen.iter().find(|(n, _)| *n == name) {
                    Some((_, prev)) if *prev != ty => errors.push(verr(
                        format!("resource `{name}` is given as both {prev} and {ty}"),
                        at..at + tok.len(),
                    )),
                    Some(_) => {}
                    None => seen.push((name, ty)),
                }
            }
            Err((Part::Key, e)) => errors.push(shift(e, at + k_at)),
            Err((Part::Value, e)) => errors.push(shift(e, at + v_at)),
        }
    }
    errors
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    pub text: String,
    pub range: Range<usize>,
}

/// Split a comma list keeping spans; empty items are kept so callers can report them.
pub fn split_list(s: &str) -> Vec<ListItem> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == ',' {
            out.push(ListItem {
                text: s[start..i].to_string(),
                range: start..i,
            });
            start = i + 1;
        }
    }
    out.push(ListItem {
        text: s[start..].to_string(),
        range: start..s.len(),
    });
    out
}

/// Valid `--containerizers` entries at HEAD (`external` existed up to 1.0).
pub const CONTAINERIZERS: &[&str] = &["mesos", "docker"];
/// Containerizers that existed in older releases: (name, note).
pub const LEGACY_CONTAINERIZERS: &[(&str, &str)] = &[("external", "removed after Mesos 1.0")];

/// Built-in isolator names at HEAD (DOMAIN.md §2.7).
pub const ISOLATORS: &[&str] = &[
    "filesystem/posix",
    "filesystem/linux",
    "filesystem/shared",
    "filesystem/windows",
    "posix/cpu",
    "posix/mem",
    "posix/rlimits",
    "windows/cpu",
    "windows/mem",
    "cgroups/all",
    "cgroups/blkio",
    "cgroups/cpu",
    "cgroups/cpuset",
    "cgroups/devices",
    "cgroups/hugetlb",
    "cgroups/mem",
    "cgroups/net_cls",
    "cgroups/net_prio",
    "cgroups/perf_event",
    "cgroups/pids",
    "appc/runtime",
    "docker/runtime",
    "docker/volume",
    "linux/devices",
    "linux/capabilities",
    "linux/nnp",
    "linux/seccomp",
    "namespaces/ipc",
    "namespaces/pid",
    "volume/sandbox_path",
    "volume/host_path",
    "volume/image",
    "volume/secret",
    "volume/csi",
    "disk/du",
    "disk/xfs",
    "gpu/nvidia",
    "network/cni",
    "network/port_mapping",
    "network/ports",
    "environment_secret",
];

/// Deprecated isolator names Mesos rewrites with a warning: (old, replacement).
pub const DEPRECATED_ISOLATORS: &[(&str, &str)] = &[
    ("process", "posix/cpu,posix/mem"),
    ("cgroups", "cgroups/cpu,cgroups/mem"),
    ("posix/disk", "disk/du"),
];

/// The built-in isolator closest to a misspelt `name`.
pub fn did_you_mean_isolator(name: &str) -> Option<&'static str> {
    did_you_mean(name, ISOLATORS.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mesos_values() {
        assert_eq!(parse_mesos_value("4"), Ok(MesosValue::Scalar(4.0)));
        assert_eq!(parse_mesos_value(" 2.5 "), Ok(MesosValue::Scalar(2.5)));
        assert_eq!(
            parse_mesos_value("[31000-32000, 33000-34000]"),
            Ok(MesosValue::Ranges(vec![(31000, 32000), (33000, 34000)]))
        );
        assert_eq!(
            parse_mesos_value("{a, b,c}"),
            Ok(MesosValue::Set(vec!["a".into(), "b".into(), "c".into()]))
        );
        assert_eq!(
            parse_mesos_value("rack-1"),
            Ok(MesosValue::Text("rack-1".into()))
        );
        assert_eq!(
            parse_mesos_value("us east"),
            Ok(MesosValue::Text("useast".into()))
        );
        assert!(parse_mesos_value("").is_err());
        assert!(parse_mesos_value("   ").is_err());
        assert!(parse_mesos_value("[1-2").is_err());
        assert!(parse_mesos_value("{a").is_err());
        assert!(parse_mesos_value("[1-2-3]").is_err());
        let e = parse_mesos_value("[1-x]").unwrap_err();
        assert_eq!(e.range, 3..4);
        let e = parse_mesos_value("[1 - x]").unwrap_err();
        assert_eq!(e.range, 5..6);
        assert!(parse_mesos_value("-1").is_err());
        assert!(parse_mesos_value("nan").is_err());
        assert!(parse_mesos_value("inf").is_err());
        assert!(parse_mesos_value("a[1]").is_err());
        assert!(parse_mesos_value("a{1}").is_err());
        assert!(parse_mesos_value("]").is_err());
    }

    #[test]
    fn attributes() {
        assert_eq!(check_attribute("rack", "r1"), Ok(()));
        assert_eq!(check_attribute("rack", "r1\n"), Ok(()));
        assert_eq!(check_attribute("cores", "8"), Ok(()));
        assert_eq!(check_attribute("ports", "[1-2]"), Ok(()));
        assert_eq!(check_attribute("zone", "a:b"), Ok(()));
        assert!(check_attribute("rack", "{a,b}")
            .unwrap_err()
            .message
            .contains("set"));
        assert!(check_attribute("rack", "").is_err());
        assert!(check_attribute("", "x").is_err());
        assert_eq!(check_attribute("a:b", "x").unwrap_err().range, 0..0);
        let e = check_attribute("rack", "r1\nr2").unwrap_err();
        assert_eq!(e.range, 2..3);
        assert!(check_attribute("rack", "r1;zone:z").is_err());
        assert!(check_attribute("n", "-1").is_err());
        assert!(check_attribute("n", "[1-2").is_err());
    }

    #[test]
    fn attributes_flag() {
        assert!(check_attributes_flag("rack:r1;zone:us-east-1a;cores:8").is_empty());
        assert!(check_attributes_flag("rack:r1;").is_empty());
        assert!(check_attributes_flag("rack:r1\nzone:z").is_empty());
        let errs = check_attributes_flag("rack:r1;zone;os:linux");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].range, 8..12);
        let errs = check_attributes_flag("rack:;:x");
        assert_eq!(errs.len(), 2);
        let errs = check_attributes_flag("rack:{a,b}");
        assert_eq!(errs[0].range, 5..10);
        let errs = check_attributes_flag("rack:r1; zone:z");
        assert_eq!(errs[0].suggestion.as_deref(), Some("zone"));
        assert_eq!(errs[0].range, 8..13);
        assert!(check_attributes_flag("").is_empty());
    }

    #[test]
    fn resources() {
        assert_eq!(check_resource("cpus", "4"), Ok(()));
        assert_eq!(check_resource("mem", "2048"), Ok(()));
        assert_eq!(check_resource("ports", "[31000-32000]"), Ok(()));
        assert_eq!(check_resource("ports(*)", "[31000-32000]"), Ok(()));
        assert_eq!(check_resource("cpus(role1)", "2"), Ok(()));
        assert_eq!(check_resource("disks", "{sda,sdb}"), Ok(()));
        assert!(check_resource("cpus", "four")
            .unwrap_err()
            .message
            .contains("text"));
        assert!(check_resource("cpus(", "4").is_err());
        assert!(check_resource("cpus)r(", "4").is_err());
        assert!(check_resource("(r)", "4").is_err());
        assert!(check_resource("cpus(-x)", "4").is_err());
        assert!(check_resource("cpus()", "4").is_err());
        assert!(check_resource("cpus", "-4").is_err());
        assert!(check_resource("cpus", "").is_err());
        assert!(check_resource("ports", "[32000-31000]").is_err());
        assert_eq!(
            check_resource("gpus", "1.5")
                .unwrap_err()
                .suggestion
                .as_deref(),
            Some("1")
        );
        assert_eq!(check_resource("gpus", "2"), Ok(()));
        assert_eq!(check_resource("cpus", "4:5").unwrap_err().range, 1..2);
        assert_eq!(check_resource("cpus(a)x", "4").unwrap_err().range, 0..0);
    }

    #[test]
    fn resources_flag() {
        assert!(check_resources_flag("cpus:4;mem:2048;ports:[31000-32000]").is_empty());
        assert!(check_resources_flag("cpus: 4; mem: 2048").is_empty());
        assert!(check_resources_flag("cpus(*):4;cpus(web):2").is_empty());
        assert!(
            check_resources_flag(r#"[{"name":"cpus","type":"SCALAR","scalar":{"value":4}}]"#)
                .is_empty()
        );
        assert!(check_resources_flag("file:///etc/mesos/resources.json").is_empty());
        assert_eq!(check_resources_flag("[{").len(), 1);
        let errs = check_resources_flag("cpus:4;mem=2048");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].range, 7..15);
        let errs = check_resources_flag("cpus:4;mem:2:048");
        assert_eq!(errs.len(), 1);
        let errs = check_resources_flag("cpus:4;cpus:{a}");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("both"));
        let errs = check_resources_flag("cpus:4;mem:lots");
        assert_eq!(errs[0].range, 11..15);
        let errs = check_resources_flag("cpus(:4");
        assert_eq!(errs.len(), 1);
        assert!(check_resources_flag("cpus:4\nmem:10").len() == 1);
        assert_eq!(check_resources_flag("").len(), 1);
        assert_eq!(check_resources_flag(";;").len(), 1);
        assert!(check_resources_flag("cpus::4").is_empty());
    }

    #[test]
    fn lists() {
        let items = split_list("mesos,,docker, x");
        let texts: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["mesos", "", "docker", " x"]);
        assert_eq!(items[2].range, 7..13);
        assert_eq!(items[3].range, 14..16);
        assert_eq!(split_list("").len(), 1);
        assert_eq!(split_list("ü,é")[1].range, 3..5);
    }

    #[test]
    fn isolators() {
        assert!(ISOLATORS.contains(&"cgroups/cpu"));
        assert_eq!(did_you_mean_isolator("cgroup/cpu"), Some("cgroups/cpu"));
        assert_eq!(did_you_mean_isolator("posix/memory"), Some("posix/mem"));
        assert_eq!(
            did_you_mean_isolator("filesystem/linx"),
            Some("filesystem/linux")
        );
        assert_eq!(did_you_mean_isolator("zzzzzzzzz"), None);
        for (old, new) in DEPRECATED_ISOLATORS {
            assert!(!ISOLATORS.contains(old));
            for n in new.split(',') {
                assert!(ISOLATORS.contains(&n));
            }
        }
        let mut sorted = ISOLATORS.to_vec();
        crate::sort::sort(&mut sorted);
        sorted.dedup();
        assert_eq!(sorted.len(), ISOLATORS.len());
    }

    #[test]
    fn hostile() {
        let big = "k:v;".repeat(5000);
        assert!(check_attributes_flag(&big).is_empty());
        for s in [
            "ü:ü", "[", "{", "(", ")", ":", ";", "\u{0}", "[ü-1]", "a(ü):1",
        ] {
            let _ = check_attributes_flag(s);
            let _ = check_resources_flag(s);
            let _ = parse_mesos_value(s);
            let _ = check_resource(s, s);
            let _ = check_attribute(s, s);
        }
    }
}
