import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chainMatches, chainMatchList, type Match } from './chain-matches.ts';
import { fingerprintIdentifiers, fingerprintStructure } from './fingerprint.ts';
import { fingerprintStructureAndShape } from './fingerprint-shape.ts';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { hashLines } from './line-hashes.ts';
import { MatchList } from './match-list.ts';
import { collect, collectList } from './probe.ts';
import { tokenize } from './tokenize/language-for.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const go = readFileSync(new URL('acme-billing/invoice.go', FIXTURES), 'utf8');
const py = readFileSync(new URL('acme-billing/ledger.py', FIXTURES), 'utf8');

function index() {
  const b = new OwnCodeIndexBuilder();
  for (const name of ['c.go', 'a.go', 'd.go', 'b.go']) b.addFile('acme', name, go);
  b.addFile('acme', 'ledger.py', py);
  return b.build();
}

/** A seeded stream of matches in no particular order, with repeats, several files and both weights. */
function randomMatches(seed: number, n: number): Match[] {
  let s = seed;
  const r = (m: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % m;
  };
  const out: Match[] = [];
  for (let i = 0; i < n; i++) out.push({ fp: r(60), pos: r(400), file: r(4), line: r(300), span: r(3), weight: r(2) === 0 ? 0.5 : 1 });
  return out;
}

function toList(ms: readonly Match[]): MatchList {
  const list = new MatchList().reset(ms.length);
  ms.forEach((m, i) => {
    list.fp[i] = m.fp;
    list.pos[i] = m.pos;
    list.file[i] = m.file;
    list.line[i] = m.line;
    list.span[i] = m.span;
    list.weight[i] = m.weight ?? 1;
  });
  list.length = ms.length;
  return list;
}

test('chainMatchList: the chains chainMatches builds, in its order, less those under minMatched (unsorted input, repeats, diagonal)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const ms = randomMatches(seed, 50 + seed * 10);
    for (const diagonal of [false, true]) {
      for (const min of [1, 2, 4]) {
        const want = chainMatches(ms.map((m) => ({ ...m })), 40, 20, diagonal).filter((c) => c.matched >= min);
        const got = chainMatchList(toList(ms), 40, 20, diagonal, min);
        assert.deepEqual(got, want, `seed ${seed}, diagonal ${diagonal}, min ${min}`);
      }
    }
  }
});

/**
 * `randomMatches` with weights ½ / 1 / 1½ and floating hits (line −1, `after` set) appended the way
 * lookup-lines.ts adds them: after the collected hits, copying one of them.
 */
function withFloating(seed: number, n: number): Match[] {
  const ms = randomMatches(seed, n).map((m, i) => ({ ...m, weight: [0.5, 1, 1.5][i % 3] ?? 1 }));
  let s = seed * 7919;
  const r = (m: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % m;
  };
  const floating: Match[] = [];
  for (let i = 0; i < n / 4; i++) {
    const m = ms[r(ms.length)] as Match;
    floating.push({ ...m, line: -1, after: r(300), weight: 0.5 });
  }
  return [...ms, ...floating];
}

function toFloatingList(ms: readonly Match[]): MatchList {
  const plain = ms.filter((m) => m.after === undefined);
  const list = toList(plain);
  // Through addFloating (which copies fp, pos, file, span from an entry): its source is a plain twin.
  for (const m of ms) {
    if (m.after === undefined) continue;
    const k = plain.findIndex((p) => p.fp === m.fp && p.pos === m.pos && p.file === m.file && p.span === m.span);
    assert.ok(k >= 0);
    list.addFloating(k, m.after, m.weight ?? 1);
  }
  return list;
}

test('chainMatchList: floating hits (Match.after) join the chains chainMatches joins them to; weights ½, 1, 1½', () => {
  let joined = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const ms = withFloating(seed, 60 + seed * 10);
    for (const min of [1, 2, 3]) {
      const want = chainMatches(ms.map((m) => ({ ...m })), 40, 20, true).filter((c) => c.matched >= min);
      const got = chainMatchList(toFloatingList(ms), 40, 20, true, min);
      assert.deepEqual(got, want, `seed ${seed}, min ${min}`);
    }
    const noFloating = chainMatches(ms.filter((m) => m.after === undefined).map((m) => ({ ...m })), 40, 20, true);
    const all = chainMatches(ms.map((m) => ({ ...m })), 40, 20, true);
    if (all.reduce((n, c) => n + c.matched, 0) > noFloating.reduce((n, c) => n + c.matched, 0)) joined++;
  }
  // The comparison is not vacuous: in most seeds some floating hit joins a chain.
  assert.ok(joined >= 20, `floating hits joined a chain in ${joined} of 40 seeds`);
});

