import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCharset, readStrictJson, MAX_JSON_DEPTH } from './strict-json.ts';

const read = (text: string | Buffer) => readStrictJson(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
const problem = (text: string | Buffer) => {
  const r = read(text);
  return r.ok ? undefined : r.error;
};

test('accepts ordinary JSON and returns the same value as JSON.parse', () => {
  const text = '{"model":"m","messages":[{"role":"user","content":"a \\"quoted\\" \\\\ \\ud83d\\ude00 é 😀"}],"n":1.5e3,"x":[true,false,null,{}]}';
  const r = read(text);
  assert.ok(r.ok);
  assert.deepEqual(r.value, JSON.parse(text));
  assert.equal(r.text, text);
});

test('duplicate keys are refused at any depth, also when spelled with escapes', () => {
  assert.equal(problem('{"a":1,"a":2}')?.problem, 'duplicate-key');
  const deep = problem('{"messages":[{"role":"user","content":[{"type":"text","text":"x","text":"y"}]}]}');
  assert.equal(deep?.problem, 'duplicate-key');
  assert.equal(deep?.path, 'messages[0].content[0].text');
  assert.match(deep!.message, /duplicate key "text" at messages\[0\]\.content\[0\]\.text/);
  assert.equal(problem('{"te\\u0078t":1,"text":2}')?.problem, 'duplicate-key');
  // The same key in sibling objects is fine; so are many distinct keys (the Set path).
  assert.equal(problem('{"a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}'), undefined);
  const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
  assert.equal(problem(JSON.stringify(many)), undefined);
  assert.equal(problem(JSON.stringify(many).slice(0, -1) + ',"k7":0}')?.problem, 'duplicate-key');
});

test('a key that merely looks like another after escaping backslashes and quotes is not a duplicate', () => {
  assert.equal(problem('{"a\\\\":1,"a":2,"a\\"":3}'), undefined);
});

test('__proto__ members are refused wherever they are; constructor and prototype are ordinary data', () => {
  const p = problem('{"metadata":{"__proto__":{"x":"y"}}}');
  assert.equal(p?.problem, 'proto-key');
  assert.equal(p?.path, 'metadata.__proto__');
  assert.equal(problem('{"a":[{"__pro\\u0074o__":1}]}')?.problem, 'proto-key');
  assert.equal(problem('{"properties":{"constructor":{"type":"string"},"prototype":{"type":"string"}}}'), undefined);
});

test('unpaired surrogates are refused; a proper pair is accepted', () => {
  assert.equal(problem('{"t":"\\ud800"}')?.problem, 'lone-surrogate');
  assert.equal(problem('{"t":"\\uDC00x"}')?.problem, 'lone-surrogate');
  assert.equal(problem('{"t":"\\uD83D\\u0041"}')?.problem, 'lone-surrogate');
  assert.equal(problem('{"t":"a\\uD83D"}')?.problem, 'lone-surrogate');
  assert.equal(problem('{"\\ud800":1}')?.problem, 'lone-surrogate');
  assert.equal(problem('{"t":"\\uD83D\\uDE00"}'), undefined);
});

test('invalid UTF-8, a BOM and overlong or surrogate encodings are refused with the byte offset', () => {
  const bad = Buffer.concat([Buffer.from('{"t":"ab'), Buffer.from([0xff]), Buffer.from('"}')]);
  const p = problem(bad);
  assert.equal(p?.problem, 'invalid-utf8');
  assert.equal(p?.offset, 8);
  assert.equal(problem(Buffer.concat([Buffer.from('{"t":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]))?.problem, 'invalid-utf8');
  assert.equal(problem(Buffer.concat([Buffer.from('{"t":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]))?.problem, 'invalid-utf8');
  assert.equal(problem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]))?.problem, 'bom');
});

test('nesting beyond the limit is refused; at the limit it is accepted', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  assert.equal(problem(nest(MAX_JSON_DEPTH)), undefined);
  assert.equal(problem(nest(MAX_JSON_DEPTH + 1))?.problem, 'too-deep');
  assert.equal(problem('{"a":' + nest(100_000) + '}')?.problem, 'too-deep');
});

test('syntax errors, trailing garbage and non-JSON values are refused', () => {
  assert.equal(problem('{"a":1} x')?.problem, 'syntax');
  assert.equal(problem('{"a":1}{"a":2}')?.problem, 'syntax');
  assert.equal(problem('{"a":NaN}')?.problem, 'syntax');
  assert.equal(problem('{"a":"tab\there"}')?.problem, 'syntax');
  assert.equal(problem('')?.problem, 'syntax');
});

test('content-type charset: absent or UTF-8 is fine, anything else is refused', () => {
  assert.equal(checkCharset('application/json'), undefined);
  assert.equal(checkCharset('application/json; charset=UTF-8'), undefined);
  assert.equal(checkCharset('application/json;charset="utf8"'), undefined);
  assert.equal(checkCharset('application/json; charset=utf-16le')?.problem, 'charset');
  assert.equal(checkCharset('application/json; charset=iso-8859-1')?.problem, 'charset');
});

test('integers beyond 2^53 and numbers that overflow are refused; ordinary numbers are fine', () => {
  assert.equal(problem('{"seed":12345678901234567890}')?.problem, 'imprecise-number');
  assert.equal(problem('{"a":[1,{"card":9007199254740993}]}')?.path, 'a[1].card');
  assert.equal(problem('{"x":1e400}')?.problem, 'imprecise-number');
  assert.equal(problem('{"x":-1e400}')?.problem, 'imprecise-number');
  assert.equal(problem('{"a":9007199254740992,"b":4111111111111111,"c":-0.1234567890123456789,"d":1.5e-300,"e":2e10}'), undefined);
});
