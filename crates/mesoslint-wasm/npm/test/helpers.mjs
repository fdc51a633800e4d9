// Shared by the package test and the browser tests: read example trees, run the CLI, and
// reduce findings to what is compared (code, primary path, line).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
export const examplesDir = path.join(repo, "examples");

/** Every example tree, every file as the CLI walks it: [{name, dir, files: {path: Buffer}}]. */
export function readExamples() {
  if (!fs.existsSync(examplesDir)) return [];
  return fs.readdirSync(examplesDir).sort()
    .map((name) => ({ name, dir: path.join(examplesDir, name) }))
    .filter((e) => fs.statSync(e.dir).isDirectory())
    .map((e) => ({ ...e, files: readTree(e.dir) }));
}

export function readTree(dir) {
  const files = {};
  const walk = (d, rel) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(d, entry.name), r);
      else if (entry.isFile()) files[r] = fs.readFileSync(path.join(d, entry.name));
    }
  };
  walk(dir, "");
  return files;
}

/** The CLI binary, if built: $MESOSLINT_BIN, then <target>/release/mesoslint. */
export function cliPath() {
  const candidates = [
    process.env.MESOSLINT_BIN,
    process.env.CARGO_TARGET_DIR && path.resolve(repo, process.env.CARGO_TARGET_DIR, "release", "mesoslint"),
    path.join(repo, "target", "release", "mesoslint"),
  ].filter(Boolean);
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

export const NO_CLI_MESSAGE =
  "SKIP: no mesoslint CLI found (set MESOSLINT_BIN or run `cargo build --release -p mesoslint`); " +
  "the comparison with `mesoslint --format json` did not run";

/** `mesoslint --format json .` run inside `dir`: the whole JSON report (paths relative to dir). */
export function cliReport(bin, dir) {
  let out;
  try {
    out = execFileSync(bin, ["--format", "json", "."], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    // Exit status 1 means "findings at or above the threshold": the output is still the report.
    if (e.status !== 1 || !e.stdout) throw e;
    out = e.stdout;
  }
  return JSON.parse(out);
}

/** The findings array of `mesoslint --format json .` run inside `dir`. */
export function cliFindings(bin, dir) {
  const doc = cliReport(bin, dir);
  const findings = Array.isArray(doc) ? doc : doc.findings;
  if (!Array.isArray(findings)) throw new Error("unexpected JSON from the CLI: no findings array");
  return findings;
}

/** `mesoslint --color never .` run inside `dir`: the human report as the CLI prints it. */
export function cliText(bin, dir) {
  try {
    return execFileSync(bin, ["--color", "never", "."], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.status !== 1 || typeof e.stdout !== "string") throw e;
    return e.stdout;
  }
}

const norm = (p) => String(p ?? "").replace(/^\.\//, "");

/** "CODE path:line" for each finding's primary label (sorted). */
export function keys(findings) {
  return findings.map((f) => {
    const p = f.labels.find((l) => l.primary) ?? f.labels[0];
    return p ? `${f.code} ${norm(p.path)}:${p.start.line}` : `${f.code} -`;
  }).sort();
}

/** Every label, "CODE path:line:col16 primary|secondary" (sorted): the finer comparison. */
export function labelKeys(findings) {
  return findings.flatMap((f) => f.labels.map((l) =>
    `${f.code} ${norm(l.path)}:${l.start.line}:${l.start.column_utf16}-${l.end.line}:${l.end.column_utf16} ${l.primary ? "primary" : "secondary"}`)).sort();
}
