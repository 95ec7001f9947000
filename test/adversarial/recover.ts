/**
 * "Recover everything": what an outside party holding the bytes a backend received could read out of
 * them with no effort. Written for this suite alone and deliberately independent of src/inspection, so
 * a mistake in the gateway's decoding cannot hide itself by being repeated here.
 *
 * From the request line, every header and the body it builds views: the raw text, every JSON string
 * (keys and values, escapes resolved, at any depth of JSON inside strings), the values of each JSON
 * text joined end to end (a value split across blocks or messages), percent-, backslash-,
 * quoted-printable and HTML-entity-decoding, base64 / base64url / base32 / hex runs decoded to bytes (gzip inflated), and every view
 * again after each step, up to a depth. Each view is then normalised the way a reader's eye is:
 * invisible and format characters dropped, NFKC, look-alike letters folded, and once more with all
 * whitespace removed. A planted value found in any normalised view is recovered.
 */
import { gunzipSync } from 'node:zlib';

export interface Received {
  /** Request target, query string included. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Buffer;
}

/** Layers of encoding peeled (a layer is one decoding step: base64, hex, percent, escapes, entities). */
const MAX_DEPTH = 5;
/** Shorter runs are not worth decoding: no needle fits in what they decode to. */
const MIN_RUN = 16;
/** A bound on the work per request, far above what any case needs; over it the decoder says so. */
const MAX_VIEWS = 20_000;

/** What could be read out of one request: normalised views, and the JSON values of each JSON text in order. */
export interface Recovered {
  views: string[];
  /** Per JSON text, its string values (not keys) in document order, normalised: where a split value hides. */
  sequences: string[][];
}

export function recover(req: Received): Recovered {
  const seen = new Map<string, number>();
  const queue: Array<[string, number]> = [];
  const sequences: string[][] = [];
  const add = (text: string, depth: number): void => {
    if (text.length < 6) return;
    const before = seen.get(text);
    if (before !== undefined && before <= depth) return;
    if (seen.size >= MAX_VIEWS) throw new Error('recover: too many views (decoder bound reached)');
    seen.set(text, depth);
    queue.push([text, depth]);
  };

  add(req.path, 0);
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) add(`${name}: ${v}`, 0);
  }
  const bodyBytes = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  for (const text of bytesToTexts(bodyBytes)) add(text, 0);

  while (queue.length > 0) {
    const [text, depth] = queue.pop()!;
    const { strings, values } = jsonStrings(text);
    for (const next of strings) add(next, depth);
    if (values.length > 1) sequences.push(values.map(normalise));
    if (depth >= MAX_DEPTH) continue;
    for (const next of decodedViews(text)) add(next, depth + 1);
  }

  const views: string[] = [];
  for (const text of seen.keys()) {
    const n = normalise(text);
    views.push(n, n.replace(/\s+/g, ''));
  }
  return { views, sequences };
}

/** The needles present in any view, or spread in order over the values of one JSON text. */
export function recoveredNeedles(r: Recovered, needles: string[]): string[] {
  return needles.filter((needle) => r.views.some((v) => v.includes(needle)) || r.sequences.some((seq) => spreadOver(seq, needle)));
}

/** Pieces shorter than this are not taken as part of a split value (too likely by chance). */
const MIN_PIECE = 3;

/**
 * True when `needle` is the end of one value, then zero or more whole values, then the start of a
 * later one — other values may sit between the pieces (roles, an assistant turn, other blocks).
 */
export function spreadOver(values: string[], needle: string): boolean {
  const head = needle.slice(0, MIN_PIECE);
  let reached = new Set<number>();
  for (const v of values) {
    const next = new Set<number>();
    for (const pos of reached) {
      const rest = needle.slice(pos);
      if (v.startsWith(rest)) return true;
      if (v.length >= MIN_PIECE && rest.startsWith(v)) next.add(pos + v.length);
    }
    // A new start: a suffix of this value that begins the needle.
    for (let at = v.indexOf(head); at >= 0; at = v.indexOf(head, at + 1)) {
      const tail = v.slice(at);
      if (tail.length < needle.length && needle.startsWith(tail)) next.add(tail.length);
    }
    for (const pos of next) reached.add(pos);
    if (reached.size > 64) reached = new Set([...reached].slice(-64));
  }
  return false;
}

