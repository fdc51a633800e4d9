//! The flag tables as data (DOMAIN.md §2.1, §2.4, §2.6, §1.2-1.3, §4.1-4.2): every master and
//! agent flag at Mesos HEAD (with deprecated aliases, logging and common flags), removed
//! flags, Marathon's flags, and the init-wrapper's special variables.

use super::did_you_mean;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagType {
    Bool,
    Int,
    Uint,
    Float,
    Duration,
    Bytes,
    String,
    Path,
    Json,
    /// zk/master: zk:// or file:// (SecurePathOrValue)
    Url,
    Enum(&'static [&'static str]),
    /// <int>/<Duration>
    Rate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagInfo {
    pub name: &'static str,
    pub ty: FlagType,
    /// As the daemon prints it ("1mins", "5050").
    pub default: Option<&'static str>,
    /// Deprecated alias -> new name.
    pub alias_of: Option<&'static str>,
    /// Exists only in some builds (Linux, SSL, port-mapping, ...).
    pub build_specific: bool,
    /// One short line.
    pub help: &'static str,
}

use FlagType as T;

const fn opt(s: &'static str) -> Option<&'static str> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// A flag: name, type, default ("" = none), help.
const fn f(
    name: &'static str,
    ty: FlagType,
    default: &'static str,
    help: &'static str,
) -> FlagInfo {
    FlagInfo {
        name,
        ty,
        default: opt(default),
        alias_of: None,
        build_specific: false,
        help,
    }
}

/// A flag present only in some builds.
const fn b(
    name: &'static str,
    ty: FlagType,
    default: &'static str,
    help: &'static str,
) -> FlagInfo {
    FlagInfo {
        name,
        ty,
        default: opt(default),
        alias_of: None,
        build_specific: true,
        help,
    }
}

/// A deprecated alias of `target`.
const fn a(
    name: &'static str,
    target: &'static str,
    ty: FlagType,
    build_specific: bool,
) -> FlagInfo {
    FlagInfo {
        name,
        ty,
        default: None,
        alias_of: Some(target),
        build_specific,
        help: "deprecated alias",
    }
}

pub const REGISTRY_VALUES: &[&str] = &["replicated_log", "in_memory", "log_storage"];
pub const SORTER_VALUES: &[&str] = &["drf", "random"];
pub const LOGGING_LEVELS: &[&str] = &["INFO", "WARNING", "ERROR"];
pub const RECOVER_VALUES: &[&str] = &["reconnect", "cleanup"];
pub const RECONFIGURATION_POLICIES: &[&str] = &["equal", "additive"];
pub const MARATHON_LOGGING_LEVELS: &[&str] = &[
    "off", "fatal", "error", "warn", "info", "debug", "trace", "all",
];
pub const LEADER_ELECTION_BACKENDS: &[&str] = &["curator", "twitter_commons"];

/// Logging flags (`src/logging/flags.cpp`) and `help`, shared by both daemons.
#[rustfmt::skip]
const COMMON: [FlagInfo; 7] = [
    f("help", T::Bool, "false", "print the help message and exit"),
    f("quiet", T::Bool, "false", "disable logging to stderr"),
    f("log_dir", T::String, "", "directory for log files (none: nothing written to disk)"),
    f("logbufsecs", T::Int, "0", "seconds to buffer log messages"),
    f("logging_level", T::Enum(LOGGING_LEVELS), "INFO", "log at or above this level"),
    f("initialize_driver_logging", T::Bool, "true", "initialise glog for scheduler/executor drivers"),
    f("external_log_file", T::String, "", "externally managed log file shown in the web UI"),
];

#[rustfmt::skip]
const MASTER_OWN: &[FlagInfo] = &[
    f("acls", T::Json, "", "access control lists (JSON or file://)"),
    f("advertise_ip", T::String, "", "IP address advertised to reach the master"),
    f("advertise_port", T::String, "", "port advertised to reach the master"),
    f("agent_ping_timeout", T::Duration, "15secs", "time to wait for an agent ping reply (1secs-15mins)"),
    f("agent_removal_rate_limit", T::Rate, "", "max rate of agent removals, <count>/<duration>"),
    f("agent_reregister_timeout", T::Duration, "10mins", "time for agents to re-register after failover (>= 10mins)"),
    f("allocation_interval", T::Duration, "1secs", "time between batch allocations"),
    f("allocator", T::String, "HierarchicalDRF", "allocator to use"),
    f("allocator_agent_recovery_factor", T::Float, "0.8", "fraction of agents to wait for before allocating after failover"),
    f("allocator_recovery_timeout", T::Duration, "10mins", "max time the allocator waits for agents after failover"),
    a("authenticate", "authenticate_frameworks", T::Bool, false),
    f("authenticate_agents", T::Bool, "false", "only authenticated agents may register"),
    f("authenticate_frameworks", T::Bool, "false", "only authenticated frameworks may register"),
    a("authenticate_http", "authenticate_http_readwrite", T::Bool, false),
    f("authenticate_http_frameworks", T::Bool, "false", "require authentication for HTTP frameworks"),
    f("authenticate_http_readonly", T::Bool, "false", "require authentication for read-only HTTP endpoints"),
    f("authenticate_http_readwrite", T::Bool, "false", "require authentication for read-write HTTP endpoints"),
    a("authenticate_slaves", "authenticate_agents", T::Bool, false),
    f("authentication_v0_timeout", T::Duration, "15secs", "timeout for v0 framework/agent authentication"),
    f("authenticators", T::String, "crammd5", "authenticator modules"),
    f("authorizers", T::String, "local", "authorizer modules"),
    f("cluster", T::String, "", "cluster name shown in the web UI"),
    f("credentials", T::Path, "", "file with principals and secrets"),
    f("domain", T::Json, "", "fault domain of the master"),
    f("fair_sharing_excluded_resource_names", T::String, "", "resources excluded from fair sharing"),
    f("filter_gpu_resources", T::Bool, "true", "offer GPU agents only to GPU-aware frameworks"),
    f("firewall_rules", T::Json, "", "endpoint firewall rules"),
    f("framework_sorter", T::Enum(SORTER_VALUES), "drf", "policy for sharing among frameworks in a role"),
    f("hooks", T::String, "", "hook modules"),
    f("hostname", T::String, "", "hostname the master advertises"),
    f("hostname_lookup", T::Bool, "true", "resolve the hostname when --hostname is not given"),
    f("http_authenticators", T::String, "basic", "HTTP authenticator modules"),
    f("http_framework_authenticators", T::String, "", "HTTP authenticators for frameworks"),
    f("ip", T::String, "", "IPv4 address to listen on"),
    f("ip_discovery_command", T::String, "", "command printing the IP to listen on"),
    f("log_auto_initialize", T::Bool, "true", "auto-initialise the replicated log"),
    f("master_contender", T::String, "", "master contender module"),
    f("master_detector", T::String, "", "master detector module"),
    f("max_agent_ping_timeouts", T::Uint, "5", "missed pings before an agent is removed"),
    f("max_completed_frameworks", T::Uint, "50", "completed frameworks kept in memory"),
    f("max_completed_tasks_per_framework", T::Uint, "1000", "completed tasks kept per framework"),
    b("max_executors_per_agent", T::Uint, "", "max executors per agent (port-mapping builds)"),
    a("max_executors_per_slave", "max_executors_per_agent", T::Uint, true),
    f("max_operator_event_stream_subscribers", T::Uint, "1000", "max operator event stream subscribers"),
    a("max_slave_ping_timeouts", "max_agent_ping_timeouts", T::Uint, false),
    f("max_unreachable_tasks_per_framework", T::Uint, "1000", "unreachable tasks kept per framework"),
    f("memory_profiling", T::Bool, "false", "enable memory profiling"),
    f("min_allocatable_resources", T::String, "cpus:0.01|mem:32", "smallest resources offered"),
    f("modules", T::Json, "", "modules to load (excludes --modules_dir)"),
    f("modules_dir", T::Path, "", "directory of module manifests (excludes --modules)"),
    f("offer_constraints_re2_max_mem", T::Bytes, "", "memory limit of offer-constraint regexes"),
    f("offer_constraints_re2_max_program_size", T::Uint, "", "size limit of offer-constraint regexes"),
    f("offer_timeout", T::Duration, "", "time before unused offers are rescinded"),
    f("port", T::Uint, "5050", "port to listen on"),
    f("publish_per_framework_metrics", T::Bool, "true", "publish per-framework metrics"),
    f("quorum", T::Int, "", "size of the replicated-log quorum (> masters/2)"),
    f("rate_limits", T::Json, "", "framework rate limits"),
    f("recovery_agent_removal_limit", T::String, "100%", "max percentage of agents removed after failover"),
    a("recovery_slave_removal_limit", "recovery_agent_removal_limit", T::String, false),
    f("registry", T::Enum(REGISTRY_VALUES), "replicated_log", "registry persistence strategy"),
    f("registry_fetch_timeout", T::Duration, "1mins", "timeout for registry fetches"),
    f("registry_gc_interval", T::Duration, "15mins", "interval of registry garbage collection"),
    f("registry_max_agent_age", T::Duration, "2weeks", "age after which removed agents are forgotten"),
    f("registry_max_agent_count", T::Uint, "102400", "max removed agents remembered"),
    f("registry_store_timeout", T::Duration, "20secs", "timeout for registry stores"),
    f("registry_strict", T::Bool, "false", "disabled since 1.0: true makes the master exit"),
    f("require_agent_domain", T::Bool, "false", "agents must declare a fault domain"),
    f("role_sorter", T::Enum(SORTER_VALUES), "drf", "policy for sharing among roles"),
    f("roles", T::String, "", "deprecated: allowed roles"),
    f("root_submissions", T::Bool, "true", "allow root to submit frameworks"),
    a("slave_ping_timeout", "agent_ping_timeout", T::Duration, false),
    a("slave_removal_rate_limit", "agent_removal_rate_limit", T::Rate, false),
    a("slave_reregister_timeout", "agent_reregister_timeout", T::Duration, false),
    a("user_sorter", "role_sorter", T::Enum(SORTER_VALUES), false),
    f("version", T::Bool, "false", "print the version and exit"),
    f("webui_dir", T::String, "", "directory of the web UI"),
    f("weights", T::String, "", "deprecated: role weights"),
    f("whitelist", T::Path, "", "file listing agents allowed to register"),
    f("work_dir", T::String, "", "directory for the replicated log (not /tmp)"),
    f("zk", T::Url, "", "zk://[user:pass@]host:port,.../path or file://"),
    f("zk_session_timeout", T::Duration, "10secs", "ZooKeeper session timeout"),
];

#[rustfmt::skip]
const AGENT_OWN: &[FlagInfo] = &[
    f("acls", T::Json, "", "access control lists (JSON or file://)"),
    f("advertise_ip", T::String, "", "IP address advertised to reach the agent"),
    f("advertise_port", T::String, "", "port advertised to reach the agent"),
    f("agent_features", T::Json, "", "agent capabilities (JSON)"),
    b("agent_subsystems", T::String, "", "cgroup subsystems for the agent itself (Linux)"),
    a("allowed_capabilities", "effective_capabilities", T::Json, true),
    b("allowed_devices", T::Json, "", "devices containers may access (Linux)"),
    f("appc_simple_discovery_uri_prefix", T::String, "http://", "URI prefix for appc simple discovery"),
    f("appc_store_dir", T::String, "/tmp/mesos/store/appc", "appc image store directory"),
    f("attributes", T::String, "", "agent attributes key:value;..."),
    b("authenticate_http_executors", T::Bool, "false", "require executors to authenticate (SSL builds)"),
    f("authenticate_http_readonly", T::Bool, "false", "require authentication for read-only HTTP endpoints"),
    f("authenticate_http_readwrite", T::Bool, "false", "require authentication for read-write HTTP endpoints"),
    f("authenticatee", T::String, "crammd5", "authenticatee module"),
    f("authentication_backoff_factor", T::Duration, "1secs", "authentication retry backoff factor"),
    f("authentication_timeout_max", T::Duration, "1mins", "max authentication timeout"),
    f("authentication_timeout_min", T::Duration, "5secs", "min authentication timeout"),
    f("authorizer", T::String, "local", "authorizer module"),
    b("bounding_capabilities", T::Json, "", "bounding capabilities of containers (Linux)"),
    b("cgroups_cpu_enable_pids_and_tids_count", T::Bool, "false", "count pids/tids in cpu stats (Linux)"),
    b("cgroups_destroy_timeout", T::Duration, "1mins", "time to destroy a cgroup (Linux)"),
    b("cgroups_enable_cfs", T::Bool, "false", "hard CPU limits with CFS (Linux)"),
    b("cgroups_hierarchy", T::String, "/sys/fs/cgroup", "cgroup hierarchy root (Linux)"),
    b("cgroups_limit_swap", T::Bool, "false", "limit swap too (Linux)"),
    b("cgroups_net_cls_primary_handle", T::String, "", "net_cls primary handle (Linux)"),
    b("cgroups_net_cls_secondary_handles", T::String, "", "net_cls secondary handle range (Linux)"),
    b("cgroups_root", T::String, "mesos", "cgroup under which containers live (Linux)"),
    b("check_agent_port_range_only", T::Bool, "false", "only check ports in the agent's range (network/ports)"),
    f("container_disk_watch_interval", T::Duration, "15secs", "interval of disk quota checks"),
    f("container_logger", T::String, "", "container logger module"),
    b("container_ports_isolated_range", T::String, "", "ports isolated by network/ports"),
    b("container_ports_watch_interval", T::Duration, "30secs", "interval of network/ports checks"),
    f("containerizers", T::String, "mesos", "comma list: mesos, docker"),
    f("credential", T::Path, "", "file with the agent's principal and secret"),
    f("csi_plugin_config_dir", T::Path, "", "directory of CSI plugin configs"),
    f("default_container_dns", T::Json, "", "default DNS for containers"),
    f("default_container_info", T::Json, "", "default ContainerInfo for containers"),
    b("default_container_shm_size", T::Bytes, "", "default /dev/shm size (Linux)"),
    f("default_role", T::String, "*", "role for resources without one"),
    b("disallow_sharing_agent_ipc_namespace", T::Bool, "false", "forbid sharing the agent's IPC namespace (Linux)"),
    b("disallow_sharing_agent_pid_namespace", T::Bool, "false", "forbid sharing the agent's PID namespace (Linux)"),
    f("disk_profile_adaptor", T::String, "", "disk profile adaptor module"),
    f("disk_watch_interval", T::Duration, "1mins", "interval of disk usage checks"),
    f("docker", T::String, "docker", "path of the docker CLI"),
    f("docker_config", T::Json, "", "docker config (auth) for image pulls"),
    f("docker_ignore_runtime", T::Bool, "false", "ignore docker image runtime config"),
    f("docker_kill_orphans", T::Bool, "true", "kill orphaned docker containers"),
    f("docker_mesos_image", T::String, "", "image of the agent when it runs in docker"),
    f("docker_registry", T::String, "https://registry-1.docker.io", "default docker registry"),
    f("docker_remove_delay", T::Duration, "6hrs", "delay before removing docker containers"),
    f("docker_socket", T::String, "/var/run/docker.sock", "docker daemon socket"),
    f("docker_stop_timeout", T::Duration, "0ns", "deprecated: use the task kill policy"),
    f("docker_store_dir", T::String, "/tmp/mesos/store/docker", "docker image store directory"),
    f("docker_volume_checkpoint_dir", T::String, "/var/run/mesos/isolators/docker/volume", "docker volume checkpoint directory"),
    f("docker_volume_chown", T::Bool, "false", "chown docker volumes to the task user"),
    f("domain", T::Json, "", "fault domain of the agent"),
    f("domain_socket_location", T::String, "", "location of the executor domain socket"),
    b("effective_capabilities", T::Json, "", "capabilities granted to containers (Linux)"),
    b("egress_burst", T::Bytes, "", "egress burst size (port-mapping)"),
    b("egress_ceil_limit", T::Bytes, "", "egress ceiling (port-mapping)"),
    b("egress_flow_classifier_parent", T::String, "", "egress flow classifier parent (port-mapping)"),
    b("egress_rate_limit_per_container", T::Bytes, "", "egress rate limit per container (port-mapping)"),
    b("egress_rate_per_cpu", T::Bytes, "", "egress rate per CPU (port-mapping)"),
    b("egress_unique_flow_per_container", T::Bool, "false", "unique egress flow per container (port-mapping)"),
    f("enforce_container_disk_quota", T::Bool, "false", "kill containers over their disk quota"),
    b("enforce_container_ports", T::Bool, "false", "kill containers using unallocated ports (network/ports)"),
    b("ephemeral_ports_per_container", T::Uint, "1024", "ephemeral ports per container (port-mapping)"),
    b("eth0_name", T::String, "", "public interface name (port-mapping)"),
    f("executor_environment_variables", T::Json, "", "environment for executors"),
    f("executor_registration_timeout", T::Duration, "1mins", "time for an executor to register (covers image pull and fetch)"),
    f("executor_reregistration_retry_interval", T::Duration, "", "retry interval for executor re-registration"),
    f("executor_reregistration_timeout", T::Duration, "2secs", "time for executors to re-register (<= 15secs)"),
    a("executor_secret_key", "jwt_secret_key", T::Path, true),
    f("executor_shutdown_grace_period", T::Duration, "5secs", "grace period for executor shutdown"),
    f("fetcher_cache_dir", T::String, "/tmp/mesos/fetch", "fetcher cache directory"),
    f("fetcher_cache_size", T::Bytes, "2GB", "fetcher cache size"),
    f("fetcher_stall_timeout", T::Duration, "1mins", "time a fetch may stall"),
    f("firewall_rules", T::Json, "", "endpoint firewall rules"),
    f("frameworks_home", T::String, "", "directory prepended to relative executor paths"),
    f("gc_delay", T::Duration, "1weeks", "max time before sandboxes are garbage-collected"),
    f("gc_disk_headroom", T::Float, "0.1", "disk headroom for sandbox garbage collection"),
    f("gc_non_executor_container_sandboxes", T::Bool, "false", "garbage-collect nested container sandboxes"),
    f("hadoop_home", T::String, "", "Hadoop home for hdfs:// fetches"),
    f("hooks", T::String, "", "hook modules"),
    b("host_path_volume_force_creation", T::String, "", "host paths created for volumes (Linux)"),
    f("hostname", T::String, "", "hostname the agent advertises"),
    f("hostname_lookup", T::Bool, "true", "resolve the hostname when --hostname is not given"),
    f("http_authenticators", T::String, "basic", "HTTP authenticator modules"),
    f("http_command_executor", T::Bool, "false", "use the HTTP command executor"),
    f("http_credentials", T::Path, "", "file with HTTP credentials"),
    f("http_executor_domain_sockets", T::Bool, "false", "executors talk over a domain socket"),
    f("http_heartbeat_interval", T::Duration, "30secs", "heartbeat interval of HTTP streams"),
    f("image_gc_config", T::Json, "", "container image garbage collection"),
    f("image_providers", T::String, "", "comma list: APPC, DOCKER (needs filesystem/linux)"),
    f("image_provisioner_backend", T::String, "", "image provisioner backend"),
    b("ingress_burst", T::Bytes, "", "ingress burst size (port-mapping)"),
    b("ingress_ceil_limit", T::Bytes, "", "ingress ceiling (port-mapping)"),
    b("ingress_isolate_existing_containers", T::Bool, "false", "ingress isolation for existing containers (port-mapping)"),
    b("ingress_rate_limit_per_container", T::Bytes, "", "ingress rate limit per container (port-mapping)"),
    b("ingress_rate_per_cpu", T::Bytes, "", "ingress rate per CPU (port-mapping)"),
    f("ip", T::String, "", "IPv4 address to listen on"),
    f("ip6", T::String, "", "IPv6 address to advertise"),
    f("ip6_discovery_command", T::String, "", "command printing the IPv6 address"),
    f("ip_discovery_command", T::String, "", "command printing the IP to listen on"),
    f("isolation", T::String, "posix/cpu,posix/mem", "comma list of isolators"),
    b("jwt_secret_key", T::Path, "", "key for executor authentication tokens (SSL builds)"),
    f("launcher", T::String, "", "linux or posix (default: linux when possible)"),
    f("launcher_dir", T::String, "", "directory of Mesos helper binaries"),
    b("lo_name", T::String, "", "loopback interface name (port-mapping)"),
    f("master", T::Url, "", "host:port, zk://host:port,.../path or file://"),
    f("master_detector", T::String, "", "master detector module"),
    f("max_completed_executors_per_framework", T::Uint, "150", "completed executors kept per framework"),
    b("maximum_egress_rate_limit", T::Bytes, "", "max egress rate (port-mapping)"),
    b("maximum_ingress_rate_limit", T::Bytes, "", "max ingress rate (port-mapping)"),
    f("memory_profiling", T::Bool, "false", "enable memory profiling"),
    b("minimum_egress_rate_limit", T::Bytes, "", "min egress rate (port-mapping)"),
    b("minimum_ingress_rate_limit", T::Bytes, "", "min ingress rate (port-mapping)"),
    f("modules", T::Json, "", "modules to load (excludes --modules_dir)"),
    f("modules_dir", T::Path, "", "directory of module manifests (excludes --modules)"),
    f("network_cni_config_dir", T::String, "", "directory of CNI network configs"),
    f("network_cni_metrics", T::Bool, "true", "collect CNI network metrics"),
    f("network_cni_plugins_dir", T::String, "", "directories of CNI plugins"),
    f("network_cni_root_dir_persist", T::Bool, "false", "keep the CNI root dir across reboots"),
    b("network_enable_rate_statistics", T::Bool, "", "network rate statistics (port-mapping)"),
    b("network_enable_snmp_statistics", T::Bool, "false", "SNMP statistics (port-mapping)"),
    b("network_enable_socket_statistics_details", T::Bool, "false", "socket statistics details (port-mapping)"),
    b("network_enable_socket_statistics_summary", T::Bool, "false", "socket statistics summary (port-mapping)"),
    b("network_link_speed", T::Bytes, "", "link speed (port-mapping)"),
    b("network_rate_statistics_interval", T::Duration, "", "rate statistics sampling interval (port-mapping)"),
    b("network_rate_statistics_window", T::Duration, "", "rate statistics window (port-mapping)"),
    b("nvidia_gpu_devices", T::String, "", "GPUs offered by the agent (Linux)"),
    f("oversubscribed_resources_interval", T::Duration, "15secs", "interval of oversubscription updates"),
    b("perf_duration", T::Duration, "10secs", "perf sampling duration (Linux)"),
    b("perf_events", T::String, "", "perf events to sample (Linux)"),
    b("perf_interval", T::Duration, "1mins", "perf sampling interval (Linux)"),
    f("port", T::Uint, "5051", "port to listen on"),
    f("qos_controller", T::String, "", "QoS controller module"),
    f("qos_correction_interval_min", T::Duration, "0ns", "min interval of QoS corrections"),
    f("reconfiguration_policy", T::Enum(RECONFIGURATION_POLICIES), "equal", "agent changes allowed on restart"),
    f("recover", T::Enum(RECOVER_VALUES), "reconnect", "reconnect or cleanup on recovery"),
    f("recovery_timeout", T::Duration, "15mins", "time to recover before executors exit"),
    f("registration_backoff_factor", T::Duration, "1secs", "registration retry backoff (< 1mins)"),
    f("resource_estimator", T::String, "", "resource estimator module"),
    f("resource_provider_config_dir", T::Path, "", "directory of resource provider configs"),
    f("resources", T::String, "", "agent resources name:value;... or JSON"),
    b("revocable_cpu_low_priority", T::Bool, "true", "run revocable CPU at low priority (Linux)"),
    f("runtime_dir", T::String, "/var/run/mesos", "runtime state directory"),
    f("sandbox_directory", T::String, "/mnt/mesos/sandbox", "sandbox path inside containers"),
    b("seccomp_config_dir", T::Path, "", "directory of seccomp profiles (seccomp builds)"),
    b("seccomp_profile_name", T::String, "", "default seccomp profile (seccomp builds)"),
    f("secret_resolver", T::String, "", "secret resolver module"),
    a("slave_subsystems", "agent_subsystems", T::String, true),
    f("strict", T::Bool, "true", "fail recovery on any error"),
    f("switch_user", T::Bool, "true", "run tasks as the framework user"),
    b("systemd_enable_support", T::Bool, "true", "run executors in a separate systemd slice (Linux)"),
    b("systemd_runtime_directory", T::String, "/run/systemd/system", "systemd runtime directory (Linux)"),
    f("version", T::Bool, "false", "print the version and exit"),
    f("volume_gid_range", T::String, "", "gids for shared volumes"),
    f("work_dir", T::String, "", "agent work directory (required since 1.0; not /tmp)"),
    b("xfs_kill_containers", T::Bool, "false", "kill containers over their XFS quota (XFS)"),
    b("xfs_project_range", T::String, "[5000-10000]", "XFS project ids (XFS)"),
    b("xfs_quota_headroom", T::Bytes, "", "headroom above the XFS quota (XFS)"),
    f("zk_session_timeout", T::Duration, "10secs", "ZooKeeper session timeout"),
];

const fn concat<const N: usize>(own: &[FlagInfo]) -> [FlagInfo; N] {
    let mut out = [COMMON[0]; N];
    let mut i = 0;
    while i < own.len() {
        out[i] = own[i];
        i += 1;
    }
    let mut j = 0;
    while j < COMMON.len() {
        out[own.len() + j] = COMMON[j];
        j += 1;
    }
    out
}

const MASTER_ALL: [FlagInfo; MASTER_OWN.len() + COMMON.len()] = concat(MASTER_OWN);
const AGENT_ALL: [FlagInfo; AGENT_OWN.len() + COMMON.len()] = concat(AGENT_OWN);

/// Every master flag at HEAD, including logging and common flags and deprecated aliases.
pub static MASTER_FLAGS: &[FlagInfo] = &MASTER_ALL;
/// Every agent flag at HEAD, including logging and common flags and deprecated aliases.
pub static AGENT_FLAGS: &[FlagInfo] = &AGENT_ALL;

/// Agent flags removed over time; old configs carry them and new agents reject them.
pub static REMOVED_AGENT_FLAGS: &[(&str, &str)] = &[
    ("checkpoint", "removed in 0.22 (checkpointing is always on)"),
    ("cgroups_subsystems", "removed in 0.22"),
    ("resource_monitoring_interval", "removed before 1.0"),
    (
        "docker_sandbox_directory",
        "removed before 1.0; use sandbox_directory",
    ),
    (
        "containerizer_path",
        "removed before 1.0 (external containerizer)",
    ),
    (
        "default_container_image",
        "removed before 1.0 (external containerizer)",
    ),
];

/// Master flags removed over time. DOMAIN.md's diffs found none that are not still accepted
/// as deprecated aliases, so this is empty.
pub static REMOVED_MASTER_FLAGS: &[(&str, &str)] = &[];

type FlagIndex = crate::FastMap<&'static str, &'static FlagInfo>;

static MASTER_INDEX: std::sync::OnceLock<FlagIndex> = std::sync::OnceLock::new();
static AGENT_INDEX: std::sync::OnceLock<FlagIndex> = std::sync::OnceLock::new();

/// A flag table's entries by name, built on first use (every flag of every host is looked up,
/// several times, and the tables hold about 150 flags). The first entry of a name wins, as in
/// a scan of the table.
fn find(
    table: &'static [FlagInfo],
    index: &'static std::sync::OnceLock<FlagIndex>,
    name: &str,
) -> Option<&'static FlagInfo> {
    index
        .get_or_init(|| {
            let mut map = FlagIndex::with_capacity_and_hasher(table.len(), Default::default());
            for f in table {
                map.entry(f.name).or_insert(f);
            }
            map
        })
        .get(name)
        .copied()
}

