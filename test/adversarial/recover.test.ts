/**
 * The suite's own decoder must find a value however it was wrapped — or the suite would call leaks
 * passes — and must not find it where it is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { recover, recoveredNeedles, spreadOver, type Received } from './recover.ts';

const SECRET = 'AKIAQ3EGRTZ7WX4LPNVB';
const req = (body: string | Buffer, path = '/v1/messages', headers: Received['headers'] = {}): Received => ({ path, headers, body });
const found = (r: Received, needle = SECRET): boolean => recoveredNeedles(recover(r), [needle]).length === 1;
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const hex = (s: string): string => Buffer.from(s).toString('hex');

test('finds a value through every encoding layer the suite plants, alone and nested', () => {
  const wrapped: Array<[string, string]> = [
    ['plain', SECRET],
    ['json escapes', JSON.stringify({ t: SECRET }).replace(/Q3EG/, '\\u0051\\u0033EG')],
    ['JSON inside a JSON string', JSON.stringify({ args: JSON.stringify({ content: `key=${SECRET}` }) })],
    ['percent', encodeURIComponent(`k=${SECRET}`).replace(/A/g, '%41')],
    ['base64', b64(`key ${SECRET}`)],
    ['base64url', Buffer.from(`key ${SECRET}?>`).toString('base64url')],
    ['double base64', b64(b64(`key ${SECRET}`))],
    ['hex', hex(`key ${SECRET}`)],
    ['hex with separators', hex(`key ${SECRET}`).replace(/(..)(?=.)/g, '$1:')],
    ['base64 of hex of percent', b64(hex(encodeURIComponent(`x ${SECRET}`).replace(/K/g, '%4B')))],
    ['data URL', `data:text/plain;base64,${b64(SECRET)}`],
    ['PNG magic then text', b64(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(SECRET)]))],
    ['NUL prefix', b64(Buffer.concat([Buffer.alloc(9), Buffer.from(SECRET)]))],
    ['base64 wrapped at 76 columns', b64(`${'x'.repeat(70)} ${SECRET} ${'y'.repeat(70)}`).replace(/(.{76})/g, '$1\n')],
    ['gzip inside base64', b64(gzipSync(`k=${SECRET}`))],
    ['zero-width inside', SECRET.slice(0, 8) + '\u200b' + SECRET.slice(8)],
    ['word joiner and BOM inside', SECRET.slice(0, 5) + '\u2060' + SECRET.slice(5, 9) + '\ufeff' + SECRET.slice(9)],
    ['soft hyphen inside', SECRET.slice(0, 10) + '\u00ad' + SECRET.slice(10)],
    ['full-width', SECRET.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
    ['Cyrillic and Greek look-alikes', SECRET.replace('A', 'А').replace('E', 'Ε').replace('K', 'К')],
    ['HTML entities', [...SECRET].map((c) => `&#${c.charCodeAt(0)};`).join('')],
    ['backslash-x escapes', [...SECRET].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')],
    ['split by a newline', SECRET.slice(0, 10) + '\n' + SECRET.slice(10)],
  ];
  for (const [name, text] of wrapped) assert.ok(found(req(JSON.stringify({ messages: [{ role: 'user', content: text }] }))), name);
});

test('finds a value in the request line and headers, and in a gzip, UTF-16 or invalid-UTF-8 body', () => {
  assert.ok(found(req('{}', `/v1/messages?beta=true&ctx=${encodeURIComponent('id ' + SECRET)}`)));
  assert.ok(found(req('{}', '/v1/messages', { 'anthropic-beta': `x,${SECRET}` })));
  assert.ok(found(req(gzipSync(JSON.stringify({ t: SECRET })))));
  assert.ok(found(req(Buffer.from(JSON.stringify({ t: SECRET }), 'utf16le'))));
  assert.ok(found(req(Buffer.concat([Buffer.from('{"t":"\xff'), Buffer.from([0xc3, 0x28]), Buffer.from(`${SECRET}"}`)]))));
});

test('finds a value split over blocks, messages and turns, with other values between the pieces', () => {
  const body = JSON.stringify({
    messages: [
      { role: 'user', content: `my key is ${SECRET.slice(0, 7)}` },
      { role: 'assistant', content: 'Noted, go on.' },
      { role: 'user', content: [{ type: 'text', text: SECRET.slice(7, 14) }, { type: 'text', text: `${SECRET.slice(14)} end` }] },
    ],
  });
  assert.ok(found(req(body)));
  assert.ok(spreadOver(['a', 'xx AKIA', 'role', 'Q3EG', 'RTZ7WX4LPNVB tail'], SECRET));
  assert.ok(!spreadOver(['xx AKIA', 'Q3EG', 'nothing'], SECRET), 'the last piece is missing');
  assert.ok(!spreadOver(['RTZ7WX4LPNVB', 'AKIAQ3EG'], SECRET), 'pieces out of order');
});

test('finds nothing where the value was replaced, truncated or never was', () => {
  const redacted = JSON.stringify({ messages: [{ role: 'user', content: 'key REDACTED_SEKISHO_AWS_ACCESS_KEY_ID_0a1b2c3d4e and more' }] });
  assert.ok(!found(req(redacted)));
  assert.ok(!found(req(JSON.stringify({ t: SECRET.slice(0, 19) }))), 'one character short');
  assert.ok(!found(req(b64(SECRET.slice(1)))), 'base64 of a shorter value');
  const noise = JSON.stringify({ blob: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)).toString('base64') });
  assert.ok(!found(req(noise)));
});

test('recover reads quoted-printable with soft line breaks and upper-case base32', () => {
  const needle = 'ghp_R8mN2pQ7aB3cD4eF5gH6iJ7kL8mN9oP0qR1s';
  const qp = `token=3D${needle.slice(0, 10)}=\n${needle.slice(10, 30)}=\r\n${needle.slice(30)}`;
  assert.deepEqual(recoveredNeedles(recover({ path: '/', headers: {}, body: JSON.stringify({ t: qp }) }), [needle]), [needle]);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of Buffer.from(`k=${needle}`)) bits += b.toString(2).padStart(8, '0');
  let b32 = '';
  for (let i = 0; i < bits.length; i += 5) b32 += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  assert.deepEqual(recoveredNeedles(recover({ path: '/', headers: {}, body: JSON.stringify({ t: `seed ${b32}` }) }), [needle]), [needle]);
});

test('recover reads hidden alphabets, number lists and fancy text', () => {
  const inBody = (t: unknown): boolean => found(req(JSON.stringify({ t })));
  const tags = [...`key ${SECRET}`].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
  assert.ok(inBody(`hello${tags}`), 'tag characters');
  const selectors = [...Buffer.from(`key ${SECRET}`)].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
  assert.ok(inBody(`nice 😀${selectors}`), 'variation-selector bytes');
  assert.ok(inBody([...Buffer.from(SECRET)]), 'a JSON byte array');
  assert.ok(inBody(JSON.stringify(Buffer.from(`k=${SECRET}`))), 'a serialised Buffer inside a string');
  assert.ok(inBody([...Buffer.from(SECRET)].map((b) => `0x${b.toString(16)}`).join(', ')), 'an xxd -i list');
  assert.ok(inBody([...Buffer.from(SECRET)].map((b) => String(b).padStart(4)).join('')), 'an od -tu1 listing');
  assert.ok(inBody([...`鍵 ${SECRET}`].map((c) => c.codePointAt(0))), 'code points over 255');
  assert.ok(inBody([...SECRET].map((c) => `${c}\u0336`).join('')), 'strikethrough');
  assert.ok(!inBody([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'a list of small numbers spells nothing');
});
