//! docker-compose files (`compose.y*ml`, `docker-compose*.y*ml`, formats 1, 2.x and 3.x):
//! every service a [`Container`] — its `hostname` (else the service name), `image`,
//! `network_mode: host`, `environment` (map and list forms), `env_file`, `command` and
//! `entrypoint` (string and list forms) and `volumes`. `x-` extension blocks are read through
//! the YAML anchors and merge keys that reference them.

use crate::files::{FileId, FileSet, Span};
use crate::parse::env_file::{parse_env_file, ValuePart};
use crate::parse::yaml::{parse_yaml, Node, Value};
use crate::parse::SyntaxError;

use super::container::{Container, EnvEntry, Image, Text};

/// The containers of every compose file of a tree, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub containers: Vec<Container>,
    pub errors: Vec<(FileId, SyntaxError)>,
}

/// Is this path a compose file (by its name)?
pub fn is_compose_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let Some(stem) = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"))
    else {
        return false;
    };
    stem == "compose" || stem.starts_with("docker-compose")
}

/// A compose file the model reads: a plain one, or a template of one
/// (`docker-compose.yml.j2`) whose template tags all sit inside quoted or scalar values, so
/// the YAML around them is what it renders to; the templated values are skipped and counted
/// like every other. Templates with logic or tags in keys stay unread (IN012).
pub fn reads_compose(files: &FileSet, path: &str, id: crate::files::FileId) -> bool {
    if is_compose_file(path) {
        return true;
    }
    let template = crate::parse::template::strip_template_suffix(path).is_some_and(is_compose_file);
    template && super::is_parsable(files, id) && tags_only_in_values(files.get(id).text())
}

/// Every template tag of the text is an output tag (`{{ }}`, `<%= %>`) inside a value: after
/// `key: ` or `- ` on its line, and a `{{` not the first character of that value (an unquoted
/// `{` would be YAML flow syntax).
fn tags_only_in_values(text: &str) -> bool {
    text.lines().all(|line| {
        if line.contains("{%") || line.contains("{#") {
            return false;
        }
        if line
            .match_indices("<%")
            .any(|(i, _)| !matches!(line.as_bytes().get(i + 2), Some(b'=')))
        {
            return false;
        }
        let in_value = |i: usize| {
            let before = line.get(..i).unwrap_or("");
            before.contains(": ") || before.trim_start().starts_with("- ")
        };
        // `{` opening a plain value is YAML flow syntax; `<` is not
        let opens_value = |i: usize| {
            let before = line.get(..i).unwrap_or("");
            before.ends_with(": ") || before.ends_with(":\t") || matches!(before.trim(), "" | "-")
        };
        line.match_indices("{{")
            .all(|(i, _)| in_value(i) && !opens_value(i))
            && line.match_indices("<%=").all(|(i, _)| in_value(i))
    })
}

pub fn containers(files: &FileSet) -> Found {
    let mut out = Found::default();
    for (path, id) in files.paths() {
        if !reads_compose(files, path, id) || !super::is_parsable(files, id) {
            continue;
        }
        read_file(files, id, &mut out);
    }
    out
}

fn read_file(files: &FileSet, id: FileId, out: &mut Found) {
    let text = files.get(id).text();
    let docs = match parse_yaml(text) {
        Ok(d) => d,
        Err(e) => {
            out.errors.push((id, e));
            return;
        }
    };
    let Some(doc) = docs.first() else {
        return;
    };
    let services: Vec<&(Node, Node)> = match doc.get("services") {
        Some(s) => s.as_map().unwrap_or(&[]).iter().collect(),
        // format 1: services at the top level
        None if doc.get("version").is_none() => doc
            .as_map()
            .unwrap_or(&[])
            .iter()
            .filter(|(k, v)| {
                !k.as_str().unwrap_or("x-").starts_with("x-")
                    && (v.get("image").is_some() || v.get("command").is_some())
            })
            .collect(),
        None => Vec::new(),
    };
    for (key, svc) in services {
        let Some(name) = text_of(id, key) else {
            continue;
        };
        out.containers.push(service(files, id, name, svc));
    }
}

fn text_of(file: FileId, n: &Node) -> Option<Text> {
    match &n.value {
        Value::Scalar(s) => Some(Text::new(
            s.text.clone(),
            Span::new(file, n.span.clone()),
            s.exact,
        )),
        _ => None,
    }
}

