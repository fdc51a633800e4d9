// Serves web/dist/ on 127.0.0.1 (ES modules and wasm do not load from file://).
// Usage: node scripts/serve.mjs [port]   (port 0 picks a free one; the URL is printed)
// With `{ headers: true }` it also sends what dist/_headers lists for `/*`, as a static host
// that reads that file would (the tests check the page both ways).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
};

/** The `/*` block of a Netlify-style _headers file, as [name, value] pairs. */
export function readHeaders(file = path.join(root, "_headers")) {
  const out = [];
  let inAll = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === "/*";
      continue;
    }
    const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (inAll && m) out.push([m[1].trim(), m[2].trim()]);
  }
  return out;
}

export function serve(port = 0, { headers = false } = {}) {
  const extra = headers ? readHeaders() : [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(root, "." + rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": types[path.extname(file)] || "application/octet-stream",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...Object.fromEntries(extra),
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080), { headers: process.argv.includes("--headers") });
  console.log(`serving ${root} at http://127.0.0.1:${server.address().port}/`);
}
