#!/usr/bin/env node
// `mesoslint` for npm users (`npx -p @mesoslint/wasm mesoslint ./etc`): the native CLI's lint
// command, with the engine compiled to WebAssembly. This file only does what the engine cannot
// do itself: parse the options, find mesoslint.toml, read the files (./walk.js), print, exit.
// Linting, configuration handling and every output format are the engine's (run()), so the
// findings and the exit status are those of the native CLI.
//
// Exit status: 0 nothing at or above the failure level, 1 findings at or above it, 2 usage
// errors, missing paths and invalid configuration files.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { walk, readStdin, discoverConfig, relative, ioReason, WalkError } = require("./walk.js");

const FORMATS = ["human", "concise", "json", "sarif", "github", "markdown"];
const FAIL_LEVELS = ["error", "warning", "info", "never"];
const COLORS = ["auto", "always", "never"];

const HELP = `Lint Apache Mesos, ZooKeeper and Marathon configuration trees

Usage: mesoslint [OPTIONS] [PATHS]...
       mesoslint check [OPTIONS] [PATHS]...

Arguments:
  [PATHS]...  Files or directories to lint (default: the current directory). \`-\` reads
              standard input, which needs --stdin-path.

Options:
      --config <FILE>            Configuration file (default: the nearest mesoslint.toml from the
                                 linted path up to the repository root)
      --no-config                Do not read any configuration file
      --max-file-size <BYTES>    Files larger than this are not read (IN003) [default: 1048576]
      --stdin-path <PATH>        Lint standard input as if it were the file at PATH (give \`-\`)
      --format <FORMAT>          ${FORMATS.join(", ")} (default: human; under
                                 GITHUB_ACTIONS=true human plus annotations)
  -o, --output-file <FILE>       Write the output to FILE instead of standard output
      --fail-level <LEVEL>       Exit with 1 when a finding is at or above this severity:
                                 ${FAIL_LEVELS.join(", ")} [default: error, or fail-level in mesoslint.toml]
      --select <RULES>           Run only these rules (replaces \`select\` of mesoslint.toml)
      --ignore <RULES>           Do not run these rules (added to \`ignore\` of mesoslint.toml)
      --color <WHEN>             Accepted for compatibility; this front-end prints no colour
  -h, --help                     Print help
  -V, --version                  Print version

The other commands of the native CLI (rules, explain, hosts, config, ...) are in the native
binary: cargo install mesoslint, pip install mesoslint, or a release download.

Exit codes: 0 nothing at or above the failure level, 1 findings at or above it, 2 usage error,
missing path or invalid configuration file.
`;

class UsageError extends Error {}

/** The CLI's options, parsed as clap parses them (`--opt value`, `--opt=value`). */
function parseArgs(argv) {
  const o = { paths: [], select: [], ignore: [], maxFileSize: 1024 * 1024 };
  const valued = {
    "--config": "config",
    "--max-file-size": "maxFileSize",
    "--stdin-path": "stdinPath",
    "--format": "format",
    "--output-file": "outputFile",
    "-o": "outputFile",
    "--fail-level": "failLevel",
    "--select": "select",
    "--ignore": "ignore",
    "--color": "color",
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || arg === "-" || !arg.startsWith("-")) {
      // `mesoslint check PATH...` is `mesoslint PATH...`.
      if (i === 0 && arg === "check") continue;
      o.paths.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPaths = true;
      continue;
    }
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg === "-V" || arg === "--version") return { version: true };
    if (arg === "--no-config") {
      o.noConfig = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    const key = valued[name];
    if (!key) throw new UsageError(`unexpected argument '${arg}' found`);
    let value;
    if (name !== arg) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new UsageError(`a value is required for '${name} <${key.toUpperCase()}>' but none was supplied`);
    const oneOf = (allowed) => {
      if (!allowed.includes(value)) {
        throw new UsageError(`invalid value '${value}' for '${name}': possible values: ${allowed.join(", ")}`);
      }
    };
    if (key === "select" || key === "ignore") {
      o[key].push(...value.split(","));
      continue;
    }
    if (key === "format") oneOf(FORMATS);
    if (key === "failLevel") oneOf(FAIL_LEVELS);
    if (key === "color") oneOf(COLORS);
    if (key === "maxFileSize") {
      if (!/^[0-9]+$/.test(value)) throw new UsageError(`invalid value '${value}' for '${name}': not a number`);
      value = Number(value);
    }
    o[key] = value;
  }
  if (o.config !== undefined && o.noConfig) {
    throw new UsageError("the argument '--config <FILE>' cannot be used with '--no-config'");
  }
  return o;
}

