use crate::config::Version;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::model::{Host, MesosDaemon};
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{
    agents, flag_or_agent_span, isolation_tokens, since_mesos, uses_mesos_containerizer,
};

declare_rule! {
    /// ## What it does
    /// Checks what the Mesos containerizer's isolators and image provisioner need from the
    /// other agent flags:
    /// - `image_providers` needs the `filesystem/linux` isolator and not `launcher=posix`
    ///   (1.4+), and, when it lists `DOCKER`, the `docker/runtime` isolator (0.28+);
    /// - `filesystem/linux` (1.5+), `namespaces/pid` (1.1+), `namespaces/ipc` (1.9+),
    ///   `volume/host_path` (1.5+), `volume/secret` (1.4+), `linux/devices` (1.7+) and
    ///   `network/ports` (1.5+) need the `linux` launcher;
    /// - `namespaces/pid`, `namespaces/ipc`, `volume/host_path`, `volume/image` (1.2+),
    ///   `volume/secret`, `volume/csi` (1.11), `linux/devices` and `gpu/nvidia` (1.0+) need
    ///   `filesystem/linux`;
    /// - `gpu/nvidia` needs `cgroups/devices` (or, from 1.7, `cgroups/all`);
    /// - `nvidia_gpu_devices` needs `gpu/nvidia` (1.0+);
    /// - `network/cni` with only one of `network_cni_plugins_dir` and
    ///   `network_cni_config_dir` (1.0+);
    /// - `linux/seccomp` without `seccomp_config_dir` (1.8+);
    /// - `network/ports` with both `check_agent_port_range_only` and
    ///   `container_ports_isolated_range` (1.8+).
    ///
    /// Only an explicit `launcher=posix` is reported: when `launcher` is not set the agent
    /// picks `linux` when it runs as root, which the tree does not show. The checks apply when
    /// `containerizers` includes `mesos` (the default).
    ///
    /// ## Why is this bad?
    /// The agent exits at start: "Failed to create a containerizer: Could not create
    /// MesosContainerizer: The 'filesystem/linux' isolator must be enabled for container
    /// image support", "Docker runtime isolator has to be specified if 'DOCKER' is included in
    /// 'image_providers'", "Failed to create isolator 'namespaces/pid': 'filesystem/linux'
    /// must be used to enable pid namespace", "Missing required '--network_cni_config_dir'
    /// flag", "Missing required `--seccomp_config_dir` flag", "Only one of
    /// `--check_agent_port_range_only` or '--container_ports_isolated_range` should be
    /// specified".
    ///
    /// ## Example
    /// ### Invalid: container images without `filesystem/linux`
    /// ```text file:etc/mesos-slave/image_providers
    /// docker
    /// ```
    /// ```text file:etc/mesos-slave/isolation
    /// cgroups/cpu,cgroups/mem,docker/runtime
    /// ```
    /// ### Invalid: a pid namespace without `filesystem/linux`
    /// ```text file:etc/mesos-slave/isolation
    /// cgroups/cpu,cgroups/mem,namespaces/pid
    /// ```
    /// ### Valid
    /// ```text file:etc/mesos-slave/image_providers
    /// docker
    /// ```
    /// ```text file:etc/mesos-slave/isolation
    /// cgroups/cpu,cgroups/mem,filesystem/linux,docker/runtime,namespaces/pid
    /// ```
    ///
    /// ## How to fix
    /// Add the isolator or flag the message names, or drop the isolator that needs it.
    ///
    /// ## References
    /// - apache/mesos `src/slave/containerizer/mesos/containerizer.cpp`
    ///   (`MesosContainerizer::create`), `provisioner/store.cpp` (`Store::create`), and the
    ///   isolators' `create()` under `src/slave/containerizer/mesos/isolators/`
    ///   (`namespaces/pid.cpp`, `namespaces/ipc.cpp`, `volume/*.cpp`, `linux/devices.cpp`,
    ///   `gpu/isolator.cpp`, `gpu/allocator.cpp`, `network/cni/cni.cpp`,
    ///   `linux/seccomp.cpp`, `network/ports.cpp`, `filesystem/linux.cpp`).
    pub struct IsolatorPrerequisites {
        code: "MA009",
        name: "isolator-prerequisite-missing",
        severity: Error,
        summary: "An isolator or image provider lacks an isolator, launcher or flag it needs",
    }
}

