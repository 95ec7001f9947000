import { byteMappedLayer } from './bytes-to-text.ts';
import type { Budget, Layer, Span } from './types.ts';

/**
 * Bytes written as a list of numbers: a serialised Node Buffer (`{"type":"Buffer","data":[65,75,…]}`),
 * `xxd -i` output (`0x41, 0x4b, …`), `od -An -tu1` / `-tx1` listings (`  65  75`, `41 4b`), a char-code
 * array (`String.fromCharCode(65, 75, …)`). Tools print files this way and a model reads them back as
 * text, so a key in such a listing is a key in the request.
 *
 * A region is at least `MIN_ITEMS` numbers (decimal up to 7 digits, hex with `0x`, or bare 2/4-digit hex)
 * with only separators between neighbours (whitespace and at most one `,` `;` `:`). It is decoded in
 * every reading its items allow: `0x` items as hex bytes; bare items as decimal (bytes when all ≤ 255,
 * else code points) and, when all are 2 or 4 hex digits, as hex bytes too. Each decoded byte (code
 * point) maps back to its item, so redaction replaces exactly the items that spell a value.
 */

export const MIN_ITEMS = 8;
/**
 * An item holds a decimal digit: decimal bytes do, and so does every hex byte of printable ASCII (its
 * first nibble is 2–7), which is what a listing spelling a key is made of. Words of hex letters
 * (`a`, `be`, `face`) are never items, so prose and code cost little.
 */
const ITEM = /(?<![\w.])(?:0[xX][0-9A-Fa-f]{1,2}|[A-Fa-f]{0,6}[0-9][0-9A-Fa-f]{0,6})(?![\w.])/g;
/** Three items in a row: where a list can start (one pass over text that has none). */
const THREE = /[0-9][0-9A-Fa-f]{0,6}(?:[ \t]*[,;:][ \t\r\n]*|[ \t\r\n]+)(?:0[xX])?[0-9A-Fa-f]{0,6}[0-9][0-9A-Fa-f]{0,6}(?:[ \t]*[,;:][ \t\r\n]*|[ \t\r\n]+)(?:0[xX])?[0-9A-Fa-f]{0,6}[0-9]/g;
/** What may stand between two items of one list. */
const GAP = /^[ \t\r\n]*[,;:]?[ \t\r\n]*$/;
const MAX_GAP = 8;

interface Item {
  start: number;
  end: number;
}

/** Regions of `text` (spans of whole lists) worth decoding, appended to `out` in order. */
export function findNumberListRegions(text: string, out: Span[]): void {
  THREE.lastIndex = 0;
  for (let three = THREE.exec(text); three !== null; three = THREE.exec(text)) {
    // The list's first item may start with hex letters before the digit THREE found.
    ITEM.lastIndex = Math.max(0, three.index - 6);
    const run: Item[] = [];
    let m = ITEM.exec(text);
    for (; m !== null; m = ITEM.exec(text)) {
      const item = { start: m.index, end: m.index + m[0].length };
      const prev = run[run.length - 1];
      if (prev !== undefined && !(item.start - prev.end <= MAX_GAP && GAP.test(text.slice(prev.end, item.start)))) break;
      run.push(item);
    }
    const last = run[run.length - 1];
    if (run.length >= MIN_ITEMS && readings(text, run).length > 0) out.push({ start: run[0]!.start, end: last!.end });
    THREE.lastIndex = Math.max(THREE.lastIndex, last !== undefined ? last.end : three.index + 1);
  }
}

type Reading = 'c-hex' | 'decimal' | 'hex';

function readings(text: string, items: Item[]): Reading[] {
  let cHex = true;
  let decimal = true;
  let hex = true;
  for (const { start, end } of items) {
    const s = text.slice(start, end);
    const prefixed = s.length > 2 && (s[1] === 'x' || s[1] === 'X') && s[0] === '0';
    if (!prefixed) cHex = false;
    if (prefixed || !/^[0-9]+$/.test(s) || Number(s) > 0x10ffff) decimal = false;
    if (prefixed || (s.length !== 2 && s.length !== 4)) hex = false;
    if (!cHex && !decimal && !hex) return [];
  }
  const out: Reading[] = [];
  if (cHex) out.push('c-hex');
  if (decimal) out.push('decimal');
  if (hex) out.push('hex');
  return out;
}

/** Every reading of one region (see above), as layers; none when the budget is spent. */
export function decodeNumberList(text: string, region: Span, budget: Budget): Layer[] {
  const items: Item[] = [];
  ITEM.lastIndex = region.start;
  for (let m = ITEM.exec(text); m !== null && m.index < region.end; m = ITEM.exec(text)) items.push({ start: m.index, end: m.index + m[0].length });
  const layers: Layer[] = [];
  for (const reading of readings(text, items)) {
    const granted = budget.take(items.length * 2);
    if (granted < items.length * 2) {
      budget.refund(granted);
      return layers;
    }
    const layer = reading === 'hex' ? hexLayer(text, items) : numberLayer(text, items, reading === 'c-hex' ? 16 : 10);
    if (layer !== null) layers.push(layer);
  }
  return layers;
}

/** Items as one value each (bytes when all ≤ 255, else code points). */
function numberLayer(text: string, items: Item[], radix: number): Layer | null {
  const values = items.map(({ start, end }) => parseInt(text.slice(radix === 16 ? start + 2 : start, end), radix));
  if (values.every((v) => v <= 255)) {
    const from = new Uint32Array(values.length + 1);
    items.forEach((it, i) => (from[i] = it.start));
    from[values.length] = items[items.length - 1]!.end;
    return byteMappedLayer('numbers', Uint8Array.from(values), values.length, from);
  }
  // Code points: each UTF-16 unit maps to its item.
  let decoded = '';
  const unitItem: number[] = [];
  values.forEach((v, i) => {
    const ch = v >= 0xd800 && v <= 0xdfff ? ' ' : String.fromCodePoint(v);
    decoded += ch;
    for (let k = 0; k < ch.length; k++) unitItem.push(i);
  });
  return {
    encoding: 'numbers',
    text: decoded,
    toParent: (start, end) => {
      const a = items[unitItem[Math.min(start, unitItem.length - 1)]!]!;
      const b = items[unitItem[Math.max(Math.min(end, unitItem.length) - 1, 0)]!]!;
      return { start: a.start, end: Math.max(b.end, a.end) };
    },
  };
}

/** Bare 2- or 4-digit hex items (`od -tx1`, `hexdump`, `xxd` groups) as bytes. */
function hexLayer(text: string, items: Item[]): Layer | null {
  const bytes: number[] = [];
  const from: number[] = [];
  for (const { start, end } of items) {
    for (let p = start; p < end; p += 2) {
      bytes.push(parseInt(text.slice(p, p + 2), 16));
      from.push(start);
    }
  }
  from.push(items[items.length - 1]!.end);
  return byteMappedLayer('numbers', Uint8Array.from(bytes), bytes.length, from);
}