fn suggest(table: &'static [FlagInfo], name: &str) -> Option<&'static str> {
    did_you_mean(
        name,
        table
            .iter()
            .filter(|f| f.alias_of.is_none())
            .map(|f| f.name),
    )
}

/// A master flag by name (lower-cased by the caller).
pub fn master_flag(name: &str) -> Option<&'static FlagInfo> {
    find(MASTER_FLAGS, &MASTER_INDEX, name)
}

/// An agent flag by name (lower-cased by the caller).
pub fn agent_flag(name: &str) -> Option<&'static FlagInfo> {
    find(AGENT_FLAGS, &AGENT_INDEX, name)
}

/// The master flag a misspelt name most likely meant.
pub fn suggest_master_flag(name: &str) -> Option<&'static str> {
    suggest(MASTER_FLAGS, name)
}

/// The agent flag a misspelt name most likely meant.
pub fn suggest_agent_flag(name: &str) -> Option<&'static str> {
    suggest(AGENT_FLAGS, name)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarathonFlag {
    pub name: &'static str,
    /// ms values are Int (milliseconds).
    pub ty: FlagType,
    pub default: Option<&'static str>,
    /// `--x` / `--disable_x`.
    pub toggle: bool,
    pub deprecated_in: Option<(u32, u32)>,
    pub removed_in: Option<(u32, u32)>,
    pub since: Option<(u32, u32)>,
    pub help: &'static str,
}

