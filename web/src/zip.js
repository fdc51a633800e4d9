// A small zip writer: every entry stored (no compression), with its CRC-32, one central
// directory, UTF-8 names (flag bit 11). Enough for a config tree, which is small; no
// dependency and nothing that can fail halfway. Limits of plain zip (no zip64): under 65535
// entries and 4 GiB, far above the page's own bounds.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip uses) of bytes. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// MS-DOS date and time of a Date (zip's own format, two-second resolution).
function dosTime(d) {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return { time, date };
}

/**
 * A zip archive of entries [{name, bytes: Uint8Array}] as one Uint8Array.
 * Names are written as given (the caller passes normalised relative paths).
 */
export function makeZip(entries, when = new Date()) {
  if (entries.length > 0xffff) throw new Error(`too many files for a zip (${entries.length}, at most 65535)`);
  const enc = new TextEncoder();
  const { time, date } = dosTime(when);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of entries) {
    const nameBytes = enc.encode(name);
    const crc = crc32(bytes);
    // Fields shared by the local header and the central directory entry, from "version needed".
    const common = (v) => {
      v.setUint16(0, 20, true); // version needed: 2.0
      v.setUint16(2, 0x0800, true); // flags: names are UTF-8
      v.setUint16(4, 0, true); // method: stored
      v.setUint16(6, time, true);
      v.setUint16(8, date, true);
      v.setUint32(10, crc, true);
      v.setUint32(14, bytes.length, true); // compressed size
      v.setUint32(18, bytes.length, true); // uncompressed size
      v.setUint16(22, nameBytes.length, true);
      v.setUint16(24, 0, true); // extra field length
    };
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    common(new DataView(local.buffer, 4));
    local.set(nameBytes, 30);
    locals.push(local, bytes);

    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    common(new DataView(central.buffer, 6));
    // comment length, disk number, internal attributes: 0; external attributes: 0
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    centrals.push(central);
    offset += local.length + bytes.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
