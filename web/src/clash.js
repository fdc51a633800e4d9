// Asks what to do when files would land on paths the tree already has: replace them, keep both
// (the new file gets a free name next to the old one), or cancel. Nothing is overwritten
// without this question.

import { $, el, plural, shownPath } from "./dom.js";

const MAX_LISTED = 10;

/**
 * paths: the taken paths; what: "add" or "rename". Resolves to "replace", "keep" or "cancel"
 * (Escape cancels).
 */
export function askClash(paths, what) {
  const d = $("clash-dialog");
  $("clash-h").textContent = paths.length === 1 ? "A file with this path exists" : `${plural(paths.length, "file")} with these paths exist`;
  $("clash-text").textContent = what === "rename"
    ? "Renaming the open file to this path would replace the file already there."
    : `Adding ${paths.length === 1 ? "this file" : "these files"} would replace ${paths.length === 1 ? "the file" : "the files"} already in the tree:`;
  const list = paths.slice(0, MAX_LISTED).map((p) => el("li", {}, shownPath(p)));
  if (paths.length > MAX_LISTED) list.push(el("li", {}, `and ${paths.length - MAX_LISTED} more`));
  $("clash-files").replaceChildren(...list);
  d.returnValue = "";
  return new Promise((resolve) => {
    d.addEventListener("close", () => resolve(["replace", "keep"].includes(d.returnValue) ? d.returnValue : "cancel"), { once: true });
    d.showModal();
    $("clash-keep").focus();
  });
}
