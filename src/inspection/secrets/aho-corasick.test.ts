import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AhoCorasick } from './aho-corasick.ts';

function naive(patterns: string[], text: string): number[] {
  return patterns.map((p) => (text.includes(p) ? 1 : 0));
}

test('finds overlapping and nested keywords', () => {
  const pats = ['he', 'she', 'his', 'hers', 'key', 'api_key', 'k'];
  const ac = new AhoCorasick(pats);
  for (const text of ['ushers', 'my api_key=1', 'nothing', 'hishe', '', 'kkk', 'ap api_ke y']) {
    assert.deepEqual([...ac.present(text)], naive(pats, text), text);
  }
});

test('non-ASCII keywords and text', () => {
  const pats = ['パスワード', 'ßkey', 'x'];
  const ac = new AhoCorasick(pats);
  for (const text of ['パスワード=1', 'パスパスワード', 'ßßkey', 'üx', 'パス']) {
    assert.deepEqual([...ac.present(text)], naive(pats, text), text);
  }
});

test('agrees with a naive search on random texts', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = 'abcé_';
  const word = (len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let round = 0; round < 200; round++) {
    const pats = Array.from({ length: 1 + rnd(6) }, () => word(1 + rnd(4)));
    const text = word(rnd(40));
    assert.deepEqual([...new AhoCorasick(pats).present(text)], naive(pats, text), `${pats} / ${text}`);
  }
});

test('linear on adversarial input', () => {
  const ac = new AhoCorasick(['a'.repeat(50) + 'b', 'aa', 'a']);
  const found = ac.present('a'.repeat(1_000_000));
  assert.deepEqual([...found], [0, 1, 1]);
});

/** Every end offset of `p` in `text.toLowerCase()` (overlapping occurrences included). */
function naiveEnds(p: string, lower: string): number[] {
  const out: number[] = [];
  for (let i = lower.indexOf(p); i >= 0; i = lower.indexOf(p, i + 1)) out.push(i + p.length);
  return out;
}

test('hitsIgnoringCase equals hits on the lowercased text, offsets included (random texts)', () => {
  let seed = 11;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = 'abAB_-k0é\u00c9Ω';
  const word = (len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let round = 0; round < 500; round++) {
    const pats = [...new Set(Array.from({ length: 1 + rnd(6) }, () => word(1 + rnd(4)).toLowerCase()))].filter((p) => /^[\x00-\x7f]+$/.test(p));
    if (pats.length === 0) continue;
    const ac = new AhoCorasick(pats);
    assert.ok(ac.foldsCase);
    const text = word(rnd(60));
    const lower = text.toLowerCase();
    const got = ac.hitsIgnoringCase(text, 1000);
    pats.forEach((p, i) => {
      const want = naiveEnds(p, lower);
      assert.equal(got.found[i], want.length > 0 ? 1 : 0, `${p} in ${text}`);
      assert.deepEqual(got.ends[i] ?? [], want, `${p} in ${text}`);
    });
  }
});

test('hitsIgnoringCase: one automaton, many texts in a row: no hit of one text shows in the next (arrays are reused)', () => {
  let seed = 29;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pats = ['ab', 'ba', 'k0', 'a', 'b_b', 'zz'];
  const ac = new AhoCorasick(pats);
  const alphabet = 'abAB_-k0 xyz';
  for (let round = 0; round < 2000; round++) {
    // Often a text with no hit (or hits of other keywords) right after one with many.
    const text = rnd(3) === 0 ? 'xyxy'.repeat(rnd(4)) : Array.from({ length: rnd(40) }, () => alphabet[rnd(alphabet.length)]).join('');
    const limit = rnd(4) === 0 ? 2 : 1000;
    const got = ac.hitsIgnoringCase(text, limit);
    const lower = text.toLowerCase();
    pats.forEach((p, i) => {
      const want = naiveEnds(p, lower);
      assert.equal(got.found[i], want.length > 0 ? 1 : 0, `round ${round}: ${p} in ${text}`);
      if (want.length > limit) assert.equal(got.ends[i], null, `round ${round}: ${p} in ${text}`);
      else assert.deepEqual(got.ends[i] ?? [], want, `round ${round}: ${p} in ${text}`);
    });
    assert.deepEqual([...(got.keys ?? [])].sort(), pats.flatMap((p, i) => (naiveEnds(p, lower).length > 0 ? [i] : [])).sort());
  }
});

