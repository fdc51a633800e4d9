//! Stout's value parsers (DOMAIN.md §2.1, §2.2): Duration, Bytes, bool, integers, floats and
//! the `<int>/<Duration>` rate of `agent_removal_rate_limit`. Each parser follows what the
//! daemon does with the exact string it is given: no trimming unless stout trims.

use std::fmt;
use std::ops::Range;

/// A value the daemon would refuse, with the offending part and, when obvious, a fix.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueError {
    /// What is wrong, naming the value.
    pub message: String,
    /// The offending part of the input (byte range).
    pub range: Range<usize>,
    /// A corrected value when one is obvious.
    pub suggestion: Option<String>,
}

impl ValueError {
    fn new(message: String, range: Range<usize>) -> ValueError {
        ValueError {
            message,
            range,
            suggestion: None,
        }
    }

    fn with_suggestion(mut self, suggestion: Option<String>) -> ValueError {
        self.suggestion = suggestion;
        self
    }
}

/// A stout Duration, kept as nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Duration {
    pub nanos: f64,
}

const NS: f64 = 1.0;
const US: f64 = 1e3;
const MS: f64 = 1e6;
const SECS: f64 = 1e9;
const MINS: f64 = 60.0 * SECS;
const HRS: f64 = 60.0 * MINS;
const DAYS: f64 = 24.0 * HRS;
const WEEKS: f64 = 7.0 * DAYS;

/// Units stout accepts, largest first, with their size in nanoseconds.
const DURATION_UNITS: &[(&str, f64)] = &[
    ("weeks", WEEKS),
    ("days", DAYS),
    ("hrs", HRS),
    ("mins", MINS),
    ("secs", SECS),
    ("ms", MS),
    ("us", US),
    ("ns", NS),
];

const DURATION_UNITS_HELP: &str = "use ns, us, ms, secs, mins, hrs, days or weeks";

impl Duration {
    pub fn from_secs(s: f64) -> Duration {
        Duration { nanos: s * SECS }
    }
    pub fn from_mins(m: f64) -> Duration {
        Duration { nanos: m * MINS }
    }
    pub fn from_nanos(n: f64) -> Duration {
        Duration { nanos: n }
    }
    pub fn secs(&self) -> f64 {
        self.nanos / SECS
    }
    pub fn millis(&self) -> f64 {
        self.nanos / MS
    }
}

impl fmt::Display for Duration {
    /// The largest unit that divides the value evenly: `10secs`, `1mins`, `2weeks`, `500ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.nanos;
        if n == 0.0 {
            return write!(f, "0ns");
        }
        if n.is_finite() && n.fract() == 0.0 {
            for (unit, size) in DURATION_UNITS {
                if (n / size).fract() == 0.0 {
                    return write!(f, "{}{}", n / size, unit);
                }
            }
        }
        write!(f, "{n}ns")
    }
}

/// The largest value a Duration (int64 nanoseconds) can hold.
const MAX_DURATION_NANOS: f64 = 9.223_372_036_854_775e18;

/// A stout duration unit for a common misspelling (`s`, `sec`, `min`, `h`, `SECS` ...).
fn duration_unit_fix(unit: &str) -> Option<&'static str> {
    let u: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let fixed = match u.as_str() {
        "ns" | "n" | "nsec" | "nsecs" | "nanos" | "nanosecond" | "nanoseconds" => "ns",
        "us" | "µs" | "usec" | "usecs" | "micros" | "microsecond" | "microseconds" => "us",
        "ms" | "msec" | "msecs" | "millis" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "secs",
        "m" | "min" | "mins" | "minute" | "minutes" => "mins",
        "h" | "hr" | "hrs" | "hour" | "hours" => "hrs",
        "d" | "day" | "days" => "days",
        "w" | "wk" | "wks" | "week" | "weeks" => "weeks",
        _ => return None,
    };
    Some(fixed)
}

