import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBytes, PieceCache, PIECEWISE_FROM, readJsonBody } from './read-json.ts';
import { readStrictJson } from '../util/strict-json.ts';

/** A large Anthropic-shaped body whose strings hold the characters the splitter must get right. */
function largeBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const tricky = 'a "quoted" \\ back\\\\slash \\" ], [ { } , : \u00e9\u4e2d\ud83d\ude00 \n\t end\\';
  const messages: unknown[] = [];
  for (let i = 0; messages.length < 160; i++) {
    messages.push({ role: 'user', content: [{ type: 'text', text: `${tricky} ${i} `.repeat(40) }, { type: 'tool_result', tool_use_id: `t${i}`, content: [] }] });
    messages.push({ role: 'assistant', content: `${i}`.repeat(50), n: [1, -2.5e3, 0, true, false, null] });
  }
  return { model: 'm', stream: false, system: [{ type: 'text', text: 'sys' }], messages, tools: [], max_tokens: 10, ...extra };
}

function agree(bytes: Buffer): void {
  const ours = readJsonBody(bytes);
  const whole = readStrictJson(bytes);
  if (whole.ok) {
    assert.ok(ours.ok, `piecewise refused a body the whole read accepts: ${ours.ok ? '' : ours.error.message}`);
    assert.deepStrictEqual(ours.value, whole.value);
  } else {
    assert.ok(!ours.ok, `piecewise accepted a body the whole read refuses (${whole.error.message})`);
    assert.deepStrictEqual(ours.error, whole.error);
  }
}

test('a large body is read in pieces to exactly the value JSON.parse gives, without a whole-body string', () => {
  for (const text of [JSON.stringify(largeBody()), JSON.stringify(largeBody(), null, 2), ` \n${JSON.stringify(largeBody(), null, '\t')}\r\n `]) {
    const bytes = Buffer.from(text);
    assert.ok(bytes.length >= PIECEWISE_FROM);
    const read = readJsonBody(bytes);
    assert.ok(read.ok);
    assert.equal(read.text, undefined, 'the piecewise path was taken');
    assert.deepStrictEqual(read.value, JSON.parse(text));
  }
});

test('every strictness problem in a large body is refused with the same error as the whole read', () => {
  const base = JSON.stringify(largeBody());
  const cases: Record<string, string> = {
    'duplicate key in a message': base.replace('{"role":"user",', '{"role":"user","role":"user",'),
    'duplicate top-level key': base.replace('"stream":false', '"stream":false,"stream":true'),
    'duplicate top-level key after the messages': base.replace('"max_tokens":10', '"max_tokens":10,"model":"other"'),
    '__proto__ at the top level': base.replace('"stream":false', '"__proto__":{"x":1}'),
    '__proto__ in a message': base.replace('{"role":"assistant",', '{"__proto__":1,"role":"assistant",'),
    'lone surrogate in a message': base.replace('"content":"00000', '"content":"\\ud800 00000'),
    'imprecise number in a message': base.replace('"n":[1,', '"n":[12345678901234567890,'),
    'too deep': base.replace('"tools":[]', `"tools":[${'['.repeat(300)}${']'.repeat(300)}]`),
    'syntax error mid-element': base.replace('{"role":"assistant",', '{"role":"assistant",,'),
    'trailing garbage': `${base}x`,
    'two values': `${base}{}`,
    'unterminated': base.slice(0, -1),
    'comma after the last member': base.replace(/}$/, ',}'),
    'not an object': `[${base}]`,
  };
  for (const [name, text] of Object.entries(cases)) {
    assert.notEqual(text, base, name);
    const bytes = Buffer.from(text);
    const whole = readStrictJson(bytes);
    if (name !== 'not an object') assert.ok(!whole.ok, `${name}: the whole read refuses it`);
    assert.doesNotThrow(() => agree(bytes), name);
    agree(bytes);
  }
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base)]);
  agree(bom);
  const badUtf8 = Buffer.from(base);
  badUtf8[badUtf8.indexOf('00000')] = 0xff;
  agree(badUtf8);
});