test('hitsIgnoringCase: keywords at the very start and end, overlapping and nested keywords', () => {
  const pats = ['akia', 'asia', 'ia', 'a', 'token', 'secret', 't3b'];
  const ac = new AhoCorasick(pats);
  const text = 'AKIASIAKIA SecreTokeN T3B';
  const got = ac.hitsIgnoringCase(text, 100);
  assert.deepEqual(got.ends[0], [4, 10]); // akia, akia (sharing the A with asia)
  assert.deepEqual(got.ends[1], [7]);
  assert.deepEqual(got.ends[2], [4, 7, 10]);
  assert.deepEqual(got.ends[3], [1, 4, 7, 10]);
  assert.deepEqual(got.ends[4], [21]);
  assert.deepEqual(got.ends[5], [17]);
  assert.deepEqual(got.ends[6], [25]);
});

test('hitsIgnoringCase: non-ASCII letters that fold to ASCII count, others break a keyword', () => {
  const ac = new AhoCorasick(['token', 'password', 'api']);
  const found = (text: string): number[] => [...ac.hitsIgnoringCase(text, 0).found];
  assert.deepEqual(found('to\u212Aen'), [1, 0, 0]); // KELVIN SIGN lowercases to k
  assert.deepEqual(found('pa\u017Fsword'), [0, 1, 0]); // LONG S: RE2 (?i) folds it with s
  assert.deepEqual(found('AP\u0130_KEY'), [0, 0, 1]); // İ lowercases to i + U+0307
  assert.deepEqual(found('ｔｏｋｅｎ tok\u00e9n t\u200Boken'), [0, 0, 0]); // full-width, accents, zero-width: not the keyword
  // A supplementary character between two halves restarts the match.
  assert.deepEqual(found('tok\u{1F600}en'), [0, 0, 0]);
});

test('hitsIgnoringCase: caps positions per keyword, and needs ASCII lower-case patterns', () => {
  const ac = new AhoCorasick(['ab']);
  const got = ac.hitsIgnoringCase('ab ab ab', 2);
  assert.equal(got.found[0], 1);
  assert.equal(got.ends[0], null);
  assert.equal(new AhoCorasick(['Ab']).foldsCase, false);
  assert.equal(new AhoCorasick(['パスワード']).foldsCase, false);
  assert.throws(() => new AhoCorasick(['パスワード']).hitsIgnoringCase('x', 0), /ASCII lower-case/);
});

test('hitsIgnoringCase is linear on adversarial input', () => {
  const ac = new AhoCorasick(['a'.repeat(50) + 'b', 'aa', 'a']);
  const got = ac.hitsIgnoringCase('A'.repeat(1_000_000), 4);
  assert.deepEqual([...got.found], [0, 1, 1]);
  assert.equal(got.ends[1], null);
});

test('hitsIgnoringCase with the built-in keyword set (many character classes) agrees with a lowercased search', async () => {
  const { builtinRules } = await import('./builtin-rules.ts');
  const pats = [...new Set(builtinRules().flatMap((r) => r.keywords.map((k) => k.toLowerCase())))];
  const ac = new AhoCorasick(pats);
  // Keywords embedded in text with characters no keyword uses (class 0) and upper-case letters between them.
  const text = `const X = "${pats.join('\u00e9#~ ZQ')}"; ${pats.map((p) => p.toUpperCase()).join('\t')} ~~ \u0000`;
  const lower = text.toLowerCase();
  const got = ac.hitsIgnoringCase(text, 100000);
  pats.forEach((p, i) => {
    assert.deepEqual(got.ends[i] ?? [], naiveEnds(p, lower), p);
  });
});
