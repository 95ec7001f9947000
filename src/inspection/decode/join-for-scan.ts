/**
 * Cross-block secrets: a client (or an attacker) can split a secret over two adjacent content blocks
 * of one request, `AKIAIOSFOD` + `NN7EXAMPLE`. The pipeline scans the blocks joined and maps findings
 * back with `locate`.
 *
 * The separator is the empty string. Any visible separator (space, newline, NUL, U+FFFF) would break the
 * very token we want to see whole, since detectors match contiguous characters. The price: text at a
 * block boundary touches its neighbour, so a detector may see a token made of both blocks' edges — which
 * is also how the model reads adjacent blocks. Suggested use: scan each part on its own (exact
 * locations) and the joined text, keeping from the latter only findings with `crossesParts`.
 *
 * A finding spanning parts is reported with its start in one part and its end in a later one:
 * `locateSpan(start, end)` gives `start` = {part i, offset in part i} (inclusive) and `end` = {part j,
 * offset in part j} (exclusive, so an end exactly at a boundary stays in the earlier part with offset =
 * its length). Parts strictly between i and j are covered whole; redaction replaces `[start.offset, ∞)`
 * of part i, every part between, and `[0, end.offset)` of part j.
 */

export interface PartOffset {
  part: number;
  offset: number;
}

export interface JoinedText {
  text: string;
  /**
   * Part and offset of a joined-text offset. `side: 'start'` (default) maps a boundary offset to the
   * beginning of the next non-empty part; `'end'` (for exclusive ends) to the end of the previous one.
   */
  locate(offset: number, side?: 'start' | 'end'): PartOffset;
  /** Both ends of a finding span, and whether it crosses a part boundary. */
  locateSpan(start: number, end: number): { start: PartOffset; end: PartOffset; crossesParts: boolean };
}

export function joinForScan(parts: readonly string[]): JoinedText {
  const bases = new Array<number>(parts.length);
  let total = 0;
  for (let k = 0; k < parts.length; k++) {
    bases[k] = total;
    total += (parts[k] as string).length;
  }
  const text = parts.join('');
  // Largest k with bases[k] <= offset (strict: < offset), or 0.
  const lastPartFrom = (offset: number, strict: boolean): number => {
    let lo = 0;
    let hi = parts.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const base = bases[mid] as number;
      if (strict ? base < offset : base <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  const locate = (offset: number, side: 'start' | 'end' = 'start'): PartOffset => {
    if (parts.length === 0) return { part: 0, offset: 0 };
    const clamped = offset < 0 ? 0 : offset > total ? total : offset;
    const part = lastPartFrom(clamped, side === 'end' && clamped > 0);
    return { part, offset: clamped - (bases[part] as number) };
  };
  const locateSpan = (start: number, end: number) => {
    const s = locate(start, 'start');
    const e = end > start ? locate(end, 'end') : s;
    return { start: s, end: e, crossesParts: e.part !== s.part };
  };
  return { text, locate, locateSpan };
}
