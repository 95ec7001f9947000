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
