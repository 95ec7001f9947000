import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RunCandidate, findRuns } from './runs.ts';

function runs(text: string): RunCandidate[] {
  const out: RunCandidate[] = [];
  findRuns(text, out);
  return out;
}

describe('findRuns', () => {
  it('classifies hex, base64, base64url; rejects identifiers and mixed alphabets', () => {
    const text = 'a 414b4941494f53464f444e4e374558414d504c45 b QUtJQUlPU0ZPRE5ON0VYQU1QTEU= c ' +
      'c2tfbGl2ZV9fX19fPz8-Pz8_ d getElementsByClassNameQuickly e src/a-b/c_d/QUtJQUlPU0ZPRE5O';
    assert.deepEqual(runs(text).map((r) => [r.kind, text.slice(r.start, r.end)]), [
      ['hex', '414b4941494f53464f444e4e374558414d504c45'],
      ['base64', 'QUtJQUlPU0ZPRE5ON0VYQU1QTEU='],
      ['base64url', 'c2tfbGl2ZV9fX19fPz8-Pz8_'],
    ]);
  });

  it('finds every ≥ 16-char run a plain scan finds (skip search is exact)', () => {
    // Pseudo-random texts over a small alphabet, so runs of all lengths around 16 occur.
    const alphabet = 'aZ9+ \n=x-Q';
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let k = 0; k < 400; k++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += alphabet[(seed >>> 16) % (seed % 3 === 0 ? 3 : alphabet.length)];
      }
      const expected = [...text.matchAll(/[A-Za-z0-9+/_-]{16,}/g)].map((m) => m.index);
      const found = new Set(runs(text).map((r) => r.start));
      // Every reported run starts at a maximal run; every maximal run that qualifies is reported.
      for (const start of found) assert.ok(expected.includes(start), `${start} in ${JSON.stringify(text)}`);
      for (const start of expected) {
        const run = /^[A-Za-z0-9+/_-]+/.exec(text.slice(start))![0];
        const mixed = /[+/]/.test(run) && /[-_]/.test(run);
        const plausible = /[A-Z]/.test(run) && /[a-z]/.test(run) && !mixed && /[0-9+/]/.test(run);
        if (plausible) assert.ok(found.has(start), `${start} ${run}`);
      }
    }
  });

  it('joins MIME lines of 64/72/76 and stops at a longer line or a -- boundary', () => {
    const line = 'QWJj'.repeat(19);
    const text = `${line}\n  ${line}\n  QWJjQWJj==\n--boundary`;
    const [r] = runs(text);
    assert.ok(r);
    assert.equal(r.chars, 76 * 2 + 8);
    assert.equal(text.slice(r.end - 2, r.end), '==');
    const longer = runs(`${line}\n${line}QWJj\n`);
    assert.equal(longer.length, 2);
  });
});
