// Rewrites the keys the settings panel owns in a mesoslint.toml (root `select` and `ignore`,
// the `[severity]` and `[target]` tables, in any TOML spelling: dotted keys, inline tables)
// and leaves every other byte of the file as it was: policies, per-path ignores, hosts,
// comments. The engine stays the judge of what the file means: the panel reads the result back
// through settingsOf() before writing it, so a mistake here is refused, never written.
//
// The scanner below splits a valid TOML document into statements (table headers, key/value
// pairs, comment and blank lines) with their character ranges; that is all an edit needs.

const OWNED_ROOT = new Set(["select", "ignore"]);
const OWNED_TABLES = new Set(["severity", "target"]);

function lineEnd(text, i) {
  if (text[i] === "\r" && text[i + 1] === "\n") return i + 2;
  if (text[i] === "\n") return i + 1;
  return i;
}

// From inside a line (after a value or a header): past spaces and a comment, to the newline.
function toNewline(text, i) {
  while (i < text.length && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n")) i++;
  return i;
}

// A string starting at i (one of " ' """ '''), returns the index after it.
function skipString(text, i) {
  const q = text[i];
  if (text.startsWith(q.repeat(3), i)) {
    let j = i + 3;
    for (;;) {
      if (j >= text.length) throw new Error("unterminated multi-line string");
      if (q === '"' && text[j] === "\\") j += 2;
      else if (text.startsWith(q.repeat(3), j)) {
        j += 3;
        // Up to two quotes may end the string's contents right before the delimiter.
        for (let extra = 0; extra < 2 && text[j] === q; extra++) j++;
        return j;
      } else j++;
    }
  }
  let j = i + 1;
  while (j < text.length && text[j] !== q && text[j] !== "\n") j += q === '"' && text[j] === "\\" ? 2 : 1;
  if (text[j] !== q) throw new Error("unterminated string");
  return j + 1;
}

function unquote(raw) {
  if (raw[0] === "'") return raw.slice(1, -1);
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(1, -1); // an escape JSON lacks (\e, \xHH): the name is then not ours anyway
  }
}

// A dotted key at i: its parts and the index after it (at `=`, `]` or whatever follows).
function readKey(text, i) {
  const parts = [];
  for (;;) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] === '"' || text[i] === "'") {
      const end = skipString(text, i);
      parts.push(unquote(text.slice(i, end)));
      i = end;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 256));
      if (!m) throw new Error(`unexpected character at offset ${i}`);
      parts.push(m[0]);
      i += m[0].length;
    }
    while (text[i] === " " || text[i] === "\t") i++;
    if (text[i] !== ".") return { parts, end: i };
    i++;
  }
}

// A value at i (after `=`): the index where it ends (before a comment or the newline).
function skipValue(text, i) {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") i = skipString(text, i);
    else if (c === "[" || c === "{") {
      depth++;
      i++;
    } else if (c === "]" || c === "}") {
      depth--;
      i++;
    } else if (c === "#") {
      if (depth === 0) return i;
      i = toNewline(text, i);
    } else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      if (depth === 0) return i;
      i++;
    } else i++;
  }
  if (depth !== 0) throw new Error("unclosed array or inline table");
  return i;
}

/**
 * The statements of a TOML document, in order: {kind: "table"|"kv"|"comment"|"blank", start,
 * end (after the line's newline), keys (kv: its key; table: the header's), table (kv: the
 * header it is under, [] at the root), array (table: [[...]])}. Throws on what valid TOML
 * cannot hold.
 */
export function statements(text) {
  const out = [];
  let table = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (text[i] === " " || text[i] === "\t") i++;
    if (i >= text.length) {
      out.push({ kind: "blank", start, end: i });
      break;
    }
    const c = text[i];
    if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] !== "\n") throw new Error(`stray carriage return at offset ${i}`);
      i = lineEnd(text, i);
      out.push({ kind: "blank", start, end: i });
    } else if (c === "#") {
      i = lineEnd(text, toNewline(text, i));
      out.push({ kind: "comment", start, end: i });
    } else if (c === "[") {
      const array = text[i + 1] === "[";
      const { parts, end } = readKey(text, i + (array ? 2 : 1));
      if (!text.startsWith(array ? "]]" : "]", end)) throw new Error(`unclosed table header at offset ${start}`);
      i = lineEnd(text, toNewline(text, end));
      table = parts;
      out.push({ kind: "table", keys: parts, array, start, end: i });
    } else {
      const { parts, end } = readKey(text, i);
      if (text[end] !== "=") throw new Error(`expected = at offset ${end}`);
      i = lineEnd(text, toNewline(text, skipValue(text, end + 1)));
      out.push({ kind: "kv", keys: parts, table, start, end: i });
    }
  }
  return out;
}

const bareKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const tomlString = (s) => JSON.stringify(s); // JSON's escapes are all TOML basic-string escapes

function ownedAtRoot(s) {
  return s.kind === "kv" && s.table.length === 0 &&
    ((OWNED_ROOT.has(s.keys[0]) && s.keys.length === 1) || OWNED_TABLES.has(s.keys[0]));
}

/**
 * `text` (a mesoslint.toml, "" for none) with the panel's keys set to `want`: {select: [],
 * ignore: [], severity: {code: level}, target: {mesos, marathon, zookeeper}} (empty lists,
 * tables and versions are left out). Everything else is kept byte for byte.
 */
export function editSettings(text, want) {
  const nl = text.includes("\r\n") ? "\r\n" : "\n";
  const st = statements(text);
  const lines = (arr) => arr.map((l) => l + nl).join("");

  const rootLines = [];
  for (const key of ["select", "ignore"]) {
    if (want[key]?.length) rootLines.push(`${key} = [${want[key].map(tomlString).join(", ")}]`);
  }
  const tableText = {
    severity: lines(Object.entries(want.severity ?? {}).map(([code, level]) => `${bareKey(code)} = ${tomlString(level)}`)),
    target: lines(["mesos", "marathon", "zookeeper"].filter((d) => want.target?.[d]).map((d) => `${d} = ${tomlString(want.target[d])}`)),
  };
  const table = (name) => (tableText[name] ? `[${name}]${nl}${tableText[name]}` : "");

  const edits = []; // {start, end, insert}, disjoint
  // The panel's root keys go where the first of them was, else after the last root key, else
  // before the first table (and the comment lines that belong to it).
  const firstHeader = st.findIndex((s) => s.kind === "table");
  const root = firstHeader < 0 ? st : st.slice(0, firstHeader);
  const ownedRoot = root.filter(ownedAtRoot);
  for (const s of ownedRoot) edits.push({ start: s.start, end: s.end, insert: "" });
  if (rootLines.length) {
    const block = lines(rootLines);
    const lastKv = root.filter((s) => s.kind === "kv").pop();
    if (ownedRoot.length) edits[0].insert = block;
    else if (lastKv) edits.push({ start: lastKv.end, end: lastKv.end, insert: (text[lastKv.end - 1] === "\n" ? "" : nl) + block });
    else {
      let at = firstHeader < 0 ? st.length : firstHeader;
      while (at > 0 && st[at - 1].kind === "comment") at--;
      // Comments at the very top describe the file: the keys go after them.
      const pos = firstHeader < 0 ? text.length : at === 0 ? st[firstHeader].start : st[at].start;
      const sep = firstHeader < 0 ? "" : nl;
      const lead = pos > 0 && !text.slice(0, pos).endsWith("\n") ? nl : "";
      edits.push({ start: pos, end: pos, insert: lead + block + sep });
    }
  }

  // A table the panel owns is replaced where it stands: from its header to its last key (the
  // comments after that introduce what follows).
  const placed = new Set();
  for (let k = 0; k < st.length; k++) {
    const s = st[k];
    if (s.kind !== "table" || s.array || !OWNED_TABLES.has(s.keys[0])) continue;
    let end = s.end;
    for (let j = k + 1; j < st.length && st[j].kind !== "table"; j++) if (st[j].kind === "kv") end = st[j].end;
    const name = s.keys[0];
    edits.push({ start: s.start, end, insert: placed.has(name) ? "" : table(name) });
    placed.add(name);
  }
  let tail = "";
  for (const name of ["severity", "target"]) {
    if (placed.has(name) || !tableText[name]) continue;
    tail += (tail || text.trim() || edits.some((e) => e.insert) ? nl : "") + table(name);
  }
  if (tail) {
    const atEnd = edits.some((e) => e.start === text.length && e.insert);
    const sep = text && !text.endsWith("\n") && !atEnd ? nl : "";
    edits.push({ start: text.length, end: text.length, insert: sep + tail });
  }

  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.start) + e.insert;
    pos = e.end;
  }
  return out + text.slice(pos);
}
