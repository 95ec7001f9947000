import { hashLines, type LineHashes } from './line-hashes.ts';
import type { OwnCodeIndex, PostingTable } from './own-code-index.ts';
import { lowerBound } from './region-evidence.ts';
import type { OwnCodeRegion } from './lookup.ts';

/**
 * Confirmation pass for competing regions: where regions of *different* indexed files cover the same
 * prompt text (generated siblings, a vendored copy, the same helper header compiled into many files),
 * token evidence often ties — every k-gram of the paste is in both files. The prompt's normalised lines
 * (line-hashes.ts, comments included) then decide: for each competing region, how many of the lines
 * inside its span occur in its file within its line range (± `SLACK`). A verbatim paste agrees with its
 * own file on every line, a sibling only on the shared ones (eval:owncode: 60-line verbatim pastes of
 * one generated SDK resource were named after an alphabetically earlier sibling with equal token scores).
 *
 * Returns the agreement per region (same order); regions that compete with nobody get 0, and nothing
 * is hashed unless some region competes.
 */
const SLACK = 3;

export function lineAgreement(index: OwnCodeIndex, text: string, regions: readonly OwnCodeRegion[]): number[] {
  const out = regions.map(() => 0);
  const competing: number[] = [];
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    if (r && regions.some((q) => q.fileId !== r.fileId && Math.min(q.end, r.end) > Math.max(q.start, r.start))) competing.push(i);
  }
  if (competing.length === 0) return out;
  // Only the lines of the competing regions are hashed (from the start of the first one's line).
  let from = text.length;
  let to = 0;
  for (const i of competing) {
    from = Math.min(from, regions[i]?.start ?? from);
    to = Math.max(to, regions[i]?.end ?? to);
  }
  from = text.lastIndexOf('\n', from - 1) + 1;
  const eol = text.indexOf('\n', to);
  to = eol < 0 ? text.length : eol;
  // Lines between competing regions are never read: they are skipped unhashed (hashLines' `skip`, which
  // leaves out exactly the lines whose first non-space character lies outside every competing span).
  const lh: LineHashes = hashLines(text.slice(from, to), undefined, gaps(competing.map((i) => regions[i]).filter((r) => r !== undefined), from, to));
  for (const i of competing) {
    const r = regions[i];
    if (!r) continue;
    let agree = 0;
    for (let j = lowerBound(lh.start, r.start - from); j < lh.count && (lh.start[j] ?? 0) < r.end - from; j++) {
      if (inFile(index.identifiers, lh.hi[j] ?? 0, lh.lo[j] ?? 0, index.findStart(index.identifiers, lh.hi[j] ?? 0, lh.lo[j] ?? 0), r)) agree++;
    }
    out[i] = agree;
  }
  return out;
}

/** Postings of one key above which the file is found by binary search rather than a scan. */
const SCAN_LIMIT = 16;

/**
 * Whether the key (hi, lo), whose postings start at `a`, has one in `r`'s file within its line range
 * (± SLACK). A line common to many files has thousands of postings (a licence header, `return nil,
 * err`): the end of the run is found by galloping and `r`'s file by binary search, which relies on the
 * table's order — by key, then by file (the builder's stable merge, own-code-index.ts) — and gives the
 * answer a scan of every posting gives.
 */
function inFile(t: PostingTable, hi: number, lo: number, a: number, r: OwnCodeRegion): boolean {
  const his = t.hi;
  const los = t.lo;
  const same = (e: number): boolean => e < t.count && his[e] === hi && los[e] === lo;
  // End of the run: gallop past it, then binary search inside the last step.
  let b = a;
  if (same(b)) {
    let step = 1;
    while (same(b + step)) {
      b += step;
      step *= 2;
    }
    let low = b + 1;
    let high = Math.min(t.count, b + step);
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (same(mid)) low = mid + 1;
      else high = mid;
    }
    b = low;
  }
  let e = a;
  if (b - a > SCAN_LIMIT) {
    // First posting of the run whose file is ≥ r.fileId.
    let high = b;
    while (e < high) {
      const mid = (e + high) >>> 1;
      if ((t.file[mid] ?? 0) < r.fileId) e = mid + 1;
      else high = mid;
    }
  }
  for (; e < b; e++) {
    const file = t.file[e] ?? 0;
    if (file !== r.fileId) {
      if (b - a > SCAN_LIMIT) return false;
      continue;
    }
    const line = (t.lines[e] ?? 0) >>> 8;
    if (line >= r.startLine - SLACK && line <= r.endLine + SLACK) return true;
  }
  return false;
}

/** The complement, within [from, to), of the regions' spans, as sorted ranges relative to `from`. */
function gaps(spans: readonly OwnCodeRegion[], from: number, to: number): { count: number; start: Uint32Array; end: Uint32Array } {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const start: number[] = [];
  const end: number[] = [];
  let at = from;
  for (const r of sorted) {
    if (r.start > at) {
      start.push(at - from);
      end.push(r.start - from);
    }
    at = Math.max(at, r.end);
  }
  if (to > at) {
    start.push(at - from);
    end.push(to - from);
  }
  return { count: start.length, start: Uint32Array.from(start), end: Uint32Array.from(end) };
}