/// An isolator's needs: (isolator, needs filesystem/linux since, its message; needs the linux
/// launcher since, its message).
type Need = (
    &'static str,
    Option<(Version, &'static str)>,
    Option<(Version, &'static str)>,
);

const V: fn(u32, u32) -> Version = |a, b| Version::new(a, b, 0);

fn needs() -> [Need; 9] {
    [
        (
            "filesystem/linux",
            None,
            Some((
                V(1, 5),
                "'filesystem/linux' isolator requires 'linux' launcher",
            )),
        ),
        (
            "namespaces/pid",
            Some((
                V(1, 1),
                "'filesystem/linux' must be used to enable pid namespace",
            )),
            Some((
                V(1, 1),
                "'linux' launcher must be used to enable pid namespace",
            )),
        ),
        (
            "namespaces/ipc",
            Some((
                V(1, 9),
                "'filesystem/linux' must be used to enable IPC namespace",
            )),
            Some((
                V(1, 9),
                "The 'linux' launcher must be used to enable the IPC namespace",
            )),
        ),
        (
            "volume/host_path",
            Some((V(1, 5), "'filesystem/linux' isolator must be used")),
            Some((V(1, 5), "'linux' launcher must be used")),
        ),
        (
            "volume/image",
            Some((
                V(1, 2),
                "'filesystem/linux' must be enabled to create the volume image isolator",
            )),
            None,
        ),
        (
            "volume/secret",
            Some((
                V(1, 4),
                "Volume secret isolation requires filesystem/linux isolator.",
            )),
            Some((
                V(1, 4),
                "Volume secret isolation requires filesystem/linux isolator.",
            )),
        ),
        (
            "volume/csi",
            Some((V(1, 11), "'filesystem/linux' isolator must be used")),
            None,
        ),
        (
            "linux/devices",
            Some((V(1, 7), "'filesystem/linux' isolator must be used")),
            Some((V(1, 7), "'linux' launcher must be used")),
        ),
        (
            "network/ports",
            None,
            Some((
                V(1, 5),
                "The 'network/ports' isolator requires the 'linux' launcher",
            )),
        ),
    ]
}

struct Agent<'a> {
    host: &'a Host,
    agent: &'a MesosDaemon,
    tokens: Vec<String>,
}

impl Agent<'_> {
    fn has(&self, isolator: &str) -> bool {
        self.tokens.iter().any(|t| t == isolator)
    }

    /// `strings::contains(flags.isolation, ...)`: several isolators test a substring.
    fn mentions(&self, isolator: &str) -> bool {
        self.tokens.iter().any(|t| t.contains(isolator))
    }

    fn flag(&self, name: &str) -> Option<&str> {
        self.agent.flags.value(name)
    }

    fn set(&self, name: &str) -> bool {
        self.agent.flags.is_set(name)
    }

    #[allow(clippy::too_many_arguments)] // one call site per check, each names all of them
    fn report(
        &self,
        cx: &Context<'_>,
        sink: &mut Sink,
        at: &str,
        since: Version,
        msg: String,
        daemon: &str,
        help: &str,
    ) {
        let Some(scope) = since_mesos(cx.cluster, since) else {
            return;
        };
        let Some(span) = flag_or_agent_span(self.host, self.agent, at) else {
            return;
        };
        sink.report(
            Diagnostic::new(
                &IsolatorPrerequisites::META,
                format!("mesos-agent on `{}` {msg}", self.host.name),
            )
            .primary(span, format!("the agent exits: \"{daemon}\""))
            .note(scope)
            .help(help.to_string()),
        );
    }
}

impl Rule for IsolatorPrerequisites {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for (host, agent) in agents(cx.cluster) {
            if uses_mesos_containerizer(agent) != Some(true) {
                continue;
            }
            let Some(tokens) = isolation_tokens(agent) else {
                continue;
            };
            let a = Agent {
                host,
                agent,
                tokens,
            };
            check_agent(&a, cx, sink);
        }
    }
}

