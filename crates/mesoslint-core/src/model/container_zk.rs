//! The official ZooKeeper image's start script (`docker-entrypoint.sh` of Docker Hub's
//! `zookeeper`): when no `zoo.cfg` is in its conf dir it writes one from `ZOO_*` variables, and
//! it writes `<dataDir>/myid` from `ZOO_MY_ID` (default `1`). The same lines are built here,
//! every key and value pointing at the variable that set it (or at the `image:` for the
//! image's defaults), so every `zoo.cfg` and `myid` rule runs on containers too.
//!
//! Script facts (docker-library `zookeeper` images): 3.4 tags write `clientPort=$ZOO_PORT`
//! (default 2181) and only the `ZOO_SERVERS` given; 3.5 and later write no `clientPort`
//! (the client port is the `;2181` of a server line), add `standaloneEnabled` and
//! `admin.enableServer`, default `ZOO_SERVERS` to `server.1=localhost:2888:3888;2181`, and
//! append `4lw.commands.whitelist=$ZOO_4LW_COMMANDS_WHITELIST` when set and every word of
//! `ZOO_CFG_EXTRA`. `ZOO_SERVERS` and `ZOO_CFG_EXTRA` are split into words by the shell.

use crate::config::Version;
use crate::files::Span;
use crate::parse::myid::{parse_myid, MyId, MyIdError};
use crate::parse::properties::{parse_properties, Properties, Property};

use super::container::{official_zookeeper, unknown_text, Container, EnvEntry};
use super::zookeeper::{from_props, MyIdFile, MyIdLocation, ZkServer};

/// (zoo.cfg key, variable, the image's default) for the lines every tag's script writes.
const LINES: &[(&str, &str, &str)] = &[
    ("dataDir", "ZOO_DATA_DIR", "/data"),
    ("dataLogDir", "ZOO_DATA_LOG_DIR", "/datalog"),
    ("tickTime", "ZOO_TICK_TIME", "2000"),
    ("initLimit", "ZOO_INIT_LIMIT", "5"),
    ("syncLimit", "ZOO_SYNC_LIMIT", "2"),
    (
        "autopurge.snapRetainCount",
        "ZOO_AUTOPURGE_SNAPRETAINCOUNT",
        "3",
    ),
    (
        "autopurge.purgeInterval",
        "ZOO_AUTOPURGE_PURGEINTERVAL",
        "0",
    ),
    ("maxClientCnxns", "ZOO_MAX_CLIENT_CNXNS", "60"),
];

/// Written first by 3.4 tags only (3.5 puts the client port on the server lines).
const LINES_34_ONLY: &[(&str, &str, &str)] = &[("clientPort", "ZOO_PORT", "2181")];

/// Written last by 3.5 and later tags only.
const LINES_35_ONLY: &[(&str, &str, &str)] = &[
    ("standaloneEnabled", "ZOO_STANDALONE_ENABLED", "true"),
    ("admin.enableServer", "ZOO_ADMINSERVER_ENABLED", "true"),
];

const DEFAULT_SERVERS_35: &str = "server.1=localhost:2888:3888;2181";

/// The ZooKeeper server a container runs, or why its configuration cannot be read (message,
/// place).
pub(crate) fn zookeeper(c: &Container) -> Result<ZkServer, (String, Span)> {
    let Some(image) = &c.image else {
        let at = c.argv().next().map_or(c.name.span, |w| w.span);
        return Err((
            format!(
                "container `{}` starts ZooKeeper, but its zoo.cfg is not in this tree",
                c.name.text
            ),
            at,
        ));
    };
    if !official_zookeeper(image) {
        return Err((
            format!(
                "container `{}` runs `{}`: only the official `zookeeper` image's ZOO_* variables are read, so this server's zoo.cfg is not checked",
                c.name.text, image.text.text
            ),
            image.text.span,
        ));
    }
    let conf_dir = c
        .env("ZOO_CONF_DIR")
        .and_then(EnvEntry::known_value)
        .unwrap_or("/conf")
        .trim_end_matches('/')
        .to_string();
    let cfg_path = format!("{conf_dir}/zoo.cfg");
    if let Some(v) = c.volumes.iter().find(|v| {
        let target = v.text.split(':').next().unwrap_or("").trim_end_matches('/');
        target == cfg_path || target == conf_dir
    }) {
        return Err((
            format!(
                "container `{}` mounts its own {cfg_path} (`{}`): the image then ignores ZOO_* except ZOO_MY_ID, and that file is not checked",
                c.name.text, v.text
            ),
            v.span,
        ));
    }
    let v35 = image.version().is_none_or(|v| v >= Version::new(3, 5, 0));
    let mut props = Properties::default();
    let default_at = image.text.span;
    // In the order the script writes them: a later duplicate key wins in zoo.cfg.
    let lines = if v35 {
        LINES.iter().chain(LINES_35_ONLY)
    } else {
        LINES_34_ONLY.iter().chain(LINES)
    };
    for (key, var, default) in lines {
        let line = match c.env(var) {
            Some(e) => from_var(key, e),
            None => at_image(&format!("{key}={default}"), default_at),
        };
        props.entries.extend(line);
    }
    let servers = c
        .env("ZOO_SERVERS")
        .filter(|e| e.value.as_ref().is_none_or(|v| !v.text.trim().is_empty()));
    match servers {
        Some(e) => props.entries.extend(words_of(e)),
        None if v35 => props
            .entries
            .extend(at_image(DEFAULT_SERVERS_35, default_at)),
        None => {}
    }
    if v35 {
        if let Some(e) = c
            .env("ZOO_4LW_COMMANDS_WHITELIST")
            .filter(|e| e.value.as_ref().is_none_or(|v| !v.text.is_empty()))
        {
            props.entries.extend(from_var("4lw.commands.whitelist", e));
        }
        if let Some(e) = c.env("ZOO_CFG_EXTRA") {
            props.entries.extend(words_of(e));
        }
    }
    Ok(from_props(c.file, false, props, vec![myid(c, default_at)]))
}