fn service(files: &FileSet, file: FileId, name: Text, svc: &Node) -> Container {
    let mut c = Container::new(file, name);
    c.hostname = svc.get("hostname").and_then(|n| text_of(file, n));
    c.container_name = svc.get("container_name").and_then(|n| text_of(file, n));
    c.image = svc
        .get("image")
        .and_then(|n| text_of(file, n))
        .map(Image::parse);
    c.network_host = svc
        .get("network_mode")
        .and_then(Node::as_str)
        .is_some_and(|m| m == "host");
    if let Some(ef) = svc.get("env_file") {
        env_files(files, file, ef, &mut c);
    }
    if let Some(env) = svc.get("environment") {
        environment(file, env, &mut c.env);
    }
    c.command = svc.get("command").and_then(|n| argv(file, n));
    c.entrypoint = svc.get("entrypoint").and_then(|n| argv(file, n));
    if let Some(vols) = svc.get("volumes").and_then(Node::as_seq) {
        for v in vols {
            if let Some(t) = volume_target(file, v) {
                c.volumes.push(t);
            }
        }
    }
    c
}

/// `environment:` as a map (`KEY: value`, `KEY:` passes the caller's value through) or a list
/// (`- KEY=value`, `- KEY`).
fn environment(file: FileId, env: &Node, out: &mut Vec<EnvEntry>) {
    let sp = |r: std::ops::Range<usize>| Span::new(file, r);
    if let Some(map) = env.as_map() {
        for (k, v) in map {
            let Some(key) = k.as_str() else { continue };
            out.push(EnvEntry {
                key: key.to_string(),
                key_span: sp(k.span.clone()),
                value: text_of(file, v),
                span: sp(k.span.start..v.span.end.max(k.span.end)),
            });
        }
        return;
    }
    for item in env.as_seq().unwrap_or(&[]) {
        let Some(t) = text_of(file, item) else {
            continue;
        };
        let (key, value) = match t.text.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (t.text.clone(), None),
        };
        let klen = key.len();
        out.push(EnvEntry {
            key_span: t.sub(0..klen),
            value: value.map(|v| {
                let vs = t.sub(klen + 1..klen + 1 + v.len());
                Text::new(v, vs, t.exact)
            }),
            key,
            span: t.span,
        });
    }
}

/// `env_file:` (a path, a list of paths, or of `{path: ...}`), relative to the compose file.
fn env_files(files: &FileSet, file: FileId, ef: &Node, c: &mut Container) {
    let items: Vec<&Node> = match &ef.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![ef],
    };
    let dir = files
        .path(file)
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();
    for item in items {
        let node = item.get("path").unwrap_or(item);
        let Some(t) = text_of(file, node) else {
            continue;
        };
        let joined = if dir.is_empty() || t.text.starts_with('/') {
            t.text.clone()
        } else {
            format!("{dir}/{}", t.text)
        };
        let path = crate::files::normalize_path(&joined);
        match files
            .lookup(&path)
            .filter(|&f| super::is_parsable(files, f))
        {
            Some(env_id) => read_env_file(files, env_id, &mut c.env),
            None => c.env_files_missing.push(t.clone()),
        }
        c.env_files.push(t);
    }
}

/// A compose env file: `KEY=value` lines (read with the shell reader: quotes and comments).
fn read_env_file(files: &FileSet, id: FileId, out: &mut Vec<EnvEntry>) {
    let text = files.get(id).text();
    for a in parse_env_file(text).assignments {
        let value = a.value.literal().map(|lit| {
            let (span, exact) = match a.value.parts.as_slice() {
                [ValuePart::Literal { span, .. }] => {
                    let exact = text.get(span.clone()) == Some(lit.as_str());
                    (span.clone(), exact)
                }
                _ => (a.value_span.clone(), false),
            };
            Text::new(lit, Span::new(id, span), exact)
        });
        out.push(EnvEntry {
            key: a.name.clone(),
            key_span: Span::new(id, a.name_span.clone()),
            value,
            span: Span::new(id, a.line.clone()),
        });
    }
}

/// `command:` / `entrypoint:` as a list of words or a string split like a shell does.
fn argv(file: FileId, n: &Node) -> Option<Vec<Text>> {
    match &n.value {
        Value::Seq(items) => Some(items.iter().filter_map(|i| text_of(file, i)).collect()),
        Value::Scalar(_) => {
            let t = text_of(file, n)?;
            Some(split_words(&t))
        }
        _ => None,
    }
}

/// Shell-like splitting of a command string: whitespace separates words; quotes group and are
/// removed (the word's span is then the whole word, not exact).
fn split_words(t: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    let mut quote: Option<char> = None;
    let mut push = |word: &mut String, start: &mut Option<usize>, end: usize, quoted: bool| {
        if let Some(s) = start.take() {
            let exact = t.exact && !quoted;
            out.push(Text::new(std::mem::take(word), t.sub(s..end), exact));
        }
    };
    for (i, ch) in t.text.char_indices() {
        match (quote, ch) {
            (None, ' ' | '\t' | '\n') => {
                push(&mut word, &mut start, i, quoted);
                quoted = false;
            }
            (None, '\'' | '"') => {
                start.get_or_insert(i);
                quote = Some(ch);
                quoted = true;
            }
            (Some(q), c) if c == q => quote = None,
            _ => {
                start.get_or_insert(i);
                word.push(ch);
            }
        }
    }
    push(&mut word, &mut start, t.text.len(), quoted);
    out
}

