import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Inspector } from './inspector.ts';
import type { ConversationRequest } from '../conversation/index.ts';
import { OwnCodeIndexBuilder } from './own-code/index-builder.ts';
import { createOwnCodeDetector } from './own-code/own-code-detector.ts';

const ledger = readFileSync(new URL('./own-code/fixtures/acme-billing/ledger.py', import.meta.url), 'utf8');
const builder = new OwnCodeIndexBuilder();
builder.addFile('acme-billing', 'ledger.py', ledger);
const detector = createOwnCodeDetector(builder.build());

const toolResults = (...texts: string[]): ConversationRequest => ({
  model: 'm',
  system: [],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'read ledger.py' }] },
    { role: 'assistant', content: texts.map((_, i) => ({ type: 'tool-call' as const, id: `c${i}`, name: 'Read', kind: 'function' as const, arguments: '{"path":"ledger.py"}' })) },
    { role: 'tool', content: texts.map((text, i) => ({ type: 'tool-result' as const, callId: `c${i}`, content: [{ type: 'text' as const, text }] })) },
  ],
  tools: [],
  stream: false,
  extensions: {},
});

test('own code split across two tool results of one turn is found on the joined text', () => {
  const body = ledger.split('\n').slice(37, 47);
  const halves = [body.slice(0, 5).join('\n'), `\n${body.slice(5).join('\n')}`];
  for (const half of halves) assert.deepEqual(detector.scan(half), [], 'each half alone is too short to report');
  const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32) });
  const result = inspector.inspect(toolResults(...halves));
  const found = result.findings.filter((f) => f.type === 'own-code');
  assert.equal(found.length, 1, JSON.stringify(result.findings));
  assert.equal(found[0]?.ownCode?.path, 'ledger.py');
  assert.equal(found[0]?.location.surface, 'tool-result');
  assert.ok(found[0]?.continuesAt, 'the finding says where the copy continues');
});
