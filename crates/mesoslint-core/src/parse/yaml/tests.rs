use super::*;

fn one(text: &str) -> Node {
    let docs = parse_yaml(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
    docs.into_iter().next().expect("a document")
}

fn s<'a>(n: &'a Node, path: &[&str]) -> &'a str {
    let mut cur = n;
    for p in path {
        cur = match p.parse::<usize>() {
            Ok(i) => cur.as_seq().and_then(|s| s.get(i)).expect(p),
            Err(_) => cur.get(p).expect(p),
        };
    }
    cur.as_str().expect("scalar")
}

fn err(text: &str) -> (usize, usize) {
    match parse_yaml(text) {
        Ok(d) => panic!("{text:?} parsed: {d:?}"),
        Err(e) => e.line_column(text),
    }
}

#[test]
fn block_mappings_sequences_and_spans() {
    let src = "version: '3'\nservices:\n  zk1:\n    image: zookeeper:3.5  # pinned\n    environment:\n      - ZOO_MY_ID=1\n      - \"A=b c\"\n    command: [\"--quorum=2\", --zk=zk://a:2181/mesos]\n";
    let d = one(src);
    assert_eq!(s(&d, &["version"]), "3");
    assert_eq!(s(&d, &["services", "zk1", "image"]), "zookeeper:3.5");
    let img = d
        .get("services")
        .and_then(|x| x.get("zk1"))
        .and_then(|x| x.get("image"))
        .expect("image");
    assert_eq!(&src[img.span.clone()], "zookeeper:3.5");
    assert_eq!(s(&d, &["services", "zk1", "environment", "1"]), "A=b c");
    let cmd = d
        .get("services")
        .and_then(|x| x.get("zk1"))
        .and_then(|x| x.get("command"))
        .expect("cmd");
    let items = cmd.as_seq().expect("seq");
    assert_eq!(items[1].as_str(), Some("--zk=zk://a:2181/mesos"));
    assert_eq!(&src[items[0].span.clone()], "--quorum=2");
}

#[test]
fn sequence_at_the_key_indentation_and_compact_maps() {
    let d = one("a:\n- x\n- y: 1\n  z: 2\nb: ~\nc:\n");
    assert_eq!(s(&d, &["a", "0"]), "x");
    assert_eq!(s(&d, &["a", "1", "z"]), "2");
    assert!(d.get("b").expect("b").is_null());
    assert!(d.get("c").expect("c").is_null());
}

#[test]
fn scalars_quoted_folded_literal() {
    let d = one("a: 'it''s'\nb: \"x\\ty\\u00e9\"\nc: |\n  l1\n   l2\n\nd: >-\n  f1\n  f2\n\n  f3\ne: plain\n  continued\n");
    assert_eq!(s(&d, &["a"]), "it's");
    assert_eq!(s(&d, &["b"]), "x\ty\u{e9}");
    assert_eq!(s(&d, &["c"]), "l1\n l2\n");
    assert_eq!(s(&d, &["d"]), "f1 f2\nf3");
    assert_eq!(s(&d, &["e"]), "plain continued");
    let Value::Scalar(sc) = &d.get("a").expect("a").value else {
        panic!()
    };
    assert!(!sc.exact);
    let d = one("k: \"exact\"\n");
    let Value::Scalar(sc) = &d.get("k").expect("k").value else {
        panic!()
    };
    assert!(sc.exact);
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let src = "x-common: &common\n  image: mesosphere/mesos-master:1.4.1\n  environment: &env\n    MESOS_QUORUM: 1\nx-more: &more\n  restart: always\nservices:\n  m1:\n    <<: *common\n    hostname: m1\n  m2:\n    <<: [*common, *more]\n    image: other\n  m3:\n    environment: *env\n";
    let d = one(src);
    assert_eq!(
        s(&d, &["services", "m1", "image"]),
        "mesosphere/mesos-master:1.4.1"
    );
    assert_eq!(
        s(&d, &["services", "m1", "environment", "MESOS_QUORUM"]),
        "1"
    );
    assert_eq!(s(&d, &["services", "m2", "image"]), "other");
    assert_eq!(s(&d, &["services", "m2", "restart"]), "always");
    assert_eq!(
        s(&d, &["services", "m3", "environment", "MESOS_QUORUM"]),
        "1"
    );
    // the alias keeps the anchored node's span
    let q = d
        .get("services")
        .and_then(|x| x.get("m1"))
        .and_then(|x| x.get("environment"))
        .and_then(|x| x.get("MESOS_QUORUM"))
        .expect("q");
    assert_eq!(crate::parse::line_column(src, q.span.start).0, 4);
}

