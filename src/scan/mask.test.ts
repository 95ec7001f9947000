import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskValue, maskedLine, safeForTerminal } from './mask.ts';

test('a value keeps its first 4 characters, fewer when short, never splitting a character', () => {
  assert.equal(maskValue('AKIAIOSFODNN7EXAMPLE'), 'AKIA…');
  assert.equal(maskValue('abcdef'), 'ab…');
  assert.equal(maskValue('ab'), '…');
  assert.equal(maskValue('😀😀😀😀😀😀😀😀😀😀😀😀'), '😀😀😀😀…');
});

test('every value on the line is masked, and a value continuing from the line above is hidden', () => {
  const text = 'a=AKIAIOSFODNN7EXAMPLE b=ghp_0123456789abcdefghij';
  const spans = [{ start: 2, end: 22 }, { start: 25, end: text.length }];
  const line = maskedLine(text, 0, text.length, spans, 2);
  assert.equal(line, 'a=AKIA… b=ghp_…');
  assert.ok(!line.includes('EXAMPLE') && !line.includes('0123'));
  const pem = '-----BEGIN KEY-----\nMIIEabcdefghijkl\n-----END KEY-----';
  const second = pem.indexOf('MIIE');
  assert.equal(maskedLine(pem, second, second + 16, [{ start: 0, end: pem.length }], 0), '…');
  assert.equal(maskedLine(text, 0, text.length, spans, 2, false), text, 'unmasked for --show-values');
});

test('overlapping spans (two rules on one value) are masked once', () => {
  const text = 'token=abcdefghijklmnop;';
  assert.equal(maskedLine(text, 0, text.length, [{ start: 6, end: 22 }, { start: 6, end: 18 }], 6), 'token=abcd…;');
});

test('long lines are cut around the finding; control characters cannot drive the terminal', () => {
  const text = 'x'.repeat(500) + 'AKIAIOSFODNN7EXAMPLE' + 'y'.repeat(500);
  const line = maskedLine(text, 0, text.length, [{ start: 500, end: 520 }], 500);
  assert.ok(line.length <= 162, `${line.length}`);
  assert.ok(line.startsWith('…') && line.endsWith('…') && line.includes('AKIA…'));
  assert.equal(safeForTerminal('a\u001b[31mred\tb'), 'a\ufffd[31mred\tb');
});
