import { hashLines, type LineHashes } from './line-hashes.ts';
import type { OwnCodeIndex } from './own-code-index.ts';
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
  const lh: LineHashes = hashLines(text.slice(from, to));
  for (const i of competing) {
    const r = regions[i];
    if (!r) continue;
    let agree = 0;
    for (let j = lowerBound(lh.start, r.start - from); j < lh.count && (lh.start[j] ?? 0) < r.end - from; j++) {
      const [a, b] = index.find(index.identifiers, lh.hi[j] ?? 0, lh.lo[j] ?? 0);
      for (let e = a; e < b; e++) {
        const line = (index.identifiers.lines[e] ?? 0) >>> 8;
        if (index.identifiers.file[e] === r.fileId && line >= r.startLine - SLACK && line <= r.endLine + SLACK) {
          agree++;
          break;
        }
      }
    }
    out[i] = agree;
  }
  return out;
}
