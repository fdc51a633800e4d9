use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{FlagDef, Marathon, SourceKind};
use crate::parse::marathon_options::{lookup, MarathonOption, OptionKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{def_span, name, place, target, Target};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon option that reaches Marathon more than once: a `MARATHON_X`
    /// variable and `--x` on the command line of the unit that starts it, two variables that
    /// name the same option (`MARATHON_ZK` and `MARATHON_zk`), `--x` twice, or a toggle in
    /// both its forms (`MARATHON_HA=` and `--disable_ha`). Every option kind counts: values,
    /// toggles and flags such as `disable_http`. Checked for Marathon 1.4 to 1.11, each as its
    /// start path builds the arguments.
    ///
    /// ## Why is this bad?
    /// Marathon's option parser (Scallop) wants each option exactly once and exits otherwise,
    /// with `Bad arguments for option 'zk': 'zk://a/marathon zk://b/marathon' - Expected
    /// exactly one url`. The last words depend on the option: `you should provide exactly one
    /// argument for this option` for most, `wrong arguments format` for a toggle,
    /// `too many arguments for flag option` for a flag, `Expected exactly one connection
    /// string` for `master` and `Expected exactly one url` for `zk` (from 1.5.12, 1.6.544 and
    /// 1.7.50). No value wins: the command line does not override the environment.
    ///
    /// - 1.5 and later: every `MARATHON_*` variable except `MARATHON_APP_*` becomes
    ///   `--<name> <value>` (`--<name>` alone when the value is empty) in front of the command
    ///   line: by the package's start script up to 1.5.9 and 1.6.496, by `Main.envToArgs`
    ///   from 1.5.10, 1.6.535 and 1.7. The conf dir is not read (MR005).
    /// - 1.4: the start script collects `etc/marathon/conf/` (a file is skipped when its
    ///   `--name` is on the command line) and then the `MARATHON_*` variables, and hands them
    ///   to Marathon as `MARATHON_CMD_<NAME>` variables, so the same name there is kept once
    ///   (the variable wins over the conf file). The command line goes to Marathon as
    ///   arguments, and Marathon adds the `MARATHON_CMD_*` ones: an option on the command line
    ///   and in the variables or conf dir is refused. With `--no-logger` everything goes
    ///   through `MARATHON_CMD_*`, so only two different names for one option (`ha` and
    ///   `disable_ha`) are refused.
    ///
    /// ## Example
    /// ### Invalid: `--zk` in the unit and in the env file
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ```text file:etc/systemd/system/marathon.service
    /// [Service]
    /// EnvironmentFile=/etc/default/marathon
    /// ExecStart=/usr/share/marathon/bin/marathon --zk zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.6"
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181,zk2:2181,zk3:2181/mesos
    /// MARATHON_ZK=zk://zk1:2181,zk2:2181,zk3:2181/marathon
    /// ```
    /// ```text file:etc/systemd/system/marathon.service
    /// [Service]
    /// EnvironmentFile=/etc/default/marathon
    /// ExecStart=/usr/share/marathon/bin/marathon
    /// ```
    /// ```toml config
    /// [target]
    /// marathon = "1.6"
    /// ```
    ///
    /// ## How to fix
    /// Set each option in one place: the env file or the command line. A toggle is on with
    /// `MARATHON_HA=` (empty) and off with `MARATHON_DISABLE_HA=`; give one of the two.
    ///
    /// ## References
    /// - scallop `Scallop.scala` (`verify`: `WrongOptionFormat`), `CliOptions.scala`
    ///   (`ToggleOption.converter`), `DefaultConverters.scala` (`singleArgConverter`,
    ///   `flagConverter`), v1.0.0 to v3.3.2.
    /// - mesosphere/marathon `Main.scala` (`envToArgs`, `main`; 1.4.13: `MARATHON_CMD_`),
    ///   1.4.13 `bin/marathon-framework` (`load_options_and_log`, `cmd_to_env`), 1.5.0
    ///   `build.sbt` and 1.6.322 `project/NativePackagerSettings/extra-defines.bash`
    ///   (`for env_op`), `MarathonConf.scala` (`mesosMasterValueConverter` and the other
    ///   `Expected exactly one` converters), `ZookeeperConf.scala` (`scallopZkUrlParser`).
    pub struct OptionRepeated {
        code: "MR010",
        name: "option-repeated",
        severity: Error,
        summary: "A Marathon option given more than once, which Marathon refuses at start",
    }
}