fn check_agent(a: &Agent<'_>, cx: &Context<'_>, sink: &mut Sink) {
    let posix = a.flag("launcher") == Some("posix");
    let fs = a.mentions("filesystem/linux");
    if let Some(providers) = a.flag("image_providers") {
        if !fs {
            a.report(
                cx,
                sink,
                "image_providers",
                V(1, 4),
                "sets `image_providers` without the `filesystem/linux` isolator".into(),
                "The 'filesystem/linux' isolator must be enabled for container image support",
                "add `filesystem/linux` to `isolation`",
            );
        } else if posix {
            a.report(
                cx,
                sink,
                "launcher",
                V(1, 4),
                "sets `image_providers` with `launcher=posix`".into(),
                "The 'linux' launcher must be used for container image support",
                "remove `launcher` (root agents pick `linux`) or set it to `linux`",
            );
        }
        let docker = providers
            .split(',')
            .any(|t| t.eq_ignore_ascii_case("docker"));
        if docker && !a.mentions("docker/runtime") {
            a.report(cx, sink, "image_providers", V(0, 28),
                "lists `DOCKER` in `image_providers` without the `docker/runtime` isolator".into(),
                "Docker runtime isolator has to be specified if 'DOCKER' is included in 'image_providers'. Please add 'docker/runtime' to '--isolation' flags",
                "add `docker/runtime` to `isolation`");
        }
    }
    for (isolator, need_fs, need_launcher) in needs() {
        if !a.has(isolator) {
            continue;
        }
        if let (Some((since, msg)), false) = (need_launcher, !posix) {
            a.report(
                cx,
                sink,
                "launcher",
                since,
                format!("uses the `{isolator}` isolator with `launcher=posix`"),
                msg,
                "remove `launcher` (root agents pick `linux`) or set it to `linux`",
            );
            continue;
        }
        if let (Some((since, msg)), false) = (need_fs, fs) {
            a.report(
                cx,
                sink,
                "isolation",
                since,
                format!("uses the `{isolator}` isolator without `filesystem/linux`"),
                msg,
                "add `filesystem/linux` to `isolation`",
            );
        }
    }
    if a.has("gpu/nvidia") {
        let all_ok = cx.cluster.mesos_at_least(V(1, 7)) != Some(false);
        if !(a.has("cgroups/devices") || all_ok && a.has("cgroups/all")) {
            a.report(cx, sink, "isolation", V(1, 0),
                "uses the `gpu/nvidia` isolator without `cgroups/devices`".into(),
                "The 'cgroups/devices' or 'cgroups/all' isolator must be enabled in order to use the 'gpu/nvidia' isolator",
                "add `cgroups/devices` to `isolation`");
        } else if !a.has("filesystem/linux") {
            a.report(cx, sink, "isolation", V(1, 0),
                "uses the `gpu/nvidia` isolator without `filesystem/linux`".into(),
                "The 'filesystem/linux' isolator must be enabled in order to use the 'gpu/nvidia' isolator",
                "add `filesystem/linux` to `isolation`");
        }
    } else if a.set("nvidia_gpu_devices") {
        a.report(cx, sink, "nvidia_gpu_devices", V(1, 0),
            "sets `nvidia_gpu_devices` without the `gpu/nvidia` isolator".into(),
            "'--nvidia_gpus_devices' can only be specified if the `--isolation` flag contains 'gpu/nvidia'",
            "add `gpu/nvidia` to `isolation`, or remove `nvidia_gpu_devices`");
    }
    if a.has("network/cni") {
        let nonempty = |f: &str| {
            a.agent
                .flags
                .get(f)
                .is_some_and(|d| d.unknown || d.value.as_deref().is_some_and(|v| !v.is_empty()))
        };
        let plugins = a.set("network_cni_plugins_dir");
        let config = a.set("network_cni_config_dir");
        if plugins || config {
            for (flag, other) in [
                ("network_cni_plugins_dir", "network_cni_config_dir"),
                ("network_cni_config_dir", "network_cni_plugins_dir"),
            ] {
                if !nonempty(flag) {
                    a.report(cx, sink, other, V(1, 0),
                        format!("uses `network/cni` with `{other}` but no `{flag}`"),
                        &format!("Failed to create isolator 'network/cni': Missing required '--{flag}' flag"),
                        &format!("set `{flag}` too (or neither of the two)"));
                    break;
                }
            }
        }
    }
    if a.has("linux/seccomp") && !a.set("seccomp_config_dir") {
        a.report(cx, sink, "isolation", V(1, 8),
            "uses the `linux/seccomp` isolator without `seccomp_config_dir`".into(),
            "Failed to create isolator 'linux/seccomp': Missing required `--seccomp_config_dir` flag",
            "set `seccomp_config_dir` to the directory of the seccomp profiles");
    }
    if a.has("network/ports") && !posix {
        let only = a
            .agent
            .flags
            .get("check_agent_port_range_only")
            .is_some_and(|d| {
                !d.negated
                    && matches!(d.known_value(), None | Some("true" | "1" | ""))
                    && !d.unknown
            });
        if only && a.set("container_ports_isolated_range") {
            a.report(cx, sink, "container_ports_isolated_range", V(1, 8),
                "sets both `check_agent_port_range_only` and `container_ports_isolated_range`".into(),
                "Only one of `--check_agent_port_range_only` or '--container_ports_isolated_range` should be specified",
                "keep one of the two flags");
        }
    }
}

