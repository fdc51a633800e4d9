use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{FlagDef, SourceKind};
use crate::parse::marathon_options::{lookup, OptionKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{def_span, name, place, target, written};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon option given twice on Marathon 1.5 or later: a `MARATHON_X`
    /// variable and `--x` on the command line of the unit, two variables that name the same
    /// option (`MARATHON_ZK` and `MARATHON_zk`), or `--x` twice. Toggles are left out (a
    /// repeated toggle is accepted).
    ///
    /// ## Why is this bad?
    /// From 1.5 Marathon turns every `MARATHON_*` variable into `--<name> <value>` in front
    /// of the command line, and its option parser wants exactly one value per option:
    /// "Bad arguments for option 'zk': 'zk://a/marathon zk://b/marathon' - you should
    /// provide exactly one argument for this option" (for `--master`: "Expected exactly one
    /// url"), and Marathon exits. Marathon 1.4's start script let the later value win
    /// without a word.
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
    /// Set each option in one place: the env file or the command line.
    ///
    /// ## References
    /// - mesosphere/marathon master 90619da (1.11) `Main.scala` (`envToArgs`, `main`);
    ///   scallop v3.3.2 `DefaultConverters.scala` (`singleArgConverter`).
    pub struct OptionRepeated {
        code: "MR010",
        name: "option-repeated",
        severity: Error,
        summary: "A Marathon option given twice (variable and command line), which 1.5+ refuses",
    }
}

impl Rule for OptionRepeated {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            let t = target(cx.cluster, m);
            if !t.at_least(5) {
                continue;
            }
            let mut by_option: BTreeMap<&str, Vec<&FlagDef>> = BTreeMap::new();
            for def in written(m) {
                // 1.5+ never reads the conf dir (MR005).
                if matches!(def.source.kind, SourceKind::FlagFile | SourceKind::BoolFile) {
                    continue;
                }
                let Some((opt, _)) = lookup(&def.name) else {
                    continue;
                };
                if matches!(opt.kind, OptionKind::Toggle) {
                    continue;
                }
                let list = by_option.entry(opt.name).or_default();
                // The same variable set twice is one variable: the shell keeps the last.
                if def.source.kind == SourceKind::EnvVar {
                    if let Some(i) = list.iter().position(|d| {
                        d.source.kind == SourceKind::EnvVar && d.written == def.written
                    }) {
                        list[i] = def;
                        continue;
                    }
                }
                list.push(def);
            }
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
                        "`--{option}` is given {} times to Marathon on {}: {} and {}",
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
                let daemon = if option == "master" {
                    "Expected exactly one url".to_string()
                } else {
                    format!("Bad arguments for option '{option}': ... - you should provide exactly one argument for this option")
                };
                sink.report(
                    d.note(format!(
                        "Marathon exits: \"{daemon}\" (checked for Marathon {}: {})",
                        t.label(),
                        t.reason
                    ))
                    .help(format!("set `{option}` in one place only")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::util::run;

    #[test]
    fn repeated_only_across_sources() {
        let env = "MARATHON_MASTER=zk://zk1:2181/mesos\nMARATHON_ZK=zk://zk1:2181/marathon\nMARATHON_ZK=zk://zk2:2181/marathon\n";
        assert_eq!(
            run("MR010", Some("1.6"), &[("etc/default/marathon", env)]),
            0
        );
        let unit = "[Service]\nEnvironmentFile=/etc/default/marathon\nExecStart=/usr/share/marathon/bin/marathon --zk zk://zk1:2181/marathon\n";
        let tree = [
            ("etc/default/marathon", env),
            ("etc/systemd/system/marathon.service", unit),
        ];
        assert_eq!(run("MR010", Some("1.6"), &tree), 1);
        assert_eq!(run("MR010", Some("1.4"), &tree), 0);
    }
}