impl Rule for OptionRepeated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            let by_option = if t.at_least(5) {
                occurrences_1_5(m)
            } else {
                occurrences_1_4(m)
            };
            for (option, defs) in by_option {
                let [first, second, ..] = defs.as_slice() else {
                    continue;
                };
                let Some(span) = def_span(second) else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    format!(
                        "`--{}` is given {} times to Marathon on {}: {} and {}",
                        option.name,
                        defs.len(),
                        name(host),
                        place(cx.files, first),
                        place(cx.files, second)
                    ),
                )
                .primary(span, "given again here");
                if let Some(s) = def_span(first) {
                    d = d.secondary(s, "first given here");
                }
                let args: Vec<&str> = defs
                    .iter()
                    .map(|d| d.value.as_deref().unwrap_or(""))
                    .collect();
                let (words, earlier) = refusal(option, &t);
                let earlier = earlier
                    .map(|p| format!("; before 1.{}.{p} it ends `{DEFAULT}`", t.minor))
                    .unwrap_or_default();
                sink.report(
                    d.note(format!(
                        "Marathon exits: \"Bad arguments for option '{}': '{}' - {words}\"; {}{earlier}",
                        option.name,
                        args.join(" "),
                        t.note()
                    ))
                    .help(match option.kind {
                        OptionKind::Toggle => format!(
                            "give `{0}` once: `MARATHON_{1}=` turns it on, `MARATHON_DISABLE_{1}=` off",
                            option.name,
                            option.name.to_ascii_uppercase()
                        ),
                        _ => format!("set `{}` in one place only", option.name),
                    }),
                );
            }
        }
    }
}

type ByOption<'a> = BTreeMap<&'static str, (&'static MarathonOption, Vec<&'a FlagDef>)>;

fn add<'m, 'a>(map: &'m mut ByOption<'a>, def: &'a FlagDef) -> Option<&'m mut Vec<&'a FlagDef>> {
    let (opt, _) = lookup(&def.name)?;
    Some(&mut map.entry(opt.name).or_insert((opt, Vec::new())).1)
}

fn finish(map: ByOption<'_>) -> Vec<(&'static MarathonOption, Vec<&FlagDef>)> {
    map.into_values().filter(|(_, v)| v.len() > 1).collect()
}

/// 1.5+: each variable is one argument (a variable set twice is one variable: the shell
/// keeps the last), each command-line word another; the conf dir is not read.
fn occurrences_1_5(m: &Marathon) -> Vec<(&'static MarathonOption, Vec<&FlagDef>)> {
    let mut map = ByOption::new();
    for def in defs(m) {
        if matches!(def.source.kind, SourceKind::FlagFile | SourceKind::BoolFile) {
            continue;
        }
        let Some(list) = add(&mut map, def) else {
            continue;
        };
        if def.source.kind == SourceKind::EnvVar {
            if let Some(i) = list
                .iter()
                .position(|d| d.source.kind == SourceKind::EnvVar && d.written == def.written)
            {
                list[i] = def;
                continue;
            }
        }
        list.push(def);
    }
    finish(map)
}

