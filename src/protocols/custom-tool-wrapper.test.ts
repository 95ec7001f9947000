import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unwrapCustomInput, wrapCustomInput } from './custom-tool-wrapper.ts';

test('custom tool input survives wrap → unwrap, including quotes and newlines', () => {
  const raw = 'const s = "a\\nb";\nconsole.log(s)';
  const wrapped = wrapCustomInput(raw);
  assert.deepEqual(JSON.parse(wrapped), { input: raw });
  assert.equal(unwrapCustomInput(wrapped), raw);
});

test('models that ignore the schema: bare JSON strings and single-string objects are unwrapped, the rest kept', () => {
  assert.equal(unwrapCustomInput('print(1)'), 'print(1)', 'not JSON: raw input');
  assert.equal(unwrapCustomInput('"const r = await tools.exec_command({cmd: \\"ls\\"})"'), 'const r = await tools.exec_command({cmd: \"ls\"})');
  assert.equal(unwrapCustomInput('{"code":"x"}'), 'x', 'one string property, whatever its name');
  assert.equal(unwrapCustomInput('{"input":3}'), '{"input":3}');
  assert.equal(unwrapCustomInput('{"a":"x","b":"y"}'), '{"a":"x","b":"y"}');
  assert.equal(unwrapCustomInput('[1]'), '[1]');
});