/// A Marathon option: name, type, default ("" = none), help.
const fn m(
    name: &'static str,
    ty: FlagType,
    default: &'static str,
    help: &'static str,
) -> MarathonFlag {
    MarathonFlag {
        name,
        ty,
        default: opt(default),
        toggle: false,
        deprecated_in: None,
        removed_in: None,
        since: None,
        help,
    }
}

/// A Marathon toggle `--x` / `--disable_x`; default "enabled" or "disabled".
const fn tg(name: &'static str, default: &'static str, help: &'static str) -> MarathonFlag {
    MarathonFlag {
        name,
        ty: FlagType::Bool,
        default: opt(default),
        toggle: true,
        deprecated_in: None,
        removed_in: None,
        since: None,
        help,
    }
}

impl MarathonFlag {
    const fn since(mut self, v: (u32, u32)) -> Self {
        self.since = Some(v);
        self
    }
    const fn deprecated(mut self, v: (u32, u32)) -> Self {
        self.deprecated_in = Some(v);
        self
    }
    const fn removed(mut self, v: (u32, u32)) -> Self {
        self.removed_in = Some(v);
        self
    }
}

/// Marathon's command-line options (DOMAIN.md §4.1-4.2, v1.4 docs and HEAD).
#[rustfmt::skip]
pub static MARATHON_FLAGS: &[MarathonFlag] = &[
    m("access_control_allow_origin", T::String, "", "allowed origins for HTTP requests"),
    m("artifact_store", T::String, "", "URL of the artifact store").deprecated((1, 4)).removed((1, 5)),
    tg("checkpoint", "enabled", "enable task checkpointing on agents"),
    m("decline_offer_duration", T::Int, "120000", "ms to decline unused offers"),
    m("default_accepted_resource_roles", T::String, "", "default acceptedResourceRoles (non-empty)").removed((1, 10)),
    m("default_network_name", T::String, "", "network for apps that name none"),
    m("disable_http", T::Bool, "", "disable the plain HTTP listener"),
    m("enable_features", T::String, "", "comma list of optional features"),
    m("env_vars_prefix", T::String, "", "prefix of task environment variables"),
    m("event_stream_max_outstanding_messages", T::Int, "50", "buffered events per event-stream client"),
    m("event_subscriber", T::String, "", "event subscriber (http_callback)").deprecated((1, 4)).removed((1, 5)),
    m("executor", T::String, "//cmd", "default executor"),
    m("failover_timeout", T::Int, "604800", "seconds Mesos keeps tasks after Marathon disconnects"),
    m("framework_name", T::String, "marathon", "framework name registered with Mesos"),
    tg("ha", "enabled", "run in high-availability mode"),
    m("hostname", T::String, "", "hostname advertised to Mesos (default: local hostname)"),
    m("http_address", T::String, "", "address for HTTP"),
    tg("http_compression", "enabled", "compress HTTP responses"),
    m("http_credentials", T::String, "", "user:password for HTTP basic auth"),
    m("http_endpoints", T::String, "", "http_callback URLs").deprecated((1, 4)).removed((1, 5)),
    m("http_event_callback_slow_consumer_timeout", T::Int, "10000", "ms before a slow callback consumer is dropped").removed((1, 5)),
    m("http_port", T::Int, "8080", "HTTP port"),
    m("http_realm", T::String, "Mesosphere", "HTTP basic-auth realm"),
    m("https_address", T::String, "", "address for HTTPS"),
    m("https_port", T::Int, "8443", "HTTPS port"),
    m("launch_token_refresh_interval", T::Int, "30000", "ms between launch-token refreshes"),
    m("launch_tokens", T::Int, "100", "launch tokens per interval"),
    m("leader_election_backend", T::Enum(LEADER_ELECTION_BACKENDS), "curator", "leader election backend"),
    m("leader_proxy_connection_timeout", T::Int, "5000", "ms to connect to the leader when proxying"),
    m("leader_proxy_read_timeout", T::Int, "10000", "ms to read from the leader when proxying"),
    m("local_port_max", T::Int, "20000", "top of the service-port range"),
    m("local_port_min", T::Int, "10000", "bottom of the service-port range"),
    m("logging_level", T::Enum(MARATHON_LOGGING_LEVELS), "", "log level"),
    tg("maintenance_mode", "", "respect Mesos maintenance").since((1, 6)),
    m("master", T::Url, "", "Mesos master: zk://host:port,.../mesos or host:port (required)"),
    m("max_apps", T::Int, "", "max number of apps"),
    m("max_instances_per_offer", T::Int, "", "max instances launched per offer"),
    m("max_running_deployments", T::Int, "100", "max concurrent deployments").since((1, 6)),
    m("max_tasks_per_offer", T::Int, "5", "max tasks per offer (use max_instances_per_offer)").deprecated((1, 4)).removed((1, 5)),
    tg("mesos_authentication", "disabled", "authenticate with Mesos (needs a principal)"),
    m("mesos_authentication_principal", T::String, "", "Mesos principal"),
    m("mesos_authentication_secret", T::String, "", "Mesos secret (excludes the secret file)"),
    m("mesos_authentication_secret_file", T::Path, "", "file with the Mesos secret"),
    m("mesos_heartbeat_failure_threshold", T::Int, "", "missed Mesos heartbeats before reconnecting"),
    m("mesos_heartbeat_interval", T::Int, "", "ms between expected Mesos heartbeats"),
    m("mesos_leader_ui_url", T::String, "", "URL of the Mesos UI"),
    m("mesos_role", T::String, "", "Mesos role of the framework"),
    m("mesos_user", T::String, "", "user tasks run as (default: the user running Marathon)"),
    tg("metrics", "enabled", "collect metrics"),
    m("min_revive_offers_interval", T::Int, "5000", "ms between offer revives"),
    m("offer_matching_timeout", T::Int, "1000", "ms to match an offer (3000 from 1.5)"),
    m("on_elected_prepare_timeout", T::Int, "180000", "ms to prepare after election"),
    m("plugin_conf", T::Path, "", "plugin configuration file"),
    m("plugin_dir", T::Path, "", "plugin directory"),
    m("reconciliation_initial_delay", T::Int, "15000", "ms before the first reconciliation"),
    m("reconciliation_interval", T::Int, "600000", "ms between reconciliations"),
    m("reporter_datadog", T::String, "", "Datadog metrics reporter URL"),
    m("reporter_graphite", T::String, "", "Graphite metrics reporter URL"),
    m("revive_offers_repetitions", T::Int, "3", "times to repeat a revive"),
    m("save_tasks_to_launch_timeout", T::Int, "3000", "ms to save tasks before launching"),
    m("scale_apps_initial_delay", T::Int, "15000", "ms before the first scale check"),
    m("scale_apps_interval", T::Int, "300000", "ms between scale checks"),
    m("ssl_keystore_password", T::String, "", "keystore password"),
    m("ssl_keystore_path", T::Path, "", "keystore for HTTPS"),
    tg("store_cache", "enabled", "cache the persistent store"),
    m("task_launch_confirm_timeout", T::Int, "300000", "ms to wait for TASK_STAGING"),
    m("task_launch_timeout", T::Int, "300000", "ms to wait for TASK_RUNNING (>= agent executor_registration_timeout)"),
    m("task_reservation_timeout", T::Int, "", "ms to wait for a reservation"),
    tg("tracing", "disabled", "trace requests"),
    m("webui_url", T::String, "", "URL of the Marathon UI"),
    m("zk", T::Url, "zk://localhost:2181/marathon", "ZooKeeper URL for Marathon state"),
    tg("zk_compression", "enabled", "compress ZooKeeper nodes"),
    m("zk_compression_threshold", T::Int, "65536", "bytes above which nodes are compressed"),
    m("zk_connection_timeout", T::Int, "10000", "ms to connect to ZooKeeper").since((1, 4)),
    m("zk_max_node_size", T::Int, "1024000", "max ZooKeeper node size in bytes"),
    m("zk_max_versions", T::Int, "50", "versions kept per object"),
    m("zk_session_timeout", T::Int, "10000", "ZooKeeper session timeout in ms"),
    m("zk_timeout", T::Int, "10000", "ZooKeeper operation timeout in ms"),
];