/// `Duration::parse` from stout: a leading run of `[0-9.]` read as a double, the whole rest
/// of the string is the unit, exactly one of ns us ms secs mins hrs days weeks.
pub fn parse_duration(s: &str) -> Result<Duration, ValueError> {
    let bytes = s.as_bytes();
    let index = bytes
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'.'))
        .unwrap_or(bytes.len());
    if index == bytes.len() {
        // No unit at all (or an empty value).
        let message = if s.is_empty() {
            "empty duration: expected a number and a unit such as `10secs`".to_string()
        } else {
            format!("duration `{s}` has no unit: {DURATION_UNITS_HELP}")
        };
        return Err(ValueError::new(message, 0..s.len()));
    }
    let number = &s[..index];
    let unit = &s[index..];
    let value = match parse_stout_number(number) {
        Some(v) => v,
        None => {
            let suggestion = suggest_duration(s);
            let message = if number.is_empty() {
                if unit.starts_with('-') {
                    format!("negative duration `{s}`: durations cannot be negative")
                } else if unit.starts_with(char::is_whitespace) {
                    format!("duration `{s}` starts with whitespace, which stout rejects")
                } else {
                    format!("duration `{s}` does not start with a number")
                }
            } else {
                format!("`{number}` in duration `{s}` is not a number")
            };
            let range = if number.is_empty() {
                0..s.len()
            } else {
                0..index
            };
            return Err(ValueError::new(message, range).with_suggestion(suggestion));
        }
    };
    let size = match DURATION_UNITS.iter().find(|(u, _)| *u == unit) {
        Some((_, size)) => *size,
        None => {
            let fixed = duration_unit_fix(unit).map(|u| format!("{number}{u}"));
            let message = format!("unknown duration unit `{unit}` in `{s}`: {DURATION_UNITS_HELP}");
            return Err(ValueError::new(message, index..s.len()).with_suggestion(fixed));
        }
    };
    let nanos = value * size;
    if !nanos.is_finite() || nanos > MAX_DURATION_NANOS {
        return Err(ValueError::new(
            format!("duration `{s}` is too large for a Duration (int64 nanoseconds)"),
            0..s.len(),
        ));
    }
    Ok(Duration { nanos })
}

/// A corrected spelling for a duration whose number is unreadable (leading spaces ...).
fn suggest_duration(s: &str) -> Option<String> {
    let trimmed = s.trim();
    if trimmed != s && parse_duration(trimmed).is_ok() {
        return Some(trimmed.to_string());
    }
    None
}

/// boost::lexical_cast<double> of a run of digits and dots.
fn parse_stout_number(s: &str) -> Option<f64> {
    if s.is_empty() || s.bytes().filter(|b| *b == b'.').count() > 1 || s == "." {
        return None;
    }
    s.parse::<f64>().ok()
}

const BYTES_UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1 << 10),
    ("MB", 1 << 20),
    ("GB", 1 << 30),
    ("TB", 1 << 40),
];

fn bytes_unit_fix(unit: &str) -> Option<&'static str> {
    let u: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let fixed = match u.as_str() {
        "B" | "BYTE" | "BYTES" => "B",
        "K" | "KB" | "KIB" | "KBYTES" => "KB",
        "M" | "MB" | "MIB" | "MBYTES" => "MB",
        "G" | "GB" | "GIB" | "GBYTES" => "GB",
        "T" | "TB" | "TIB" | "TBYTES" => "TB",
        _ => return None,
    };
    Some(fixed)
}

/// `Bytes::parse` from stout: digits, then a case-insensitive unit B, KB, MB, GB or TB
/// (powers of 1024). No fractions, no space, no `KiB`.
pub fn parse_bytes(s: &str) -> Result<u64, ValueError> {
    let bytes = s.as_bytes();
    let index = bytes
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(bytes.len());
    if index == bytes.len() {
        let message = if s.is_empty() {
            "empty size: expected a number and a unit such as `512MB`".to_string()
        } else {
            format!("size `{s}` has no unit: use B, KB, MB, GB or TB")
        };
        return Err(ValueError::new(message, 0..s.len()));
    }
    if bytes.get(index) == Some(&b'.') {
        return Err(ValueError::new(
            format!("fractional size `{s}`: sizes must be whole numbers, e.g. `1536MB` instead of `1.5GB`"),
            0..s.len(),
        ));
    }
    let number = &s[..index];
    let unit = &s[index..];
    let Ok(value) = number.parse::<u64>() else {
        let trimmed = s.trim();
        let suggestion =
            (trimmed != s && parse_bytes(trimmed).is_ok()).then(|| trimmed.to_string());
        let message = if number.is_empty() {
            format!("size `{s}` does not start with a number")
        } else {
            format!("`{number}` in size `{s}` is too large")
        };
        return Err(ValueError::new(message, 0..s.len()).with_suggestion(suggestion));
    };
    let upper = unit.to_ascii_uppercase();
    let Some((_, size)) = BYTES_UNITS.iter().find(|(u, _)| *u == upper) else {
        let fixed = bytes_unit_fix(unit).map(|u| format!("{number}{u}"));
        return Err(ValueError::new(
            format!("unknown size unit `{unit}` in `{s}`: use B, KB, MB, GB or TB"),
            index..s.len(),
        )
        .with_suggestion(fixed));
    };
    value
        .checked_mul(*size)
        .ok_or_else(|| ValueError::new(format!("size `{s}` does not fit in 64 bits"), 0..s.len()))
}

