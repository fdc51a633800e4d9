// Builds the page into web/dist/ and the npm package into crates/mesoslint-wasm/npm/:
//   1. cargo build the wasm crate (wasm32-unknown-unknown, the size-tuned `wasm-release` profile);
//   2. wasm-bindgen --target web (page), nodejs and bundler (npm package);
//   3. wasm-opt -Oz (npm binaryen) on each output, printing the sizes;
//   3b. rules-docs.json, the rules' documentation pages the module is built without (the core's
//      `docs` feature is off for it): printed by a native run of the core's `rule-docs`
//      example, from the same doc comments, and shipped beside the module (npm package, page);
//   4. a JS module with the built-in examples, generated from the repository's examples/;
//   5. esbuild bundles the page and its worker; the wasm is copied next to them as its own file
//      (streaming compilation, cached apart from the scripts), with _headers for hosts that set
//      real headers.
// `--skip-wasm` reuses the wasm outputs of a previous run.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(web, "..");
const crate = path.join(repo, "crates", "mesoslint-wasm");
const generated = path.join(web, "generated");
const dist = path.join(web, "dist");
const npmPkg = path.join(crate, "npm");
const docsFile = path.join(npmPkg, "rules-docs.json");
const skipWasm = process.argv.includes("--skip-wasm");

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: repo, ...opts });
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function buildWasm() {
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(repo, process.env.CARGO_TARGET_DIR)
    : path.join(repo, "target");
  // Size over speed for the wasm only: the `wasm-release` profile of the workspace's Cargo.toml
  // (opt-level "z", fat LTO, one codegen unit, panic = "abort"); the CLI's release profile is
  // left alone.
  run("cargo", ["build", "--profile", "wasm-release", "--target", "wasm32-unknown-unknown", "-p", "mesoslint-wasm"]);
  const raw = path.join(target, "wasm32-unknown-unknown", "wasm-release", "mesoslint_wasm.wasm");
  const outs = [
    ["web", path.join(npmPkg, "web")],
    ["nodejs", path.join(npmPkg, "node")],
    ["bundler", path.join(npmPkg, "bundler")],
  ];
  const wasmOpt = path.join(web, "node_modules", "binaryen", "bin", "wasm-opt");
  const sizes = [];
  for (const [kind, dir] of outs) {
    fs.rmSync(dir, { recursive: true, force: true });
    run("wasm-bindgen", ["--target", kind, "--typescript", "--out-dir", dir, raw]);
    const bg = path.join(dir, "mesoslint_wasm_bg.wasm");
    const before = fs.statSync(bg).size;
    // Rust's wasm32 target emits these post-MVP features; wasm-opt must be told to keep them.
    run("node", [
      wasmOpt, "-Oz", "--strip-debug", "--strip-producers",
      "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
      "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
      bg, "-o", bg,
    ]);
    const after = fs.readFileSync(bg);
    sizes.push({ kind, before, after: after.length, gzip: zlib.gzipSync(after, { level: 9 }).length });
  }
  generateDocs();
  console.log(`\nwasm: ${kib(fs.statSync(raw).size)} from cargo`);
  for (const s of sizes) {
    console.log(`wasm (${s.kind}): ${kib(s.before)} after wasm-bindgen -> ${kib(s.after)} after wasm-opt -Oz (${kib(s.gzip)} gzipped)`);
  }
}

// The rules' documentation pages, {code: Markdown}, which the wasm module leaves out.
function generateDocs() {
  console.log("$ cargo run -p mesoslint-core --example rule-docs");
  const json = execFileSync("cargo", ["run", "--quiet", "-p", "mesoslint-core", "--example", "rule-docs"], {
    cwd: repo,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages = JSON.parse(json);
  if (Object.keys(pages).length === 0) throw new Error("rule-docs printed no pages");
  fs.writeFileSync(docsFile, json);
  console.log(`rules-docs.json: ${Object.keys(pages).length} pages, ${kib(json.length)} (${kib(zlib.gzipSync(json, { level: 9 }).length)} gzipped)`);
}

// Every directory under examples/ becomes one built-in example: {name, title, description, files}.
function generateExamples() {
  const root = path.join(repo, "examples");
  const examples = [];
  if (fs.existsSync(root)) {
    for (const name of fs.readdirSync(root).sort()) {
      const dir = path.join(root, name);
      if (!fs.statSync(dir).isDirectory()) continue;
      const files = {};
      let description = "";
      const walk = (d, rel) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const p = path.join(d, entry.name);
          const r = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) walk(p, r);
          else if (entry.isFile()) {
            const text = fs.readFileSync(p, "utf8");
            // The README explains the example; it is not part of the config tree.
            if (r === "README.md") description = text;
            else files[r] = text;
          }
        }
      };
      walk(dir, "");
      const title = (description.match(/^#\s+(.+)$/m) || [, name])[1];
      examples.push({ name, title, description, files });
    }
  } else {
    console.warn("warning: no examples/ directory; the page ships without built-in examples");
  }
  fs.mkdirSync(generated, { recursive: true });
  fs.writeFileSync(
    path.join(generated, "examples.js"),
    `// Generated by web/scripts/build.mjs from examples/; do not edit.\nexport default ${JSON.stringify(examples, null, 1)};\n`,
  );
  console.log(`examples: ${examples.map((e) => `${e.name} (${Object.keys(e.files).length} files)`).join(", ")}`);
}

async function bundle() {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    sourcemap: false,
    target: ["es2020"],
    legalComments: "none",
    logLevel: "warning",
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(web, "src", "worker.js")],
    outfile: path.join(dist, "worker.js"),
    format: "iife",
    // The glue's default wasm URL is never used: the worker passes its own.
    define: { "import.meta.url": "self.location.href" },
  });
  fs.copyFileSync(path.join(npmPkg, "web", "mesoslint_wasm_bg.wasm"), path.join(dist, "mesoslint_wasm_bg.wasm"));
  // Fetched by the worker the first time the rules dialog or a SARIF export needs it (docs.js).
  fs.copyFileSync(docsFile, path.join(dist, "rules-docs.json"));
  await esbuild.build({
    ...common,
    entryPoints: [path.join(web, "src", "main.js")],
    outfile: path.join(dist, "app.js"),
    format: "iife",
  });
  for (const f of ["index.html", "style.css", "favicon.svg"]) {
    fs.copyFileSync(path.join(web, "src", f), path.join(dist, f));
  }
  fs.copyFileSync(path.join(web, "_headers"), path.join(dist, "_headers"));
  for (const f of fs.readdirSync(dist).sort()) {
    console.log(`dist/${f}: ${kib(fs.statSync(path.join(dist, f)).size)}`);
  }
}

if (!skipWasm) buildWasm();
else if (!fs.existsSync(path.join(npmPkg, "web", "mesoslint_wasm_bg.wasm")) || !fs.existsSync(docsFile)) {
  throw new Error("--skip-wasm given but no wasm built yet: run `npm run build` once");
}
generateExamples();
await bundle();
console.log(`\npage built into ${path.relative(repo, dist)}/`);
