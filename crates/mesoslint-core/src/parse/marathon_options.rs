//! The options each Marathon release defines, generated from Marathon's own source.
//!
//! Provenance: every `opt[...]("name")` and `toggle("name")` of the Scallop traits under
//! `src/main/scala` of mesosphere/marathon, read at every release tag v1.4.0 … v1.10.26 and at
//! master 90619da70 (the 1.11 line, which has no tag), plus the HTTP options of
//! mesosphere/chaos's `http/HttpConf.scala` for the releases whose `AllConf` mixes it in
//! (1.4.x, 1.5.x and 1.6.0–1.6.392: chaos v0.8.7, v0.8.8, and 0.10.0 = chaos commit ba9a893;
//! Marathon 1.6.486 moved `HttpConf` into its own tree). `Backup.scala`'s stand-alone CLI is not
//! Marathon's option set and is left out.
//!
//! Each option lists where it exists as `(minor, from_patch, until_patch)` of Marathon 1.x:
//! present from release `1.minor.from_patch` up to, not including, `1.minor.until_patch`
//! (`u32::MAX`: to the end of that release line). Release lines are branches, so an option
//! can appear in a later patch of an older line (`gpu_scheduling_behavior` from 1.5.7).

/// How Scallop parses an option's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// `toggle`: `--x` / `--disable_x`, no value.
    Toggle,
    /// `opt[Boolean]`: a flag that takes no value (`--disable_http`).
    Flag,
    /// `opt[Int]`: a 32-bit signed integer (`String.toInt`).
    Int,
    /// `opt[Long]`: a 64-bit signed integer (`String.toLong`).
    Long,
    /// Anything else: one value, checked (if at all) by the option's own converter.
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarathonOption {
    pub name: &'static str,
    pub kind: OptionKind,
    pub present: &'static [(u32, u32, u32)],
}

use OptionKind as K;

const fn o(
    name: &'static str,
    kind: OptionKind,
    present: &'static [(u32, u32, u32)],
) -> MarathonOption {
    MarathonOption {
        name,
        kind,
        present,
    }
}

/// The newest Marathon release line mesoslint knows (the default when no target is set).
pub const LATEST_MINOR: u32 = 11;
/// The oldest release line of the tables.
pub const OLDEST_MINOR: u32 = 4;

