//! Helpers shared by the `MA` rules.

use crate::config::Version;
use crate::diagnostic::Diagnostic;
use crate::files::{FileSet, Span};
use crate::model::{Cluster, FlagDef, Host, MesosDaemon, SourceKind};
use crate::parse::zk_url::{parse_master_value, MasterValue};
use crate::rule::{Context, RuleMeta, Sink};

/// Every agent of the cluster, with its host.
pub(crate) fn agents(cluster: &Cluster) -> impl Iterator<Item = (&Host, &MesosDaemon)> {
    cluster
        .hosts
        .iter()
        .filter_map(|h| h.agent.as_ref().map(|a| (h, a)))
}

/// Something in the tree to point at when a finding is about the agent as a whole (a flag is
/// missing, or its value is a package default): the role evidence, else the first file of the
/// agent's flag directory, else `etc/mesos/zk`, else any file of the host.
pub(crate) fn agent_anchor(host: &Host, agent: &MesosDaemon) -> Option<Span> {
    if let Some(span) = host.agent_role.as_ref().and_then(|r| r.span) {
        return Some(span);
    }
    if let Some(dir) = agent.flag_dir {
        let prefix = format!("{dir}/");
        if let Some(f) = host.files.iter().find(|f| f.rel.starts_with(&prefix)) {
            return Some(Span::file_start(f.id));
        }
    }
    if let Some(f) = host.file("etc/mesos/zk") {
        return Some(Span::file_start(f.id));
    }
    host.files.first().map(|f| Span::file_start(f.id))
}

/// Where an agent flag would be written on this host, for help lines: the flag file of the
/// directory the wrapper reads, else a `MESOS_<FLAG>` variable.
pub(crate) fn where_to_set(agent: &MesosDaemon, flag: &str, value: &str) -> String {
    match agent.flag_dir {
        Some(dir) => format!("write `{value}` to {dir}/{flag}"),
        None => format!(
            "set `MESOS_{}={value}` in the agent's env script",
            flag.to_ascii_uppercase()
        ),
    }
}

/// Is the definition one the daemon reads from the agent's `attributes/` or `resources/`
/// directory (joined by the wrapper into one flag)?
pub(crate) fn is_directory_form(def: &FlagDef) -> bool {
    def.source.kind == SourceKind::FlagFile && def.written.ends_with('/')
}

/// The span of exactly `value` in the tree: the definition's value span when its text is the
/// value, or the inside of it when the text is the value in quotes (`"1mins"`). `None` when the
/// text differs (escapes, `cat` of a default file, ...): callers then label the whole value.
pub(crate) fn exact_value_span(def: &FlagDef, value: &str, files: &FileSet) -> Option<Span> {
    let vs = def.value_span?;
    let text = files.text(vs);
    if text == value {
        return Some(vs);
    }
    let quoted = text.len() == value.len() + 2
        && ((text.starts_with('"') && text.ends_with('"'))
            || (text.starts_with('\'') && text.ends_with('\'')));
    if quoted && text.get(1..text.len() - 1) == Some(value) {
        return Some(vs.sub(1..text.len() - 1));
    }
    None
}