/// A Marathon option by name; also finds a toggle by `disable_<toggle>`.
pub fn marathon_flag(name: &str) -> Option<&'static MarathonFlag> {
    if let Some(f) = MARATHON_FLAGS.iter().find(|f| f.name == name) {
        return Some(f);
    }
    let base = name.strip_prefix("disable_")?;
    MARATHON_FLAGS.iter().find(|f| f.toggle && f.name == base)
}

/// The Marathon option a misspelt name most likely meant (toggles also as `disable_x`).
pub fn suggest_marathon_flag(name: &str) -> Option<&'static str> {
    if let Some(rest) = name.strip_prefix("disable_") {
        let toggles = MARATHON_FLAGS.iter().filter(|f| f.toggle).map(|f| f.name);
        if let Some(t) = did_you_mean(rest, toggles) {
            return MARATHON_DISABLE_NAMES
                .iter()
                .find(|d| d.strip_prefix("disable_") == Some(t))
                .copied();
        }
    }
    did_you_mean(name, MARATHON_FLAGS.iter().map(|f| f.name))
}

/// `disable_<toggle>` spellings, for suggestions that need a `'static` name.
pub static MARATHON_DISABLE_NAMES: &[&str] = &[
    "disable_checkpoint",
    "disable_ha",
    "disable_http_compression",
    "disable_maintenance_mode",
    "disable_mesos_authentication",
    "disable_metrics",
    "disable_store_cache",
    "disable_tracing",
    "disable_zk_compression",
];

