import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Match } from './chain-matches.ts';
import { fingerprintIdentifiers, fingerprintStructure } from './fingerprint.ts';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { hashLines } from './line-hashes.ts';
import { collect } from './probe.ts';
import { tokenize } from './tokenize/language-for.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, FIXTURES), 'utf8');
const go = read('acme-billing/invoice.go');
const py = read('acme-billing/ledger.py');

/** The same file indexed under several names, so one fingerprint has postings in several files. */
function index() {
  const b = new OwnCodeIndexBuilder();
  for (const name of ['c.go', 'a.go', 'd.go', 'b.go']) b.addFile('acme', name, go);
  b.addFile('acme', 'ledger.py', py);
  return b.build();
}

/** What collect computed before it moved to typed scratch arrays: probe order, one object per posting. */
function naive(idx: ReturnType<typeof index>, table: typeof idx.structure, fp: ReturnType<typeof fingerprintStructure>, distinct: boolean): Match[] {
  const out: Match[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < fp.count; i++) {
    const [a, b] = idx.find(table, fp.hi[i] ?? 0, fp.lo[i] ?? 0);
    if (distinct && b > a) {
      if (seen.has(a)) continue;
      seen.add(a);
    }
    for (let e = a; e < b; e++) out.push({ fp: i, pos: fp.first[i] ?? 0, file: table.file[e] ?? 0, line: (table.lines[e] ?? 0) >>> 8, span: (table.lines[e] ?? 0) & 0xff, weight: 1 });
  }
  return out;
}

const byKey = (a: Match, b: Match): number => a.file - b.file || a.pos - b.pos || a.line - b.line;

test('collect: the same matches as a plain probe loop, grouped by file and in prompt order inside a file', () => {
  const idx = index();
  // A prompt with repeats: the same fingerprint values at several positions (distinct keeps the first).
  const prompt = `${go.split('\n').slice(10, 70).join('\n')}\n${go.split('\n').slice(10, 40).join('\n')}`;
  const tokens = tokenize(prompt, 'c-like');
  const { k, w, identifierK, identifierW } = idx.options;
  for (const [table, fp] of [
    [idx.structure, fingerprintStructure(tokens, k, w)],
    [idx.identifiers, fingerprintIdentifiers(tokens, identifierK, identifierW)],
  ] as const) {
    for (const distinct of [true, false]) {
      const got: Match[] = [];
      collect(idx, table, fp, got, distinct);
      const want = naive(idx, table, fp, distinct);
      assert.ok(want.length > 20, `enough matches to test (${want.length})`);
      assert.ok(new Set(want.map((m) => m.file)).size >= 4, 'postings in several files');
      // Already in chainMatches' order, and equal to the plain loop's matches after the same stable sort.
      assert.deepEqual(got, [...got].sort(byKey));
      assert.deepEqual(got, [...want].sort(byKey));
    }
  }
  // Scratch state does not leak between calls: a second identical call gives the same answer.
  const fp = fingerprintStructure(tokens, k, w);
  const once: Match[] = [];
  const twice: Match[] = [];
  collect(idx, idx.structure, fp, once, true);
  collect(idx, idx.structure, fp, twice, true);
  assert.deepEqual(twice, once);
});

test('hashLines with skip ranges equals hashing every line and dropping those that start inside one', () => {
  const text = `${py}\n   \n${go}`;
  const all = hashLines(text);
  const spans = [
    [0, 120],
    [100, 400],
    [900, 901],
    [2000, 5000],
  ];
  const start = new Uint32Array(spans.map((s) => s[0] ?? 0));
  const end = new Uint32Array(spans.map((s) => s[1] ?? 0));
  // The union of the (overlapping) spans, as the lookup passes it.
  const merged = { count: 3, start: new Uint32Array([0, 900, 2000]), end: new Uint32Array([400, 901, 5000]) };
  const skipped = hashLines(text, undefined, merged);
  const inside = (at: number): boolean => spans.some((_, i) => (start[i] ?? 0) <= at && at < (end[i] ?? 0));
  const keep = [...all.start].map((s, i) => (inside(s) ? -1 : i)).filter((i) => i >= 0);
  assert.ok(keep.length < all.count && keep.length > 10);
  assert.equal(skipped.count, keep.length);
  for (const lane of ['hi', 'lo', 'line', 'start', 'end', 'short'] as const) {
    assert.deepEqual([...skipped[lane]], keep.map((i) => all[lane][i] ?? 0), lane);
  }
});
