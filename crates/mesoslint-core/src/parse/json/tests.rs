use super::*;

fn ok(text: &str) -> JsonDocument {
    match parse_json(text) {
        Ok(d) => d,
        Err(e) => panic!("{text:?}: {e:?}"),
    }
}

/// The error's message, line and column.
fn err(text: &str) -> (String, usize, usize) {
    match parse_json(text) {
        Ok(d) => panic!("{text:?} parsed: {d:?}"),
        Err(e) => {
            assert!(text.get(e.span.clone()).is_some(), "{text:?}: {e:?}");
            let (l, c) = e.line_column(text);
            (e.message, l, c)
        }
    }
}

fn at<'t>(text: &'t str, v: &JsonValue) -> &'t str {
    &text[v.span.clone()]
}

#[test]
fn scalars_and_their_spans() {
    let t = " [null, true, false, 12, -0.5e3, \"x\"] ";
    let d = ok(t);
    let items = d.value.as_array().unwrap();
    assert_eq!(at(t, &d.value), "[null, true, false, 12, -0.5e3, \"x\"]");
    assert!(items[0].is_null());
    assert_eq!(items[1].as_bool(), Some(true));
    assert_eq!(items[2].as_bool(), Some(false));
    assert_eq!(items[3].as_number().unwrap().as_i64(), Some(12));
    assert_eq!(items[4].as_number().unwrap().text(), "-0.5e3");
    assert_eq!(items[4].as_number().unwrap().as_f64(), Some(-500.0));
    assert_eq!(items[5].as_str(), Some("x"));
    let spans: Vec<&str> = items.iter().map(|v| at(t, v)).collect();
    assert_eq!(spans, ["null", "true", "false", "12", "-0.5e3", "\"x\""]);
    assert_eq!(d.max_depth, 1);
    assert!(!d.bom);
}

#[test]
fn top_level_scalars() {
    assert_eq!(ok("\"a\"").value.as_str(), Some("a"));
    assert_eq!(ok("7").value.as_number().unwrap().as_u64(), Some(7));
    assert!(ok("null").value.is_null());
    assert_eq!(ok("\n\ttrue\r\n").value.span, 2..6);
    assert_eq!(ok("1").max_depth, 0);
}

#[test]
fn objects_keep_order_duplicates_and_key_spans() {
    let t = r#"{"b": 1, "a": {"x": [ ]}, "b": "two"}"#;
    let d = ok(t);
    let o = d.value.as_object().unwrap();
    let keys: Vec<&str> = o.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["b", "a", "b"]);
    assert_eq!(o.len(), 3);
    // The last duplicate wins, as in Mesos and Marathon.
    assert_eq!(o.get("b").unwrap().as_str(), Some("two"));
    assert_eq!(o.get_all("b").count(), 2);
    let dups = o.duplicate_keys();
    assert_eq!(dups.len(), 1);
    assert_eq!(&t[dups[0].0.key_span.clone()], "\"b\"");
    assert_eq!(dups[0].0.key_span, 1..4);
    assert_eq!(dups[0].1.key_span.start, 26);
    let a = o.get_member("a").unwrap();
    assert_eq!(&t[a.key_span.clone()], "\"a\"");
    assert_eq!(&t[a.span()], r#""a": {"x": [ ]}"#);
    assert_eq!(at(t, d.value.get("a").unwrap().get("x").unwrap()), "[ ]");
    assert!(d.value.get("missing").is_none());
    assert!(d
        .value
        .get("a")
        .unwrap()
        .get("x")
        .unwrap()
        .get("y")
        .is_none());
    assert_eq!(d.max_depth, 3);
    assert!(ok("{}").value.as_object().unwrap().is_empty());
    // Iterating with a for loop.
    let mut n = 0;
    for m in o {
        n += m.key.len();
    }
    assert_eq!(n, 3);
}

#[test]
fn marathon_field_points_at_the_value() {
    let t = "{\n  \"id\": \"/web\",\n  \"instances\": \"1\"\n}\n";
    let d = ok(t);
    let v = d.value.get("instances").unwrap();
    assert_eq!(v.kind_name(), "a string");
    assert_eq!(at(t, v), "\"1\"");
    assert_eq!(crate::parse::line_column(t, v.span.start), (3, 16));
}