/// Mesos init-wrapper specials (DOMAIN.md §1.2), master: variable -> flag.
/// `ULIMIT` is also read but runs `ulimit`, it is not a flag.
pub const MASTER_SPECIALS: &[(&str, &str)] = &[
    ("ZK", "zk"),
    ("IP", "ip"),
    ("PORT", "port"),
    ("CLUSTER", "cluster"),
    ("LOGS", "log_dir"),
];

/// Mesos init-wrapper specials, agent: variable -> flag (`ULIMIT` aside).
pub const AGENT_SPECIALS: &[(&str, &str)] = &[
    ("MASTER", "master"),
    ("IP", "ip"),
    ("LOGS", "log_dir"),
    ("ISOLATION", "isolation"),
];

/// Wrapper variables that are read but are not flags.
pub const WRAPPER_NON_FLAG_VARIABLES: &[&str] = &["ULIMIT"];

/// Variables old templates set that the wrapper never reads, with what would work.
pub const IGNORED_VARIABLES: &[(&str, &str)] = &[
    ("LOG_DIR", "set LOGS, or MESOS_LOG_DIR"),
    ("WORK_DIR", "use a work_dir flag file or MESOS_WORK_DIR"),
    ("QUORUM", "use a quorum flag file or MESOS_QUORUM"),
    ("OPTS", "use flag files or MESOS_* variables"),
    (
        "USE_SYSLOG",
        "syslog is on unless a `?no-logger` flag file exists",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAIN_MASTER: &str = "acls advertise_ip advertise_port agent_ping_timeout agent_removal_rate_limit agent_reregister_timeout allocation_interval allocator allocator_agent_recovery_factor allocator_recovery_timeout authenticate authenticate_agents authenticate_frameworks authenticate_http authenticate_http_frameworks authenticate_http_readonly authenticate_http_readwrite authenticate_slaves authentication_v0_timeout authenticators authorizers cluster credentials domain fair_sharing_excluded_resource_names filter_gpu_resources firewall_rules framework_sorter hooks hostname hostname_lookup http_authenticators http_framework_authenticators ip ip_discovery_command log_auto_initialize master_contender master_detector max_agent_ping_timeouts max_completed_frameworks max_completed_tasks_per_framework max_executors_per_agent max_executors_per_slave max_operator_event_stream_subscribers max_slave_ping_timeouts max_unreachable_tasks_per_framework memory_profiling min_allocatable_resources modules modules_dir offer_constraints_re2_max_mem offer_constraints_re2_max_program_size offer_timeout publish_per_framework_metrics quorum rate_limits recovery_agent_removal_limit recovery_slave_removal_limit registry registry_fetch_timeout registry_gc_interval registry_max_agent_age registry_max_agent_count registry_store_timeout registry_strict require_agent_domain role_sorter roles root_submissions slave_ping_timeout slave_removal_rate_limit slave_reregister_timeout user_sorter version webui_dir weights whitelist work_dir zk zk_session_timeout";

    const DOMAIN_AGENT: &str = "acls advertise_ip advertise_port agent_features agent_subsystems allowed_capabilities allowed_devices appc_simple_discovery_uri_prefix appc_store_dir attributes authenticate_http_executors authenticate_http_readonly authenticate_http_readwrite authenticatee authentication_backoff_factor authentication_timeout_max authentication_timeout_min authorizer bounding_capabilities cgroups_cpu_enable_pids_and_tids_count cgroups_destroy_timeout cgroups_enable_cfs cgroups_hierarchy cgroups_limit_swap cgroups_net_cls_primary_handle cgroups_net_cls_secondary_handles cgroups_root check_agent_port_range_only container_disk_watch_interval container_logger container_ports_isolated_range container_ports_watch_interval containerizers credential csi_plugin_config_dir default_container_dns default_container_info default_container_shm_size default_role disallow_sharing_agent_ipc_namespace disallow_sharing_agent_pid_namespace disk_profile_adaptor disk_watch_interval docker docker_config docker_ignore_runtime docker_kill_orphans docker_mesos_image docker_registry docker_remove_delay docker_socket docker_stop_timeout docker_store_dir docker_volume_checkpoint_dir docker_volume_chown domain domain_socket_location effective_capabilities egress_burst egress_ceil_limit egress_flow_classifier_parent egress_rate_limit_per_container egress_rate_per_cpu egress_unique_flow_per_container enforce_container_disk_quota enforce_container_ports ephemeral_ports_per_container eth0_name executor_environment_variables executor_registration_timeout executor_reregistration_retry_interval executor_reregistration_timeout executor_secret_key executor_shutdown_grace_period fetcher_cache_dir fetcher_cache_size fetcher_stall_timeout firewall_rules frameworks_home gc_delay gc_disk_headroom gc_non_executor_container_sandboxes hadoop_home hooks host_path_volume_force_creation hostname hostname_lookup http_authenticators http_command_executor http_credentials http_executor_domain_sockets http_heartbeat_interval image_gc_config image_providers image_provisioner_backend ingress_burst ingress_ceil_limit ingress_isolate_existing_containers ingress_rate_limit_per_container ingress_rate_per_cpu ip ip6 ip6_discovery_command ip_discovery_command isolation jwt_secret_key launcher launcher_dir lo_name master master_detector max_completed_executors_per_framework maximum_egress_rate_limit maximum_ingress_rate_limit memory_profiling minimum_egress_rate_limit minimum_ingress_rate_limit modules modules_dir network_cni_config_dir network_cni_metrics network_cni_plugins_dir network_cni_root_dir_persist network_enable_rate_statistics network_enable_snmp_statistics network_enable_socket_statistics_details network_enable_socket_statistics_summary network_link_speed network_rate_statistics_interval network_rate_statistics_window nvidia_gpu_devices oversubscribed_resources_interval perf_duration perf_events perf_interval qos_controller qos_correction_interval_min reconfiguration_policy recover recovery_timeout registration_backoff_factor resource_estimator resource_provider_config_dir resources revocable_cpu_low_priority runtime_dir sandbox_directory seccomp_config_dir seccomp_profile_name secret_resolver slave_subsystems strict switch_user systemd_enable_support systemd_runtime_directory version volume_gid_range work_dir xfs_kill_containers xfs_project_range xfs_quota_headroom zk_session_timeout";

    const LOGGING: &[&str] = &[
        "quiet",
        "log_dir",
        "logbufsecs",
        "logging_level",
        "initialize_driver_logging",
        "external_log_file",
        "help",
        "version",
        "port",
    ];

    fn check_table(table: &[FlagInfo], domain: &str) {
        for name in domain.split_whitespace().chain(LOGGING.iter().copied()) {
            assert!(table.iter().any(|f| f.name == name), "missing {name}");
        }
        let mut names: Vec<_> = table.iter().map(|f| f.name).collect();
        crate::sort::sort(&mut names);
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate flag names");
        for f in table {
            assert_eq!(f.name, f.name.to_ascii_lowercase());
            assert!(!f.help.is_empty(), "{}", f.name);
            if let Some(target) = f.alias_of {
                let t = table.iter().find(|g| g.name == target);
                let t = t.unwrap_or_else(|| panic!("{} -> missing {target}", f.name));
                assert!(t.alias_of.is_none(), "alias chain {}", f.name);
                assert_eq!(t.ty, f.ty, "alias type {}", f.name);
                assert_eq!(t.build_specific, f.build_specific, "alias build {}", f.name);
            }
            // Defaults parse as their type.
            if let Some(d) = f.default {
                use crate::parse::values::*;
                match f.ty {
                    FlagType::Duration => {
                        let v = parse_duration(d).unwrap();
                        assert_eq!(v.to_string(), d, "{}", f.name);
                    }
                    FlagType::Bytes => assert!(parse_bytes(d).is_ok(), "{}", f.name),
                    FlagType::Bool => assert!(parse_bool(d).is_ok(), "{}", f.name),
                    FlagType::Int => assert!(parse_int(d).is_ok(), "{}", f.name),
                    FlagType::Uint => assert!(parse_uint(d).is_ok(), "{}", f.name),
                    FlagType::Float => assert!(parse_float(d).is_ok(), "{}", f.name),
                    FlagType::Enum(vals) => assert!(vals.contains(&d), "{}", f.name),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn master_table() {
        check_table(MASTER_FLAGS, DOMAIN_MASTER);
        let aliases: Vec<_> = MASTER_FLAGS
            .iter()
            .filter_map(|f| f.alias_of.map(|t| (f.name, t)))
            .collect();
        for pair in [
            ("slave_reregister_timeout", "agent_reregister_timeout"),
            (
                "recovery_slave_removal_limit",
                "recovery_agent_removal_limit",
            ),
            ("slave_removal_rate_limit", "agent_removal_rate_limit"),
            ("user_sorter", "role_sorter"),
            ("authenticate", "authenticate_frameworks"),
            ("authenticate_slaves", "authenticate_agents"),
            ("authenticate_http", "authenticate_http_readwrite"),
            ("max_executors_per_slave", "max_executors_per_agent"),
            ("slave_ping_timeout", "agent_ping_timeout"),
            ("max_slave_ping_timeouts", "max_agent_ping_timeouts"),
        ] {
            assert!(aliases.contains(&pair), "{pair:?}");
        }
        assert_eq!(aliases.len(), 10);
        assert!(
            master_flag("max_executors_per_agent")
                .unwrap()
                .build_specific
        );
        assert_eq!(master_flag("quorum").unwrap().ty, FlagType::Int);
        assert_eq!(master_flag("zk").unwrap().ty, FlagType::Url);
        assert_eq!(master_flag("port").unwrap().default, Some("5050"));
        assert_eq!(
            master_flag("agent_reregister_timeout").unwrap().default,
            Some("10mins")
        );
        assert_eq!(
            master_flag("registry_store_timeout").unwrap().default,
            Some("20secs")
        );
        assert_eq!(
            master_flag("agent_removal_rate_limit").unwrap().ty,
            FlagType::Rate
        );
        assert!(master_flag("work_dir").is_some());
        assert!(master_flag("isolation").is_none());
        assert!(master_flag("QUORUM").is_none());
        assert!(master_flag("").is_none());
    }

    #[test]
    fn agent_table() {
        check_table(AGENT_FLAGS, DOMAIN_AGENT);
        let aliases: Vec<_> = AGENT_FLAGS
            .iter()
            .filter_map(|f| f.alias_of.map(|t| (f.name, t)))
            .collect();
        assert_eq!(
            aliases,
            vec![
                ("allowed_capabilities", "effective_capabilities"),
                ("executor_secret_key", "jwt_secret_key"),
                ("slave_subsystems", "agent_subsystems"),
            ]
        );
        assert_eq!(agent_flag("port").unwrap().default, Some("5051"));
        assert_eq!(
            agent_flag("executor_registration_timeout").unwrap().default,
            Some("1mins")
        );
        assert_eq!(
            agent_flag("fetcher_cache_size").unwrap().ty,
            FlagType::Bytes
        );
        assert_eq!(agent_flag("gc_delay").unwrap().default, Some("1weeks"));
        assert_eq!(agent_flag("master").unwrap().ty, FlagType::Url);
        assert!(
            matches!(agent_flag("recover").unwrap().ty, FlagType::Enum(v) if v == RECOVER_VALUES)
        );
        for name in [
            "cgroups_root",
            "jwt_secret_key",
            "eth0_name",
            "xfs_project_range",
            "seccomp_profile_name",
            "enforce_container_ports",
        ] {
            assert!(agent_flag(name).unwrap().build_specific, "{name}");
        }
        for name in ["work_dir", "master", "switch_user", "isolation"] {
            assert!(!agent_flag(name).unwrap().build_specific, "{name}");
        }
        for (name, _) in REMOVED_AGENT_FLAGS {
            assert!(
                agent_flag(name).is_none(),
                "{name} is both current and removed"
            );
        }
        for (name, _) in REMOVED_MASTER_FLAGS {
            assert!(master_flag(name).is_none());
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest_master_flag("qourum"), Some("quorum"));
        assert_eq!(suggest_master_flag("work-dir"), Some("work_dir"));
        assert_eq!(
            suggest_master_flag("zk_sesion_timeout"),
            Some("zk_session_timeout")
        );
        assert_eq!(
            suggest_agent_flag("executor_registration_timout"),
            Some("executor_registration_timeout")
        );
        assert_eq!(suggest_agent_flag("containerizer"), Some("containerizers"));
        assert_eq!(suggest_agent_flag("isolator"), Some("isolation"));
        assert_eq!(suggest_agent_flag("attribute"), Some("attributes"));
        assert_eq!(suggest_agent_flag("zzzzzzzzzzzz"), None);
        assert_eq!(suggest_master_flag(""), None);
        assert_eq!(suggest_master_flag("ü"), None);
    }

    #[test]
    fn marathon_table() {
        let mut names: Vec<_> = MARATHON_FLAGS.iter().map(|f| f.name).collect();
        let n = names.len();
        crate::sort::sort(&mut names);
        names.dedup();
        assert_eq!(n, names.len());
        for name in [
            "master",
            "zk",
            "hostname",
            "http_port",
            "https_port",
            "zk_timeout",
            "zk_session_timeout",
            "zk_connection_timeout",
            "zk_max_node_size",
            "zk_compression_threshold",
            "zk_max_versions",
            "ha",
            "checkpoint",
            "failover_timeout",
            "framework_name",
            "mesos_role",
            "default_accepted_resource_roles",
            "mesos_user",
            "mesos_authentication_principal",
            "mesos_authentication_secret_file",
            "mesos_authentication_secret",
            "task_launch_timeout",
            "task_launch_confirm_timeout",
            "reconciliation_initial_delay",
            "reconciliation_interval",
            "scale_apps_initial_delay",
            "scale_apps_interval",
            "local_port_min",
            "local_port_max",
            "executor",
            "event_subscriber",
            "http_endpoints",
            "artifact_store",
            "max_tasks_per_offer",
            "enable_features",
            "leader_election_backend",
            "logging_level",
            "webui_url",
            "access_control_allow_origin",
            "env_vars_prefix",
            "max_apps",
            "default_network_name",
            "mesos_leader_ui_url",
            "on_elected_prepare_timeout",
            "decline_offer_duration",
            "offer_matching_timeout",
            "launch_tokens",
            "launch_token_refresh_interval",
            "min_revive_offers_interval",
            "max_running_deployments",
            "http_address",
            "https_address",
            "disable_http",
            "http_credentials",
            "ssl_keystore_path",
            "ssl_keystore_password",
            "http_realm",
        ] {
            assert!(marathon_flag(name).is_some(), "{name}");
        }
        for t in [
            "ha",
            "checkpoint",
            "mesos_authentication",
            "zk_compression",
            "store_cache",
            "tracing",
            "metrics",
            "http_compression",
            "maintenance_mode",
        ] {
            let f = marathon_flag(t).unwrap();
            assert!(f.toggle, "{t}");
            let d = format!("disable_{t}");
            assert_eq!(marathon_flag(&d).unwrap().name, t);
            assert!(MARATHON_DISABLE_NAMES.contains(&d.as_str()));
        }
        assert_eq!(
            MARATHON_DISABLE_NAMES.len(),
            MARATHON_FLAGS.iter().filter(|f| f.toggle).count()
        );
        // disable_http is a plain flag, not the toggle of `http`.
        assert!(!marathon_flag("disable_http").unwrap().toggle);
        assert!(marathon_flag("disable_zk").is_none());
        assert!(marathon_flag("no-ha").is_none());
        for r in [
            "event_subscriber",
            "http_endpoints",
            "artifact_store",
            "max_tasks_per_offer",
        ] {
            assert_eq!(marathon_flag(r).unwrap().removed_in, Some((1, 5)), "{r}");
        }
        assert_eq!(
            marathon_flag("max_tasks_per_offer").unwrap().deprecated_in,
            Some((1, 4))
        );
        assert_eq!(
            marathon_flag("maintenance_mode").unwrap().since,
            Some((1, 6))
        );
        assert_eq!(
            marathon_flag("task_launch_timeout").unwrap().default,
            Some("300000")
        );
        assert_eq!(
            marathon_flag("task_launch_timeout").unwrap().ty,
            FlagType::Int
        );
        for f in MARATHON_FLAGS {
            if let (Some(d), FlagType::Int) = (f.default, f.ty) {
                assert!(d.parse::<i64>().is_ok(), "{}", f.name);
            }
            if let Some(d) = f.default {
                if f.ty == FlagType::Url {
                    assert!(crate::parse::zk_url::check_marathon_zk(d).is_ok());
                }
            }
        }
        assert_eq!(
            suggest_marathon_flag("task_launch_timout"),
            Some("task_launch_timeout")
        );
        assert_eq!(suggest_marathon_flag("disable_hha"), Some("disable_ha"));
        assert_eq!(
            suggest_marathon_flag("frameworkname"),
            Some("framework_name")
        );
        assert_eq!(suggest_marathon_flag("qqqqqqqqqq"), None);
    }

    #[test]
    fn wrapper_specials() {
        for (var, flag) in MASTER_SPECIALS {
            assert!(master_flag(flag).is_some(), "{var}");
        }
        for (var, flag) in AGENT_SPECIALS {
            assert!(agent_flag(flag).is_some(), "{var}");
        }
        let ignored: Vec<_> = IGNORED_VARIABLES.iter().map(|(v, _)| *v).collect();
        assert_eq!(
            ignored,
            ["LOG_DIR", "WORK_DIR", "QUORUM", "OPTS", "USE_SYSLOG"]
        );
        for v in ignored {
            assert!(!MASTER_SPECIALS.iter().any(|(s, _)| *s == v));
            assert!(!AGENT_SPECIALS.iter().any(|(s, _)| *s == v));
        }
    }
}