/// stout's bool: exactly `true`, `1`, `false`, `0`; an empty value means `true`.
pub fn parse_bool(s: &str) -> Result<bool, ValueError> {
    match s {
        "" | "true" | "1" => return Ok(true),
        "false" | "0" => return Ok(false),
        _ => {}
    }
    let lower = s.trim().to_ascii_lowercase();
    let suggestion = match lower.as_str() {
        "true" | "1" | "yes" | "y" | "on" | "t" | "enabled" => Some("true"),
        "false" | "0" | "no" | "n" | "off" | "f" | "disabled" => Some("false"),
        _ => None,
    };
    Err(ValueError::new(
        format!("`{s}` is not a boolean: use true or false (or 1 or 0)"),
        0..s.len(),
    )
    .with_suggestion(suggestion.map(str::to_string)))
}

/// Whitespace that `std::istringstream` skips.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Split an istringstream-style integer: (leading whitespace length, sign+digits length).
fn int_prefix(s: &str, allow_sign: bool) -> (usize, usize) {
    let b = s.as_bytes();
    let ws = b.iter().take_while(|c| is_c_space(**c)).count();
    let mut end = ws;
    if allow_sign && matches!(b.get(end), Some(b'+') | Some(b'-')) {
        end += 1;
    }
    let digits = b
        .get(end..)
        .map(|rest| rest.iter().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0);
    if digits == 0 {
        return (ws, 0);
    }
    (ws, end + digits - ws)
}

fn int_error(s: &str, what: &str, ws: usize, len: usize) -> ValueError {
    if s.trim().is_empty() {
        return ValueError::new(format!("empty value: expected {what}"), 0..s.len());
    }
    if len == 0 {
        return ValueError::new(format!("`{s}` is not {what}"), 0..s.len());
    }
    let end = ws + len;
    let rest = &s[end..];
    let suggestion = if rest.trim().is_empty() {
        Some(s[ws..end].to_string())
    } else {
        None
    };
    ValueError::new(
        format!(
            "`{s}` is not {what}: unexpected `{}` after the number",
            rest.escape_debug()
        ),
        end..s.len(),
    )
    .with_suggestion(suggestion)
}

/// `std::istringstream >> int64`, requiring the whole string be consumed: leading
/// whitespace is fine, trailing junk (including trailing whitespace) is not.
pub fn parse_int(s: &str) -> Result<i64, ValueError> {
    let (ws, len) = int_prefix(s, true);
    if len == 0 || ws + len != s.len() {
        return Err(int_error(s, "an integer", ws, len));
    }
    let text = &s[ws..];
    text.strip_prefix('+')
        .unwrap_or(text)
        .parse::<i64>()
        .map_err(|_| ValueError::new(format!("integer `{}` is out of range", text), ws..s.len()))
}

/// Like [`parse_int`] for unsigned flags; a negative value is reported (C++ would wrap it).
pub fn parse_uint(s: &str) -> Result<u64, ValueError> {
    let (ws, len) = int_prefix(s, true);
    if len == 0 || ws + len != s.len() {
        return Err(int_error(s, "a non-negative integer", ws, len));
    }
    let text = &s[ws..];
    if text.starts_with('-') {
        return Err(ValueError::new(
            format!("`{text}` is negative: expected a non-negative integer"),
            ws..s.len(),
        ));
    }
    text.strip_prefix('+')
        .unwrap_or(text)
        .parse::<u64>()
        .map_err(|_| ValueError::new(format!("integer `{text}` is out of range"), ws..s.len()))
}

