// Export of the findings (SARIF, JSON, Markdown) and of the tree (zip). The findings are
// rendered by the engine's own renderers (the wasm `run` with a format, as `mesoslint check
// --format ...`), so a report saved here is byte for byte the CLI's, credentials masked alike.

import { $, showError } from "./dom.js";
import { files, engineFiles } from "./files.js";
import { ask } from "./lint.js";
import { makeZip } from "./zip.js";

const FORMATS = {
  sarif: { name: "mesoslint.sarif", type: "application/sarif+json" },
  json: { name: "mesoslint.json", type: "application/json" },
  markdown: { name: "mesoslint.md", type: "text/markdown" },
};

function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The report of the files as they are now, in one of the CLI's formats. */
export async function renderReport(format) {
  const reply = await ask({ type: "run", files: engineFiles(), format });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result.output;
}

/** The tree as a zip: each file's bytes as the engine reads them. */
export function treeZip() {
  const enc = new TextEncoder();
  const entries = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, f]) => ({ name, bytes: f.bytes ?? enc.encode(f.text) }));
  return makeZip(entries);
}

export function setupExport() {
  for (const [format, { name, type }] of Object.entries(FORMATS)) {
    $(`export-${format}`).addEventListener("click", async () => {
      if (files.size === 0) return showError("there are no files to report on");
      try {
        download(name, type, await renderReport(format));
      } catch (e) {
        showError(e.message);
      }
    });
  }
  $("export-zip").addEventListener("click", () => {
    if (files.size === 0) return showError("there are no files to put in a zip");
    try {
      download("mesoslint-tree.zip", "application/zip", treeZip());
    } catch (e) {
      showError(e.message);
    }
  });
}
