//! The release of each daemon that version-dependent checks assume (issue 12, item 3).
//!
//! One order for every rule: the `--target` flag (the CLI and the wasm `target` option, in
//! [`Config::target_flag`]), then `[target]` of `mesoslint.toml`, then a version the tree
//! itself pins (image tags of its containers, versioned install paths and package pins in its
//! units, scripts and env files), then the latest release. Rules ask [`Assumed::at_least`] and
//! put [`Assumed::applies`] in their findings, so every finding says which releases it is
//! about and which one was checked.

use crate::config::{Config, Targets, Version};
use crate::files::FileSet;

/// The newest releases the version tables know.
pub const LATEST_MESOS: Version = Version::new(1, 11, 0);
pub const LATEST_MARATHON: Version = Version::new(1, 11, 0);
pub const LATEST_ZOOKEEPER: Version = Version::new(3, 9, 5);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    Mesos,
    Marathon,
    ZooKeeper,
}

impl Product {
    pub const ALL: [Product; 3] = [Product::Mesos, Product::Marathon, Product::ZooKeeper];

    /// The name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Product::Mesos => "Mesos",
            Product::Marathon => "Marathon",
            Product::ZooKeeper => "ZooKeeper",
        }
    }

    /// The key of `[target]` and `--target`.
    pub fn key(self) -> &'static str {
        match self {
            Product::Mesos => "mesos",
            Product::Marathon => "marathon",
            Product::ZooKeeper => "zookeeper",
        }
    }

    pub fn latest(self) -> Version {
        match self {
            Product::Mesos => LATEST_MESOS,
            Product::Marathon => LATEST_MARATHON,
            Product::ZooKeeper => LATEST_ZOOKEEPER,
        }
    }

    fn of(self, t: &Targets) -> Option<Version> {
        match self {
            Product::Mesos => t.mesos,
            Product::Marathon => t.marathon,
            Product::ZooKeeper => t.zookeeper,
        }
    }

    fn slot(self, t: &mut Targets) -> &mut Option<Version> {
        match self {
            Product::Mesos => &mut t.mesos,
            Product::Marathon => &mut t.marathon,
            Product::ZooKeeper => &mut t.zookeeper,
        }
    }
}

/// Where an assumed version comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--target` on the command line (or the wasm `target` option).
    Flag,
    /// `[target]` of mesoslint.toml.
    Config,
    /// Pinned by the tree: where (a file path, or several).
    Pinned(String),
    /// Nothing said: the latest release.
    Latest,
}

/// The release a check assumes for one daemon, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumed {
    pub product: Product,
    pub version: Version,
    pub origin: Origin,
}

impl Assumed {
    pub fn at_least(&self, v: Version) -> bool {
        self.version >= v
    }

    /// The version was given or pinned, not just assumed to be the latest.
    pub fn explicit(&self) -> bool {
        self.origin != Origin::Latest
    }

    /// `Mesos 1.9.0 (from --target)` and the like.
    pub fn describe(&self) -> String {
        let p = self.product;
        let v = show(self.version);
        match &self.origin {
            Origin::Flag => format!("{} {v} (from --target)", p.name()),
            Origin::Config => format!("{} {v} ([target] {} in mesoslint.toml)", p.name(), p.key()),
            Origin::Pinned(at) => format!("{} {v} (pinned by {at})", p.name()),
            Origin::Latest => format!(
                "{} {v}, the latest release; set `[target] {}` in mesoslint.toml or `--target {}=<version>`",
                p.name(),
                p.key(),
                p.key()
            ),
        }
    }

    /// A note for findings: "applies to Mesos 1.7.0+; checked for Mesos 1.9.0 (...)".
    pub fn applies(&self, releases: &str) -> String {
        format!(
            "applies to {} {releases}; checked for {}",
            self.product.name(),
            self.describe()
        )
    }
}

/// The assumed release of every daemon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versions {
    pub mesos: Assumed,
    pub marathon: Assumed,
    pub zookeeper: Assumed,
}

impl Default for Versions {
    fn default() -> Versions {
        Versions::resolve(&Config::default(), &Pins::default())
    }
}

impl Versions {
    pub fn get(&self, p: Product) -> &Assumed {
        match p {
            Product::Mesos => &self.mesos,
            Product::Marathon => &self.marathon,
            Product::ZooKeeper => &self.zookeeper,
        }
    }

    /// flag > mesoslint.toml > pinned by the tree > latest.
    pub fn resolve(config: &Config, pins: &Pins) -> Versions {
        let one = |p: Product| {
            let (version, origin) = if let Some(v) = p.of(&config.target_flag) {
                (v, Origin::Flag)
            } else if let Some(v) = p.of(&config.target) {
                (v, Origin::Config)
            } else if let Some((v, at)) = pins.get(p) {
                (v, Origin::Pinned(at))
            } else {
                (p.latest(), Origin::Latest)
            };
            Assumed {
                product: p,
                version,
                origin,
            }
        };
        Versions {
            mesos: one(Product::Mesos),
            marathon: one(Product::Marathon),
            zookeeper: one(Product::ZooKeeper),
        }
    }

