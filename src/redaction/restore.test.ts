import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Restorer } from './restore.ts';
import type { ConversationVault } from './vault.ts';
import type { StreamEvent } from '../conversation/index.ts';

const P = 'REDACTED_AWS_ACCESS_TOKEN_0123456789';
const Q = 'REDACTED_PEM_PRIVATE_KEY_ABCDEF0123';
const values: Record<string, string> = { [P]: 'AKIAIOSFODNN7EXAMPLE', [Q]: '-----BEGIN KEY-----\n"x"\n-----END KEY-----' };
const vault: ConversationVault = { placeholders: [P, Q], get: (p) => values[p] };

test('restores complete placeholders; unknown ones and look-alikes stay', () => {
  const r = new Restorer(vault);
  assert.equal(r.restore(`key=${P} and ${P}.`), 'key=AKIAIOSFODNN7EXAMPLE and AKIAIOSFODNN7EXAMPLE.');
  assert.equal(r.restore('REDACTED_OTHER_FFFFFFFFFF stays'), 'REDACTED_OTHER_FFFFFFFFFF stays');
  assert.equal(r.restore(`{"k":"${Q}"}`, true), JSON.stringify({ k: values[Q] }), 'JSON-escaped inside JSON text');
});

/** Streams `text` through the restorer in pieces of `size` and returns what the client sees. */
function streamed(text: string, size: number, kind: 'text' | 'tool'): string {
  const r = new Restorer(vault).createStreamRestorer();
  const out: StreamEvent[] = [];
  out.push(...r(kind === 'text' ? { type: 'text-start', index: 0 } : { type: 'tool-call-start', index: 0, id: 'c', name: 'Write', kind: 'function' }));
  for (let i = 0; i < text.length; i += size) {
    const piece = text.slice(i, i + size);
    out.push(...r(kind === 'text' ? { type: 'text-delta', index: 0, text: piece } : { type: 'tool-call-delta', index: 0, delta: piece }));
  }
  out.push(...r(kind === 'text' ? { type: 'text-end', index: 0 } : { type: 'tool-call-end', index: 0 }));
  return out.map((e) => (e.type === 'text-delta' ? e.text : e.type === 'tool-call-delta' ? e.delta : '')).join('');
}

test('a placeholder split across any number of deltas is restored', () => {
  const text = `The key is ${P}, the PEM is ${Q}; REDACTED_ is not one. End ${P}`;
  const expected = new Restorer(vault).restore(text);
  for (const size of [1, 2, 3, 7, 13, 40, 1000]) assert.equal(streamed(text, size, 'text'), expected, `size ${size}`);
});

test('tool-call arguments streamed as JSON fragments get the value JSON-escaped', () => {
  const args = JSON.stringify({ file_path: '.env', content: `AWS=${P}\nKEY=${Q}\n` });
  for (const size of [1, 5, 17]) {
    const out = streamed(args, size, 'tool');
    assert.deepEqual(JSON.parse(out), { file_path: '.env', content: `AWS=${values[P]}\nKEY=${values[Q]}\n` }, `size ${size}`);
  }
});

test('buffering is bounded by the longest placeholder', () => {
  const r = new Restorer(vault);
  assert.equal(r.holdBack('hello REDACTED_AWS'), 'REDACTED_AWS'.length);
  assert.equal(r.holdBack('hello world'), 0);
  assert.equal(r.holdBack('x'.repeat(100) + P.slice(0, -1)), P.length - 1);
  assert.ok(r.holdBack('R'.repeat(10_000)) <= Math.max(P.length, Q.length));
});

test('signed reasoning is never modified in a restored response', () => {
  const r = new Restorer(vault);
  const res = r.restoreResponse({
    id: 'x',
    model: 'm',
    finishReason: 'stop',
    usage: { inputTokens: 1, outputTokens: 1 },
    content: [
      { type: 'reasoning', text: `thinking about ${P}`, signature: 'sig', origin: 'anthropic' },
      { type: 'text', text: `use ${P}` },
      { type: 'tool-call', id: 'c', name: 'exec', kind: 'custom', arguments: `echo ${Q}` },
    ],
  });
  assert.deepEqual(res.content.map((p) => (p.type === 'reasoning' || p.type === 'text' ? p.text : p.type === 'tool-call' ? p.arguments : '')), [
    `thinking about ${P}`,
    `use ${values[P]}`,
    `echo ${values[Q]}`,
  ]);
});

test('reasoning is never restored, signed or not, so it goes back to the backend as the backend sent it', () => {
  const r = new Restorer(vault);
  const res = r.restoreResponse({
    id: 'x',
    model: 'm',
    finishReason: 'stop',
    usage: { inputTokens: 1, outputTokens: 1 },
    content: [
      { type: 'reasoning', text: `unsigned thought about ${P}` },
      { type: 'reasoning', text: `summary about ${P}`, opaque: 'enc', origin: 'openai' },
    ],
  });
  assert.deepEqual(res.content.map((p) => (p.type === 'reasoning' ? p.text : '')), [`unsigned thought about ${P}`, `summary about ${P}`]);
});

test('streamed reasoning deltas and signatures pass unchanged while text around them is restored', () => {
  const thought = `I should use ${P} here, and ${Q}.`;
  for (const size of [1, 4, 1000]) {
    const r = new Restorer(vault).createStreamRestorer();
    const out: StreamEvent[] = [];
    out.push(...r({ type: 'reasoning-start', index: 0, origin: 'anthropic' }));
    for (let i = 0; i < thought.length; i += size) out.push(...r({ type: 'reasoning-delta', index: 0, text: thought.slice(i, i + size) }));
    out.push(...r({ type: 'reasoning-signature', index: 0, signature: 'c2ln' }));
    out.push(...r({ type: 'reasoning-end', index: 0 }));
    out.push(...r({ type: 'text-start', index: 1 }), ...r({ type: 'text-delta', index: 1, text: `use ${P}` }), ...r({ type: 'text-end', index: 1 }));
    const reasoning = out.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('');
    const text = out.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    assert.equal(reasoning, thought, `size ${size}: reasoning keeps its placeholders`);
    assert.equal(text, `use ${values[P]}`);
    assert.ok(out.some((e) => e.type === 'reasoning-signature' && e.signature === 'c2ln'));
  }
});