test('random byte changes to a large body: the piecewise read and the whole read always agree', () => {
  const base = Buffer.from(JSON.stringify(largeBody()));
  const alphabet = Buffer.from('"\\[]{},: \n0-1eE.tuxd\u00e9');
  let state = 0x2545f491;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  for (let round = 0; round < 60; round++) {
    const bytes = Buffer.from(base);
    for (let k = 1 + rand(3); k > 0; k--) bytes[rand(bytes.length)] = alphabet[rand(alphabet.length)]!;
    agree(bytes);
  }
});

test('parseJsonBytes (the egress check) gives JSON.parse of the whole text, and throws as it does', () => {
  const text = JSON.stringify(largeBody());
  assert.deepStrictEqual(parseJsonBytes(Buffer.from(text)), JSON.parse(text));
  assert.deepStrictEqual(parseJsonBytes(Buffer.from('{"a":1}')), { a: 1 });
  assert.throws(() => parseJsonBytes(Buffer.from(text.slice(0, -1))), SyntaxError);
});

test('PieceCache: a follow-up reuses the equal messages, and a piece differing in one byte is parsed again', () => {
  const cache = new PieceCache();
  const turn1 = largeBody();
  const r1 = readJsonBody(Buffer.from(JSON.stringify(turn1)), undefined, cache);
  assert.ok(r1.ok);
  assert.equal(cache.hits, 0);
  const messages = turn1['messages'] as Array<Record<string, unknown>>;
  const turn2 = { ...turn1, messages: [...messages, { role: 'user', content: 'next '.repeat(300) }] };
  const text2 = JSON.stringify(turn2);
  const r2 = readJsonBody(Buffer.from(text2), undefined, cache);
  assert.ok(r2.ok);
  assert.deepStrictEqual(r2.value, JSON.parse(text2));
  assert.ok(cache.hits >= 80, `the resent messages were reused (${cache.hits} hits)`);
  const reused = (r2.value as { messages: unknown[] }).messages[0];
  assert.ok(Object.isFrozen(reused), 'shared values are frozen');
  assert.throws(() => {
    (reused as Record<string, unknown>)['role'] = 'system';
  }, TypeError);

  // One byte changed in the middle of message 0: same length, same ends (the cache's lookup key).
  const first = JSON.stringify(messages[0]);
  const at = text2.indexOf(first) + Math.floor(first.length / 2);
  const pick = text2.slice(at).search(/[a-z]/) + at;
  const changed = text2.slice(0, pick) + (text2[pick] === 'q' ? 'r' : 'q') + text2.slice(pick + 1);
  const r3 = readJsonBody(Buffer.from(changed), undefined, cache);
  assert.ok(r3.ok);
  assert.deepStrictEqual(r3.value, JSON.parse(changed), 'the changed byte is in the value');
  assert.notDeepStrictEqual((r3.value as { messages: unknown[] }).messages[0], messages[0]);
});

test('PieceCache: an element repeated within one body is not one shared object; strictness is per depth limit', () => {
  const cache = new PieceCache();
  const big = { role: 'user', content: 'same '.repeat(400) };
  const body = { model: 'm', messages: Array.from({ length: 60 }, () => big) };
  const text = JSON.stringify(body);
  const r = readJsonBody(Buffer.from(text), undefined, cache);
  assert.ok(r.ok);
  const got = (r.value as { messages: unknown[] }).messages;
  assert.notEqual(got[0], got[1]);
  assert.deepStrictEqual(r.value, body);
  // A piece accepted under the default depth limit is not reused under a smaller one.
  const deep = { model: 'm', messages: [...Array.from({ length: 40 }, (_, i) => ({ role: 'user', content: `${i} `.repeat(500) })), { role: 'user', content: [[[[[['deep '.repeat(300)]]]]]] }] };
  const deepBytes = Buffer.from(JSON.stringify(deep));
  assert.ok(readJsonBody(deepBytes, undefined, cache).ok);
  const strict = readJsonBody(deepBytes, 6, cache);
  assert.ok(!strict.ok, 'refused under the smaller limit despite the cached piece');
  assert.equal(strict.error.problem, 'too-deep');
});
