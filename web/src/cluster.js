// The cluster view: the hosts the engine read, their daemons, the masters' quorum (per set of
// masters that agree on one), the ZooKeeper voters and observers and the failures each part
// tolerates: the figures of `mesoslint hosts`, from the same core code. The figures and the host
// table come with every check (the check result carries the cluster summary, so they cost no
// second engine run); what starts each daemon and where its settings come from, and the CLI's
// own text, are asked from the engine only while their disclosure is open.

import { $, el, plural, shownPath } from "./dom.js";
import { engineFiles } from "./files.js";
import { ask, onResult } from "./lint.js";
import { debug, state } from "./state.js";

const MAX_ROWS = 1000; // hosts listed at most (a 10,000-host tree would only slow the page)

const roleName = { master: "mesos-master", agent: "mesos-agent", zookeeper: "zookeeper", marathon: "marathon" };
const roleLabel = (r) => roleName[r] ?? r;

function tolerated(n) {
  return n === null || n === undefined ? "unknown" : plural(n, "failure");
}

// One figure: the term, what is shown, and the exact value (data-value) for tests and scripts.
function figure(id, term, shown, value) {
  return [el("dt", {}, term), el("dd", { dataset: { figure: id, value: JSON.stringify(value) } }, shown)];
}

function figures(c) {
  const source = c.masters_source ? ` (${c.masters_source})` : "";
  const quorum = c.quorum.length ? c.quorum.join(" / ") : "not set";
  const masterTolerance = c.master_failures_tolerated ?? null;
  const why = masterTolerance === null && c.masters > 0
    ? (c.quorum.length === 0 ? ": no quorum set" : c.quorum.length > 1 ? ": the masters disagree" : ": the quorum is not a majority of the masters")
    : "";
  const voters = c.zookeeper_voters.length ? `${c.zookeeper_voters.length} (${c.zookeeper_voters.join(", ")})` : "none found";
  const observers = c.zookeeper_observers ?? [];
  const list = el("dl", { class: "cluster-figures" },
    ...figure("masters", "Mesos masters", `${c.masters}${source}`, c.masters),
    ...figure("quorum", "Quorum", quorum, c.quorum),
    ...figure("master-failures", "Master failures tolerated", `${tolerated(masterTolerance)}${why}`, masterTolerance),
    ...figure("zookeeper-voters", "ZooKeeper voters", voters, c.zookeeper_voters),
    ...figure("zookeeper-observers", "ZooKeeper observers", observers.length ? `${observers.length} (${observers.join(", ")}), not voting` : "none", observers),
    ...figure("zookeeper-failures", "ZooKeeper failures tolerated", c.zookeeper_voters.length ? tolerated(c.zookeeper_failures_tolerated) : "no ensemble", c.zookeeper_failures_tolerated ?? null));
  const sets = c.master_quorums ?? [];
  // Which masters hold which value: the first thing to see when they disagree.
  const setList = sets.length
    ? el("ul", { class: "quorum-sets", "aria-label": "Quorum per set of masters" }, ...sets.map((g) =>
      el("li", { dataset: { quorum: JSON.stringify(g.quorum), masters: JSON.stringify(g.masters) } },
        `quorum ${g.quorum ?? "not set"} on ${plural(g.masters.length, "master")}: ${g.masters.join(", ")}`)))
    : null;
  return [list, setList];
}

