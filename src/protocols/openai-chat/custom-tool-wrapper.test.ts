import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unwrapCustomInput, wrapCustomInput } from './custom-tool-wrapper.ts';

test('custom tool input survives wrap → unwrap, including quotes and newlines', () => {
  const raw = 'const s = "a\\nb";\nconsole.log(s)';
  const wrapped = wrapCustomInput(raw);
  assert.deepEqual(JSON.parse(wrapped), { input: raw });
  assert.equal(unwrapCustomInput(wrapped), raw);
});

test('arguments that are not the {input} object are returned unchanged', () => {
  assert.equal(unwrapCustomInput('print(1)'), 'print(1)');
  assert.equal(unwrapCustomInput('{"code":"x"}'), '{"code":"x"}');
  assert.equal(unwrapCustomInput('{"input":3}'), '{"input":3}');
});
