#!/usr/bin/env python3
"""Where the bytes of a .wasm go: section sizes, and the code section's function bodies grouped
by crate and by module path, from the name section (build the wasm without `strip` to keep it).

    python3 scripts/wasm-size.py target/wasm32-unknown-unknown/wasm-release/mesoslint_wasm.wasm [depth] [top]

A twiggy-style report with no install: the module's own structure is read directly. Sizes are
raw bytes before wasm-opt; gzip figures are each group's bodies compressed alone (level 9), an
estimate of what they cost in the shipped file.
"""
import re
import sys
import zlib
from collections import defaultdict


def leb(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, pos


def demangle(name):
    """Legacy Rust mangling (`_ZN3foo3bar17h0123456789abcdefE`) to `foo::bar`."""
    if not name.startswith("_ZN"):
        return name
    pos, parts = 3, []
    while pos < len(name) and name[pos].isdigit():
        m = re.match(r"\d+", name[pos:])
        n = int(m.group())
        pos += len(m.group())
        parts.append(name[pos:pos + n])
        pos += n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    out = "::".join(parts)
    for a, b in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","),
                 ("$u7b$", "{"), ("$u7d$", "}"), ("$BP$", "*"), ("$u27$", "'"), ("..", "::")):
        out = out.replace(a, b)
    return out


def v0_path(name):
    """A v0-mangled name (`_RNv...Cs<hash>_4core3str...`): its identifiers in order, crate first
    (a rough reading, enough to group by crate and module)."""
    m = re.search(r"C(?:s[0-9a-zA-Z]*_)?(\d+)", name)
    if not m:
        return name
    pos, parts = m.start(1), []
    while pos < len(name):
        d = re.match(r"(\d+)_?", name[pos:])
        if not d:
            pos += 1
            continue
        n = int(d.group(1))
        if n == 0 or n > 80:
            pos += len(d.group(0))
            continue
        start = pos + len(d.group(0))
        ident = name[start:start + n]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident):
            pos += len(d.group(0))
            continue
        parts.append(ident)
        pos = start + n
    return "::".join(parts) if parts else name


def group_key(name, depth):
    if name.startswith("_R"):
        name = v0_path(name)
    name = name.lstrip("_") if name.startswith("_<") else name
    # `<T as Trait>::f` belongs to T's path; strip leading generics/refs.
    name = name.lstrip("<&*").replace("mut ", "").replace("dyn ", "")
    parts = re.split(r"::", re.split(r"[< ]", name, 1)[0])
    return "::".join(parts[:depth])


def main():
    path = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    buf = open(path, "rb").read()
    pos = 8
    sections, imports, bodies, names = [], 0, [], {}
    while pos < len(buf):
        sid = buf[pos]
        size, p = leb(buf, pos + 1)
        end = p + size
        label = str(sid)
        if sid == 0:
            n, q = leb(buf, p)
            label = "custom:" + buf[q:q + n].decode()
            if label == "custom:name":
                q += n
                while q < end:
                    sub, q = leb(buf, q + 1) if False else (buf[q], q + 1)
                    sl, q = leb(buf, q)
                    if sub == 1:
                        cnt, r = leb(buf, q)
                        for _ in range(cnt):
                            idx, r = leb(buf, r)
                            ln, r = leb(buf, r)
                            names[idx] = buf[r:r + ln].decode("utf-8", "replace")
                            r += ln
                    q += sl
        elif sid == 2:
            cnt, q = leb(buf, p)
            for _ in range(cnt):
                ln, q = leb(buf, q); q += ln
                ln, q = leb(buf, q); q += ln
                kind = buf[q]; q += 1
                if kind == 0:
                    _, q = leb(buf, q); imports += 1
                elif kind == 1:
                    q += 1; fl = buf[q]; q += 1; _, q = leb(buf, q)
                    if fl & 1: _, q = leb(buf, q)
                elif kind == 2:
                    fl = buf[q]; q += 1; _, q = leb(buf, q)
                    if fl & 1: _, q = leb(buf, q)
                else:
                    q += 2
        elif sid == 10:
            cnt, q = leb(buf, p)
            for i in range(cnt):
                ln, q2 = leb(buf, q)
                bodies.append((imports + i, buf[q2:q2 + ln]))
                q = q2 + ln
        sections.append((label, size, buf[p:end]))
        pos = end
    total = len(buf)
    print(f"{path}: {total} bytes, {len(zlib.compress(buf, 9))} zlib-9")
    kept = b"".join(d for label, _, d in sections if not label.startswith("custom:"))
    print(f"without custom sections (what wasm-opt keeps, before its passes): {len(kept)} bytes, "
          f"{len(zlib.compress(kept, 9))} zlib-9")
    print("\nsections:")
    for label, size, data in sections:
        print(f"  {label:24} {size:9} bytes {len(zlib.compress(data, 9)):9} compressed")
    groups = defaultdict(lambda: [0, 0, []])
    for idx, body in bodies:
        name = demangle(names.get(idx, f"func[{idx}]"))
        g = groups[group_key(name, depth)]
        g[0] += len(body); g[1] += 1; g[2].append(body)
    rows = sorted(groups.items(), key=lambda kv: -kv[1][0])
    code = sum(len(b) for _, b in bodies)
    print(f"\ncode: {code} bytes in {len(bodies)} functions, by path (depth {depth}):")
    print(f"  {'bytes':>9} {'%':>5} {'gz':>8} {'fns':>5}  path")
    for key, (size, n, bs) in rows[:top]:
        gz = len(zlib.compress(b"".join(bs), 9))
        print(f"  {size:9} {100 * size / code:5.1f} {gz:8} {n:5}  {key}")
    if "--functions" in sys.argv:
        print("\nlargest functions:")
        fns = sorted(((len(b), demangle(names.get(i, f"func[{i}]"))) for i, b in bodies), reverse=True)
        for size, name in fns[:top]:
            print(f"  {size:9}  {name[:160]}")


main()
