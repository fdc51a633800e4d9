//! `--target mesos=1.9.0,marathon=1.6.322,zookeeper=3.4.14`: the releases to check for, as the
//! CLI flag and the wasm `target` option give them (one parser for both). The values go to
//! `Config::target_flag`, which beats `[target]` of mesoslint.toml.

use crate::config::{Targets, Version};

/// Parse one or more `--target` values (each a comma-separated list of `daemon=version`) into
/// `into`; a later entry for the same daemon wins, as with repeated flags.
pub fn parse_targets<'a>(
    values: impl IntoIterator<Item = &'a str>,
    into: &mut Targets,
) -> Result<(), String> {
    for value in values {
        for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((key, version)) = item.split_once('=') else {
                return Err(format!(
                    "--target `{item}`: expected `daemon=version`, such as `mesos=1.9.0`"
                ));
            };
            let version = Version::parse(version).map_err(|e| format!("--target `{item}`: {e}"))?;
            let slot = match key.trim().to_ascii_lowercase().as_str() {
                "mesos" => &mut into.mesos,
                "marathon" => &mut into.marathon,
                "zookeeper" | "zk" => &mut into.zookeeper,
                other => {
                    return Err(format!(
                        "--target `{item}`: unknown daemon `{other}` (mesos, marathon, zookeeper)"
                    ))
                }
            };
            *slot = Some(version);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_repeats() {
        let mut t = Targets::default();
        parse_targets(["mesos=1.9.0,marathon=1.6.322", "zookeeper=3.4.14"], &mut t).unwrap();
        assert_eq!(t.mesos, Some(Version::new(1, 9, 0)));
        assert_eq!(t.marathon, Some(Version::new(1, 6, 322)));
        assert_eq!(t.zookeeper, Some(Version::new(3, 4, 14)));
        parse_targets(["mesos=1.4"], &mut t).unwrap();
        assert_eq!(t.mesos, Some(Version::new(1, 4, 0)));
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let mut t = Targets::default();
        assert!(parse_targets(["mesos"], &mut t)
            .unwrap_err()
            .contains("daemon=version"));
        assert!(parse_targets(["chronos=3.0"], &mut t)
            .unwrap_err()
            .contains("unknown daemon"));
        assert!(parse_targets(["mesos=one"], &mut t)
            .unwrap_err()
            .contains("invalid version"));
    }
}