/// Length of a C++ floating-point literal at the start of `b`: `[+-]digits[.digits][e[+-]digits]`.
pub(crate) fn float_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    if matches!(b.first(), Some(b'+') | Some(b'-')) {
        i += 1;
    }
    let int_digits = b.iter().skip(i).take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        frac_digits = b
            .iter()
            .skip(i + 1)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if int_digits + frac_digits > 0 {
            i += 1 + frac_digits;
        }
    }
    if int_digits + frac_digits == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+') | Some(b'-')) {
            j += 1;
        }
        let exp = b.iter().skip(j).take_while(|c| c.is_ascii_digit()).count();
        if exp > 0 {
            i = j + exp;
        }
    }
    i
}

/// `std::istringstream >> double` with the eof check: leading whitespace ok, junk not.
pub fn parse_float(s: &str) -> Result<f64, ValueError> {
    let b = s.as_bytes();
    let ws = b.iter().take_while(|c| is_c_space(**c)).count();
    let len = b.get(ws..).map(float_prefix).unwrap_or(0);
    if len == 0 || ws + len != s.len() {
        return Err(int_error(s, "a number", ws, len));
    }
    let text = &s[ws..];
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ValueError::new(
            format!("number `{text}` is out of range"),
            ws..s.len(),
        )),
    }
}