/** The configuration a run uses: text and where it sits relative to the current directory. */
function loadConfig(o, cwd, paths) {
  if (o.noConfig) return { config: "", configDir: "", cwdFromConfig: "" };
  let file;
  if (o.config !== undefined) {
    file = path.resolve(cwd, o.config);
  } else {
    let start = path.resolve(cwd, o.stdinPath !== undefined ? o.stdinPath : paths[0]);
    let isDir = false;
    try {
      isDir = fs.statSync(start).isDirectory();
    } catch {
      // A path that does not exist yet (--stdin-path): its directory.
    }
    if (!isDir) start = path.dirname(start);
    file = discoverConfig(start);
  }
  // No file: empty text, so run() does not read a mesoslint.toml among the files either.
  if (!file) return { config: "", configDir: "", cwdFromConfig: "" };
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read configuration file ${relative(file, cwd)}: ${ioReason(e)}`);
  }
  const dir = path.dirname(file);
  const configDir = relative(dir, cwd);
  const cwdFromConfig = relative(cwd, dir);
  return {
    // (An empty file is the empty configuration, as "" is: either way no root file is read.)
    config: text,
    configDir: configDir === "." ? "" : configDir,
    cwdFromConfig: cwdFromConfig === "." ? "" : cwdFromConfig,
    shown: relative(file, cwd),
  };
}

function main(argv) {
  const o = parseArgs(argv);
  const engine = require("../lib/node.js");
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`mesoslint ${engine.version()}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const stdinAsked = o.paths.includes("-");
  if (stdinAsked && o.stdinPath === undefined) {
    throw new UsageError("reading standard input (`-`) needs --stdin-path PATH to say which file it is");
  }
  if (o.stdinPath !== undefined && o.paths.some((p) => p !== "-")) {
    throw new UsageError("--stdin-path lints standard input only: give `-` (or nothing) as the path");
  }
  const paths = o.paths.length ? o.paths : ["."];
  if (o.stdinPath === undefined) {
    for (const p of paths) {
      try {
        fs.lstatSync(path.resolve(cwd, p));
      } catch {
        throw new UsageError(`path not found: ${p}`);
      }
    }
  }
  const place = loadConfig(o, cwd, paths);

  const files = new Map();
  if (o.stdinPath !== undefined) {
    const rel = relative(path.resolve(cwd, o.stdinPath), cwd);
    files.set(rel, readStdin(o.maxFileSize));
  } else {
    for (const p of paths) walk(files, path.resolve(cwd, p), cwd, o.maxFileSize);
  }

  const options = {
    config: place.config,
    configDir: place.configDir,
    cwdFromConfig: place.cwdFromConfig,
    select: o.select,
    ignore: o.ignore,
  };
  if (o.failLevel) options.failLevel = o.failLevel;
  const githubActions = process.env.GITHUB_ACTIONS === "true";
  let result;
  try {
    result = engine.run(files, { ...options, format: o.format || "human" });
  } catch (e) {
    throw new UsageError(e && e.message ? e.message : String(e));
  }
  // Under GitHub Actions with no --format, the human report is followed by annotations.
  const annotations = !o.format && githubActions ? engine.run(files, { ...options, format: "github" }).output : "";
  if (o.outputFile !== undefined) {
    try {
      fs.writeFileSync(path.resolve(cwd, o.outputFile), result.output);
    } catch (e) {
      throw new UsageError(`cannot write output: ${ioReason(e)}`);
    }
    process.stdout.write(annotations);
  } else {
    process.stdout.write(result.output + annotations);
  }
  return result.exit_code;
}

let code;
try {
  code = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError || e instanceof WalkError)) throw e;
  process.stderr.write(`error: ${e.message}\n`);
  code = 2;
}
// Let standard output drain before the exit status is set (a pipe may be slow).
process.exitCode = code;