#[cfg(test)]
mod tests {
    fn codes(files: &[(&str, &str)], mesos: Option<&str>) -> Vec<String> {
        let (_, diags) = super::super::util::lint_one("MA009", files, mesos);
        diags.into_iter().map(|d| d.message).collect()
    }

    const ISO: &str = "etc/mesos-slave/isolation";

    #[test]
    fn image_providers_need_filesystem_linux_and_docker_runtime() {
        let d = codes(
            &[
                ("etc/mesos-slave/image_providers", "docker\n"),
                (ISO, "cgroups/cpu\n"),
            ],
            None,
        );
        assert_eq!(d.len(), 2, "{d:?}");
        let d = codes(
            &[
                ("etc/mesos-slave/image_providers", "appc\n"),
                (ISO, "filesystem/linux\n"),
            ],
            None,
        );
        assert!(d.is_empty(), "{d:?}");
        let d = codes(
            &[
                ("etc/mesos-slave/image_providers", "DOCKER\n"),
                (ISO, "filesystem/linux,docker/runtime\n"),
                ("etc/mesos-slave/launcher", "posix\n"),
            ],
            None,
        );
        assert_eq!(d.len(), 2, "{d:?}"); // the provider check and filesystem/linux's own
                                         // the docker containerizer alone: the Mesos containerizer is not created
        let d = codes(
            &[
                ("etc/mesos-slave/containerizers", "docker\n"),
                ("etc/mesos-slave/image_providers", "docker\n"),
            ],
            None,
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn versions_follow_the_target() {
        let files = [(ISO, "namespaces/ipc\n")];
        assert_eq!(codes(&files, None).len(), 1);
        assert!(codes(&files, Some("1.8")).is_empty());
        assert_eq!(codes(&files, Some("1.9")).len(), 1);
    }

    #[test]
    fn gpu_cni_seccomp_ports() {
        assert_eq!(
            codes(&[(ISO, "gpu/nvidia,filesystem/linux\n")], None).len(),
            1
        );
        assert!(codes(&[(ISO, "gpu/nvidia,cgroups/all,filesystem/linux\n")], None).is_empty());
        assert_eq!(
            codes(
                &[(ISO, "gpu/nvidia,cgroups/all,filesystem/linux\n")],
                Some("1.6")
            )
            .len(),
            1
        );
        assert_eq!(
            codes(&[("etc/mesos-slave/nvidia_gpu_devices", "[0]\n")], None).len(),
            1
        );
        assert_eq!(
            codes(
                &[
                    (ISO, "network/cni\n"),
                    ("etc/mesos-slave/network_cni_config_dir", "/etc/cni\n")
                ],
                None
            )
            .len(),
            1
        );
        assert!(codes(&[(ISO, "network/cni\n")], None).is_empty());
        assert_eq!(codes(&[(ISO, "linux/seccomp\n")], None).len(), 1);
        let both = [
            (ISO, "network/ports\n"),
            ("etc/mesos-slave/?check_agent_port_range_only", ""),
            (
                "etc/mesos-slave/container_ports_isolated_range",
                "[31000-32000]\n",
            ),
        ];
        assert_eq!(codes(&both, None).len(), 1);
        assert!(codes(&both, Some("1.7")).is_empty());
    }
}
