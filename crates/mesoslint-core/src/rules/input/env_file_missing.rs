use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

declare_rule! {
    /// ## What it does
    /// Reports an `env_file:` of a compose service (or `--env-file` of a container) that is
    /// not in the linted tree.
    ///
    /// ## Why is this bad?
    /// What that file sets (`MESOS_QUORUM`, `ZOO_SERVERS`, ...) is unknown, so the container's
    /// settings were checked without it. If the file is missing where the service is deployed
    /// too, `docker compose up` refuses the service ("env file ... not found").
    ///
    /// ## Example
    /// ### Invalid
    /// ```yaml file:docker-compose.yml
    /// services:
    ///   master:
    ///     image: mesosphere/mesos-master:1.4.1
    ///     env_file: master.env
    /// ```
    /// ### Valid
    /// ```yaml file:docker-compose.yml
    /// services:
    ///   master:
    ///     image: mesosphere/mesos-master:1.4.1
    ///     environment:
    ///       MESOS_QUORUM: "1"
    /// ```
    ///
    /// ## How to fix
    /// Add the env file to the tree (or lint the directory that holds it), or fix its path:
    /// compose resolves it relative to the compose file.
    pub struct EnvFileMissing {
        code: "IN013",
        name: "env-file-missing",
        severity: Warning,
        summary: "A container's env file is not in the tree",
    }
}

impl Rule for EnvFileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for h in &cx.cluster.hosts {
            let Some(c) = &h.container else { continue };
            for missing in &c.env_files_missing {
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!(
                            "env file `{}` of `{}` is not in the tree: the variables it sets were not checked",
                            missing.text, c.name.text
                        ),
                    )
                    .primary(missing.span, "not found next to the compose file")
                    .help("add the env file to the linted tree, or correct its path (relative to the compose file)"),
                );
            }
        }
    }
}
