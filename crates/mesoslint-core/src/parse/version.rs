//! Dotted release versions (`1.11`, `3.4.14`): parsed here, below the model, because parsers
//! of version-dependent formats (the Mesos protobuf JSON shapes) compare them too.

use serde::{Deserialize, Serialize};

/// A dotted version such as `1.11` or `3.4.14`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    pub fn parse(s: &str) -> Result<Version, String> {
        let s = s.trim();
        let mut parts = s.split('.');
        let mut next = |required: bool| -> Result<u32, String> {
            match parts.next() {
                Some(p) => p.parse::<u32>().map_err(|_| {
                    format!("invalid version `{s}`: expected numbers such as `1.11` or `3.4.14`")
                }),
                None if required => Err(format!(
                    "invalid version `{s}`: expected at least major.minor"
                )),
                None => Ok(0),
            }
        };
        let major = next(true)?;
        let minor = next(true)?;
        let patch = next(false)?;
        if parts.next().is_some() {
            return Err(format!("invalid version `{s}`: at most three numbers"));
        }
        Ok(Version::new(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.patch == 0 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Version, D::Error> {
        let s = String::deserialize(d)?;
        Version::parse(&s).map_err(serde::de::Error::custom)
    }
}
