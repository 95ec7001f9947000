import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VaultStore } from './vault.ts';
import { makePlaceholder, MAX_PLACEHOLDER_LENGTH } from './placeholder.ts';

test('placeholders: deterministic per conversation, distinct across conversations, syntax-safe', () => {
  const key = Buffer.alloc(32, 7);
  const a = makePlaceholder('aws-access-token', 'AKIAIOSFODNN7EXAMPLE', 'conv-1', key);
  assert.equal(a, makePlaceholder('aws-access-token', 'AKIAIOSFODNN7EXAMPLE', 'conv-1', key));
  assert.notEqual(a, makePlaceholder('aws-access-token', 'AKIAIOSFODNN7EXAMPLE', 'conv-2', key));
  assert.notEqual(a, makePlaceholder('aws-access-token', 'AKIAIOSFODNN7EXAMPLF', 'conv-1', key));
  assert.match(a, /^REDACTED_AWS_ACCESS_TOKEN_[0-9A-F]{10}$/);
  const long = makePlaceholder('x'.repeat(100) + '-é"\\', 'v', 'c', key);
  assert.ok(long.length <= MAX_PLACEHOLDER_LENGTH);
  assert.match(long, /^[A-Z0-9_]+$/);
});

test('vault keeps values per conversation, encrypted, with TTL and bounds', () => {
  const vault = new VaultStore({ ttlMs: 1000, maxConversations: 2, maxValuesPerConversation: 2 });
  assert.ok(vault.put('c1', 'P1', 'secret-1', 0));
  assert.ok(vault.put('c1', 'P2', 'secret-2', 0));
  assert.equal(vault.put('c1', 'P3', 'secret-3', 0), false, 'per-conversation bound');
  assert.equal(vault.open('c1', 10)!.get('P1'), 'secret-1');
  assert.equal(vault.open('c2', 10), undefined);
  assert.equal(vault.open('c1', 2000), undefined, 'expired after the TTL without use');
  vault.put('a', 'P', 'x', 0);
  vault.put('b', 'P', 'y', 0);
  vault.put('c', 'P', 'z', 0);
  assert.equal(vault.size, 2, 'least recently used conversation dropped');
  assert.equal(vault.open('a', 1), undefined);
});
