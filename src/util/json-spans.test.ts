import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonSpans, rewriteJsonStrings, stringMember } from './json-spans.ts';

const sample = '{ "a" : "x\\u0041y", "b":[1, true ,null, {"c":"d\\"q"}, "e"],"f":{ }, "g":[] ,"h":-1.5e3 }';

test('spans cover each value exactly and strings are decoded', () => {
  const root = parseJsonSpans(sample);
  assert.equal(root.kind, 'object');
  if (root.kind !== 'object') return;
  assert.equal(sample.slice(root.start, root.end), sample);
  const byKey = Object.fromEntries(root.members.map((m) => [m.key, m.value]));
  assert.equal(sample.slice(byKey.a!.start, byKey.a!.end), '"x\\u0041y"');
  assert.equal(byKey.a!.kind === 'string' && byKey.a!.value, 'xAy');
  assert.equal(sample.slice(byKey.b!.start, byKey.b!.end), '[1, true ,null, {"c":"d\\"q"}, "e"]');
  assert.equal(sample.slice(byKey.f!.start, byKey.f!.end), '{ }');
  assert.equal(sample.slice(byKey.h!.start, byKey.h!.end), '-1.5e3');
});

test('rewrite changes only the affected literals; everything else is byte-identical', () => {
  const root = parseJsonSpans(sample);
  const out = rewriteJsonStrings(sample, root, (v) => (v.includes('"q') ? v.replace('"q', 'Q"') : undefined));
  assert.equal(out, sample.replace('"d\\"q"', '"dQ\\""'));
  assert.deepEqual(JSON.parse(out).b[3], { c: 'dQ"' });
});

test('skipped objects are left alone; keys are rewritten like values, also when written with escapes', () => {
  const text = '{"messages":[{"type":"thinking","thinking":"SECRET","signature":"s"},{"type":"text","text":"SECRET"}],"SECRET":"SECRET","a\\u0053ECRET":{"SECRETb":1}}';
  const root = parseJsonSpans(text);
  const out = rewriteJsonStrings(text, root, (v) => v.replaceAll('SECRET', 'X'), (o) => o.kind === 'object' && stringMember(o, 'type') === 'thinking');
  assert.equal(out, '{"messages":[{"type":"thinking","thinking":"SECRET","signature":"s"},{"type":"text","text":"X"}],"X":"X","aX":{"Xb":1}}');
});

test('deep nesting does not recurse', () => {
  const depth = 50_000;
  const text = '['.repeat(depth) + '"x"' + ']'.repeat(depth);
  const root = parseJsonSpans(text);
  assert.equal(rewriteJsonStrings(text, root, () => 'y'), '['.repeat(depth) + '"y"' + ']'.repeat(depth));
});

test('agrees with JSON.parse on a realistic body after a no-op rewrite', () => {
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'héllo\n"world" \u2028 😀' }] }], n: [0, -0.5, 1e21] });
  const root = parseJsonSpans(body);
  const out = rewriteJsonStrings(body, root, (v) => v + '');
  assert.equal(out, body);
});

test('number literals are offered as the decimal text a reader gets, and a changed one becomes a string', () => {
  const text = '{"a":4111111111111111,"b":[1.23456789012e11, -123456789012, 7, true, null],"c":"4111111111111111x"}';
  const root = parseJsonSpans(text);
  const seen: string[] = [];
  const out = rewriteJsonStrings(text, root, (v) => {
    seen.push(v);
    return v.includes('123456789012') || v.includes('4111111111111111') ? v.replace(/4111111111111111|123456789012/, '[PH]') : undefined;
  });
  assert.deepEqual(seen.filter((v) => /^-?\d+$/.test(v)), ['4111111111111111', '123456789012', '-123456789012', '7']);
  assert.equal(out, '{"a":"[PH]","b":["[PH]", "-[PH]", 7, true, null],"c":"[PH]x"}');
  assert.deepEqual(JSON.parse(out), { a: '[PH]', b: ['[PH]', '-[PH]', 7, true, null], c: '[PH]x' });
});