/// `key=$VAR`: the key at the variable's name, the value at its value.
fn from_var(key: &str, e: &EnvEntry) -> Option<Property> {
    let Some(v) = &e.value else {
        // passed through from the caller's environment: unknown (a placeholder says so)
        let p = parse_properties(&format!("{key}=${{{}}}", e.key))
            .entries
            .pop()?;
        return Some(p.placed(e.key_span.range(), None, e.span.range(), e.span.range()));
    };
    let p = parse_properties(&format!("{key}={}", v.text))
        .entries
        .pop()?;
    let at = v.exact.then_some(v.span.start as usize);
    Some(p.placed(e.key_span.range(), at, v.span.range(), e.span.range()))
}

/// A line the image writes by default, pointing at the `image:`.
fn at_image(line: &str, at: Span) -> Option<Property> {
    let p = parse_properties(line).entries.pop()?;
    Some(p.placed(at.range(), None, at.range(), at.range()))
}

/// Every word of a variable the script splits (`for server in $ZOO_SERVERS`), one line each.
fn words_of(e: &EnvEntry) -> Vec<Property> {
    let Some(v) = &e.value else {
        return from_var("server.0", e).into_iter().collect();
    };
    if unknown_text(&v.text) {
        // one unknown line stands for the whole list
        return from_var("server.${list}", e).into_iter().collect();
    }
    let mut out = Vec::new();
    for (start, word) in split_words(&v.text) {
        let Some(p) = parse_properties(word).entries.pop() else {
            continue;
        };
        let word_span = v.sub(start..start + word.len());
        let p = if v.exact {
            let base = word_span.start as usize;
            let key = p.key_span.start + base..p.key_span.end + base;
            let value_at = base + p.value_span.start;
            p.placed(key, Some(value_at), v.span.range(), word_span.range())
        } else {
            p.placed(v.span.range(), None, v.span.range(), v.span.range())
        };
        out.push(p);
    }
    out
}

