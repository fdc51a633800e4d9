#!/usr/bin/env python3
"""Write the protobuf shapes of Mesos's JSON-valued flags as a compact text table.

Reads the .proto files of every X.Y.0 tag of an apache/mesos git directory, keeps the messages
reachable from the flags' root messages (1.11.0's definitions) and notes, for each field, the
first and last release that has it. Output: crates/mesoslint-core/src/parse/json/mesos_schema.txt

usage: gen-mesos-proto-schema.py <mesos git dir> > mesos_schema.txt
"""
import re
import subprocess
import sys

TAGS = ["0.20.0", "0.21.0", "0.22.0", "0.23.0", "0.24.0", "0.25.0", "0.26.0", "0.27.0",
        "0.28.0", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0",
        "1.8.0", "1.9.0", "1.10.0", "1.11.0"]
ROOTS = ["mesos.ACLs", "mesos.internal.Firewall", "mesos.RateLimits", "mesos.Modules",
         "mesos.DomainInfo", "mesos.ContainerInfo", "mesos.DeviceWhitelist",
         "mesos.CapabilityInfo", "mesos.internal.ContainerDNSInfo",
         "mesos.internal.SlaveCapabilities", "mesos.internal.ImageGcConfig",
         "mesos.Credentials", "mesos.Resource"]
SCALARS = {"string", "bytes", "bool", "double", "float", "int32", "int64", "uint32", "uint64",
           "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64"}


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir=" + gitdir, *args], check=True,
                          capture_output=True, text=True).stdout


def tokens(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.findall(r'"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}\[\]=;<>,()-]', text)


def parse(text, messages, enums):
    """Fill messages {full: [(name, label, type, scope)]} and enums {full: [values]}."""
    toks = tokens(text)
    pkg = ""
    i = 0
    stack = []  # (kind, full name)

    def scope():
        return stack[-1][1] if stack else pkg

    while i < len(toks):
        t = toks[i]
        if t == "package":
            pkg = toks[i + 1]
            i += 3
        elif t in ("message", "enum") and i + 2 < len(toks) and toks[i + 2] == "{":
            full = scope() + "." + toks[i + 1] if scope() else toks[i + 1]
            stack.append((t, full))
            (messages if t == "message" else enums).setdefault(full, [])
            i += 3
        elif t == "oneof" and toks[i + 2] == "{":
            stack.append(("oneof", scope()))
            i += 3
        elif t in ("extend", "service") and "{" in toks[i:i + 4]:
            depth = 0
            while True:
                if toks[i] == "{":
                    depth += 1
                elif toks[i] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            i += 1
        elif t == "}":
            stack.pop()
            i += 1
        elif t in ("option", "import", "syntax", "reserved", "extensions"):
            while toks[i] != ";":
                i += 1
            i += 1
        elif stack and stack[-1][0] == "enum":
            if toks[i + 1] == "=":
                enums[stack[-1][1]].append(t)
            while toks[i] != ";":
                i += 1
            i += 1
        elif stack and stack[-1][0] in ("message", "oneof"):
            if t in ("optional", "required", "repeated"):
                label, ty, name = t, toks[i + 1], toks[i + 2]
            elif t == "map":
                # map < K , V > name
                label, ty, name = "map", toks[i + 4], toks[i + 6]
            else:
                label, ty, name = "optional", t, toks[i + 1]
            messages[scope()].append((name, label, ty, scope()))
            while toks[i] != ";":
                i += 1
            i += 1
        else:
            i += 1


def resolve(ty, scope, messages, enums):
    if ty in SCALARS:
        return ty
    parts = scope.split(".")
    for n in range(len(parts), -1, -1):
        cand = ".".join(parts[:n] + [ty]) if n else ty
        if cand in messages:
            return "msg:" + cand
        if cand in enums:
            return "enum:" + cand
    return None


def load(gitdir, tag):
    files = [f for f in git(gitdir, "ls-tree", "-r", "--name-only", tag).split("\n")
             if f.endswith(".proto") and "/v1/" not in f and "test" not in f
             and (f.startswith("include/mesos/") or f.startswith("src/messages/")
                  or f.endswith("cni/spec.proto"))]
    messages, enums = {}, {}
    for f in files:
        parse(git(gitdir, "show", tag + ":" + f), messages, enums)
    return messages, enums


def main():
    gitdir = sys.argv[1]
    per_tag = {tag: load(gitdir, tag) for tag in TAGS}
    messages, enums = per_tag["1.11.0"]
    seen, order, todo = set(), [], list(ROOTS)
    while todo:
        m = todo.pop(0)
        if m in seen:
            continue
        seen.add(m)
        order.append(m)
        for (_, _, ty, sc) in messages[m]:
            r = resolve(ty, sc, messages, enums)
            if r and r.startswith("msg:"):
                todo.append(r[4:])
    print("# Generated by scripts/gen-mesos-proto-schema.py from apache/mesos X.Y.0 tags.")
    print("# M <message>; F <field> <label> <type> <since> <until>; E <enum> <values,...>")
    used_enums = set()
    for m in order:
        print("M", m)
        names = [f[0] for f in messages[m]]
        removed = set()
        for tag in TAGS:
            old = per_tag[tag][0].get(m, [])
            removed.update(f[0] for f in old if f[0] not in names)
        for (name, label, ty, sc) in messages[m]:
            r = resolve(ty, sc, messages, enums)
            if r is None:
                raise SystemExit(f"unresolved type {ty} in {m}")
            if r.startswith("enum:"):
                used_enums.add(r[5:])
            present = [t for t in TAGS if name in [f[0] for f in per_tag[t][0].get(m, [])]]
            print("F", name, label, r, present[0], present[-1])
        for name in sorted(removed):
            present = [t for t in TAGS if name in [f[0] for f in per_tag[t][0].get(m, [])]]
            print("F", name, "removed", "-", present[0], present[-1])
    for e in sorted(used_enums):
        print("E", e, ",".join(enums[e]))


main()
