import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForScan, toOriginalSpan } from './normalize-for-scan.ts';

/** Whole-string reference: NFKC, then the scan-only folds. */
function reference(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2043\u2212\uFE58]/g, '-')
    .replace(/(?<=[0-9])\u30FC(?=[0-9])/g, '-');
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'Z', '0', '7', '-', ' ', '@', '.', '\n', '０', '９', 'ー', 'ｰ', '－', '‐', '—', '−', '\u3000', '㈱', 'ｶ', 'ﾞ', 'ﾟ',
  'e\u0301', '\u0301', '😀', '𠮷', 'ﬁ', '\uFDFA', '한', '\u1100\u1161\u11A8', 'ｱ', 'Ａ', '＠', '．', 'é', 'か', '\u3099',
  '漢', '、', '①', '²', '\u00A0', '\uD800', 'Å', 'Ω', 'ｄ',
];

test('pure ASCII returns itself with no map', () => {
  const scan = normalizeForScan('const x = "090-1234-5678";');
  assert.equal(scan.text, scan.original);
  assert.equal(scan.starts, null);
  assert.deepEqual(toOriginalSpan(scan, 3, 7), { start: 3, end: 7 });
});

test('full-width phone with long-vowel hyphens folds to ASCII and maps back', () => {
  const original = '電話は０９０ー１２３４ー５６７８です';
  const scan = normalizeForScan(original);
  assert.equal(scan.text, '電話は090-1234-5678です');
  const at = scan.text.indexOf('090');
  const span = toOriginalSpan(scan, at, at + 13);
  assert.equal(original.slice(span.start, span.end), '０９０ー１２３４ー５６７８');
});

test('long-vowel mark stays between kana, becomes a hyphen only between digits', () => {
  assert.equal(normalizeForScan('コーヒー 1ー2 ーー').text, 'コーヒー 1-2 ーー');
});

test('expansion and composition map to whole original characters', () => {
  const original = 'x㈱yｶﾞz😀e\u0301';
  const scan = normalizeForScan(original);
  assert.equal(scan.text, 'x(株)yガz😀é');
  const paren = scan.text.indexOf('株');
  const s1 = toOriginalSpan(scan, paren, paren + 1);
  assert.equal(original.slice(s1.start, s1.end), '㈱');
  const ga = scan.text.indexOf('ガ');
  const s2 = toOriginalSpan(scan, ga, ga + 1);
  assert.equal(original.slice(s2.start, s2.end), 'ｶﾞ');
  const emoji = scan.text.indexOf('😀');
  const s3 = toOriginalSpan(scan, emoji, emoji + 2);
  assert.equal(original.slice(s3.start, s3.end), '😀');
  const s4 = toOriginalSpan(scan, scan.text.length - 1, scan.text.length);
  assert.equal(original.slice(s4.start, s4.end), 'e\u0301');
});

test('ideographic space, full-width letters and dashes', () => {
  assert.equal(normalizeForScan('ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ\u3000a—b−c').text, 'user@example.com a-b-c');
});

test('property: random mixed strings fold like whole-string NFKC and every span maps inside the original', () => {
  const random = mulberry32(20240611);
  for (let round = 0; round < 2000; round++) {
    let original = '';
    const count = Math.floor(random() * 40);
    for (let k = 0; k < count; k++) original += PIECES[Math.floor(random() * PIECES.length)];
    const scan = normalizeForScan(original);
    assert.equal(scan.text, reference(original), JSON.stringify(original));
    if (scan.starts === null || scan.ends === null) continue;
    assert.equal(scan.starts.length, scan.text.length);
    // Units group into consecutive chunks covering the original in order, each folding to its own text.
    let expectStart = 0;
    let k = 0;
    while (k < scan.text.length) {
      const s: number = scan.starts[k]!;
      const e: number = scan.ends[k]!;
      assert.equal(s, expectStart, `chunk start at unit ${k} of ${JSON.stringify(original)}`);
      let m = k;
      while (m < scan.text.length && scan.starts[m] === s) m++;
      assert.equal(reference(original.slice(s, e)).length, m - k);
      expectStart = e;
      k = m;
    }
    assert.equal(expectStart, original.length);
    // Any span maps to whole chunks of the original, never splitting a surrogate pair.
    for (let t = 0; t < 5 && scan.text.length > 0; t++) {
      const a = Math.floor(random() * scan.text.length);
      const b = a + 1 + Math.floor(random() * (scan.text.length - a));
      const span = toOriginalSpan(scan, a, b);
      assert.ok(span.start >= 0 && span.start < span.end && span.end <= original.length);
      const low = original.charCodeAt(span.start);
      assert.ok(!(low >= 0xdc00 && low <= 0xdfff && span.start > 0 && original.charCodeAt(span.start - 1) >= 0xd800 && original.charCodeAt(span.start - 1) <= 0xdbff));
    }
  }
});

test('property: ASCII stretches between non-ASCII pieces (folded piece by piece) map back exactly', () => {
  const random = mulberry32(7);
  const ascii = ['abc ', '12', '-', 'x@y.z ', '\n', '090', ' '];
  for (let round = 0; round < 3000; round++) {
    let original = '';
    const count = 1 + Math.floor(random() * 30);
    for (let k = 0; k < count; k++) {
      original += random() < 0.6 ? ascii[Math.floor(random() * ascii.length)] : PIECES[Math.floor(random() * PIECES.length)];
    }
    const scan = normalizeForScan(original);
    assert.equal(scan.text, reference(original), JSON.stringify(original));
    // Every folded span maps to an original span cut at places where folding splits (NFKC of the two
    // sides = NFKC of the whole) that covers it: the folded length before its start is <= a, up to its end >= b.
    const nfkc = (x: string): string => x.normalize('NFKC');
    for (let t = 0; t < 8 && scan.text.length > 0; t++) {
      const a = Math.floor(random() * scan.text.length);
      const b = a + 1 + Math.floor(random() * Math.min(6, scan.text.length - a));
      const span = toOriginalSpan(scan, a, b);
      const what = `${JSON.stringify(original)} ${a}-${b} -> ${span.start}-${span.end}`;
      assert.ok(span.start >= 0 && span.start < span.end && span.end <= original.length, what);
      for (const cut of [span.start, span.end]) assert.equal(nfkc(original.slice(0, cut)) + nfkc(original.slice(cut)), nfkc(original), what);
      assert.ok(nfkc(original.slice(0, span.start)).length <= a && nfkc(original.slice(0, span.end)).length >= b, what);
    }
  }
});
