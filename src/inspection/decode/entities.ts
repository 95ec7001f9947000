import type { Budget, Layer, Span } from './types.ts';

/**
 * HTML/XML character references (`&#103;`, `&#x67;`, and the five XML entities `&amp;` `&lt;` `&gt;`
 * `&quot;` `&apos;`). A browser, a markdown renderer and a model all read `&#103;&#104;&#112;_…` as
 * `ghp_…`, so a token written that way is decoded like percent-encoding. A region runs from the first
 * reference to the last one with no more than `MAX_GAP` characters between neighbours, widened by up to
 * `WIDEN` characters of its line on each side (the key an assignment names); it is
 * worth decoding when it has ≥ 3 numeric references or any reference to an ASCII letter or digit
 * (those never need escaping: obfuscation). A page with one `&#39;` or `&nbsp;` does not qualify.
 */

const MIN_REFS = 3;
const MAX_GAP = 64;
/** Characters of the region's line taken in on each side (a JWT's header and payload before its signature). */
const WIDEN = 512;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REF = /&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?|&(amp|lt|gt|quot|apos);/g;

interface Ref {
  start: number;
  end: number;
  text: string;
  numeric: boolean;
}

function* refs(text: string, from = 0, to = text.length): Generator<Ref> {
  REF.lastIndex = from;
  for (let m = REF.exec(text); m !== null && m.index < to; m = REF.exec(text)) {
    if (m[3] !== undefined) {
      yield { start: m.index, end: m.index + m[0].length, text: NAMED[m[3]] as string, numeric: false };
      continue;
    }
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) continue;
    yield { start: m.index, end: m.index + m[0].length, text: String.fromCodePoint(cp), numeric: true };
  }
}

/** Appends regions worth decoding to `out`, in order, non-overlapping. */
export function findEntityRegions(text: string, out: Span[]): void {
  if (!text.includes('&')) return;
  let region: { start: number; end: number; numeric: number; alnum: number } | undefined;
  let prevEnd = 0;
  const flush = (): void => {
    if (region !== undefined && (region.numeric >= MIN_REFS || region.alnum > 0)) {
      // With the words around it on its line (`DB_PASSWORD = &quot;&#88;…`): rules read the key beside the value.
      let start = region.start;
      while (start > prevEnd && region.start - start < WIDEN && text[start - 1] !== '\n') start--;
      let end = region.end;
      while (end < text.length && end - region.end < WIDEN && text[end] !== '\n' && text[end] !== '&') end++;
      out.push({ start, end });
      prevEnd = end;
    }
    region = undefined;
  };
  for (const r of refs(text)) {
    if (region !== undefined && r.start - region.end > MAX_GAP) flush();
    region ??= { start: r.start, end: r.end, numeric: 0, alnum: 0 };
    region.end = r.end;
    if (r.numeric) {
      region.numeric++;
      if (/^[A-Za-z0-9]$/.test(r.text)) region.alnum++;
    }
  }
  flush();
}

/** Decodes one region; each decoded UTF-16 unit maps to its reference or its literal character. */
export function decodeEntities(text: string, region: Span, budget: Budget): Layer | null {
  const granted = budget.take(region.end - region.start);
  if (granted < region.end - region.start) {
    budget.refund(granted);
    return null;
  }
  let out = '';
  const from: number[] = [];
  let p = region.start;
  const literal = (to: number): void => {
    for (; p < to; p++) {
      from.push(p);
      out += text[p];
    }
  };
  for (const r of refs(text, region.start, region.end)) {
    literal(r.start);
    for (let k = 0; k < r.text.length; k++) from.push(r.start);
    out += r.text;
    p = r.end;
  }
  literal(region.end);
  from.push(region.end);
  budget.refund(granted - out.length); // a reference is longer than what it decodes to
  // A decoded unit's source runs to the next unit's source (a whole reference), never half of one.
  const endOf = (i: number): number => {
    const s = from[i] as number;
    for (let k = i + 1; k < from.length; k++) if ((from[k] as number) > s) return from[k] as number;
    return region.end;
  };
  const toParent = (start: number, end: number): Span => {
    if (end <= start) return { start: from[start] as number, end: from[start] as number };
    return { start: from[start] as number, end: endOf(end - 1) };
  };
  return { encoding: 'entity', text: out, toParent };
}
