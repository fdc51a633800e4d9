use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::parse::marathon_options::{lookup, OptionKind};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{name, place, value_span, written};

declare_rule! {
    /// ## What it does
    /// Reports a Marathon toggle (`ha`, `checkpoint`, `mesos_authentication`,
    /// `zk_compression`, `http_compression`, `maintenance_mode`, ... and their `disable_x`
    /// forms) or flag (`disable_http`, `leader_proxy_ssl_ignore_hostname`) given a value:
    /// `MARATHON_HA=true`, or an `etc/marathon/conf/checkpoint` file holding `true` instead of
    /// an empty `?checkpoint` file.
    ///
    /// ## Why is this bad?
    /// The start script turns the value into a word after the option, and Marathon's option
    /// parser (Scallop) takes no value for these: Marathon exits with
    /// `Bad arguments for option 'checkpoint': 'true' - wrong arguments format` (a flag:
    /// `... - too many arguments for flag option`), or, when it is the last option,
    /// `Excess arguments provided: 'true'`. Every release 1.4 to 1.11 (Scallop 1.0.0, 3.1.2 and
    /// 3.3.2, `ToggleOption.converter` and `flagConverter`). `false` does not turn a toggle
    /// off: `disable_x` does.
    ///
    /// ## Example
    /// ### Invalid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_HA=true
    /// ```
    /// ### Valid
    /// ```text file:etc/default/marathon
    /// MARATHON_MASTER=zk://zk1:2181/mesos
    /// MARATHON_HA=
    /// ```
    ///
    /// ## How to fix
    /// Give the variable an empty value (`MARATHON_HA=`, `MARATHON_DISABLE_HA=` to turn it
    /// off), or name the conf-dir file `?ha` / `?disable_ha` with no content.
    ///
    /// ## References
    /// - scallop `CliOptions.scala` `ToggleOption.converter`, `DefaultConverters.scala`
    ///   `flagConverter`, `Scallop.scala` `ExcessArguments`; Marathon `Main.envToArgs`,
    ///   1.4 `bin/marathon-framework` `load_options_and_log`; PITFALLS.md §3.
    pub struct ToggleWithValue {
        code: "MR007",
        name: "toggle-with-value",
        severity: Error,
        summary: "A Marathon toggle or flag given a value",
    }
}

impl Rule for ToggleWithValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, m) in cx.cluster.marathon_servers() {
            for def in written(m) {
                let Some((opt, negated)) = lookup(&def.name) else {
                    continue;
                };
                let Some(value) = def.value.as_deref().map(str::trim) else {
                    continue;
                };
                if value.is_empty() || !matches!(opt.kind, OptionKind::Toggle | OptionKind::Flag) {
                    continue;
                }
                let Some(span) = value_span(def) else {
                    continue;
                };
                let why = if opt.kind == OptionKind::Toggle {
                    "wrong arguments format"
                } else {
                    "too many arguments for flag option"
                };
                let off = if opt.kind == OptionKind::Toggle && !negated {
                    format!("; to turn it off use `disable_{}`", opt.name)
                } else {
                    String::new()
                };
                let fix = match def.source.kind {
                    crate::model::SourceKind::FlagFile => {
                        format!("rename the file to `?{}` and leave it empty{off}", def.name)
                    }
                    crate::model::SourceKind::CommandLine => {
                        format!("write `--{}` with no value{off}", def.name)
                    }
                    _ => format!("leave the value empty (`{}=`){off}", def.written),
                };
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "{} on {} gives `--{}` the value `{value}`, but it takes none: Marathon exits with \"Bad arguments for option '{}': '{value}' - {why}\" (or \"Excess arguments provided: '{value}'\")",
                            place(cx.files, def),
                            name(host),
                            def.name,
                            def.name
                        ),
                    )
                    .primary(span, "no value is allowed here")
                    .help(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn codes(files: &[(&str, &str)]) -> usize {
        super::super::util::run("MR007", None, files)
    }

    #[test]
    fn toggles_and_flags_with_values() {
        let m = "MARATHON_MASTER=zk://zk1:2181/mesos\n";
        assert_eq!(
            codes(&[("etc/default/marathon", &format!("{m}MARATHON_HA=true\n"))]),
            1
        );
        assert_eq!(
            codes(&[(
                "etc/default/marathon",
                &format!("{m}MARATHON_DISABLE_HTTP=1\n")
            )]),
            1
        );
        assert_eq!(
            codes(&[(
                "etc/default/marathon",
                &format!("{m}MARATHON_METRICS_PROMETHEUS=yes\n")
            )]),
            1
        );
        assert_eq!(
            codes(&[(
                "etc/default/marathon",
                &format!("{m}MARATHON_HA=\nMARATHON_DISABLE_CHECKPOINT=\n")
            )]),
            0
        );
        assert_eq!(
            codes(&[(
                "etc/default/marathon",
                &format!("{m}MARATHON_ZK=zk://zk1:2181/marathon\n")
            )]),
            0
        );
    }

    #[test]
    fn conf_dir_files() {
        let master = ("etc/marathon/conf/master", "zk://zk1:2181/mesos\n");
        assert_eq!(
            codes(&[master, ("etc/marathon/conf/checkpoint", "true\n")]),
            1
        );
        assert_eq!(codes(&[master, ("etc/marathon/conf/?checkpoint", "")]), 0);
        // The 1.4 script passes an empty file's value as nothing at all.
        assert_eq!(codes(&[master, ("etc/marathon/conf/checkpoint", "\n")]), 0);
    }
}
