// `#files=<base64url of the UTF-8 JSON object {path: text}>`: the share format.

export function encodeFiles(files) {
  const bytes = new TextEncoder().encode(JSON.stringify(files));
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Returns {path: text} or throws an Error saying what is wrong.
export function decodeFiles(encoded) {
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
  const files = {};
  for (const [p, t] of Object.entries(value)) {
    if (typeof t !== "string") throw new Error(`the link's file ${JSON.stringify(p)} is not text`);
    files[p] = t;
  }
  return files;
}

export function filesFromHash(hash) {
  const m = /(?:^#|&)files=([^&]*)/.exec(hash || "");
  return m ? decodeFiles(decodeURIComponent(m[1])) : null;
}
