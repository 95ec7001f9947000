import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTranscript, parseTranscriptKey, sealTranscript } from './transcript-cipher.ts';

const key = Buffer.alloc(32, 3);

test('seal and open round trip; the ciphertext holds no plaintext', () => {
  const sealed = sealTranscript('req_1', '{"secret-marker":"x"}', key, 1024);
  assert.ok(!sealed.data.includes('secret-marker'));
  assert.equal(sealed.iv.length, 12);
  assert.equal(sealed.truncated, false);
  assert.equal(openTranscript('req_1', sealed, key), '{"secret-marker":"x"}');
});

test('a blob moved to another event, a modified blob or a wrong key do not open', () => {
  const sealed = sealTranscript('req_1', 'body', key, 1024);
  assert.throws(() => openTranscript('req_2', sealed, key), /does not authenticate/);
  const flipped = { ...sealed, data: Buffer.from(sealed.data) };
  flipped.data[0]! ^= 1;
  assert.throws(() => openTranscript('req_1', flipped, key), /does not authenticate/);
  assert.throws(() => openTranscript('req_1', sealed, Buffer.alloc(32, 4)), /another key/);
});

test('the size cap cuts at a UTF-8 character boundary and marks the transcript truncated', () => {
  const sealed = sealTranscript('req_1', 'ab日本', key, 4); // 'ab' + 3-byte '日' would be 5 bytes
  assert.equal(sealed.truncated, true);
  assert.equal(sealed.bytes, 2);
  assert.equal(openTranscript('req_1', sealed, key), 'ab');
});

test('keys are 64 hex characters or base64 of 32 bytes', () => {
  assert.deepEqual(parseTranscriptKey('0f'.repeat(32) + '\n'), Buffer.alloc(32, 15));
  assert.deepEqual(parseTranscriptKey(Buffer.alloc(32, 1).toString('base64')), Buffer.alloc(32, 1));
  assert.throws(() => parseTranscriptKey('0f'.repeat(16)), /32 bytes/);
  assert.throws(() => parseTranscriptKey('password123'), /32 bytes/);
});