/// 1.4 (`bin/marathon-framework`): the conf dir and the variables become `MARATHON_CMD_<NAME>`
/// (one per name, the later wins); the command line stays arguments unless `--no-logger`
/// sends it through `MARATHON_CMD_*` too.
fn occurrences_1_4(m: &Marathon) -> Vec<(&'static MarathonOption, Vec<&FlagDef>)> {
    let all: Vec<&FlagDef> = defs(m).collect();
    let command_line = |d: &FlagDef| d.source.kind == SourceKind::CommandLine;
    let no_logger = all
        .iter()
        .any(|d| matches!(d.name.as_str(), "no-logger" | "no_logger"));
    let mut map = ByOption::new();
    for &def in &all {
        if matches!(def.source.kind, SourceKind::FlagFile | SourceKind::BoolFile) {
            // `element_in "--${name#'?'}" "$@"`: the command line's exact word skips the file.
            let word = format!("--{}", def.written.trim_start_matches('?'));
            if all.iter().any(|d| command_line(d) && d.written == word) {
                continue;
            }
        }
        let through_env = no_logger || !command_line(def);
        let Some(list) = add(&mut map, def) else {
            continue;
        };
        if through_env {
            if let Some(i) = list
                .iter()
                .position(|d| (no_logger || !command_line(d)) && d.name == def.name)
            {
                list[i] = def;
                continue;
            }
        }
        list.push(def);
    }
    finish(map)
}

/// The definitions a start path passes on: written in the tree (a value derived from
/// `etc/mesos/zk` is added only when none is given), placeholders included, as the option
/// is given either way.
fn defs(m: &Marathon) -> impl Iterator<Item = &FlagDef> {
    m.flags
        .iter()
        .filter(|d| d.source.kind != SourceKind::Derived)
}

/// Scallop's words for a value option given twice (`singleArgConverter`).
const DEFAULT: &str = "you should provide exactly one argument for this option";

/// The converter's words for an option given twice, in the release checked, and for a whole
/// release line (`1.6`) the first patch release that has them when earlier ones say
/// [`DEFAULT`].
fn refusal(option: &MarathonOption, t: &Target) -> (&'static str, Option<u32>) {
    let custom = match (option.name, option.kind) {
        (_, OptionKind::Toggle) => return ("wrong arguments format", None),
        (_, OptionKind::Flag) => return ("too many arguments for flag option", None),
        ("zk", _) => Some(("Expected exactly one url", URL_CONVERTERS)),
        ("master", _) => Some(("Expected exactly one connection string", URL_CONVERTERS)),
        ("gpu_scheduling_behavior", _) => {
            Some(("Expected exactly one GpuSchedulingBehavior", FROM_1_8))
        }
        ("new_group_enforce_role", _) => {
            Some(("Expected exactly one default enforce group role", FROM_1_8))
        }
        ("accepted_resource_roles_default_behavior", _) => Some((
            "Expected exactly one acceptedResourceRoles default behavior",
            FROM_1_8,
        )),
        _ => None,
    };
    let Some((words, since)) = custom else {
        return (DEFAULT, None);
    };
    match since.iter().find(|l| l.0 == t.minor).map(|l| l.1) {
        Some(0) => (words, None),
        Some(p) if t.patch >= p => (words, None),
        Some(p) if t.patch == 0 => (words, Some(p)),
        Some(_) => (DEFAULT, None),
        None if since.last().is_some_and(|l| t.minor > l.0) => (words, None),
        None => (DEFAULT, None),
    }
}

/// The first release of each line with Marathon's own `master` and `zk` converters
/// (`MarathonConf.mesosMasterValueConverter`, `ZookeeperConf.scallopZkUrlParser`).
const URL_CONVERTERS: &[(u32, u32)] = &[(5, 12), (6, 544), (7, 50), (8, 0)];
/// `gpu_scheduling_behavior` got its converter in 1.8 (a plain string before); the two 1.9
/// options had theirs from the start.
const FROM_1_8: &[(u32, u32)] = &[(8, 0)];

#[cfg(test)]
mod tests {
    use super::super::util::run;
    use super::*;

    const UNIT: &str = "etc/systemd/system/marathon.service";
    const ENV: &str = "etc/default/marathon";

    fn unit(args: &str) -> String {
        format!("[Service]\nEnvironmentFile=/etc/default/marathon\nExecStart=/usr/share/marathon/bin/marathon {args}\n")
    }