function hostTable(hosts) {
  const rows = hosts.slice(0, MAX_ROWS).map((h) => el("tr", { dataset: { host: h.name, root: h.root, roles: JSON.stringify(h.roles), address: JSON.stringify(h.address) } },
    el("th", { scope: "row" }, h.name),
    el("td", {}, h.root === "" ? "." : shownPath(h.root)),
    el("td", {}, h.roles.length ? h.roles.map(roleLabel).join(", ") : "none"),
    el("td", {}, h.address ?? "-")));
  const table = el("table", { class: "cluster-hosts" },
    el("caption", {}, plural(hosts.length, "host")),
    el("thead", {}, el("tr", {}, ...["Host", "Root", "Daemons", "Address"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows));
  const more = hosts.length > MAX_ROWS
    ? el("p", { class: "hint" }, `and ${hosts.length - MAX_ROWS} more hosts: the CLI's output below lists them all.`)
    : null;
  return [table, more];
}

let shownCluster = null; // the JSON of the cluster on screen: rebuilt only when it changes

function render() {
  const box = $("cluster");
  const { result } = state;
  box.dataset.run = String(debug.runs); // the check this view shows (for tests)
  if (!result) {
    shownCluster = null;
    box.dataset.state = "empty";
    box.replaceChildren(el("p", { class: "hint" }, "The cluster shows once the files are checked."));
    return;
  }
  const c = result.cluster;
  const signature = JSON.stringify(c);
  if (signature === shownCluster) return;
  shownCluster = signature;
  if (c.hosts.length === 0) {
    box.dataset.state = "none";
    box.replaceChildren(el("p", { class: "hint" }, "No host was read from these files, so there is no cluster to show."));
    return;
  }
  box.dataset.state = "ok";
  box.replaceChildren(...[...figures(c), ...hostTable(c.hosts)].filter(Boolean));
}

// ---- what the engine is asked while a disclosure is open --------------------------------------

function daemonList(detail) {
  const hosts = detail.hosts.filter((h) => h.daemons?.length).slice(0, MAX_ROWS);
  if (!hosts.length) return [el("p", { class: "hint" }, "No daemon found on any host.")];
  return hosts.map((h) => el("section", { class: "cluster-host", dataset: { host: h.name }, "aria-label": `Daemons of ${h.name}` },
    el("h3", {}, h.name),
    ...h.daemons.map((d) => el("div", { class: "cluster-daemon", dataset: { daemon: d.daemon } },
      el("p", {}, el("strong", {}, roleLabel(d.daemon)), `: ${d.evidence}`),
      d.settings.length
        ? el("table", { class: "cluster-settings" },
          el("caption", { class: "visually-hidden" }, `Settings of ${roleLabel(d.daemon)} on ${h.name}`),
          el("thead", {}, el("tr", {}, ...["Setting", "Value", "From"].map((x) => el("th", { scope: "col" }, x)))),
          el("tbody", {}, ...d.settings.map((s) => el("tr", { dataset: { setting: s.name } },
            el("th", { scope: "row" }, s.name), el("td", {}, s.value ?? "(unknown)"), el("td", {}, s.from)))))
        : el("p", { class: "hint" }, "No setting read.")))));
}

const detailViews = [
  { details: "cluster-daemons", box: "cluster-daemons-body", format: "json", show: (r) => daemonList(r) },
  { details: "cluster-text", box: "cluster-text-body", format: "text", show: (r) => [r] },
];

let asked = null; // the result a request was made for (a reply for an older one is dropped)

async function refreshDetails() {
  const open = detailViews.filter((v) => $(v.details).open);
  const result = state.result;
  for (const v of detailViews) if (!open.includes(v)) $(v.box).replaceChildren();
  if (!open.length) return;
  if (!result) {
    for (const v of open) $(v.box).replaceChildren(el("p", { class: "hint" }, "Not checked yet."));
    return;
  }
  asked = result;
  for (const v of open) {
    const reply = await ask({ type: "hosts", files: engineFiles(), config: null, format: v.format });
    if (asked !== result || state.result !== result) return; // a newer check is on screen
    const box = $(v.box);
    box.dataset.state = reply.ok ? "ok" : "error";
    box.replaceChildren(...(reply.ok ? v.show(reply.result) : [el("p", { class: "error" }, `The engine could not describe the cluster: ${reply.error}`)]));
  }
}

export function setupCluster() {
  render();
  // After the findings are painted: the view sits below them, and rebuilding a long host table
  // must not delay what the edit changed.
  onResult(() => requestAnimationFrame(() => setTimeout(() => {
    render();
    refreshDetails();
  })));
  for (const v of detailViews) $(v.details).addEventListener("toggle", refreshDetails);
}