    /// The versions that were given or pinned (the latest-release assumption left out).
    pub fn explicit(&self) -> Targets {
        let mut t = Targets::default();
        for p in Product::ALL {
            let a = self.get(p);
            if a.explicit() {
                *p.slot(&mut t) = Some(a.version);
            }
        }
        t
    }
}

/// The version given by `--target` or `[target]` alone (for the model's own choices made
/// before the tree's pins are known).
pub fn configured(config: &Config, p: Product) -> Option<Version> {
    p.of(&config.target_flag).or_else(|| p.of(&config.target))
}

/// Versions a tree pins, per daemon: kept only when every pin of that daemon agrees.
#[derive(Clone, Debug, Default)]
pub struct Pins {
    slots: [PinSlot; 3],
}

#[derive(Clone, Debug, Default)]
enum PinSlot {
    #[default]
    None,
    One(Version, String),
    Conflict,
}

impl Pins {
    fn index(p: Product) -> usize {
        match p {
            Product::Mesos => 0,
            Product::Marathon => 1,
            Product::ZooKeeper => 2,
        }
    }

    pub fn note(&mut self, p: Product, v: Version, at: &str) {
        let slot = &mut self.slots[Self::index(p)];
        *slot = match std::mem::take(slot) {
            PinSlot::None => PinSlot::One(v, format!("`{at}`")),
            PinSlot::One(old, mut place) if old == v => {
                if !place.contains(at) && place.len() < 200 {
                    place.push_str(&format!(", `{at}`"));
                }
                PinSlot::One(old, place)
            }
            _ => PinSlot::Conflict,
        };
    }

    pub fn get(&self, p: Product) -> Option<(Version, String)> {
        match &self.slots[Self::index(p)] {
            PinSlot::One(v, at) => Some((*v, at.clone())),
            _ => None,
        }
    }

    /// Add the versions named by install paths and package pins in the tree's units, start
    /// scripts, env files and Dockerfiles: `/opt/mesos-1.9.0/`, `/usr/share/marathon-1.6.322/`,
    /// `zookeeper-3.4.14/`, `apache-zookeeper-3.5.6-bin`, `mesos=1.9.0-2.0.1` (apt),
    /// `mesos-1.9.0-1.el7` (yum). Linear in the text.
    pub fn scan_files(&mut self, files: &FileSet) {
        for (_, f) in files.iter() {
            if f.is_binary() || !names_versions(f.path()) {
                continue;
            }
            for (p, v) in versioned_names(f.text()) {
                self.note(p, v, f.path());
            }
        }
    }
}

/// Files whose text may name the installed release: units, upstart jobs, shell scripts, env
/// files, Dockerfiles and config-management sources (Ansible YAML, Puppet, Chef, Terraform);
/// not documentation, which may name any release.
fn names_versions(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    let base = base
        .strip_suffix(".j2")
        .or_else(|| base.strip_suffix(".erb"))
        .or_else(|| base.strip_suffix(".tmpl"))
        .unwrap_or(base);
    base.ends_with(".service")
        || base.ends_with(".sh")
        || base.starts_with("Dockerfile")
        || [".yml", ".yaml", ".pp", ".rb", ".tf", ".tfvars"]
            .iter()
            .any(|e| base.ends_with(e))
        || (path.contains("etc/init/") && base.ends_with(".conf"))
        || path.contains("etc/default/")
        || path.contains("etc/sysconfig/")
        || path.contains("etc/init.d/")
}

/// `mesos`, `marathon` or `zookeeper` as a word of its own (not `libmesos`), followed by `-`,
/// `_` or `=` and a dotted version of two or three numbers.
fn versioned_names(text: &str) -> Vec<(Product, Version)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let hit = [
            (b"mesos".as_slice(), Product::Mesos),
            (b"marathon".as_slice(), Product::Marathon),
            (b"zookeeper".as_slice(), Product::ZooKeeper),
        ]
        .into_iter()
        .find(|(w, _)| rest.len() > w.len() && rest[..w.len()].eq_ignore_ascii_case(w));
        let Some((word, product)) = hit else {
            i += 1;
            continue;
        };
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let mut j = i + word.len();
        i = j;
        if !before_ok {
            continue;
        }
        // A config-management variable: `mesos_version: "1.9.0"`, `mesos::version: '1.9.0'`,
        // `default['mesos']['version'] = '1.9.0'`, `MARATHON_VERSION=1.6.322`.
        if let Some(k) = version_key_end(bytes, j) {
            j = k;
        } else if matches!(bytes.get(j), Some(b'-' | b'_' | b'=')) {
            j += 1;
        } else {
            continue;
        }
        let start = j;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') && j - start < 24 {
            j += 1;
        }
        let raw = text.get(start..j).unwrap_or("").trim_end_matches('.');
        let parts: Vec<&str> = raw.split('.').collect();
        if (2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty()) {
            if let Ok(v) = Version::parse(raw) {
                out.push((product, v));
            }
        }
        i = j.max(i);
    }
    out
}