/// `<int>/<Duration>` for `agent_removal_rate_limit` (e.g. `1/10mins`).
pub fn parse_rate(s: &str) -> Result<(u64, Duration), ValueError> {
    const FORMAT: &str = "format is <number of agents>/<duration>, e.g. `1/10mins`";
    // stout tokenize on "/" drops empty pieces.
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '/' {
            if i > start {
                pieces.push((start, &s[start..i]));
            }
            start = i + 1;
        }
    }
    if s.len() > start {
        pieces.push((start, &s[start..]));
    }
    let [(n_at, n), (d_at, d)] = pieces.as_slice() else {
        return Err(ValueError::new(
            format!("invalid rate `{s}`: {FORMAT}"),
            0..s.len(),
        ));
    };
    let count = if n.bytes().all(|c| c.is_ascii_digit()) {
        n.parse::<u64>().ok()
    } else {
        None
    };
    let Some(count) = count else {
        return Err(ValueError::new(
            format!("`{n}` in rate `{s}` is not a non-negative whole number: {FORMAT}"),
            *n_at..n_at + n.len(),
        ));
    };
    match parse_duration(d) {
        Ok(duration) => Ok((count, duration)),
        Err(e) => Err(ValueError {
            message: format!("{} (in rate `{s}`)", e.message),
            range: d_at + e.range.start..d_at + e.range.end,
            suggestion: e.suggestion.map(|fix| format!("{n}/{fix}")),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dur_err(s: &str) -> ValueError {
        match parse_duration(s) {
            Err(e) => e,
            Ok(d) => panic!("`{s}` parsed as {d}"),
        }
    }

    #[test]
    fn durations_valid() {
        assert_eq!(parse_duration("10secs").unwrap(), Duration::from_secs(10.0));
        assert_eq!(parse_duration("1mins").unwrap(), Duration::from_mins(1.0));
        assert_eq!(
            parse_duration("1.5mins").unwrap(),
            Duration::from_secs(90.0)
        );
        assert_eq!(parse_duration("500ms").unwrap().millis(), 500.0);
        assert_eq!(parse_duration("6hrs").unwrap().secs(), 6.0 * 3600.0);
        assert_eq!(parse_duration("1weeks").unwrap().secs(), 7.0 * 86400.0);
        assert_eq!(parse_duration("2days").unwrap().secs(), 2.0 * 86400.0);
        assert_eq!(parse_duration("0ns").unwrap().nanos, 0.0);
        assert_eq!(parse_duration("3us").unwrap().nanos, 3000.0);
        assert_eq!(parse_duration(".5secs").unwrap().millis(), 500.0);
        assert_eq!(parse_duration("5.secs").unwrap().secs(), 5.0);
    }

    #[test]
    fn durations_invalid_with_suggestions() {
        let cases: &[(&str, Option<&str>)] = &[
            ("10s", Some("10secs")),
            ("10sec", Some("10secs")),
            ("1sec", Some("1secs")),
            ("1min", Some("1mins")),
            ("5m", Some("5mins")),
            ("1h", Some("1hrs")),
            ("10 secs", Some("10secs")),
            ("5 mins", Some("5mins")),
            ("10SECS", Some("10secs")),
            ("2Weeks", Some("2weeks")),
            ("1day", Some("1days")),
            ("10", None),
            ("300", None),
            ("", None),
            ("-5secs", None),
            ("1.2.3secs", None),
            ("secs", None),
            ("10 fortnights", None),
        ];
        for (input, want) in cases {
            let e = dur_err(input);
            assert_eq!(e.suggestion.as_deref(), *want, "{input}: {e:?}");
            assert!(e.range.end <= input.len());
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn duration_messages_and_ranges() {
        let e = dur_err("5m");
        assert_eq!(
            e.message,
            "unknown duration unit `m` in `5m`: use ns, us, ms, secs, mins, hrs, days or weeks"
        );
        assert_eq!(e.range, 1..2);
        let e = dur_err("10 secs");
        assert_eq!(e.range, 2..7);
        let e = dur_err("10");
        assert!(e.message.contains("no unit"));
        assert_eq!(e.range, 0..2);
        let e = dur_err("-5secs");
        assert!(e.message.contains("negative"));
        // Leading whitespace is rejected by stout; the fix is the trimmed value.
        let e = dur_err(" 10secs");
        assert_eq!(e.suggestion.as_deref(), Some("10secs"));
        // Trailing newline (file:// content) is part of the unit.
        let e = dur_err("10secs\n");
        assert!(e.message.contains("unknown duration unit"));
        assert_eq!(e.suggestion.as_deref(), Some("10secs"));
    }

    #[test]
    fn duration_hostile() {
        let huge = "9".repeat(400) + "weeks";
        assert!(parse_duration(&huge).is_err());
        assert!(parse_duration("99999999999weeks").is_err());
        assert!(parse_duration("10ünits").is_err());
        assert!(parse_duration("ü").is_err());
        assert!(parse_duration(".secs").is_err());
        assert!(parse_duration("...").is_err());
        let e = dur_err("5мин");
        assert_eq!(e.range, 1..("5мин".len()));
    }

    #[test]
    fn duration_display() {
        assert_eq!(Duration::from_secs(10.0).to_string(), "10secs");
        assert_eq!(Duration::from_mins(1.0).to_string(), "1mins");
        assert_eq!(Duration::from_mins(15.0).to_string(), "15mins");
        assert_eq!(Duration::from_secs(6.0 * 3600.0).to_string(), "6hrs");
        assert_eq!(Duration::from_secs(14.0 * 86400.0).to_string(), "2weeks");
        assert_eq!(Duration::from_secs(7.0 * 86400.0).to_string(), "1weeks");
        assert_eq!(Duration::from_secs(0.5).to_string(), "500ms");
        assert_eq!(Duration::from_secs(90.0).to_string(), "90secs");
        assert_eq!(Duration::from_secs(0.0).to_string(), "0ns");
        assert_eq!(Duration::from_nanos(1.5).to_string(), "1.5ns");
        for s in ["10secs", "1mins", "2weeks", "500ms", "3us", "6hrs", "2days"] {
            assert_eq!(parse_duration(s).unwrap().to_string(), s);
        }
        assert!(Duration::from_mins(10.0) > Duration::from_secs(599.0));
    }

    #[test]
    fn bytes() {
        assert_eq!(parse_bytes("2GB").unwrap(), 2 << 30);
        assert_eq!(parse_bytes("2gb").unwrap(), 2 << 30);
        assert_eq!(parse_bytes("512MB").unwrap(), 512 << 20);
        assert_eq!(parse_bytes("1kb").unwrap(), 1024);
        assert_eq!(parse_bytes("7B").unwrap(), 7);
        assert_eq!(parse_bytes("1TB").unwrap(), 1 << 40);
        let e = parse_bytes("1.5GB").unwrap_err();
        assert!(e.message.contains("fractional"));
        let e = parse_bytes("1 GB").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("1GB"));
        assert_eq!(e.range, 1..4);
        let e = parse_bytes("1KiB").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("1KB"));
        let e = parse_bytes("512M").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("512MB"));
        let e = parse_bytes("1024").unwrap_err();
        assert!(e.message.contains("no unit"));
        assert_eq!(e.suggestion, None);
        assert!(parse_bytes("").is_err());
        assert!(parse_bytes("GB").is_err());
        assert!(parse_bytes("-1GB").is_err());
        assert_eq!(
            parse_bytes(" 1GB").unwrap_err().suggestion.as_deref(),
            Some("1GB")
        );
        assert!(parse_bytes("99999999999TB").is_err());
        assert!(parse_bytes(&"9".repeat(100)).is_err());
        assert!(parse_bytes(&("9".repeat(100) + "B")).is_err());
        assert!(parse_bytes("1ГБ").is_err());
    }

    #[test]
    fn bools() {
        assert_eq!(parse_bool("true"), Ok(true));
        assert_eq!(parse_bool("1"), Ok(true));
        assert_eq!(parse_bool(""), Ok(true));
        assert_eq!(parse_bool("false"), Ok(false));
        assert_eq!(parse_bool("0"), Ok(false));
        for (s, fix) in [
            ("True", Some("true")),
            ("TRUE", Some("true")),
            ("yes", Some("true")),
            ("no", Some("false")),
            ("False", Some("false")),
            (" true", Some("true")),
            ("true\n", Some("true")),
            ("maybe", None),
            ("ü", None),
        ] {
            let e = parse_bool(s).unwrap_err();
            assert_eq!(e.suggestion.as_deref(), fix, "{s}");
            assert_eq!(e.range, 0..s.len());
        }
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("2"), Ok(2));
        assert_eq!(parse_int("-2"), Ok(-2));
        assert_eq!(parse_int("+2"), Ok(2));
        assert_eq!(parse_int("  2"), Ok(2));
        assert_eq!(parse_int("\t2"), Ok(2));
        let e = parse_int("2\n").unwrap_err();
        assert_eq!(e.range, 1..2);
        assert_eq!(e.suggestion.as_deref(), Some("2"));
        let e = parse_int("2 ").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("2"));
        let e = parse_int("2abc").unwrap_err();
        assert_eq!(e.range, 1..4);
        assert_eq!(e.suggestion, None);
        assert!(parse_int("1.5").is_err());
        assert!(parse_int("").is_err());
        assert!(parse_int("   ").is_err());
        assert!(parse_int("-").is_err());
        assert!(parse_int("abc").is_err());
        assert!(parse_int("99999999999999999999").is_err());
        assert!(parse_int("２").is_err());
        assert_eq!(parse_uint("5050"), Ok(5050));
        assert_eq!(parse_uint(" 7"), Ok(7));
        assert!(parse_uint("-1").is_err());
        assert!(parse_uint("5050x").is_err());
        assert_eq!(parse_uint("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_uint("18446744073709551616").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float("0.1"), Ok(0.1));
        assert_eq!(parse_float(" 0.8"), Ok(0.8));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float("-2"), Ok(-2.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("5."), Ok(5.0));
        assert!(parse_float("0.1x").is_err());
        assert!(parse_float("0.1 ").is_err());
        assert!(parse_float("inf").is_err());
        assert!(parse_float("nan").is_err());
        assert!(parse_float("").is_err());
        assert!(parse_float(".").is_err());
        assert!(parse_float("1e999").is_err());
        assert!(parse_float("1e").is_err());
    }

    #[test]
    fn rates() {
        let (n, d) = parse_rate("1/10mins").unwrap();
        assert_eq!(n, 1);
        assert_eq!(d, Duration::from_mins(10.0));
        assert!(parse_rate("1//10mins").is_ok());
        let e = parse_rate("1/10m").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("1/10mins"));
        assert_eq!(e.range, 4..5);
        let e = parse_rate("x/10mins").unwrap_err();
        assert_eq!(e.range, 0..1);
        assert!(parse_rate("10mins").is_err());
        assert!(parse_rate("1/2/3secs").is_err());
        assert!(parse_rate("").is_err());
        assert!(parse_rate("-1/1secs").is_err());
        assert!(parse_rate("/").is_err());
        assert!(parse_rate("1/ü").is_err());
    }
}