// --- bytes -------------------------------------------------------------------------------------------

function bytesToTexts(bytes: Buffer): string[] {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return bytesToTexts(gunzipSync(bytes));
    } catch {
      // not gzip after all: read the bytes as they are
    }
  }
  const texts = [bytes.toString('latin1')];
  const utf8 = bytes.toString('utf8');
  if (utf8 !== texts[0]) texts.push(utf8);
  // UTF-16 (either order) when every other byte is zero.
  if (bytes.length >= 8 && bytes.length % 2 === 0) {
    let zeroEven = 0;
    let zeroOdd = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) (i % 2 === 0 ? zeroEven++ : zeroOdd++);
    if (zeroOdd > bytes.length / 4) texts.push(bytes.toString('utf16le'));
    if (zeroEven > bytes.length / 4) texts.push(Buffer.from(bytes).swap16().toString('utf16le'));
  }
  return texts;
}

// --- JSON --------------------------------------------------------------------------------------------

/**
 * Every string literal of `text` read as JSON-ish (no validity needed: duplicate keys, `__proto__`, lone
 * surrogates and trailing garbage are all just text here), and which of them are values.
 */
function jsonStrings(text: string): { strings: string[]; values: string[] } {
  const strings: string[] = [];
  const values: string[] = [];
  if (!text.includes('"')) return { strings, values };
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('"', i);
    if (open < 0) break;
    let j = open + 1;
    let value = '';
    let closed = false;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '"') {
        closed = true;
        break;
      }
      if (c === '\\' && j + 1 < text.length) {
        const e = text[j + 1]!;
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 6;
          continue;
        }
        value += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
    if (!closed) break;
    if (value !== text) strings.push(value);
    // A string followed by ':' is a key.
    let k = j + 1;
    while (k < text.length && /\s/.test(text[k]!)) k++;
    if (text[k] !== ':') values.push(value);
    i = j + 1;
  }
  return { strings, values };
}

// --- one decoding step -------------------------------------------------------------------------------

