// `#files=<base64url of the UTF-8 JSON object {path: text}>`: the share format.
// Files travel as a Map so that any path, `__proto__` and `constructor` included, is kept.

/** Past these a link is neither made nor loaded: a tab must not hang on a hostile link. */
export const MAX_LINK_FILES = 2000;
export const MAX_LINK_CHARS = 1_500_000;

/** Map(path -> text) to the base64url text after `#files=`. */
export function encodeFiles(files) {
  // A null-prototype object: assigning "__proto__" makes an own property, which JSON keeps.
  const plain = Object.create(null);
  for (const [p, t] of files) plain[p] = t;
  const bytes = new TextEncoder().encode(JSON.stringify(plain));
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Why files cannot go into a link, or null when they can. */
export function linkTooBig(fileCount, encodedLength) {
  if (fileCount > MAX_LINK_FILES) {
    return `${fileCount} files are more than a link carries (at most ${MAX_LINK_FILES}). Export the tree instead, or share part of it.`;
  }
  if (encodedLength > MAX_LINK_CHARS) {
    return `the link would be ${(encodedLength / 1e6).toFixed(1)} million characters, more than the ${(MAX_LINK_CHARS / 1e6).toFixed(1)} million a link may have here.`;
  }
  return null;
}

// Returns Map(path -> text) or throws an Error saying what is wrong.
export function decodeFiles(encoded) {
  if (encoded.length > MAX_LINK_CHARS) {
    throw new Error(`the link's #files= part is ${(encoded.length / 1e6).toFixed(1)} million characters long; links of at most ${(MAX_LINK_CHARS / 1e6).toFixed(1)} million are loaded`);
  }
  const b64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
  let bin;
  try {
    bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  } catch {
    throw new Error("the link's #files= part is not base64url");
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new Error("the link's #files= part is not UTF-8 JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("the link's #files= part is not an object of files");
  }
  // JSON.parse makes "__proto__" an own property; Object.keys sees it.
  const keys = Object.keys(value);
  if (keys.length > MAX_LINK_FILES) {
    throw new Error(`the link holds ${keys.length} files; links of at most ${MAX_LINK_FILES} files are loaded`);
  }
  const files = new Map();
  for (const p of keys) {
    const t = value[p];
    if (typeof t !== "string") throw new Error(`the link's file ${JSON.stringify(p)} is not text`);
    files.set(p, t);
  }
  return files;
}

export function filesFromHash(hash) {
  const m = /(?:^#|&)files=([^&]*)/.exec(hash || "");
  return m ? decodeFiles(decodeURIComponent(m[1])) : null;
}

// Characters that show as nothing or reorder what follows: zero-width and joiners, bidi
// controls, soft hyphen, BOM, other format and control characters.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** A path with every invisible or bidi character written as ⟨U+XXXX⟩, and whether it had any. */
export function visiblePath(path) {
  let flagged = false;
  const shown = path.replace(HIDDEN, (c) => {
    flagged = true;
    return `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`;
  });
  return { shown, flagged };
}
