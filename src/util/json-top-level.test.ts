import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findTopLevelValue } from './json-top-level.ts';

function replaceTopLevelValue(text: string, key: string, valueJson: string): string | undefined {
  const span = findTopLevelValue(text, key);
  return span && text.slice(0, span.start) + valueJson + text.slice(span.end);
}

test('replaces only the top-level model value, keeping every other byte', () => {
  const text = '{ "messages": [{"model": "inner", "x": "a\\"model\\": 1"}],\n  "model" :"claude-opus",\t"stream":true }';
  const out = replaceTopLevelValue(text, 'model', '"qwen"');
  assert.equal(out, '{ "messages": [{"model": "inner", "x": "a\\"model\\": 1"}],\n  "model" :"qwen",\t"stream":true }');
  assert.deepEqual(JSON.parse(out!).messages[0].model, 'inner');
});

test('finds values of every JSON type and keys with escapes', () => {
  const text = '{"a":1.5e3,"b":null,"c":{"d":[1,{"e":"}"}]},"\\u006dodel":"m","f":"\\\\"}';
  const span = (k: string) => {
    const s = findTopLevelValue(text, k);
    return s && text.slice(s.start, s.end);
  };
  assert.equal(span('a'), '1.5e3');
  assert.equal(span('b'), 'null');
  assert.equal(span('c'), '{"d":[1,{"e":"}"}]}');
  assert.equal(span('model'), '"m"');
  assert.equal(span('f'), '"\\\\"');
  assert.equal(span('missing'), undefined);
});

test('duplicate keys: the last one wins, as in JSON.parse', () => {
  const text = '{"model":"a","model":"b"}';
  assert.equal(replaceTopLevelValue(text, 'model', '"c"'), '{"model":"a","model":"c"}');
  assert.equal(JSON.parse(replaceTopLevelValue(text, 'model', '"c"')!).model, 'c');
});

test('non-object input has no members', () => {
  assert.equal(findTopLevelValue('[{"model":1}]', 'model'), undefined);
  assert.equal(replaceTopLevelValue('"x"', 'model', '1'), undefined);
});