    #[test]
    fn repeated_across_sources_on_1_5_and_later() {
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_ZK=zk://zk1:2181/marathon\nMARATHON_ZK=zk://zk2:2181/marathon\n";
        assert_eq!(run("MR010", Some("1.6"), &[(ENV, env)]), 0);
        let u = unit("--zk zk://zk1:2181/marathon");
        let tree = [(ENV, env), (UNIT, u.as_str())];
        assert_eq!(run("MR010", Some("1.6"), &tree), 1);
        // 1.4 hands the variable to Marathon as MARATHON_CMD_ZK next to the argument.
        assert_eq!(run("MR010", Some("1.4"), &tree), 1);
        let u = unit("--no-logger --zk zk://zk1:2181/marathon");
        let tree = [(ENV, env), (UNIT, u.as_str())];
        assert_eq!(run("MR010", Some("1.4"), &tree), 0);
        assert_eq!(run("MR010", Some("1.6"), &tree), 1);
    }

    #[test]
    fn toggles_and_flags_count() {
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_HA=\n";
        assert_eq!(run("MR010", Some("1.10"), &[(ENV, env)]), 0);
        let u = unit("--disable_ha");
        assert_eq!(run("MR010", Some("1.10"), &[(ENV, env), (UNIT, &u)]), 1);
        let u = unit("--ha");
        assert_eq!(run("MR010", Some("1.7"), &[(ENV, env), (UNIT, &u)]), 1);
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_DISABLE_HTTP=\n";
        let u = unit("--disable_http");
        assert_eq!(run("MR010", Some("1.6"), &[(ENV, env), (UNIT, &u)]), 1);
    }

    #[test]
    fn marathon_1_4_conf_dir_and_variables() {
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_ZK=zk://zk2:2181/marathon\n";
        let zk = "etc/marathon/conf/zk";
        // The variable replaces the conf file's MARATHON_CMD_ZK.
        let tree = [(ENV, env), (zk, "zk://zk1:2181/marathon\n")];
        assert_eq!(run("MR010", Some("1.4"), &tree), 0);
        // The command line's `--zk` makes the script skip the file, not the variable.
        let u = unit("--zk zk://zk3:2181/marathon");
        let master = "MARATHON_MASTER=zk://zk1:2181/mesos\n";
        let tree = [(ENV, master), (zk, "zk://zk1:2181/marathon\n"), (UNIT, &u)];
        assert_eq!(run("MR010", Some("1.4"), &tree), 0);
        // `?ha` and MARATHON_DISABLE_HA are two names for one toggle.
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_DISABLE_HA=\n";
        let tree = [(ENV, env), ("etc/marathon/conf/?ha", "")];
        assert_eq!(run("MR010", Some("1.4"), &tree), 1);
        let tree = [
            (ENV, master),
            ("etc/marathon/conf/?ha", ""),
            ("etc/marathon/conf/?HA", ""),
        ];
        assert_eq!(run("MR010", Some("1.4"), &tree), 0);
    }

    #[test]
    fn the_converter_words_follow_the_release() {
        let t = |minor, patch| Target {
            minor,
            patch,
            reason: String::new(),
        };
        let zk = crate::parse::marathon_options::option("zk").unwrap();
        assert_eq!(refusal(zk, &t(4, 0)), (DEFAULT, None));
        assert_eq!(refusal(zk, &t(5, 11)), (DEFAULT, None));
        assert_eq!(refusal(zk, &t(5, 12)).0, "Expected exactly one url");
        assert_eq!(
            refusal(zk, &t(6, 0)),
            ("Expected exactly one url", Some(544))
        );
        assert_eq!(refusal(zk, &t(11, 0)), ("Expected exactly one url", None));
        let gpu = crate::parse::marathon_options::option("gpu_scheduling_behavior").unwrap();
        assert_eq!(refusal(gpu, &t(7, 0)).0, DEFAULT);
        assert_eq!(
            refusal(gpu, &t(9, 0)).0,
            "Expected exactly one GpuSchedulingBehavior"
        );
        let ha = crate::parse::marathon_options::option("ha").unwrap();
        assert_eq!(refusal(ha, &t(4, 0)).0, "wrong arguments format");
    }
}
