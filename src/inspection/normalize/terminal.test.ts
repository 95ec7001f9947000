import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForScan, toOriginalSpan } from './normalize-for-scan.ts';
import { buildDetectors } from '../build-detectors.ts';

const TOKEN = 'ghp_' + 'Zq8vR2mXkT4pLw9YbN0cHj7sUe1GdA5fQiOy';

function viewSpan(text: string, needle: string): string {
  const v = normalizeForScan(text);
  const k = v.text.indexOf(needle);
  assert.ok(k >= 0, `view ${JSON.stringify(v.text)} lacks the needle`);
  const s = toOriginalSpan(v, k, k + needle.length);
  return text.slice(s.start, s.end);
}

test('SGR colours around and inside a token are removed from the view and the span covers them', () => {
  const text = `GITHUB_TOKEN=\x1b[01;31m\x1b[K${TOKEN.slice(0, 4)}\x1b[m\x1b[K${TOKEN.slice(4, 20)}\x1b[38;2;255;85;0m${TOKEN.slice(20)}\x1b[0m`;
  const original = viewSpan(text, TOKEN);
  assert.equal(original.replace(/\x1b\[[0-9;]*[mK]/g, ''), TOKEN);
  assert.ok(!text.replace(original, '').includes(TOKEN.slice(4, 20)), 'no piece of the value is left outside the span');
});

test('overstrike (bold and underline) reads as the printed characters', () => {
  const bold = [...TOKEN].map((c) => `${c}\b${c}`).join('');
  const under = [...TOKEN].map((c) => `_\b${c}`).join('');
  assert.equal(viewSpan(`x ${bold} y`, TOKEN), bold);
  assert.equal(viewSpan(`x ${under} y`, TOKEN), under);
});

test('cursor controls, charset selection and string terminators do not join or cut tokens', () => {
  assert.equal(normalizeForScan(`\x1b[2K\x1b[1Gk=${TOKEN.slice(0, 9)}\x1b(B\x1b[?25l${TOKEN.slice(9)}`).text, `k=${TOKEN}`);
  assert.equal(normalizeForScan(`a\x1b]8;;https://h/\x1b\\${TOKEN}\x1b]8;;\x1b\\`).text, `a]8;;https://h/ ${TOKEN}]8;; `);
});

test('CSI parameters long enough to hold data stay in the view', () => {
  // A 12-digit number hidden as an SGR parameter is not a colour: it is kept for the detectors.
  assert.match(normalizeForScan('x\x1b[123456789012m y').text, /123456789012/);
});

test('every detector finds a token that grep --color split (fails without the terminal fold)', () => {
  const [detector] = buildDetectors().detectors;
  const text = `.env:3:GITHUB_TOKEN=\x1b[01;31m\x1b[K${TOKEN.slice(0, 4)}\x1b[m\x1b[K${TOKEN.slice(4)}`;
  const found = detector!.scan(text).filter((d) => d.type === 'secret');
  assert.ok(found.length > 0);
  const d = found[0]!;
  assert.equal(text.slice(d.valueStart, d.valueEnd).replace(/\x1b\[[0-9;]*[mK]/g, ''), TOKEN);
});

test('a lone escape or backspace planted in a token is removed alone, never with a character of the token', () => {
  for (const mark of ['\x1b', '\b', '_\b', '\x1b7', '\x1bM']) {
    const disguised = `${TOKEN.slice(0, 10)}${mark}${TOKEN.slice(10)}`;
    const view = normalizeForScan(`k=${disguised}`).text;
    assert.ok(view.includes(TOKEN.slice(0, 10)) && view.includes(TOKEN.slice(10)), `${JSON.stringify(mark)}: ${JSON.stringify(view)}`);
  }
  // The token's own underscore survives a planted underline overstrike.
  assert.match(normalizeForScan('ghp_\bZq8vR2').text, /ghp_/);
});
