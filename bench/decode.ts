/**
 * Cost of the inspection decode layer on clean code: `withDecoding(fake)` against the bare fake
 * detector, over ~20 MB of real source files (this repo, then installed packages), scanned in
 * request-sized chunks. Run: node bench/decode.ts [MB]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expandEncodedDetailed } from '../src/inspection/decode/decode-layers.ts';
import { withDecoding } from '../src/inspection/decode/scan-encoded.ts';
import { fakeDetector } from '../src/inspection/decode/fake-detector.test-support.ts';

const targetBytes = Number(process.argv[2] ?? 20) * 1e6;
const CHUNK = 64 * 1024;

function collect(dir: string, out: string[], budget: { left: number }): void {
  for (const name of readdirSync(dir).sort()) {
    if (budget.left <= 0) return;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) collect(path, out, budget);
    else if (/\.(ts|js|mjs|cjs|json|md)$/.test(name) && st.size < 2e6) {
      const text = readFileSync(path, 'utf8');
      out.push(text);
      budget.left -= text.length;
    }
  }
}

const files: string[] = [];
const budget = { left: targetBytes };
for (const dir of ['src', 'test', 'node_modules/openai', 'node_modules/@anthropic-ai', 'node_modules/yaml', 'node_modules/typescript', 'node_modules']) {
  try {
    collect(dir, files, budget);
  } catch {
    // missing directory
  }
}
const corpus = files.join('\n');
const chunks: string[] = [];
for (let i = 0; i < corpus.length; i += CHUNK) chunks.push(corpus.slice(i, i + CHUNK));
const mb = corpus.length / 1e6;

function time(label: string, fn: () => void): number {
  fn(); // warm-up
  const runs = 3;
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label.padEnd(28)} ${best.toFixed(1).padStart(8)} ms  ${(mb / (best / 1000)).toFixed(0).padStart(6)} MB/s  ${(best / mb).toFixed(2)} ms/MB`);
  return best;
}

console.log(`corpus: ${files.length} files, ${mb.toFixed(1)} MB (UTF-16 units), ${chunks.length} chunks of ${CHUNK}`);
const totals = { candidates: 0, decodedBytes: 0, views: 0, viewChars: 0, exhausted: 0 };
for (const c of chunks) {
  const r = expandEncodedDetailed(c);
  totals.candidates += r.stats.candidates;
  totals.decodedBytes += r.stats.decodedBytes;
  totals.views += r.stats.views;
  totals.exhausted += r.stats.exhausted ? 1 : 0;
  for (const v of r.views) totals.viewChars += v.text.length;
}
console.log('decode stats:', totals);
const bare = time('fake detector alone', () => {
  for (const c of chunks) fakeDetector.scan(c);
});
const expand = time('expandEncoded alone', () => {
  for (const c of chunks) expandEncodedDetailed(c);
});
const wrapped = withDecoding(fakeDetector);
const both = time('withDecoding(fake)', () => {
  for (const c of chunks) wrapped.scan(c);
});
console.log(`decoding overhead: ${((both - bare) / mb).toFixed(2)} ms/MB (expand alone ${(expand / mb).toFixed(2)} ms/MB)`);