/// After a product word at `at`: the end of `_version`, `::version` or `']['version']` and
/// of the `:`, `=`, `=>`, quotes and spaces that follow, when the version comes next.
fn version_key_end(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let key = [
        b"_version".as_slice(),
        b"::version",
        b"']['version']",
        b"\"][\"version\"]",
    ]
    .into_iter()
    .find(|k| rest.len() >= k.len() && rest[..k.len()].eq_ignore_ascii_case(k))?;
    let mut j = at + key.len();
    if bytes
        .get(j)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return None; // `mesos_version_hash`
    }
    let start = j;
    while j < bytes.len()
        && j - start < 8
        && matches!(bytes[j], b' ' | b'\t' | b':' | b'=' | b'>' | b'"' | b'\'')
    {
        j += 1;
    }
    (j > start && bytes.get(j).is_some_and(u8::is_ascii_digit)).then_some(j)
}

fn show(v: Version) -> String {
    format!("{}.{}.{}", v.major, v.minor, v.patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn names_in_paths_and_package_pins() {
        let found = versioned_names(
            "ExecStart=/opt/mesos-1.9.0/sbin/mesos-master\n\
             CLASSPATH=/usr/share/marathon-1.6.322/lib\n\
             apt-get install mesos=1.4.1-2.0.1 apache-zookeeper-3.5.6-bin.tar.gz\n\
             /usr/lib/libmesos-1.2.0.so mesos-master mesos-dns-0.1.2 zookeeper-3.4.14.jar",
        );
        assert_eq!(
            found,
            vec![
                (Product::Mesos, v("1.9.0")),
                (Product::Marathon, v("1.6.322")),
                (Product::Mesos, v("1.4.1")),
                (Product::ZooKeeper, v("3.5.6")),
                (Product::ZooKeeper, v("3.4.14")),
            ]
        );
    }

    #[test]
    fn names_in_config_management() {
        let found = versioned_names(
            "mesos_version: \"1.9.0\"\nmarathon::version: '1.6.322'\n\
             default['zookeeper']['version'] = '3.4.14'\nMESOS_VERSION=1.4.1\n\
             mesos_version_hash: 1.2.3\nmesos_version: \"{{ v }}\"",
        );
        assert_eq!(
            found,
            vec![
                (Product::Mesos, v("1.9.0")),
                (Product::Marathon, v("1.6.322")),
                (Product::ZooKeeper, v("3.4.14")),
                (Product::Mesos, v("1.4.1")),
            ]
        );
        assert!(names_versions("roles/mesos/defaults/main.yml"));
    }

    #[test]
    fn only_units_scripts_and_env_files_pin() {
        assert!(names_versions("etc/systemd/system/mesos-master.service"));
        assert!(names_versions("hosts/a/etc/default/marathon"));
        assert!(names_versions("scripts/start-zk.sh"));
        assert!(!names_versions("README.md"));
        assert!(!names_versions("docs/upgrade-mesos-1.9.0.txt"));
    }

    #[test]
    fn precedence_flag_config_pinned_latest() {
        let mut pins = Pins::default();
        pins.note(Product::Mesos, v("1.7.0"), "a.service");
        pins.note(Product::Marathon, v("1.6.322"), "b.sh");
        pins.note(Product::ZooKeeper, v("3.4.14"), "c.sh");
        let mut config = Config::default();
        config.target.mesos = Some(v("1.8"));
        config.target.marathon = Some(v("1.5"));
        config.target_flag.mesos = Some(v("1.9.0"));
        let r = Versions::resolve(&config, &pins);
        assert_eq!(
            (r.mesos.version, &r.mesos.origin),
            (v("1.9.0"), &Origin::Flag)
        );
        assert_eq!(
            (r.marathon.version, &r.marathon.origin),
            (v("1.5"), &Origin::Config)
        );
        assert_eq!(r.zookeeper.version, v("3.4.14"));
        assert!(matches!(r.zookeeper.origin, Origin::Pinned(_)));
        let none = Versions::resolve(&Config::default(), &Pins::default());
        assert_eq!(none.mesos.version, LATEST_MESOS);
        assert!(!none.mesos.explicit());
        assert_eq!(none.explicit(), Targets::default());
        assert!(none.mesos.describe().contains("latest release"));
    }

    #[test]
    fn disagreeing_pins_pin_nothing() {
        let mut pins = Pins::default();
        pins.note(Product::Mesos, v("1.7.0"), "a.service");
        pins.note(Product::Mesos, v("1.7.0"), "b.service");
        assert_eq!(pins.get(Product::Mesos).unwrap().0, v("1.7.0"));
        pins.note(Product::Mesos, v("1.8.0"), "c.service");
        pins.note(Product::Mesos, v("1.7.0"), "d.service");
        assert!(pins.get(Product::Mesos).is_none());
    }
}
