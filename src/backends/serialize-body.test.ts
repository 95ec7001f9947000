import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeJson } from './serialize-body.ts';

test('serializeJson writes exactly the bytes of JSON.stringify', () => {
  const big = 'x\u00e9\u4e2d\ud83d\ude00"\\\n'.repeat(20_000);
  const values: unknown[] = [
    { model: 'm', messages: [{ role: 'user', content: big }, { role: 'assistant', content: null }], stream: true },
    { a: undefined, b: () => 1, c: [undefined, () => 2, 3], d: new Date(0), e: { toJSON: () => 'custom' }, f: [] },
    { nested: { arr: [1, [2, [3]]] }, '\u00e9 key': 1, '2': 'numeric keys come first', z: -0 },
    [1, undefined, { x: big }],
    Object.assign([1, 2], { toJSON: () => 'array with toJSON' }),
    { messages: Object.assign([1, 2], { toJSON: () => 'member with toJSON' }) },
    'just a string',
    42,
    null,
    {},
  ];
  for (const value of values) assert.deepStrictEqual(serializeJson(value), Buffer.from(JSON.stringify(value)));
});
