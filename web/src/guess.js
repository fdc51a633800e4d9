// What a pasted file is, guessed from its contents, and where it goes in a host's tree. The
// paths are ones the engine's discovery reads (the same as `mesoslint DIR` on that tree):
// compose files by name, units under etc/systemd/system, docker run scripts as `*.sh`.
// Dropped and opened files keep their own paths, exactly as the CLI's walk sees them.

export const KINDS = [
  { id: "compose", label: "docker-compose file", path: (f) => (f && isComposeName(f) ? f : "docker-compose.yml") },
  { id: "docker-run", label: "Script with docker run lines", path: (f) => (f && /\.(sh|bash)$/.test(f) ? f : "run-mesos.sh") },
  { id: "unit", label: "systemd unit", flag: true, path: (f) => `etc/systemd/system/${f || "mesos-master"}.service` },
  { id: "zoo.cfg", label: "ZooKeeper zoo.cfg", path: () => "etc/zookeeper/conf/zoo.cfg" },
  { id: "myid", label: "ZooKeeper myid", path: () => "etc/zookeeper/conf/myid" },
  { id: "mesos-zk", label: "Mesos ZooKeeper URL (etc/mesos/zk)", path: () => "etc/mesos/zk" },
  { id: "master-flag", label: "Mesos master flag file", flag: true, path: (f) => `etc/mesos-master/${f || "quorum"}` },
  { id: "agent-flag", label: "Mesos agent flag file", flag: true, path: (f) => `etc/mesos-slave/${f || "work_dir"}` },
  { id: "master-env", label: "Mesos master env file", path: () => "etc/default/mesos-master" },
  { id: "agent-env", label: "Mesos agent env file", path: () => "etc/default/mesos-slave" },
  { id: "mesos-env", label: "Mesos shared env file", path: () => "etc/default/mesos" },
  { id: "marathon-flag", label: "Marathon conf flag file", flag: true, path: (f) => `etc/marathon/conf/${f || "master"}` },
  { id: "marathon-env", label: "Marathon env file", path: () => "etc/default/marathon" },
  { id: "marathon-app", label: "Marathon app, group or pod (JSON)", flag: true, path: (f) => `marathon/${f || "app"}.json` },
  { id: "chronos-job", label: "Chronos job (JSON)", flag: true, path: (f) => `chronos/${f || "job"}.json` },
  { id: "other", label: "Other (type the path)", path: (f) => f || "etc/unknown" },
];

export function kindById(id) {
  return KINDS.find((k) => k.id === id) || KINDS[KINDS.length - 1];
}

const lines = (text) =>
  text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

// A Marathon or Chronos definition, by the fields the engine's discovery looks for
// (crates/mesoslint-core/src/model/apps.rs); the name is the id's last segment.
function guessDefinition(text) {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return null;
  let v;
  try { v = JSON.parse(t); } catch { return null; }
  const first = Array.isArray(v) ? v[0] : v;
  if (!first || typeof first !== "object") return null;
  const has = (k) => Object.prototype.hasOwnProperty.call(first, k);
  const name = (s) => String(s || "").split("/").filter(Boolean).pop() || "";
  if (has("name") && has("command") && (has("schedule") || has("parents"))) {
    return { kind: "chronos-job", flag: name(first.name) || "job" };
  }
  const app = has("id") && (has("cmd") || has("args") || has("container") || Array.isArray(first.containers));
  const group = Array.isArray(first.apps) || Array.isArray(first.groups) || Array.isArray(first.pods);
  if (app || group) return { kind: "marathon-app", flag: name(first.id) || "app" };
  return null;
}

// The engine's compose file names: compose.y(a)ml, docker-compose*.y(a)ml.
export function isComposeName(path) {
  const name = String(path).split("/").pop().toLowerCase();
  const stem = name.replace(/\.ya?ml$/, "");
  return stem !== name && (stem === "compose" || stem.startsWith("docker-compose"));
}

// The service a unit starts, for its file name.
function unitService(ls) {
  const exec = ls.find((l) => /^ExecStart\s*=/.test(l)) ?? "";
  if (/mesos-(slave|agent)/.test(exec)) return "mesos-slave";
  if (/mesos-master/.test(exec)) return "mesos-master";
  if (/zkServer|QuorumPeerMain|zookeeper/.test(exec)) return "zookeeper";
  if (/marathon/.test(exec)) return "marathon";
  return "mesos-master";
}

// Returns {kind, flag} — flag is a flag-file name when the kind is a flag file (the service
// name for a unit).
export function guessKind(text) {
  const def = guessDefinition(text);
  if (def) return def;
  const ls = lines(text);
  const has = (re) => ls.some((l) => re.test(l));
  // compose: a top-level `services:` (formats 2 and 3), or `version:` with an `image:`
  const raw = text.split(/\r?\n/);
  if (raw.some((l) => /^services:\s*$/.test(l)) || (raw.some((l) => /^version:/.test(l)) && has(/^image:/))) {
    return { kind: "compose" };
  }
  if (has(/^\[(Service|Unit)\]$/) && has(/^ExecStart\s*=/)) return { kind: "unit", flag: unitService(ls) };
  if (has(/\bdocker\s+(container\s+)?run\b/)) return { kind: "docker-run" };
  if (has(/^(server\.\d+|tickTime|dataDir|dataLogDir|clientPort|initLimit|syncLimit|autopurge\.\w+|4lw\.commands\.whitelist|maxClientCnxns|dynamicConfigFile)\s*[=:]/)) {
    return { kind: "zoo.cfg" };
  }
  if (has(/^(export\s+)?MARATHON_\w+=/)) return { kind: "marathon-env" };
  if (has(/^(export\s+)?MESOS_(QUORUM|REGISTRY|WORK_DIR|CLUSTER|ZK)=/) && !has(/^(export\s+)?MESOS_(MASTER|CONTAINERIZERS|RESOURCES|ATTRIBUTES)=/)) {
    return { kind: "master-env" };
  }
  if (has(/^(export\s+)?(MESOS_\w+|MASTER)=/)) return { kind: has(/^(export\s+)?(MASTER|MESOS_MASTER)=/) ? "agent-env" : "mesos-env" };
  if (has(/^(ZK|LOGS|ULIMIT|PORT|IP|CLUSTER|ISOLATION)=/)) return { kind: "mesos-env" };
  if (ls.length === 1) {
    const v = ls[0];
    if (/^zk:\/\/.*\/marathon\/?$/.test(v)) return { kind: "marathon-flag", flag: "zk" };
    if (/^(zk|file):\/\//.test(v)) return { kind: "mesos-zk" };
    if (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 255) return { kind: "myid" };
    if (/^(replicated_log|in_memory)$/.test(v)) return { kind: "master-flag", flag: "registry" };
    if (/^(docker|mesos)(,(docker|mesos))*$/.test(v)) return { kind: "agent-flag", flag: "containerizers" };
    if (/^\//.test(v)) return { kind: "master-flag", flag: "work_dir" };
    if (/^\d+(\.\d+)?(ns|us|ms|secs|mins|hrs|days|weeks)$/.test(v)) return { kind: "agent-flag", flag: "executor_registration_timeout" };
  }
  return { kind: "other" };
}

// The engine's path normalisation, so the page and the findings agree on paths.
export function normalizePath(path) {
  const parts = [];
  for (const part of String(path).replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length && parts[parts.length - 1] !== "..") parts.pop();
      else parts.push("..");
    } else parts.push(part);
  }
  return parts.length ? parts.join("/") : ".";
}