#[test]
fn numbers_keep_their_text() {
    let cases = [
        ("1", Some(1), Some(1), true),
        ("-1", Some(-1), None, true),
        ("1.0", None, None, false),
        ("1e3", None, None, false),
        ("-0", Some(0), Some(0), true),
        ("18446744073709551615", None, Some(u64::MAX), true),
        (
            "9223372036854775807",
            Some(i64::MAX),
            Some(i64::MAX as u64),
            true,
        ),
        ("-9223372036854775808", Some(i64::MIN), None, true),
        ("123456789012345678901234567890", None, None, true),
    ];
    for (text, i, u, int) in cases {
        let d = ok(text);
        let n = d.value.as_number().unwrap();
        assert_eq!(n.text(), text);
        assert_eq!(n.as_i64(), i, "{text}");
        assert_eq!(n.as_u64(), u, "{text}");
        assert_eq!(n.is_integer(), int, "{text}");
        assert!(n.as_f64().is_some(), "{text}");
    }
    assert_eq!(ok("1E400").value.as_number().unwrap().as_f64(), None);
    assert_eq!(ok("1e-400").value.as_number().unwrap().as_f64(), Some(0.0));
    assert_eq!(ok("0.1").value.as_number().unwrap().as_f64(), Some(0.1));
    assert_ne!(ok("1").value, ok("1.0").value);
}