/// Absolute path normalised component-wise (`.` dropped, `..` resolved, repeated `/`
/// squeezed); `None` for a relative path.
pub(crate) fn normalize_abs(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    // built in place: `..` truncates back to the previous `/`
    let mut out = String::with_capacity(path.len());
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                let cut = out.rfind('/').unwrap_or(0);
                out.truncate(cut);
            }
            c => {
                out.push('/');
                out.push_str(c);
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Is `path` (absolute) `dir` or below it, component-wise?
pub(crate) fn is_under(path: &str, dir: &str) -> bool {
    match normalize_abs(path) {
        Some(p) => p == dir || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/')),
        None => false,
    }
}

/// A master value normalised for comparison and display: for `zk://` URLs the sorted host set
/// and the path (credentials dropped), otherwise the trimmed text.
pub(crate) fn master_key(value: &str) -> String {
    match parse_master_value(value, true) {
        Ok(MasterValue::Zk(url)) => {
            let hosts: Vec<String> = url
                .host_set()
                .into_iter()
                .map(|(h, p)| format!("{h}:{p}"))
                .collect();
            format!("zk://{}{}", hosts.join(","), url.path)
        }
        _ => value.trim().to_string(),
    }
}

/// The note of a check Mesos makes from release `since` on: `None` when the assumed Mesos
/// (`model::versions`: flag, mesoslint.toml, the tree's pin, else the latest release) is
/// older (the check does not exist there), else "applies to Mesos 1.4 and later; checked for
/// Mesos 1.11.0, the latest release (...)".
pub(crate) fn since_mesos(cluster: &Cluster, since: Version) -> Option<String> {
    let mesos = &cluster.versions.mesos;
    mesos
        .at_least(since)
        .then(|| mesos.applies(&format!("{since} and later")))
}

/// The agent's isolation entries as the daemon reads them (`strings::tokenize` on `,`: empty
/// entries dropped, no trimming); the flag's default when it is not set. `None` when the
/// value is unknown.
pub(crate) fn isolation_tokens(agent: &MesosDaemon) -> Option<Vec<String>> {
    let value = match agent.flags.get("isolation") {
        Some(def) => def.known_value()?,
        None => "posix/cpu,posix/mem",
    };
    Some(
        value
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Does the agent create the Mesos containerizer (`containerizers` lists `mesos`, the default)?
/// `None` when the value is unknown.
pub(crate) fn uses_mesos_containerizer(agent: &MesosDaemon) -> Option<bool> {
    match agent.flags.get("containerizers") {
        Some(def) => Some(def.known_value()?.split(',').any(|t| t == "mesos")),
        None => Some(true),
    }
}

/// Does the agent create the Docker containerizer? `None` when the value is unknown.
#[allow(dead_code)]
pub(crate) fn uses_docker_containerizer(agent: &MesosDaemon) -> Option<bool> {
    match agent.flags.get("containerizers") {
        Some(def) => Some(def.known_value()?.split(',').any(|t| t == "docker")),
        None => Some(false),
    }
}

/// The span to point at for a flag of the agent: its value, else the agent as a whole.
pub(crate) fn flag_or_agent_span(host: &Host, agent: &MesosDaemon, flag: &str) -> Option<Span> {
    agent
        .flags
        .get(flag)
        .and_then(FlagDef::span)
        .or_else(|| agent_anchor(host, agent))
}

/// A value the agent refuses at start, in the words of MA010 and MA011: "mesos-agent on
/// `<host>` <what>", with the daemon's own message on the place that set it.
pub(crate) struct AgentExit<'a> {
    pub host: &'a Host,
    /// The first Mesos release that makes the check.
    pub since: Version,
    /// What is wrong, after "mesos-agent on `<host>` ".
    pub what: String,
    /// The daemon's message as it logs it when it exits.
    pub daemon: String,
    pub help: String,
}

impl AgentExit<'_> {
    /// Report it at `span`; nothing when there is no place to point at or the assumed Mesos
    /// predates the check.
    pub(crate) fn report(
        self,
        meta: &'static RuleMeta,
        cx: &Context<'_>,
        span: Option<Span>,
        sink: &mut Sink,
    ) {
        let (Some(span), Some(scope)) = (span, since_mesos(cx.cluster, self.since)) else {
            return;
        };
        sink.report(
            Diagnostic::new(
                meta,
                format!("mesos-agent on `{}` {}", self.host.name, self.what),
            )
            .primary(span, format!("the agent exits: \"{}\"", self.daemon))
            .note(scope)
            .help(self.help),
        );
    }
}

/// Lint `files` with only the rule `code` selected, assuming Mesos `mesos` when given: the
/// findings of that rule (unit tests of the MA rules).
#[cfg(test)]
pub(crate) fn lint_one(
    code: &str,
    files: &[(&str, &str)],
    mesos: Option<&str>,
) -> (FileSet, Vec<Diagnostic>) {
    let mut fs = FileSet::new();
    for (p, t) in files {
        fs.add_text(p, t);
    }
    let mut config = crate::config::Config {
        select: vec![code.to_string()],
        ..Default::default()
    };
    config.target.mesos = mesos.map(|v| Version::parse(v).expect("a test's Mesos version"));
    let report = crate::lint(&fs, &config);
    let diags = report
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .collect();
    (fs, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            normalize_abs("/tmp//mesos/./x/.."),
            Some("/tmp/mesos".into())
        );
        assert_eq!(normalize_abs("tmp/mesos"), None);
        assert_eq!(normalize_abs(""), None);
        assert_eq!(normalize_abs("/../.."), Some("/".into()));
        assert!(is_under("/tmp/mesos", "/tmp"));
        assert!(is_under("/tmp", "/tmp"));
        assert!(!is_under("/tmpfoo", "/tmp"));
        assert!(!is_under("/var/lib/mesos", "/tmp"));
        assert!(is_under("/var/lib/../tmp/x", "/var/tmp"));
        assert!(!is_under("/ü/ä", "/tmp"));
        assert_eq!(normalize_abs("/"), Some("/".into()));
        assert_eq!(normalize_abs("/a/b/../../c/"), Some("/c".into()));
        assert_eq!(normalize_abs("/ü/../ä/./ö"), Some("/ä/ö".into()));
        assert_eq!(normalize_abs("/a/.../b"), Some("/a/.../b".into()));
        assert!(is_under("/x", ""));
    }

    #[test]
    fn master_keys() {
        assert_eq!(
            master_key("zk://B:2181,a/mesos"),
            "zk://a:2181,b:2181/mesos"
        );
        assert_eq!(master_key(" 10.0.0.1:5050 "), "10.0.0.1:5050");
        assert_eq!(master_key(""), "");
        assert_eq!(master_key("zk://"), "zk://");
    }
}
