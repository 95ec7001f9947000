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
