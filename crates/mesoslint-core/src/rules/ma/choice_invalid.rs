use crate::config::Version;
use crate::declare_rule;
use crate::parse::did_you_mean;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{agents, uses_mesos_containerizer, AgentExit};

declare_rule! {
    /// ## What it does
    /// Checks the Mesos containerizer's choices against the names the agent knows:
    /// - `launcher`: `linux` or `posix` (Linux builds, 0.25+);
    /// - `image_providers`: a comma list of `APPC` and `DOCKER`, in any case (0.25+);
    /// - `image_provisioner_backend`: `copy`, `bind`, `overlay` or `aufs` (1.2+).
    ///
    /// The checks apply when `containerizers` includes `mesos` (the default). Whether the
    /// host's filesystem supports `overlay` or `aufs` is decided on the host.
    ///
    /// ## Why is this bad?
    /// The agent exits at start: "Failed to create a containerizer: Could not create
    /// MesosContainerizer: Failed to create launcher: Unknown or unsupported launcher:
    /// <l>", "Failed to create provisioner: Unknown image type '<t>'", "The specified
    /// provisioner backend '<b>' is not supported: Not found".
    ///
    /// ## Example
    /// ### Invalid: a misspelt backend
    /// ```text file:etc/mesos-slave/image_provisioner_backend
    /// overlayfs
    /// ```
    /// ### Invalid: an image type that does not exist
    /// ```text file:etc/mesos-slave/image_providers
    /// docker,oci
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/image_provisioner_backend
    /// overlay
    /// ```
    ///
    /// ## How to fix
    /// Use one of the names listed above.
    ///
    /// ## References
    /// - apache/mesos `src/slave/containerizer/mesos/containerizer.cpp`
    ///   (`MesosContainerizer::create`, the launcher), `provisioner/store.cpp`
    ///   (`Store::create`), `provisioner/provisioner.cpp` (`Provisioner::create`),
    ///   `provisioner/constants.hpp` (backend names), `include/mesos/mesos.proto`
    ///   (`Image.Type`).
    pub struct ChoiceInvalid {
        code: "MA010",
        name: "containerizer-choice-invalid",
        severity: Error,
        summary: "The agent's launcher, image providers or provisioner backend is not one it knows",
    }
}

const LAUNCHERS: &[&str] = &["linux", "posix"];
const IMAGE_TYPES: &[&str] = &["APPC", "DOCKER"];
const BACKENDS: &[&str] = &["copy", "bind", "overlay", "aufs"];

impl Rule for ChoiceInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            if uses_mesos_containerizer(agent) != Some(true) {
                continue;
            }
            let report = |sink: &mut Sink, flag: &str, bad: &str, known: &[&str], since, daemon| {
                let help = match did_you_mean(bad, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of {}", known.join(", ")),
                };
                // Only a value that is set can be misspelt: point at it.
                let span = agent.flags.get(flag).and_then(|d| d.span());
                AgentExit {
                    host,
                    since,
                    what: format!("has `{flag}` `{bad}`, which it does not know"),
                    daemon,
                    help,
                }
                .report(&Self::META, cx, span, sink);
            };
            if let Some(l) = agent.flags.value("launcher") {
                if !LAUNCHERS.contains(&l) {
                    report(
                        sink,
                        "launcher",
                        l,
                        LAUNCHERS,
                        Version::new(0, 25, 0),
                        format!("Failed to create launcher: Unknown or unsupported launcher: {l}"),
                    );
                }
            }
            if let Some(v) = agent.flags.value("image_providers") {
                for t in v.split(',').filter(|t| !t.is_empty()) {
                    if !IMAGE_TYPES.iter().any(|k| k.eq_ignore_ascii_case(t)) {
                        report(
                            sink,
                            "image_providers",
                            t,
                            IMAGE_TYPES,
                            Version::new(0, 25, 0),
                            format!("Failed to create provisioner: Unknown image type '{t}'"),
                        );
                    }
                }
            }
            if let Some(b) = agent.flags.value("image_provisioner_backend") {
                if !BACKENDS.contains(&b) {
                    report(
                        sink,
                        "image_provisioner_backend",
                        b,
                        BACKENDS,
                        Version::new(1, 2, 0),
                        format!(
                            "The specified provisioner backend '{b}' is not supported: Not found"
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn count(files: &[(&str, &str)]) -> usize {
        super::super::util::lint_one("MA010", files, None).1.len()
    }

    #[test]
    fn names() {
        assert_eq!(count(&[("etc/mesos-slave/launcher", "Linux\n")]), 1);
        assert_eq!(count(&[("etc/mesos-slave/launcher", "posix\n")]), 0);
        assert_eq!(
            count(&[("etc/mesos-slave/image_providers", "Docker,appc\n")]),
            0
        );
        assert_eq!(
            count(&[("etc/mesos-slave/image_providers", "docker, appc\n")]),
            1
        );
        assert_eq!(
            count(&[("etc/mesos-slave/image_provisioner_backend", "overlayfs\n")]),
            1
        );
        assert_eq!(
            count(&[("etc/mesos-slave/image_provisioner_backend", "copy\n")]),
            0
        );
        assert_eq!(
            count(&[
                ("etc/mesos-slave/containerizers", "docker\n"),
                ("etc/mesos-slave/launcher", "x\n")
            ]),
            0
        );
    }
}
