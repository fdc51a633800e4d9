#!/usr/bin/env python3
"""The generated parts of README.md and the list of its shell commands.

    readme.py check MESOSLINT   fail when the sample output or the rule list is stale
    readme.py bless MESOSLINT   rewrite them from the binary
    readme.py commands          print every command of the README's sh blocks, one a line

The sample is the real output of `mesoslint examples/broken-cluster --format concise` run from
the repository root; the rule list links every rule of `mesoslint rules --format json` to its
section of docs/rules.md (whose heading must exist).
"""
import json
import re
import subprocess
import sys

README = "README.md"


def sample(binary):
    out = subprocess.run([binary, "examples/broken-cluster", "--format", "concise"],
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"mesoslint failed ({out.returncode}): {out.stderr}")
    return out.stdout


def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def rules_list(binary):
    rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], capture_output=True,
                                      text=True, check=True).stdout)
    with open("docs/rules.md", encoding="utf-8") as f:
        anchors = {slug(l[3:]) for l in f.read().split("\n") if l.startswith("## ")}
    lines = []
    for r in rules:
        anchor = r["help_uri"].split("#", 1)[1]
        if anchor not in anchors:
            sys.exit(f"docs/rules.md has no section #{anchor} for {r['code']}")
        lines.append(f"- [{r['code']} {r['name']}](docs/rules.md#{anchor}) ({r['severity']}): "
                     f"{r['summary']}")
    return "\n".join(lines) + "\n"


def replace_between(text, start_re, end_re, body):
    m = re.search(start_re, text)
    e = re.search(end_re, text[m.end():]) if m else None
    if not m or not e:
        sys.exit(f"README.md lacks the markers {start_re} ... {end_re}")
    return text[:m.end()] + body + text[m.end() + e.start():]


def generated(text, binary):
    text = replace_between(text, r"<!-- sample:[^\n]*-->\n", r"<!-- sample end -->",
                           "```text\n" + sample(binary) + "```\n")
    text = replace_between(text, r"<!-- rules:start[^\n]*-->\n", r"<!-- rules:end -->",
                           rules_list(binary))
    return text


def commands():
    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n")
    inside = False
    for line in lines:
        if re.match(r"^\s*```(sh|bash|shell|console)\s*$", line):
            inside = True
        elif inside and re.match(r"^\s*```\s*$", line):
            inside = False
        elif inside and line.strip() and not line.strip().startswith("#"):
            print(line.strip())


def main():
    mode = sys.argv[1]
    if mode == "commands":
        return commands()
    binary = sys.argv[2]
    with open(README, encoding="utf-8") as f:
        text = f.read()
    new = generated(text, binary)
    if mode == "bless":
        with open(README, "w", encoding="utf-8") as f:
            f.write(new)
    elif new != text:
        sys.exit("README.md's sample output or rule list is stale: "
                 "run MESOSLINT_BLESS=1 scripts/test-dist.sh")


if __name__ == "__main__":
    main()