/// A volume's target: `src:target[:mode]`, `target`, or `{target: ...}`.
fn volume_target(file: FileId, v: &Node) -> Option<Text> {
    if let Some(t) = v.get("target") {
        return text_of(file, t);
    }
    let t = text_of(file, v)?;
    let parts: Vec<&str> = t.text.split(':').collect();
    let (offset, target) = match parts.as_slice() {
        [only] => (0, *only),
        [src, target, ..] => (src.len() + 1, *target),
        [] => return None,
    };
    Some(Text::new(
        target,
        t.sub(offset..offset + target.len()),
        t.exact,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn compose_templates_with_tags_only_in_values() {
        use super::tags_only_in_values as ok;
        assert!(ok("services:\n  m:\n    image: \"mesos:{{ v }}\"\n    environment:\n      - MESOS_QUORUM={{ q }}\n"));
        assert!(ok("x:\n  y: zk://{{ host }}:2181/mesos\n  z: <%= @v %>x\n"));
        assert!(!ok(
            "services:\n{% for i in r %}\n  m{{ i }}:\n{% endfor %}\n"
        ));
        assert!(!ok("x:\n  y: {{ v }}\n"), "an unquoted flow mapping");
        assert!(!ok("  {{ name }}:\n    image: a\n"), "a tag in a key");
        assert!(!ok("x: <% if a %>1<% end %>\n"));
    }

    use super::*;

    #[test]
    fn compose_file_names() {
        for p in [
            "docker-compose.yml",
            "a/docker-compose.prod.yaml",
            "compose.yaml",
            "x/Docker-Compose.YML",
        ] {
            assert!(is_compose_file(p), "{p}");
        }
        for p in [
            "compose.json",
            "mycompose.yml",
            "docker-compose",
            "values.yaml",
        ] {
            assert!(!is_compose_file(p), "{p}");
        }
    }

    #[test]
    fn services_env_forms_and_command() {
        let src = "version: '3'\nx-zk: &zk\n  image: zookeeper:3.5\nservices:\n  zk1:\n    <<: *zk\n    hostname: zoo1\n    environment:\n      ZOO_MY_ID: 1\n      PASS:\n  m1:\n    image: mesosphere/mesos-master:1.4.1\n    network_mode: host\n    env_file: m.env\n    environment:\n      - MESOS_QUORUM=1\n    command: --zk=zk://zoo1:2181/mesos \"--work_dir=/var/lib/mesos\"\n    volumes:\n      - ./data:/var/lib/mesos:rw\n";
        let mut fs = FileSet::new();
        let id = fs.add_text("dc/docker-compose.yml", src);
        fs.add_text("dc/m.env", "MESOS_LOG_DIR=/var/log\n");
        let found = containers(&fs);
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        let [zk, m] = found.containers.as_slice() else {
            panic!("{:?}", found.containers)
        };
        assert_eq!(zk.host_name(), "zoo1");
        assert_eq!(
            zk.image.as_ref().map(|i| i.path.as_str()),
            Some("zookeeper")
        );
        assert_eq!(zk.env("PASS").map(|e| e.value.is_none()), Some(true));
        assert!(m.network_host);
        let q = m
            .env("MESOS_QUORUM")
            .and_then(|e| e.value.as_ref())
            .expect("q");
        assert_eq!(fs.text(q.span), "1");
        assert_eq!(
            m.env("MESOS_LOG_DIR").and_then(|e| e.known_value()),
            Some("/var/log")
        );
        let cmd = m.command.as_ref().expect("cmd");
        assert_eq!(cmd.len(), 2);
        assert_eq!(fs.text(cmd[0].span), "--zk=zk://zoo1:2181/mesos");
        assert_eq!(cmd[1].text, "--work_dir=/var/lib/mesos");
        assert_eq!(m.volumes[0].text, "/var/lib/mesos");
        assert_eq!(m.file, id);
    }

    #[test]
    fn a_malformed_file_is_an_error_with_its_place() {
        let mut fs = FileSet::new();
        fs.add_text("docker-compose.yml", "services:\n  a:\n    image: [x\n");
        let found = containers(&fs);
        assert_eq!(found.errors.len(), 1);
        assert!(found.containers.is_empty());
    }

    #[test]
    fn ten_thousand_services_stay_linear() {
        let mut src = String::from("services:\n");
        for i in 0..10_000 {
            src.push_str(&format!(
                "  s{i}:\n    image: mesosphere/mesos-slave:1.4.1\n    environment:\n      - MESOS_MASTER=zk://z:2181/mesos\n"
            ));
        }
        let mut fs = FileSet::new();
        fs.add_text("docker-compose.yml", &src);
        let t = std::time::Instant::now();
        let found = containers(&fs);
        assert_eq!(found.containers.len(), 10_000);
        assert!(t.elapsed().as_secs() < 20);
    }
}