#[rustfmt::skip]
pub static MARATHON_OPTIONS: &[MarathonOption] = &[
    o("accepted_resource_roles_default_behavior", K::Text, &[(9, 64, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("access_control_allow_origin", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("app_info_module_execution_context_size", K::Int, &[(5, 7, u32::MAX), (6, 322, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("artifact_store", K::Text, &[(4, 0, u32::MAX)]),
    o("assets_path", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("backup_location", K::Text, &[(5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("checkpoint", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("decline_offer_duration", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("default_accepted_resource_roles", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("default_info_service_execution_context_size", K::Int, &[(5, 7, u32::MAX), (6, 322, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("default_network_name", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("deployment_manager_request_timeout", K::Int, &[(5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("deprecated_features", K::Text, &[(6, 490, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("disable_http", K::Flag, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("draining_seconds", K::Long, &[(5, 7, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("enable_features", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("env_vars_prefix", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("event_stream_max_outstanding_messages", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("event_subscriber", K::Text, &[(4, 0, u32::MAX)]),
    o("executor", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("failover_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("feature_akka_http_service_backend", K::Flag, &[(5, 0, u32::MAX), (6, 0, 490)]),
    o("framework_name", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("gc_actor_scan_batch_size", K::Int, &[(5, 9, u32::MAX)]),
    o("gpu_scheduling_behavior", K::Text, &[(5, 7, u32::MAX), (6, 352, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("graceful_shutdown_timeout", K::Long, &[(8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("group_manager_execution_context_size", K::Int, &[(5, 7, u32::MAX), (6, 322, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("group_manager_request_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("group_role_behavior", K::Text, &[(9, 32, 64)]),
    o("group_versions_cache_size", K::Int, &[(7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("ha", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("hostname", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_address", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_compression", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_credentials", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_endpoints", K::Text, &[(4, 0, u32::MAX)]),
    o("http_event_callback_slow_consumer_timeout", K::Long, &[(4, 0, u32::MAX)]),
    o("http_event_request_timeout", K::Long, &[(4, 0, u32::MAX)]),
    o("http_max_concurrent_requests", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_port", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("http_realm", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("https_address", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("https_port", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("instance_tracker_num_parallel_loads", K::Int, &[(8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("instance_tracker_num_parallel_updates", K::Int, &[(8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("instance_tracker_update_queue_size", K::Int, &[(8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("internal_store_backend", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("internal_version_caching", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("killBatchDuration", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("kill_chunk_size", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("kill_retry_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("killsPerBatch", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("launch_queue_request_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("launch_token_refresh_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("launch_tokens", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("leader_election_backend", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("leader_proxy_connection_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("leader_proxy_max_open_connections", K::Int, &[(6, 564, u32::MAX), (7, 149, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("leader_proxy_read_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("leader_proxy_ssl_ignore_hostname", K::Flag, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("local_port_max", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("local_port_min", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("logging_level", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("logstash", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("maintenance_mode", K::Toggle, &[(7, 149, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("master", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_actor_startup_time", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_apps", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_concurrent_marathon_health_checks", K::Int, &[(5, 14, u32::MAX), (6, 590, u32::MAX), (7, 216, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_instances_per_offer", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_parallel_offers", K::Int, &[(5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_parallel_status_updates", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_queued_offers", K::Int, &[(5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_queued_root_group_updates", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_queued_status_updates", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_running_deployments", K::Int, &[(5, 9, u32::MAX), (6, 486, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("max_tasks_per_offer", K::Int, &[(4, 0, u32::MAX)]),
    o("mesos_authentication", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_authentication_principal", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_authentication_secret", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_authentication_secret_file", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_bridge_name", K::Text, &[(5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_heartbeat_failure_threshold", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_heartbeat_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_leader_ui_url", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_offer_constraints", K::Toggle, &[(11, 0, u32::MAX)]),
    o("mesos_role", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("mesos_user", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_averaging_window", K::Long, &[(5, 8, u32::MAX), (6, 392, u32::MAX), (7, 37, u32::MAX)]),
    o("metrics_datadog", K::Toggle, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_datadog_api_key", K::Text, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_datadog_host", K::Text, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_datadog_port", K::Int, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_datadog_protocol", K::Text, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_datadog_transmission_interval_ms", K::Long, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_histogram_reservoir_highest_trackable_value", K::Long, &[(7, 149, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_histogram_reservoir_reset_periodically", K::Toggle, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_histogram_reservoir_resetting_chunks", K::Int, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_histogram_reservoir_resetting_interval_ms", K::Long, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_histogram_reservoir_significant_digits", K::Int, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_name_prefix", K::Text, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_prometheus", K::Toggle, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_statsd", K::Toggle, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_statsd_host", K::Text, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_statsd_port", K::Int, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("metrics_statsd_transmission_interval_ms", K::Long, &[(7, 50, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("min_mesos_offer_constraints_update_interval", K::Long, &[(11, 0, u32::MAX)]),
    o("min_revive_offers_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("minimum_viable_task_execution_duration", K::Long, &[(5, 0, 1)]),
    o("new_group_enforce_role", K::Text, &[(9, 64, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("offer_matching_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("on_elected_prepare_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("plugin_conf", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("plugin_dir", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("reconciliation_initial_delay", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("reconciliation_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("reporter_datadog", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX)]),
    o("reporter_graphite", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX)]),
    o("revive_offers_for_new_apps", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX)]),
    o("revive_offers_repetitions", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX)]),
    o("save_tasks_to_launch_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX)]),
    o("scale_apps_initial_delay", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("scale_apps_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("scheduler_actions_execution_context_size", K::Int, &[(5, 7, u32::MAX), (6, 322, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("sentry", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("sentry_tags", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("ssl_keystore_password", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("ssl_keystore_path", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("storage_compaction_interval", K::Int, &[(6, 486, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("storage_compaction_scan_batch_size", K::Int, &[(6, 486, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("storage_execution_context_size", K::Int, &[(5, 7, u32::MAX), (6, 322, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("store_cache", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("suppress_offers", K::Toggle, &[(5, 11, u32::MAX), (6, 535, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_launch_confirm_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_launch_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_lost_expunge_gc", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, 322)]),
    o("task_lost_expunge_initial_delay", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_lost_expunge_interval", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_operation_notification_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_reservation_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_tracker_request_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("task_update_request_timeout", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("tracing", K::Toggle, &[(4, 0, u32::MAX)]),
    o("webui_url", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk", K::Text, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_compression", K::Toggle, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_compression_threshold", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_connection_timeout", K::Long, &[(4, 9, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_max_concurrency", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_max_node_size", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_max_versions", K::Int, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_operation_base_retry_sleep_ms", K::Int, &[(5, 12, u32::MAX), (6, 486, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_operation_max_retries", K::Int, &[(5, 12, u32::MAX), (6, 486, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_session_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
    o("zk_timeout", K::Long, &[(4, 0, u32::MAX), (5, 0, u32::MAX), (6, 0, u32::MAX), (7, 37, u32::MAX), (8, 180, u32::MAX), (9, 32, u32::MAX), (10, 5, u32::MAX), (11, 0, u32::MAX)]),
];

/// The first tagged patch of each release line 1.4 … 1.11 (a target patch below it means
/// that first release).
const LINE_FIRST_PATCH: [(u32, u32); 8] = [
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 37),
    (8, 180),
    (9, 32),
    (10, 5),
    (11, 0),
];

/// An option by its exact name.
pub fn option(name: &str) -> Option<&'static MarathonOption> {
    MARATHON_OPTIONS.iter().find(|o| o.name == name)
}

/// An option as written: its name, or `disable_<toggle>` (then `negated`).
pub fn lookup(name: &str) -> Option<(&'static MarathonOption, bool)> {
    if let Some(o) = option(name) {
        return Some((o, false));
    }
    let base = name.strip_prefix("disable_")?;
    option(base)
        .filter(|o| o.kind == OptionKind::Toggle)
        .map(|o| (o, true))
}

impl MarathonOption {
    /// Whether release `1.minor.patch` defines it; patch 0 stands for the whole line (any
    /// release of it), as a target written `1.6` does.
    pub fn exists_in(&self, minor: u32, patch: u32) -> bool {
        let ranges = self.present.iter().filter(|r| r.0 == minor);
        if patch == 0 {
            return ranges.count() > 0;
        }
        let first = LINE_FIRST_PATCH
            .iter()
            .find(|l| l.0 == minor)
            .map_or(0, |l| l.1);
        let p = patch.max(first);
        self.present
            .iter()
            .any(|r| r.0 == minor && r.1 <= p && p < r.2)
    }

    /// The releases that define it, for messages: `1.4–1.11`, `1.7.149+, 1.8–1.11`.
    pub fn releases(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut run: Option<(u32, u32)> = None;
        let flush = |run: &mut Option<(u32, u32)>, parts: &mut Vec<String>| {
            if let Some((a, b)) = run.take() {
                parts.push(if a == b {
                    format!("1.{a}")
                } else {
                    format!("1.{a}–1.{b}")
                });
            }
        };
        for &(minor, from, until) in self.present {
            let first = LINE_FIRST_PATCH
                .iter()
                .find(|l| l.0 == minor)
                .map_or(0, |l| l.1);
            let whole = from <= first && until == u32::MAX;
            if whole {
                run = match run {
                    Some((a, b)) if b + 1 == minor => Some((a, minor)),
                    other => {
                        let mut r = other;
                        flush(&mut r, &mut parts);
                        Some((minor, minor))
                    }
                };
                continue;
            }
            flush(&mut run, &mut parts);
            parts.push(if until == u32::MAX {
                format!("1.{minor}.{from}+")
            } else {
                format!("1.{minor}.{from} to before 1.{minor}.{until}")
            });
        }
        flush(&mut run, &mut parts);
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_sorted() {
        for w in MARATHON_OPTIONS.windows(2) {
            assert!(w[0].name < w[1].name, "{}", w[1].name);
        }
    }

    #[test]
    fn pitfalls_options_of_1_10_and_1_11() {
        for name in [
            "new_group_enforce_role",
            "accepted_resource_roles_default_behavior",
            "gpu_scheduling_behavior",
            "deprecated_features",
            "metrics_name_prefix",
            "metrics_histogram_reservoir_significant_digits",
            "group_versions_cache_size",
            "mesos_bridge_name",
            "backup_location",
            "http_port",
            "https_port",
            "ssl_keystore_path",
            "ssl_keystore_password",
            "http_credentials",
            "assets_path",
        ] {
            let o = option(name).unwrap_or_else(|| panic!("{name}"));
            assert!(o.exists_in(10, 0) && o.exists_in(11, 0), "{name}");
            assert!(o.exists_in(10, 26), "{name}");
        }
        // Still parsed in 1.10 and 1.11, to reject it with its own message (MR005).
        assert!(option("default_accepted_resource_roles")
            .unwrap()
            .exists_in(11, 0));
    }

    #[test]
    fn removed_and_added_options() {
        let t = option("tracing").unwrap();
        assert!(t.exists_in(4, 13) && !t.exists_in(5, 0) && !t.exists_in(11, 0));
        assert_eq!(t.releases(), "1.4");
        for name in [
            "event_subscriber",
            "http_endpoints",
            "artifact_store",
            "max_tasks_per_offer",
        ] {
            let o = option(name).unwrap();
            assert!(o.exists_in(4, 0) && !o.exists_in(5, 0), "{name}");
        }
        let g = option("gpu_scheduling_behavior").unwrap();
        assert!(!g.exists_in(5, 6) && g.exists_in(5, 7) && !g.exists_in(6, 322));
        assert!(g.exists_in(6, 352) && g.exists_in(6, 0));
        assert!(g.releases().starts_with("1.5.7+, 1.6.352+, 1.7–1.11"));
        let c = option("zk_connection_timeout").unwrap();
        assert!(!c.exists_in(4, 8) && c.exists_in(4, 9) && c.exists_in(4, 0));
        let m = option("mesos_offer_constraints").unwrap();
        assert!(m.exists_in(11, 0) && !m.exists_in(10, 0));
        assert!(option("master").unwrap().exists_in(7, 1));
        assert_eq!(option("master").unwrap().releases(), "1.4–1.11");
    }

    #[test]
    fn toggles_and_flags() {
        assert_eq!(lookup("disable_ha"), Some((option("ha").unwrap(), true)));
        assert_eq!(lookup("disable_http").unwrap().0.kind, OptionKind::Flag);
        assert!(!lookup("disable_http").unwrap().1);
        assert!(lookup("disable_zk").is_none());
        assert!(lookup("no-ha").is_none());
        assert_eq!(
            option("task_launch_timeout").unwrap().kind,
            OptionKind::Long
        );
        assert_eq!(option("http_port").unwrap().kind, OptionKind::Int);
        assert_eq!(option("metrics_datadog").unwrap().kind, OptionKind::Toggle);
    }
}
