//! Baselines: `--update-baseline FILE` records today's findings, `--baseline FILE` reports
//! only the others, so a team can adopt mesoslint on an old tree and block new mistakes only.
//!
//! A finding's fingerprint survives unrelated edits and line shifts: its code, the host it is
//! on, the file it points at relative to that host (the setting: `etc/mesos-master/quorum`),
//! and its message with line and column numbers taken out. The file is JSON, versioned, its
//! entries sorted, so it diffs well in review. Equal fingerprints are counted: two identical
//! findings in the baseline excuse two, not three.

use std::collections::BTreeMap;
use std::path::Path;

use mesoslint_core::model::Cluster;
use mesoslint_core::{FileSet, Report};
use serde::{Deserialize, Serialize};

const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fingerprint {
    pub code: String,
    pub host: String,
    /// The primary label's file, relative to the host's root.
    pub setting: String,
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    fingerprint: Fingerprint,
    count: usize,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// `path:12`, `path:12:5`, `line 12`: the places in a message, without their numbers.
fn normalize(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    let mut last: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek().is_some_and(char::is_ascii_digit) {
            // `:12` (and `:12:5`) after a name: a line number (or a port, which is as much a
            // place as a line and no loss to a fingerprint).
            if last.is_some_and(|p| !p.is_whitespace() && !p.is_ascii_digit()) {
                while chars
                    .peek()
                    .is_some_and(|d| d.is_ascii_digit() || *d == ':')
                {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
        last = Some(c);
    }
    let mut s = out;
    for word in ["line ", "lines "] {
        while let Some(i) = s.find(word) {
            let rest = &s[i + word.len()..];
            let n = rest.chars().take_while(char::is_ascii_digit).count();
            if n == 0 {
                break;
            }
            s = format!("{}line{}", &s[..i], &rest[n..]);
        }
    }
    s
}

/// The fingerprint of every finding of `report`, in report order.
pub fn fingerprints(report: &Report, files: &FileSet, cluster: &Cluster) -> Vec<Fingerprint> {
    let mut host_of = BTreeMap::new();
    for h in &cluster.hosts {
        for f in &h.files {
            host_of.insert(f.id, h);
        }
    }
    report
        .diagnostics
        .iter()
        .map(|d| {
            let (host, setting) = match d.primary_label() {
                Some(l) => {
                    let path = files.path(l.span.file);
                    match host_of.get(&l.span.file) {
                        Some(h) => (
                            h.name.clone(),
                            path.strip_prefix(h.root.as_str())
                                .unwrap_or(path)
                                .trim_start_matches('/')
                                .to_string(),
                        ),
                        None => (String::new(), path.to_string()),
                    }
                }
                None => (String::new(), String::new()),
            };
            Fingerprint {
                code: d.code.to_string(),
                host,
                setting,
                message: normalize(&d.message),
            }
        })
        .collect()
}

/// The baseline file's text.
pub fn render(prints: &[Fingerprint]) -> String {
    let mut counts: BTreeMap<&Fingerprint, usize> = BTreeMap::new();
    for p in prints {
        *counts.entry(p).or_default() += 1;
    }
    let file = File {
        version: VERSION,
        findings: counts
            .into_iter()
            .map(|(f, count)| Entry {
                fingerprint: f.clone(),
                count,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub type Known = BTreeMap<Fingerprint, usize>;

pub fn load(path: &Path) -> Result<Known, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let file: File = serde_json::from_str(&text).map_err(|e| format!("not a baseline: {e}"))?;
    if file.version != VERSION {
        return Err(format!(
            "version {} is not supported (this mesoslint writes version {VERSION})",
            file.version
        ));
    }
    let mut known = Known::new();
    for e in file.findings {
        *known.entry(e.fingerprint).or_default() += e.count;
    }
    Ok(known)
}

pub struct Outcome {
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// Baseline entries (counted) that no finding matched: fixed since.
    pub gone: usize,
}

/// Drop from `report` the findings the baseline records.
pub fn filter(report: &mut Report, files: &FileSet, cluster: &Cluster, known: &Known) -> Outcome {
    let prints = fingerprints(report, files, cluster);
    let mut left = known.clone();
    let mut keep = Vec::with_capacity(prints.len());
    for p in &prints {
        match left.get_mut(p) {
            Some(n) if *n > 0 => {
                *n -= 1;
                keep.push(false);
            }
            _ => keep.push(true),
        }
    }
    let baselined = keep.iter().filter(|k| !**k).count();
    let mut i = 0;
    report.diagnostics.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    Outcome {
        baselined,
        gone: left.values().sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn places_lose_their_numbers_values_keep_theirs() {
        assert_eq!(
            normalize("quorum 1 in hosts/m1/etc/zoo.cfg:12:3 and line 7"),
            "quorum 1 in hosts/m1/etc/zoo.cfg and line"
        );
        assert_eq!(normalize("zk://a:2181/mesos"), "zk://a/mesos");
        assert_eq!(normalize("ratio 1:2"), "ratio 1:2");
    }
}
