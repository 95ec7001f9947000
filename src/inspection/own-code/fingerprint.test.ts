import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FINGERPRINT_OPTIONS, fingerprintIdentifiers, fingerprintStructure, winnow } from './fingerprint.ts';
import { tokenize } from './tokenize/language-for.ts';

function prng(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function keys(symbols: Uint32Array, k: number, w: number): Set<string> {
  const r = winnow(symbols, symbols.length, k, w);
  const out = new Set<string>();
  for (let i = 0; i < r.count; i++) out.add(`${r.hi[i]}:${r.lo[i]}`);
  return out;
}

test('guarantee: a shared run of k+w-1 tokens always yields a shared fingerprint (seeded random sequences)', () => {
  const rnd = prng(20030609);
  for (let round = 0; round < 400; round++) {
    const k = 1 + Math.floor(rnd() * 30);
    const w = 1 + Math.floor(rnd() * 16);
    const alphabet = 2 + Math.floor(rnd() * 50); // small alphabets force equal k-grams and ties
    const sym = (): number => Math.floor(rnd() * alphabet);
    const run = Uint32Array.from({ length: k + w - 1 }, sym);
    const make = (): Uint32Array => {
      const before = Array.from({ length: Math.floor(rnd() * 80) }, sym);
      const after = Array.from({ length: Math.floor(rnd() * 80) }, sym);
      return Uint32Array.from([...before, ...run, ...after]);
    };
    const a = keys(make(), k, w);
    const b = keys(make(), k, w);
    assert.ok([...a].some((x) => b.has(x)), `k=${k} w=${w} alphabet=${alphabet}`);
  }
});

test('density is about 2/(w+1) on random input, and one fingerprint per window at least', () => {
  const rnd = prng(7);
  const n = 20_000;
  const symbols = Uint32Array.from({ length: n }, () => Math.floor(rnd() * 2 ** 32));
  const { k, w } = DEFAULT_FINGERPRINT_OPTIONS;
  const r = winnow(symbols, n, k, w);
  const density = r.count / (n - k + 1);
  assert.ok(Math.abs(density - 2 / (w + 1)) < 0.02, `density ${density}`);
  for (let i = 1; i < r.count; i++) assert.ok((r.pos[i] ?? 0) - (r.pos[i - 1] ?? 0) <= w);
});

test('short inputs: fewer than k tokens give nothing; fewer than w k-grams give their minimum', () => {
  assert.equal(winnow(new Uint32Array([1, 2, 3]), 3, 4, 4).count, 0);
  assert.equal(winnow(new Uint32Array([1, 2, 3, 4, 5]), 5, 4, 4).count, 1);
});

test('robust winnowing: a constant run records one fingerprint per window, not per position', () => {
  const r = winnow(new Uint32Array(200).fill(5), 200, 5, 10);
  assert.ok(r.count <= 200 / 10 + 1, `count ${r.count}`);
});

test('channels: renaming keeps structure fingerprints and changes identifier fingerprints; reformatting keeps both', () => {
  const body = (n: string, m: string): string =>
    `function ${n}(items, limit) {\n  const out = [];\n  for (const it of items) {\n    if (it.${m} > limit) out.push({ id: it.id, ${m}: it.${m} });\n  }\n  return out.sort((a, b) => a.${m} - b.${m});\n}\n`;
  const a = tokenize(body('pickLarge', 'size'), 'c-like');
  const renamed = tokenize(body('selectBig', 'weight'), 'c-like');
  const reformatted = tokenize(body('pickLarge', 'size').replace(/\n\s*/g, ' ').replace(/;/g, ''), 'c-like');
  const k = 12;
  const same = (x: { hi: Uint32Array; lo: Uint32Array }, y: { hi: Uint32Array; lo: Uint32Array }): boolean =>
    x.hi.join() === y.hi.join() && x.lo.join() === y.lo.join();
  assert.ok(same(fingerprintStructure(a, k, 4), fingerprintStructure(renamed, k, 4)));
  assert.ok(same(fingerprintStructure(a, k, 4), fingerprintStructure(reformatted, k, 4)));
  assert.ok(same(fingerprintIdentifiers(a, 4, 3), fingerprintIdentifiers(reformatted, 4, 3)));
  assert.ok(!same(fingerprintIdentifiers(a, 4, 3), fingerprintIdentifiers(renamed, 4, 3)));
  const s = fingerprintStructure(a, k, 4);
  assert.equal(s.last[0], (s.first[0] ?? 0) + k - 1);
});

test('structure and shape fingerprints from one pass equal the two separate passes', async () => {
  const { fingerprintShape, fingerprintStructureAndShape } = await import('./fingerprint-shape.ts');
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { languageForPath } = await import('./tokenize/language-for.ts');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) e.isDirectory() ? walk(join(dir, e.name)) : files.push(join(dir, e.name));
  };
  walk(join(import.meta.dirname, 'fixtures'));
  walk(join(import.meta.dirname, 'tokenize'));
  const rnd = prng(7);
  let checked = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    // Whole files and random cuts (short ones below either k, long ones above both).
    for (const cut of [text, ...Array.from({ length: 6 }, () => {
      const a = Math.floor(rnd() * text.length);
      return text.slice(a, a + Math.floor(rnd() * 3000));
    })]) {
      for (const family of [languageForPath(f), 'python', 'generic'] as const) {
        const tokens = tokenize(cut, family);
        const { k, w } = DEFAULT_FINGERPRINT_OPTIONS;
        const fused = fingerprintStructureAndShape(tokens, k, w);
        const plain = [fingerprintStructure(tokens, k, w), fingerprintShape(tokens)];
        [fused.structure, fused.shape].forEach((got, i) => {
          const want = plain[i];
          assert.ok(want);
          assert.equal(got.count, want.count);
          for (const lane of ['hi', 'lo', 'first', 'last'] as const) assert.deepEqual([...got[lane].subarray(0, got.count)], [...want[lane].subarray(0, want.count)], `${f} ${lane}`);
        });
        checked += fused.shape.count;
      }
    }
  }
  assert.ok(checked > 1000, `only ${checked} shape fingerprints compared`);
});