function decodedViews(text: string): string[] {
  const out: string[] = [];
  if (/%[0-9a-fA-F]{2}/.test(text)) out.push(percentDecode(text));
  if (/\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrt"\\/])/.test(text)) out.push(unescapeBackslashes(text));
  // Quoted-printable (mail bodies, MIME parts): soft line breaks dropped, `=XX` decoded.
  if (/=\r?\n|=[0-9A-F]{2}/.test(text)) {
    out.push(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }
  // Base32 (RFC 4648, upper case): TOTP seeds, some vendors' keys, `base32` of anything.
  for (const run of text.match(/[A-Z2-7]{16,}={0,6}/g) ?? []) out.push(...bytesToTexts(base32(run.replace(/=+$/, ''))));
  if (/&#(?:x[0-9a-fA-F]+|[0-9]+);/.test(text)) {
    out.push(text.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_, n: string) => safeCodePoint(n[0] === 'x' ? parseInt(n.slice(1), 16) : Number(n))));
  }
  // Base64 wrapped into lines (`base64 file`, PEM bodies, MIME): consecutive base64 lines joined first.
  if (text.includes('\n')) {
    let block = '';
    const flush = (): void => {
      const data = block.replace(/=+$/, '');
      if (data.length >= MIN_RUN && data.length % 4 !== 1) out.push(...bytesToTexts(Buffer.from(data, 'base64')));
      block = '';
    };
    for (const line of text.split('\n')) {
      const bare = line.trim();
      const isBase64 = bare.length >= 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(bare);
      if (!isBase64 || block.endsWith('=')) flush();
      if (isBase64) block += bare;
    }
    flush();
  }
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) {
    const bare = run.replace(/=+$/, '');
    if (bare.length < MIN_RUN || bare.length % 4 === 1) continue;
    out.push(...bytesToTexts(Buffer.from(bare.replace(/-/g, '+').replace(/_/g, '/'), 'base64')));
  }
  for (const run of text.match(/(?:[0-9a-fA-F]{2}){8,}/g) ?? []) {
    out.push(...bytesToTexts(Buffer.from(run, 'hex')));
  }
  // Hex written with separators (`41 4b 49 41`, `41:4b:49`, `\x41`).
  for (const run of text.match(/(?:[0-9a-fA-F]{2}[\s:,-]){8,}[0-9a-fA-F]{2}/g) ?? []) {
    out.push(...bytesToTexts(Buffer.from(run.replace(/[^0-9a-fA-F]/g, ''), 'hex')));
  }
  // Unicode tag characters (U+E0020–E007E) shadow ASCII: tokenizers read them as the letters they mirror.
  if (/[\u{E0020}-\u{E007E}]/u.test(text)) out.push(text.replace(/[\u{E0020}-\u{E007E}]/gu, (c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)));
  // Bytes hidden as variation selectors (U+FE00–FE0F: 0–15, U+E0100–E01EF: 16–255), the "emoji smuggling" trick.
  for (const run of text.match(/[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{6,}/gu) ?? []) {
    out.push(...bytesToTexts(Buffer.from([...run].map((c) => { const cp = c.codePointAt(0)!; return cp < 0xe0000 ? cp - 0xfe00 : cp - 0xe0100 + 16; }))));
  }
  // Lists of numbers: JSON byte arrays (`[65,75,73]`, a serialised Buffer), C arrays (`0x41, 0x4b`), `od` listings.
  for (const run of text.match(/(?:(?:0x)?[0-9a-fA-F]{1,7}[\s,;:]+){5,}(?:0x)?[0-9a-fA-F]{1,7}/g) ?? []) {
    const items = run.split(/[\s,;:]+/).filter((x) => x !== '');
    const hexItems = items.every((x) => /^0x/i.test(x));
    const nums = items.map((x) => (hexItems ? parseInt(x.slice(2), 16) : /^[0-9]+$/.test(x) ? Number(x) : NaN));
    if (nums.some((n) => !Number.isFinite(n))) continue;
    if (nums.every((n) => n <= 255)) out.push(...bytesToTexts(Buffer.from(nums)));
    out.push(nums.map(safeCodePoint).join(''));
  }
  return out;
}

function base32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s) {
    acc = ((acc << 5) | alphabet.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function safeCodePoint(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** Percent-decoding that survives malformed sequences and non-UTF-8 bytes. */
function percentDecode(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function unescapeBackslashes(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

// --- normalisation -----------------------------------------------------------------------------------

/**
 * Letters from other scripts that read as Latin ones. Applied after NFKC; it covers the common
 * Cyrillic and Greek capitals and small letters, plus a few symbols used for the same trick.
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', Ѕ: 'S', І: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ɡ: 'g',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ο: 'o', ν: 'v', ι: 'i', κ: 'k', ρ: 'p', τ: 't', υ: 'u', χ: 'x', α: 'a',
  // Punctuation that reads as ASCII
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '−': '-', 'ー': '-',
};
const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'g');

/**
 * Format characters (zero-width, BOM, soft hyphen, bidi controls), variation selectors, CGJ, and the
 * combining marks "fancy text" draws over letters (overline, underline, strike and slash overlays,
 * enclosing circles, squares and keycaps): the eye reads the letter under them.
 */
const INVISIBLE_RE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u0305\u0332\u0333\u0334-\u0338\u033F\u20D2\u20D3\u20DD-\u20E4]/gu;

export function normalise(text: string): string {
  return text.replace(INVISIBLE_RE, '').normalize('NFKC').replace(LOOKALIKE_RE, (c) => LOOKALIKES[c]!);
}