#[test]
fn flow_collections() {
    let d = one("a: {x: 1, y: [1, 2, {z: w}], 'q': \"r\"}\nb: [a: 1, b]\nc: []\n");
    assert_eq!(s(&d, &["a", "y", "1"]), "2");
    assert_eq!(s(&d, &["a", "q"]), "r");
    assert_eq!(s(&d, &["b", "0", "a"]), "1");
    assert_eq!(
        d.get("c").and_then(Node::as_seq).map(<[Node]>::len),
        Some(0)
    );
    let d = one("a: [\n  1, # one\n  2\n]\n");
    assert_eq!(s(&d, &["a", "1"]), "2");
}

#[test]
fn documents_and_comments() {
    let docs = parse_yaml("# c\n---\na: 1\n---\nb: 2\n...\n").expect("docs");
    assert_eq!(docs.len(), 2);
    assert!(parse_yaml("").expect("empty").is_empty());
    assert_eq!(s(&one("a: 1 # c\nb: x#y\n"), &["b"]), "x#y");
    assert_eq!(s(&one("a: 1"), &["a"]), "1");
    assert_eq!(s(&one("\u{feff}a: 1\r\nb: 2\r\n"), &["b"]), "2");
    assert_eq!(s(&one("a: !!str 1\n"), &["a"]), "1");
}

#[test]
fn errors_have_line_and_column() {
    assert_eq!(err("a: 1\n  b: 2\n"), (2, 4));
    assert_eq!(err("a: 'x\n"), (1, 4));
    assert_eq!(err("a:\n\tb: 1\n"), (2, 1));
    assert_eq!(err("a: b: c\n"), (1, 5));
    assert_eq!(err("a: 1\na: 2\n").0, 2);
    assert_eq!(err("a: *nope\n"), (1, 4));
    assert!(parse_yaml("a: [1, 2\n").is_err());
    assert_eq!(err("a: \"\\q\"\n"), (1, 5));
    assert_eq!(err("%YAML 1.2\n---\na: 1\n"), (1, 1));
    assert_eq!(err("? a\n: b\n"), (1, 1));
    assert_eq!(err("- a\nb: 1\n").0, 2);
}

#[test]
fn hostile_inputs_are_bounded() {
    // alias bomb
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names: Vec<char> = ('b'..='z').collect();
    let mut prev = 'a';
    for n in &names {
        bomb.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = *n;
    }
    let t = std::time::Instant::now();
    assert!(parse_yaml(&bomb).is_err());
    assert!(t.elapsed().as_secs() < 5);
    // deep nesting, block and flow
    let deep_flow = "[".repeat(100_000);
    assert!(parse_yaml(&deep_flow).is_err());
    let mut deep_block = String::new();
    for i in 0..500 {
        deep_block.push_str(&" ".repeat(i));
        deep_block.push_str("k:\n");
    }
    assert!(parse_yaml(&deep_block).is_err());
    let deep_seq = "- ".repeat(10_000);
    assert!(parse_yaml(&deep_seq).is_err());
    // odd bytes never panic
    for src in [
        "\"",
        "'",
        "|",
        ">",
        "- |\n x",
        "a: |9\n b",
        "&",
        "*",
        "!",
        "[",
        "{",
        "a: [b: ]",
        ":\n",
        "- - - -",
        "a:\n  - b\n  c: 1",
        "\u{0}",
        "a: \"\\u12\"",
        "{a: 1",
        "- \"\n---\n\"",
    ] {
        let _ = parse_yaml(src);
    }
}

#[test]
fn arbitrary_prefixes_never_panic() {
    let src = "x: &a\n  k: [1, {b: 'c'}]\ny:\n  <<: *a\n  z: |\n    t\n  w: \"q\\n\"\n- broken\n";
    for end in 0..=src.len() {
        if let Some(p) = src.get(..end) {
            let _ = parse_yaml(p);
        }
    }
    // every byte position replaced by each indicator
    for i in 0..src.len() {
        for c in [
            b':', b'-', b'[', b'"', b'\'', b'#', b'&', b'*', b'|', b'\n', b' ', b'\t',
        ] {
            let mut b = src.as_bytes().to_vec();
            b[i] = c;
            if let Ok(t) = String::from_utf8(b) {
                let _ = parse_yaml(&t);
            }
        }
    }
}
