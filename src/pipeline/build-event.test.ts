import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionHash } from './build-event.ts';

test('the session is a keyed hash: stable per key, different across installations, not the session id', () => {
  const a = sessionHash(Buffer.alloc(32, 1), 'anonymous:h:x-session-id:abc');
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.equal(a, sessionHash(Buffer.alloc(32, 1), 'anonymous:h:x-session-id:abc'));
  assert.notEqual(a, sessionHash(Buffer.alloc(32, 2), 'anonymous:h:x-session-id:abc'));
  assert.notEqual(a, sessionHash(Buffer.alloc(32, 1), 'anonymous:h:x-session-id:abd'));
});

test('sessionHash: remembered values are the HMAC itself, per key, also past the memo size', async () => {
  const { createHmac } = await import('node:crypto');
  const key = Buffer.alloc(32, 7);
  const direct = (k: Buffer, s: string): string => createHmac('sha256', k).update('sekisho-audit-session\0').update(s).digest('hex').slice(0, 32);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 700; i++) assert.equal(sessionHash(key, `p:h:x-session-id:${i}`), direct(key, `p:h:x-session-id:${i}`));
  }
  const long = 'p:c:' + 'z'.repeat(2000);
  assert.equal(sessionHash(key, long), direct(key, long));
  assert.equal(sessionHash(Buffer.alloc(32, 8), 'p:h:x-session-id:1'), direct(Buffer.alloc(32, 8), 'p:h:x-session-id:1'));
});
