import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineAgreement } from './confirm-regions.ts';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { hashLines } from './line-hashes.ts';
import type { OwnCodeRegion } from './lookup.ts';

// Generated siblings: 60 files share most lines (long posting runs per line hash, beyond the scan
// limit), each with a few lines of its own and the shared lines at different offsets.
const SHARED = Array.from({ length: 14 }, (_, i) => `  registerHandler('route.segment.${i}', handlers.segment${i}, { retries: ${i % 3} });`);
function sibling(n: number): string {
  const own = [`export const SIBLING_${n}_NAME = 'generated sibling number ${n}';`, `export const SIBLING_${n}_SIZE = computeSize(${n * 7}, 'bucket-${n}');`];
  const pad = Array.from({ length: n % 5 }, (_, i) => `// padding line ${i} of sibling ${n} for offsets`);
  return [...pad, ...own.slice(0, 1), ...SHARED.slice(0, 7), ...own.slice(1), ...SHARED.slice(7), 'export default handlers;'].join('\n');
}

/** The definition: any posting of the line's hash in the region's file, within its range ± 3 (a full scan). */
function reference(index: ReturnType<OwnCodeIndexBuilder['build']>, text: string, regions: OwnCodeRegion[]): number[] {
  const lh = hashLines(text);
  return regions.map((r) => {
    if (!regions.some((q) => q.fileId !== r.fileId && Math.min(q.end, r.end) > Math.max(q.start, r.start))) return 0;
    let agree = 0;
    for (let j = 0; j < lh.count; j++) {
      if ((lh.start[j] ?? 0) < r.start || (lh.start[j] ?? 0) >= r.end) continue;
      const [a, b] = index.find(index.identifiers, lh.hi[j] ?? 0, lh.lo[j] ?? 0);
      for (let e = a; e < b; e++) {
        const line = (index.identifiers.lines[e] ?? 0) >>> 8;
        if (index.identifiers.file[e] === r.fileId && line >= r.startLine - 3 && line <= r.endLine + 3) {
          agree++;
          break;
        }
      }
    }
    return agree;
  });
}

test('line agreement over long posting runs equals a scan of every posting', () => {
  const builder = new OwnCodeIndexBuilder({ maxFiles: 100 });
  for (let n = 0; n < 60; n++) builder.addFile('acme/gen', `src/gen/sibling-${String(n).padStart(2, '0')}.ts`, sibling(n));
  const index = builder.build();
  const paste = `Here is the file:\n\n${sibling(23)}\n\nand some prose after it.`;
  const start = paste.indexOf('export const');
  const end = paste.indexOf('export default');
  // Competing regions over the paste for many files, with ranges that include or miss the lines.
  const regions: OwnCodeRegion[] = [];
  for (let f = 0; f < index.files.length; f += 3) {
    const file = index.files[f];
    assert.ok(file);
    regions.push({ file, fileId: f, startLine: 1 + (f % 4), endLine: f % 7 === 0 ? 4 : 20, start: start + (f % 5), end: end - (f % 3), tokens: 0, matched: 4, coverage: 1, identifierCoverage: 1, channel: 'lines' });
  }
  const got = lineAgreement(index, paste, regions);
  const want = reference(index, paste, regions);
  assert.deepEqual(got, want);
  // Long runs were exercised, and agreement tells the pasted file from its siblings.
  const shared = hashLines(SHARED[0] ?? '');
  const [a, b] = index.find(index.identifiers, shared.hi[0] ?? 0, shared.lo[0] ?? 0);
  assert.ok(b - a > 16, `run of ${b - a} postings`);
  const own = regions.findIndex((r) => r.file.path.endsWith('sibling-23.ts'));
  assert.ok(own < 0 || (got[own] ?? 0) >= Math.max(...got.filter((_, i) => i !== own)));
  assert.ok(Math.max(...got) > 0);
});
