#!/usr/bin/env python3
"""Run a composite action's steps locally, the way a GitHub runner does, for the tests.

    run-action.py ACTION_DIR --workspace DIR --state DIR [--input NAME=VALUE]... [--outputs FILE]

Each `run:` step runs with `bash --noprofile --norc -eo pipefail` in the workspace, with the
variables a runner sets (GITHUB_ACTIONS=true, GITHUB_WORKSPACE, GITHUB_ACTION_PATH,
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV, RUNNER_TEMP, RUNNER_OS, ...);
`${{ }}` expressions and `if:` conditions are evaluated; step outputs are read back from
GITHUB_OUTPUT. `actions/cache` is emulated with a directory under --state: restored when the key
is there, saved after the job when every step succeeded (as its post step does). Anything this
runner does not understand (another `uses:`, an unknown expression) is an error, never skipped.

The job summary is left at STATE/summary.md, the composite outputs in --outputs (JSON). The exit
status is that of the first failing step (0 when all pass).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Unsupported(Exception):
    pass


def lookup(ref, ctx):
    parts = ref.split(".")
    if parts[0] == "inputs" and len(parts) == 2:
        return ctx["inputs"].get(parts[1], "")
    if parts[0] in ("github", "runner", "env") and len(parts) == 2:
        return ctx[parts[0]].get(parts[1], "")
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return ctx["steps"].get(parts[1], {}).get(parts[3], "")
    raise Unsupported(f"expression {ref!r}")


def evaluate(expr, ctx):
    expr = expr.strip()
    if "&&" in expr:
        return all(evaluate(part, ctx) for part in expr.split("&&"))
    m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", expr)
    if m:
        value = lookup(m.group(1), ctx)
        return (value == m.group(3)) == (m.group(2) == "==")
    if expr in ("success()", "always()"):
        return True
    if re.fullmatch(r"[\w.-]+", expr):
        return lookup(expr, ctx)
    raise Unsupported(f"expression {expr!r}")


def substitute(text, ctx):
    return EXPR.sub(lambda m: str(evaluate(m.group(1), ctx)), str(text))


def condition(step, ctx):
    cond = step.get("if")
    if cond is None:
        return True
    m = EXPR.fullmatch(str(cond).strip())
    return bool(evaluate(m.group(1) if m else str(cond), ctx))


def read_kv_file(path):
    """Parse a GITHUB_OUTPUT/GITHUB_ENV file: NAME=VALUE lines and NAME<<DELIMITER blocks."""
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        else:
            raise Unsupported(f"bad line in {path}: {line!r}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action_dir")
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--outputs")
    args = ap.parse_args()

    action_dir = os.path.abspath(args.action_dir)
    workspace = os.path.abspath(args.workspace)
    state = os.path.abspath(args.state)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action["runs"]["using"] != "composite":
        raise Unsupported("only composite actions")

    inputs = {}
    for name, spec in (action.get("inputs") or {}).items():
        inputs[name] = str(spec.get("default", ""))
    for item in args.input:
        name, _, value = item.partition("=")
        if name not in inputs:
            raise Unsupported(f"the action has no input {name!r}")
        inputs[name] = value

    os.makedirs(state, exist_ok=True)
    runner_temp = tempfile.mkdtemp(prefix="runner-temp-", dir=state)
    summary = os.path.join(state, "summary.md")
    open(summary, "w").close()
    path_file = os.path.join(runner_temp, "_path")
    env_file = os.path.join(runner_temp, "_env")
    open(path_file, "w").close()
    open(env_file, "w").close()

    base_env = dict(os.environ)
    base_env.update({
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": workspace,
        "GITHUB_ACTION_PATH": action_dir,
        "GITHUB_STEP_SUMMARY": summary,
        "GITHUB_PATH": path_file,
        "GITHUB_ENV": env_file,
        "GITHUB_REPOSITORY": "example/config",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_SHA": "0" * 40,
        "GITHUB_RUN_ID": "1",
        "RUNNER_TEMP": runner_temp,
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
    })
    ctx = {
        "inputs": inputs,
        "github": {"action_path": action_dir, "workspace": workspace},
        "runner": {"temp": runner_temp, "os": "Linux", "arch": "X64"},
        "env": {},
        "steps": {},
    }
    extra_path = []
    to_save = []  # (key, path) saved after a successful job
    failed = 0

    for n, step in enumerate(action["runs"]["steps"], 1):
        name = step.get("name") or step.get("id") or f"step {n}"
        if failed or not condition(step, ctx):
            print(f"[runner] skip: {name}", flush=True)
            continue
        print(f"[runner] step: {name}", flush=True)
        step_id = step.get("id", f"__{n}")
        if "uses" in step:
            uses = step["uses"]
            if not re.fullmatch(r"actions/cache@v\d+", uses):
                raise Unsupported(f"uses: {uses}")
            w = {k: substitute(v, ctx) for k, v in (step.get("with") or {}).items()}
            key, path = w["key"], w["path"]
            stored = os.path.join(state, "cache", key)
            hit = os.path.isdir(stored)
            if hit:
                if os.path.exists(path):
                    shutil.rmtree(path)
                shutil.copytree(stored, path, symlinks=True)
                print(f"[runner] cache restored from key: {key}", flush=True)
            else:
                print(f"[runner] cache not found for key: {key}", flush=True)
                to_save.append((key, path))
            ctx["steps"][step_id] = {"cache-hit": "true" if hit else "false"}
            continue

        if step.get("shell") != "bash":
            raise Unsupported(f"shell {step.get('shell')!r} (the action must say shell: bash)")
        env = dict(base_env)
        env.update(ctx["env"])
        for k, v in (step.get("env") or {}).items():
            env[k] = substitute(v, ctx)
        if extra_path:
            env["PATH"] = os.pathsep.join(extra_path + [env.get("PATH", "")])
        output_file = os.path.join(runner_temp, f"_output_{n}")
        open(output_file, "w").close()
        env["GITHUB_OUTPUT"] = output_file
        script = os.path.join(runner_temp, f"_step_{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(substitute(step["run"], ctx))
        cwd = os.path.join(workspace, substitute(step.get("working-directory", "."), ctx))
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                               cwd=cwd, env=env)
        ctx["steps"][step_id] = read_kv_file(output_file)
        with open(path_file, encoding="utf-8") as f:
            extra_path = [l for l in f.read().split("\n") if l][::-1]
        ctx["env"].update(read_kv_file(env_file))
        if code != 0:
            print(f"[runner] step failed: {name} (exit code {code})", flush=True)
            failed = code

    if not failed:
        for key, path in to_save:
            if os.path.isdir(path):
                stored = os.path.join(state, "cache", key)
                shutil.copytree(path, stored, symlinks=True)
                print(f"[runner] cache saved with key: {key}", flush=True)
    outputs = {name: substitute(spec.get("value", ""), ctx)
               for name, spec in (action.get("outputs") or {}).items()}
    if args.outputs:
        with open(args.outputs, "w", encoding="utf-8") as f:
            json.dump(outputs, f, indent=2)
    return failed


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Unsupported as e:
        print(f"[runner] unsupported: {e}", file=sys.stderr)
        sys.exit(3)
