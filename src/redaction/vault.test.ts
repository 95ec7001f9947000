import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VaultStore } from './vault.ts';
import { MemoryVault } from '../store/memory/vault.ts';
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

test('vault keeps values per conversation, sealed, with TTL and bounds', async () => {
  let now = 0;
  const port = new MemoryVault(2, () => now);
  const vault = new VaultStore({ port, ttlMs: 1000, maxConversations: 2, maxValuesPerConversation: 2 });
  assert.ok(await vault.putAll('c1', [['P1', 'secret-1'], ['P2', 'secret-2']]));
  assert.ok(await vault.putAll('c1', [['P1', 'other']]), 'a known placeholder adds nothing');
  assert.equal(await vault.putAll('c1', [['P3', 'secret-3']]), false, 'per-conversation bound');
  now = 10;
  assert.equal((await vault.open('c1'))!.get('P1'), 'secret-1', 'the first value stays');
  assert.equal(await vault.open('c2'), undefined);
  now = 2000;
  assert.equal(await vault.open('c1'), undefined, 'expired after the TTL without use');
  await vault.putAll('a', [['P', 'x']]);
  await vault.putAll('b', [['P', 'y']]);
  await vault.putAll('c', [['P', 'z']]);
  assert.equal(port.size, 2, 'least recently used conversation dropped');
  assert.equal(await vault.open('a'), undefined);
});

test('what the port holds: no value, no session id; another key or a moved entry opens nothing', async () => {
  const port = new MemoryVault();
  const key = Buffer.alloc(32, 3);
  const vault = new VaultStore({ port, key });
  await vault.putAll('key:abc:h:x-session-id:s1', [['P1', 'AKIAIOSFODNN7EXAMPLE'], ['P2', 'hunter2-password']]);
  const other = new VaultStore({ port, key: Buffer.alloc(32, 4) });
  assert.equal(await other.open('key:abc:h:x-session-id:s1'), undefined, 'another key names the conversation differently');
  const same = new VaultStore({ port, key });
  const view = (await same.open('key:abc:h:x-session-id:s1'))!;
  assert.equal(view.get('P2'), 'hunter2-password', 'the same key (another instance) opens it');
  // Raw content: capture what reaches the port.
  const seen: string[] = [];
  const spy = { put: async (c: string, e: Array<[string, string]>, t: number, m: number) => (seen.push(c, ...e.flat()), port.put(c, e, t, m)), read: (c: string, t: number) => port.read(c, t) };
  const sealed = new VaultStore({ port: spy, key });
  await sealed.putAll('key:abc:h:x-session-id:sess-Qz8vW2nLpT', [['P9', 'AKIAIOSFODNN7EXAMPLE']]);
  const raw = seen.join('\n');
  assert.equal(raw.includes('AKIAIOSFODNN7EXAMPLE'), false, 'no value in the clear');
  assert.equal(raw.includes('sess-Qz8vW2nLpT'), false, 'no session id'); // long enough that random ciphertext cannot hold it
  assert.match(seen[0]!, /^[0-9a-f]{40}$/);
  // An entry moved to another placeholder (or conversation) does not open: the name and placeholder are bound in.
  const moved = new Map([['P1', seen[2]!]]);
  const mover = new VaultStore({ port: { put: async () => true, read: async () => moved }, key });
  assert.equal((await mover.open('key:abc:h:x-session-id:sess-Qz8vW2nLpT'))!.get('P1'), undefined);
  assert.equal((await mover.open('key:abc:h:x-session-id:sess-Qz8vW2nLpT'))!.placeholders.length, 1);
});