test('MatchList.addFloating grows the list keeping its entries; reset forgets the floating lane', () => {
  const ms = randomMatches(3, 250);
  const list = toList(ms);
  for (let i = 0; i < 20; i++) list.addFloating(i, 100 + i, 0.5);
  assert.equal(list.length, 270);
  assert.ok(list.floating);
  for (let i = 0; i < 250; i++) assert.deepEqual([list.fp[i], list.pos[i], list.line[i], list.after[i]], [ms[i]?.fp, ms[i]?.pos, ms[i]?.line, -1]);
  for (let i = 0; i < 20; i++) assert.deepEqual([list.fp[250 + i], list.pos[250 + i], list.file[250 + i], list.line[250 + i], list.after[250 + i], list.weight[250 + i]], [ms[i]?.fp, ms[i]?.pos, ms[i]?.file, -1, 100 + i, 0.5]);
  list.sort();
  // Sorted: each floating hit precedes its value's own hits at that position (line −1).
  for (let i = 1; i < list.length; i++) assert.ok((list.file[i] ?? 0) > (list.file[i - 1] ?? 0) || (list.pos[i] ?? 0) >= (list.pos[i - 1] ?? 0));
  assert.equal([...list.after.subarray(0, list.length)].filter((a) => a >= 0).length, 20);
  list.reset(10);
  assert.equal(list.floating, false);
});

test('MatchList.sort orders by (file, position, line) stably, like the object sort', () => {
  const ms = randomMatches(7, 500);
  const list = toList(ms);
  list.sort();
  const want = [...ms].sort((a, b) => a.file - b.file || a.pos - b.pos || a.line - b.line);
  for (let i = 0; i < want.length; i++) assert.deepEqual([list.fp[i], list.pos[i], list.file[i], list.line[i], list.span[i], list.weight[i]], [want[i]?.fp, want[i]?.pos, want[i]?.file, want[i]?.line, want[i]?.span, want[i]?.weight]);
});

test('collectList gives collect’s matches as typed lanes; the probe filter never drops an indexed fingerprint', () => {
  const idx = index();
  const prompt = `${go.split('\n').slice(5, 80).join('\n')}\n${py}`;
  const tokens = tokenize(prompt, 'c-like');
  const { k, w, identifierK, identifierW } = idx.options;
  const lh = hashLines(prompt);
  for (const [table, fp] of [
    [idx.structure, fingerprintStructure(tokens, k, w)],
    [idx.identifiers, fingerprintIdentifiers(tokens, identifierK, identifierW)],
    [idx.identifiers, { count: lh.count, hi: lh.hi, lo: lh.lo, first: lh.line, last: lh.line }],
  ] as const) {
    const objects: Match[] = [];
    collect(idx, table, fp, objects, true);
    const list = collectList(idx, table, fp, new MatchList(), true);
    assert.ok(objects.length > 10);
    assert.equal(list.length, objects.length);
    objects.forEach((m, i) => assert.deepEqual([list.fp[i], list.pos[i], list.file[i], list.line[i], list.span[i], list.weight[i]], [m.fp, m.pos, m.file, m.line, m.span, 1]));
  }
  // Every entry of both tables passes its own filter (no false negatives), and most absent keys do not.
  for (const table of [idx.structure, idx.identifiers]) {
    const f = idx.filter(table);
    const shift = 32 - Math.log2(f.length * 32);
    const has = (lo: number): boolean => (((f[(lo >>> shift) >>> 5] ?? 0) >>> ((lo >>> shift) & 31)) & 1) === 1;
    for (let e = 0; e < table.count; e++) assert.ok(has(table.lo[e] ?? 0));
    let passed = 0;
    for (let i = 0; i < 2000; i++) if (has(Math.imul(i + 1, 0x9e3779b1) >>> 0)) passed++;
    assert.ok(passed < 700, `filter passes ${passed} of 2000 absent keys`);
  }
});

test('findStart (remembered) equals the uncached lower bound, for present and absent keys, asked repeatedly', () => {
  const idx = index();
  for (const table of [idx.structure, idx.identifiers]) {
    const keys: [number, number][] = [];
    for (let e = 0; e < table.count; e += 3) keys.push([table.hi[e] ?? 0, table.lo[e] ?? 0], [table.hi[e] ?? 0, ((table.lo[e] ?? 0) + 1) >>> 0]);
    for (let round = 0; round < 3; round++) for (const [hi, lo] of keys) assert.equal(idx.findStart(table, hi, lo), idx.findStartUncached(table, hi, lo));
  }
});

test('reused fingerprint lanes hold the same values as fresh arrays', () => {
  const tokens = tokenize(go, 'c-like');
  const fresh = fingerprintStructureAndShape(tokens, 24, 10);
  const freshIds = fingerprintIdentifiers(tokens, 8, 8);
  const plain = (f: typeof freshIds): number[][] => [[...f.hi], [...f.lo], [...f.first], [...f.last]];
  const want = [plain(fresh.structure), plain(fresh.shape), plain(freshIds)];
  for (let round = 0; round < 2; round++) {
    const reused = fingerprintStructureAndShape(tokens, 24, 10, true);
    const reusedIds = fingerprintIdentifiers(tokens, 8, 8, true);
    assert.deepEqual([plain(reused.structure), plain(reused.shape), plain(reusedIds)], want);
  }
});