#[test]
fn string_escapes() {
    let t = r#""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\u20AC\uD834\uDD1E""#;
    let d = ok(t);
    assert_eq!(
        d.value.as_str(),
        Some("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{e9}\u{20ac}\u{1d11e}")
    );
    assert_eq!(d.value.span, 0..t.len());
    assert!(d.lone_surrogates.is_empty());
    // Raw non-ASCII text and U+007F are fine.
    assert_eq!(ok("\"é€𝄞\u{7f}\"").value.as_str(), Some("é€𝄞\u{7f}"));
    assert_eq!(ok(r#""\u0000""#).value.as_str(), Some("\0"));
    assert_eq!(ok(r#""""#).value.as_str(), Some(""));
}

#[test]
fn lone_surrogates_are_replaced_and_recorded() {
    let t = r#"["\uD800", "x\uDC00y", "\uD800\u0041", "\uD800\uD834\uDD1E", "\uDBFF"]"#;
    let d = ok(t);
    let s: Vec<&str> = d
        .value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        s,
        [
            "\u{fffd}",
            "x\u{fffd}y",
            "\u{fffd}A",
            "\u{fffd}\u{1d11e}",
            "\u{fffd}"
        ]
    );
    let spans: Vec<&str> = d.lone_surrogates.iter().map(|r| &t[r.clone()]).collect();
    assert_eq!(
        spans,
        [r"\uD800", r"\uDC00", r"\uD800", r"\uD800", r"\uDBFF"]
    );
}

#[test]
fn bom_whitespace_and_empty_input() {
    let t = "\u{feff}{\"a\": 1}\n\n";
    let d = ok(t);
    assert!(d.bom);
    assert_eq!(at(t, &d.value), "{\"a\": 1}");
    assert_eq!(
        err(""),
        (
            "the input is empty: expected a JSON value".to_string(),
            1,
            1
        )
    );
    assert_eq!(
        err("\u{feff}").0,
        "the input is empty: expected a JSON value"
    );
    assert_eq!(
        err(" \n\t\r\n"),
        (
            "the input holds only whitespace: expected a JSON value".to_string(),
            3,
            1
        )
    );
    // A BOM anywhere else, and Unicode spaces, are not whitespace.
    assert_eq!(
        err(" \u{feff}1").0,
        "expected a JSON value, found the character U+FEFF"
    );
    assert_eq!(
        err("[1,\u{a0}2]").0,
        "expected a JSON value, found the character U+00A0"
    );
}

#[test]
fn prefix_parsing_stops_after_the_value() {
    let (d, end) = parse_json_prefix("{\"a\":1} trailing").unwrap();
    assert_eq!(d.value.get("a").unwrap().as_number().unwrap().text(), "1");
    assert_eq!(end, 7);
    let (_, end) = parse_json_prefix("  [] ").unwrap();
    assert_eq!(end, 4);
    assert!(parse_json_prefix("").is_err());
}

#[test]
fn errors_in_plain_words_with_positions() {
    let cases: &[(&str, &str, usize, usize)] = &[
        ("{\"a\": 1 \"b\": 2}", "expected `,` or `}` after an object member, found `\"`", 1, 9),
        ("[1 2]", "expected `,` or `]` after an array element, found `2`", 1, 4),
        ("[1,\n 2,\n]", "trailing `,` before `]` (JSON allows no comma after the last item)", 2, 3),
        ("{\"a\":1,}", "trailing `,` before `}` (JSON allows no comma after the last item)", 1, 7),
        ("{\"a\" 1}", "expected `:` after the object key, found `1`", 1, 6),
        ("{a: 1}", "object keys must be strings in double quotes, found `a`", 1, 2),
        ("{'a': 1}", "object keys need double quotes (`'` does not start a JSON string)", 1, 2),
        ("{\"a\":1,,}", "expected an object key in double quotes after `,`, found `,`", 1, 8),
        ("{,}", "expected an object key in double quotes or `}`, found `,`", 1, 2),
        ("{\"a\":}", "expected a JSON value, found `}`", 1, 6),
        ("['x']", "strings need double quotes (`'` does not start a JSON string)", 1, 2),
        ("\"abc", "unterminated string: the closing `\"` is missing", 1, 1),
        ("[\"abc\n\"]", "line break inside a string (unterminated string, or write it as `\\n`)", 1, 6),
        ("\"a\tb\"", "control character U+0009 inside a string (write it as an escape such as `\\t` or `\\u0009`)", 1, 3),
        ("\"\\x41\"", "invalid escape `\\x` in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", 1, 2),
        ("\"\\u12G4\"", "invalid `\\u` escape: it needs four hex digits (`\\u00e9`)", 1, 2),
        ("\"\\", "unterminated string: it ends in the middle of an escape", 1, 2),
        ("[01]", "numbers may not have leading zeros (write `7`, not `07`; quote it if it is text)", 1, 2),
        ("[-]", "expected a digit after `-`, found `]`", 1, 3),
        ("[1.]", "expected a digit after the decimal point, found `]`", 1, 4),
        ("[1e+]", "expected a digit in the exponent, found `]`", 1, 5),
        ("[.5]", "a JSON number starts with a digit or `-` (no `+`, no leading `.`)", 1, 2),
        ("[+1]", "a JSON number starts with a digit or `-` (no `+`, no leading `.`)", 1, 2),
        ("[NaN]", "`NaN` is not a JSON number (JSON has no NaN or infinities)", 1, 2),
        ("[-Infinity]", "`-Infinity` is not a JSON number (JSON has no NaN or infinities)", 1, 2),
        ("[True]", "unknown word `True`: JSON values are strings in double quotes, numbers, true, false, null, arrays and objects", 1, 2),
        ("[nul]", "unknown word `nul`: JSON values are strings in double quotes, numbers, true, false, null, arrays and objects", 1, 2),
        ("// c\n{}", "comments are not allowed in JSON", 1, 1),
        ("{} x", "unexpected text after the JSON value (one file holds one value), found `x`", 1, 4),
        ("{}}", "unexpected text after the JSON value (one file holds one value), found `}`", 1, 3),
        ("[1", "expected `,` or `]` after an array element, found the end of the input", 1, 3),
        ("{\"a\":1", "expected `,` or `}` after an object member, found the end of the input", 1, 7),
        ("{\"a\"", "expected `:` after the object key, found the end of the input", 1, 5),
        ("[", "expected a JSON value, found the end of the input", 1, 2),
        ("[é]", "expected a JSON value, found `é`", 1, 2),
    ];
    for &(text, message, line, column) in cases {
        assert_eq!(err(text), (message.to_string(), line, column), "{text:?}");
    }
}

#[test]
fn error_spans_cover_whole_characters() {
    let t = "[1,\u{1f600}]";
    let e = parse_json(t).unwrap_err();
    assert_eq!(&t[e.span.clone()], "\u{1f600}");
    let t = "{\"a\":1}\u{e9}";
    let e = parse_json(t).unwrap_err();
    assert_eq!(&t[e.span], "\u{e9}");
}

/// Accepted texts, after the ideas of JSONTestSuite's `y_` cases (written here, not copied).
#[test]
fn conformance_accepts() {
    let cases = [
        "[]",
        "{}",
        "[[]]",
        "[{}]",
        "[\"\"]",
        "{\"\":0}",
        "[1E22]",
        "[1E-2]",
        "[1e+2]",
        "[0e1]",
        "[-0]",
        "[-0.0]",
        "[0.5]",
        "[-123]",
        "[123e65]",
        "[123.456e78]",
        "[1.5e+9]",
        "[\"\\u0060\\u012a\\u12AB\"]",
        "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
        "[\"\\uD801\\udc37\"]",
        "[\"\u{2028}\u{2029}\"]",
        "[\"\u{7f}\"]",
        "[null, true, false]",
        " [1] ",
        "\t\n\r [\n1\n]\n",
        "{\"a\":[],\"a\":{}}",
        "{\"a\":\"b\",\"a\":\"b\"}",
        "\"top level string\"",
        "42",
        "false",
        "[[[[[[[[[[]]]]]]]]]]",
        "{\"k\":{\"k\":{\"k\":null}}}",
        "[\"a\",\n\"b\"]",
        "[1,2,3]",
        "{\"x\" : 1 , \"y\" : 2}",
        "[123456789012345678901234567890]",
        "[-1e-400]",
        "[\"\\u0000\"]",
    ];
    for t in cases {
        ok(t);
    }
}

/// Rejected texts, after the ideas of JSONTestSuite's `n_` cases (written here, not copied).
#[test]
fn conformance_rejects() {
    let cases = [
        "[1,]",
        "[,1]",
        "[,]",
        "[1,,2]",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "[01]",
        "[-01]",
        "[00]",
        "[1.]",
        "[.1]",
        "[1.e1]",
        "[1e]",
        "[1e+]",
        "[1E-]",
        "[+1]",
        "[0x1]",
        "[0x42]",
        "[1_000]",
        "[NaN]",
        "[-NaN]",
        "[Infinity]",
        "[-Infinity]",
        "['single']",
        "{'a':1}",
        "{a:1}",
        "{1:1}",
        "{null:1}",
        "[\"a\\x\"]",
        "[\"\\a\"]",
        "[\"\\u00G0\"]",
        "[\"\\u12\"]",
        "[\"\t\"]",
        "[\"\n\"]",
        "[\"\u{1}\"]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{\"a\"::1}",
        "[",
        "]",
        "}",
        "{",
        "{\"a\":",
        "[\"a",
        "\"",
        "[true false]",
        "tru",
        "nul",
        "fals",
        "[True]",
        "[NULL]",
        "{\"a\":1}}",
        "[]]",
        "[][]",
        "/* c */ []",
        "[] // c",
        "[1] x",
        "\u{a0}[]",
        "[]\u{0}",
        "[\u{c}]",
        "{\"a\":1,\"b\"}",
        ":",
        ",",
        "-",
        "[-]",
        "[- 1]",
        "[1+2]",
        "[1e1.5]",
        "[\"\\",
        "[\"\\u",
        "[\"\\uD800\\u\"]",
        "é",
        "\u{feff}\u{feff}[]",
    ];
    for t in cases {
        assert!(parse_json(t).is_err(), "{t:?} was accepted");
        err(t);
    }
}

#[test]
fn nesting_is_limited_and_fails_fast() {
    let deep_ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    let d = ok(&deep_ok);
    assert_eq!(d.max_depth, MAX_DEPTH);
    // Printing and dropping a value at the limit is fine.
    assert!(format!("{d:?}").len() > MAX_DEPTH);
    let too_deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    let e = parse_json(&too_deep).unwrap_err();
    assert_eq!(e.span, MAX_DEPTH..MAX_DEPTH + 1);
    assert_eq!(
        e.message,
        "arrays and objects are nested more than 256 levels deep"
    );
    // A megabyte of `[` and of `{"a":`.
    let big = "[".repeat(1 << 20);
    assert_eq!(parse_json(&big).unwrap_err().span.start, MAX_DEPTH);
    let big = "{\"a\":".repeat(1 << 18);
    assert_eq!(parse_json(&big).unwrap_err().span.start, MAX_DEPTH * 5);
}

#[test]
fn large_flat_input() {
    let mut t = String::from("[");
    for i in 0..20_000 {
        if i > 0 {
            t.push(',');
        }
        t.push_str(&format!("{{\"k{i}\": \"v\\n{i}\", \"n\": {i}}}"));
    }
    t.push(']');
    let d = ok(&t);
    let items = d.value.as_array().unwrap();
    assert_eq!(items.len(), 20_000);
    assert_eq!(
        items[19_999]
            .get("n")
            .unwrap()
            .as_number()
            .unwrap()
            .as_i64(),
        Some(19_999)
    );
    assert_eq!(items[5].get("k5").unwrap().as_str(), Some("v\n5"));
}

#[test]
fn kind_names() {
    let d = ok("[null, true, 1, \"s\", [], {}]");
    let names: Vec<&str> = d
        .value
        .as_array()
        .unwrap()
        .iter()
        .map(JsonValue::kind_name)
        .collect();
    assert_eq!(
        names,
        [
            "null",
            "a boolean",
            "a number",
            "a string",
            "an array",
            "an object"
        ]
    );
}

#[test]
fn mesos_flag_examples() {
    let acls = r#"{
  "permissive": false,
  "register_frameworks": [
    {"principals": {"values": ["marathon"]}, "roles": {"type": "ANY"}}
  ]
}"#;
    let d = ok(acls);
    let rf = d
        .value
        .get("register_frameworks")
        .unwrap()
        .as_array()
        .unwrap();
    let principal = &rf[0]
        .get("principals")
        .unwrap()
        .get("values")
        .unwrap()
        .as_array()
        .unwrap()[0];
    assert_eq!(at(acls, principal), "\"marathon\"");
    assert_eq!(
        crate::parse::line_column(acls, principal.span.start),
        (4, 32)
    );
    assert_eq!(d.value.get("permissive").unwrap().as_bool(), Some(false));
}
