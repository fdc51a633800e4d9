// Share links: the files in the URL's fragment, after a warning when the engine finds
// credentials in them (masked by default), bounded in size and file count.

import { $, el, plural, shownPath, showError } from "./dom.js";
import { files } from "./files.js";
import { currentResult } from "./lint.js";
import { encodeFiles, filesFromHash, linkTooBig } from "./share.js";
import { replaceAll } from "./workspace.js";

let lastSharedHash = null;
let pendingShare = null; // {plain, masked}: the two trees the credentials warning offers

// Before a link is made, the engine's own credential masking says which files hold secrets:
// then the user chooses between masked values (the default button) and the real ones.
async function share() {
  $("share-box").hidden = true;
  const plain = new Map();
  for (const [p, f] of files) plain.set(p, f.text);
  const early = linkTooBig(plain.size, 0);
  if (early) return showShareNote(`No link made: ${early}`);
  const r = await currentResult();
  const secrets = r?.secrets ?? [];
  if (!r || secrets.length) {
    const masked = new Map(plain);
    for (const s of secrets) if (masked.has(s.path)) masked.set(s.path, s.masked);
    pendingShare = { plain, masked };
    $("share-warning-text").textContent = r
      ? `A link holds the files themselves, and stays in chats, mail and browser history. ${plural(secrets.length, "file")} hold${secrets.length === 1 ? "s" : ""} what the engine masks as a credential:`
      : "The engine could not check these files, so it cannot say whether they hold credentials. A link holds the files themselves.";
    $("share-warning-files").replaceChildren(...secrets.map((s) => el("li", {}, shownPath(s.path))));
    $("share-redacted").hidden = !r;
    $("share-warning").hidden = false;
    (r ? $("share-redacted") : $("share-cancel")).focus();
    return;
  }
  makeLink(plain);
}

function showShareNote(text, url = "") {
  $("share-box").hidden = false;
  $("share-url").value = url;
  $("share-note").textContent = text;
}

async function makeLink(tree) {
  const encoded = encodeFiles(tree);
  const tooBig = linkTooBig(tree.size, encoded.length);
  if (tooBig) return showShareNote(`No link made: ${tooBig}`);
  const hash = `#files=${encoded}`;
  lastSharedHash = hash;
  // Replaced, not pushed: the back button does not walk through versions of the files.
  history.replaceState(null, "", hash);
  const url = location.href;
  showShareNote(`${url.length} characters.`, url);
  $("share-url").select();
  let note = `${url.length} characters.`;
  try {
    await navigator.clipboard.writeText(url);
    note += " Copied to the clipboard.";
  } catch {
    note += " Copy it from the box.";
  }
  if (url.length > 32000) note += " Long links may not work everywhere.";
  $("share-note").textContent = note;
}

/** Loads the files of a #files= link; true when the URL had some. */
export function loadHash() {
  try {
    const fs = filesFromHash(location.hash);
    if (fs) replaceAll(fs);
    return Boolean(fs);
  } catch (e) {
    showError(e.message);
    return false;
  }
}

export function setupSharing() {
  $("share-button").addEventListener("click", share);
  $("share-cancel").addEventListener("click", () => { $("share-warning").hidden = true; });
  $("share-redacted").addEventListener("click", () => {
    $("share-warning").hidden = true;
    makeLink(pendingShare.masked);
  });
  $("share-as-is").addEventListener("click", () => {
    $("share-warning").hidden = true;
    makeLink(pendingShare.plain);
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === lastSharedHash) return;
    loadHash();
  });
}