/// The shell's word splitting on the default IFS: (byte offset, word).
fn split_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split([' ', '\t', '\n'])
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// `echo "${ZOO_MY_ID:-1}" > $ZOO_DATA_DIR/myid`: an unset or empty variable gives `1`.
fn myid(c: &Container, image_at: Span) -> MyIdFile {
    let given = c
        .env("ZOO_MY_ID")
        .and_then(|e| e.value.as_ref())
        .filter(|v| !v.text.is_empty());
    let (text, at, exact) = match given {
        Some(v) => (v.text.as_str(), v.span, v.exact),
        None => ("1", image_at, false),
    };
    let place = |r: std::ops::Range<usize>| {
        if exact {
            at.sub(r).range()
        } else {
            at.range()
        }
    };
    let parsed = match parse_myid(text) {
        Ok(MyId { id, span }) => Ok(MyId {
            id,
            span: place(span),
        }),
        Err(MyIdError::NotANumber { text, span }) => Err(MyIdError::NotANumber {
            text,
            span: place(span),
        }),
        Err(MyIdError::Empty) => Err(MyIdError::Empty),
    };
    MyIdFile {
        file: c.file,
        location: MyIdLocation::DataDir,
        parsed,
        read: true,
        within: Some(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileSet;
    use crate::model::container::{Image, Text};

    fn container(src: &str, image: &str, env: &[(&str, &str)]) -> (FileSet, Container) {
        let mut fs = FileSet::new();
        let id = fs.add_text("docker-compose.yml", src);
        let at = |needle: &str| {
            let s = src.find(needle).unwrap_or(0);
            Span::new(id, s..s + needle.len())
        };
        let mut c = Container::new(id, Text::new("zk1", at("zk1"), true));
        c.image = Some(Image::parse(Text::new(image, at(image), true)));
        for (k, v) in env {
            let key_span = at(k);
            let vs = src[key_span.end as usize..].find(v).unwrap_or(0) + key_span.end as usize;
            c.env.push(EnvEntry {
                key: k.to_string(),
                key_span,
                value: Some(Text::new(*v, Span::new(id, vs..vs + v.len()), true)),
                span: Span::new(id, key_span.start as usize..vs + v.len()),
            });
        }
        (fs, c)
    }

    #[test]
    fn servers_of_both_forms_point_into_the_variable() {
        let src = "zk1:\n  image: zookeeper:3.4.14\n  environment:\n    ZOO_MY_ID: 2\n    ZOO_SERVERS: server.1=zk1:2888:3888 server.2=zk2:2888:3888\n";
        let (fs, c) = container(
            src,
            "zookeeper:3.4.14",
            &[
                ("ZOO_MY_ID", "2"),
                (
                    "ZOO_SERVERS",
                    "server.1=zk1:2888:3888 server.2=zk2:2888:3888",
                ),
            ],
        );
        let zk = zookeeper(&c).expect("read");
        assert_eq!(zk.value("clientPort"), Some("2181"));
        assert_eq!(zk.participants().count(), 2);
        let s2 = &zk.servers[1];
        assert_eq!(fs.text(s2.key_span), "server.2");
        assert_eq!(fs.text(s2.value_span), "zk2:2888:3888");
        assert_eq!(zk.myid().and_then(MyIdFile::id), Some(2));
        assert_eq!(zk.myid().map(|m| m.text(&fs)), Some("2"));

        let src = "zk1:\n  image: zookeeper:3.8\n  environment:\n    ZOO_SERVERS: server.1=zk1:2888:3888;2181 server.2=zk2:2888:3888;2181\n";
        let (fs, c) = container(
            src,
            "zookeeper:3.8",
            &[(
                "ZOO_SERVERS",
                "server.1=zk1:2888:3888;2181 server.2=zk2:2888:3888;2181",
            )],
        );
        let zk = zookeeper(&c).expect("read");
        assert_eq!(zk.value("clientPort"), None);
        assert_eq!(zk.value("standaloneEnabled"), Some("true"));
        assert_eq!(fs.text(zk.servers[0].value_span), "zk1:2888:3888;2181");
        assert_eq!(zk.myid().and_then(MyIdFile::id), Some(1));
    }

    #[test]
    fn defaults_point_at_the_image_and_mounts_are_not_read() {
        let src = "zk1:\n  image: zookeeper\n";
        let (fs, mut c) = container(src, "zookeeper", &[]);
        let zk = zookeeper(&c).expect("read");
        let tick = zk.get("tickTime").expect("tickTime");
        assert_eq!(fs.text(zk.value_span(tick)), "zookeeper");
        assert_eq!(zk.servers.len(), 1);
        c.volumes
            .push(Text::new("/conf/zoo.cfg", Span::file_start(c.file), true));
        assert!(zookeeper(&c).is_err());
        c.volumes.clear();
        c.image = Some(Image::parse(Text::new(
            "jplock/zookeeper",
            c.name.span,
            true,
        )));
        assert!(zookeeper(&c).is_err());
    }

    #[test]
    fn image_names_and_tags() {
        let t = |s: &str| {
            Image::parse(Text::new(
                s,
                Span::file_start(crate::files::FileId(0)),
                true,
            ))
        };
        let i = t("registry.example.com:5000/mesosphere/mesos-master:1.4.1-rc1");
        assert_eq!(i.path, "mesosphere/mesos-master");
        assert_eq!(i.version(), Some(Version::new(1, 4, 1)));
        assert_eq!(t("library/zookeeper:3.5").path, "zookeeper");
        assert_eq!(t("zookeeper:3.5").version(), Some(Version::new(3, 5, 0)));
        assert_eq!(t("zookeeper:latest").version(), None);
        assert_eq!(
            t("mesosphere/marathon:v1.9.109").version(),
            Some(Version::new(1, 9, 109))
        );
        assert_eq!(
            t("mesosphere/mesos-slave:0.28.1-2.0.20.ubuntu1404").version(),
            Some(Version::new(0, 28, 1))
        );
        assert_eq!(t("x@sha256:abc").tag, None);
    }
}
