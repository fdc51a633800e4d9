// Which host a path belongs to, from the host roots of the last result; the tree and the
// findings panel both group by it.

import { visiblePath } from "./share.js";
import { state } from "./state.js";

// Host roots of the last result, "root/" -> name, so that finding a path's host costs its depth,
// not the number of hosts (500 hosts x 2000 files was most of the time of an edit).
let hostRoots = { hosts: null, roots: new Map() };

function rootsOf(hosts) {
  if (hostRoots.hosts !== hosts) {
    const roots = new Map();
    for (const h of hosts ?? []) roots.set(h.root === "." || h.root === "" ? "" : `${h.root}/`, h.name);
    hostRoots = { hosts, roots };
  }
  return hostRoots.roots;
}

export function hostOf(path) {
  const roots = rootsOf(state.result?.hosts);
  // The longest root that is a directory prefix of the path.
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const root = path.slice(0, i + 1);
    if (roots.has(root)) return { name: roots.get(root), root };
  }
  if (roots.has("")) return { name: roots.get(""), root: "" };
  const m = /^(.*?\/)?etc\//.exec(path);
  return m && m[1] ? { name: m[1].replace(/\/$/, "").split("/").pop(), root: m[1] } : { name: "(tree)", root: "" };
}

// A host name is a directory name: its invisible and bidi characters are made visible too, so
// that "m1" and "m1<U+200B>" never read as one host.
export const hostLabel = (name) => (name === "." || name === "" ? "(tree root)" : visiblePath(name).shown);

export function groupByHost(paths) {
  const groups = new Map();
  for (const p of paths) {
    const h = hostOf(p);
    if (!groups.has(h.name)) groups.set(h.name, { root: h.root, paths: [] });
    groups.get(h.name).paths.push(p);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}
