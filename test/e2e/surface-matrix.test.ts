/**
 * The inspection issue's acceptance matrix: a distinct secret planted in every content surface of a
 * request, for each client protocol, through a same-dialect backend (passthrough) and another-dialect
 * backend (translation), streamed and not. In redact mode none may reach the backend, each must be
 * found at its surface, and the client must get the original back in the answer.
 */
import { describe, test, before, after } from 'node:test';
import { patternDetector } from '../support/pattern-detector.ts';
import assert from 'node:assert/strict';
import { startHarness, nextRequestLog, logMark, type Harness, type BackendSpec } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';

const KEY = Buffer.alloc(32, 3);
const SESSION = 'matrix';
/** One fake AWS-style key id per surface, so each finding can be traced to where it was planted. */
const secret = (n: number) => `AKIA${String(n).padStart(2, '0')}SURFACE${'X'.repeat(7)}`;

const detector = patternDetector('planted', 'secret', 'planted', /AKIA\d\dSURFACEX{7}/g);

type Planted = { body: object; surfaces: Array<[string, number]> };

const requests: Record<'messages' | 'chat' | 'responses', (stream: boolean) => Planted> = {
  messages: (stream) => ({
    body: {
      model: 'm',
      max_tokens: 100,
      stream,
      system: [{ type: 'text', text: `system ${secret(1)}` }],
      tools: [{ name: 'Read', description: `reads files, e.g. ${secret(2)}`, input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
      messages: [
        { role: 'user', content: `user ${secret(3)}` },
        { role: 'system', content: `inline system ${secret(4)}` },
        { role: 'assistant', content: [{ type: 'text', text: 'reading' }, { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: `/tmp/${secret(5)}` } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: `1\tKEY=${secret(6)}` }] }, { type: 'future_block', note: secret(7) }] },
      ],
    },
    surfaces: [['system', 1], ['tool-definition', 2], ['message-text', 3], ['system', 4], ['tool-call-arguments', 5], ['tool-result', 6], ['opaque', 7]],
  }),
  chat: (stream) => ({
    body: {
      model: 'm',
      stream,
      tools: [{ type: 'function', function: { name: 'read', description: `reads ${secret(2)}`, parameters: { type: 'object', properties: {} } } }],
      messages: [
        { role: 'system', content: `system ${secret(1)}` },
        { role: 'user', content: [{ type: 'text', text: `user ${secret(3)}` }] },
        { role: 'assistant', content: 'ok', reasoning_content: `thinking about ${secret(8)}`, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: JSON.stringify({ path: secret(5) }) } }] },
        { role: 'tool', tool_call_id: 'c1', content: `KEY=${secret(6)}` },
        { role: 'developer', content: `developer ${secret(4)}` },
      ],
    },
    surfaces: [['system', 1], ['tool-definition', 2], ['message-text', 3], ['system', 4], ['tool-call-arguments', 5], ['tool-result', 6], ['reasoning', 8]],
  }),
  responses: (stream) => ({
    body: {
      model: 'm',
      stream,
      instructions: `instructions ${secret(1)}`,
      tools: [{ type: 'function', name: 'exec_command', description: `runs ${secret(2)}`, parameters: { type: 'object', properties: {} }, strict: false }],
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: `user ${secret(3)}` }] },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: `developer ${secret(4)}` }] },
        { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: JSON.stringify({ cmd: `cat ${secret(5)}` }) },
        { type: 'function_call_output', call_id: 'c1', output: `KEY=${secret(6)}` },
        { type: 'item_reference', id: secret(7) },
      ],
    },
    // An item reference's id is a structural string: scanned, reported as `field`.
    surfaces: [['system', 1], ['tool-definition', 2], ['message-text', 3], ['system', 4], ['tool-call-arguments', 5], ['tool-result', 6], ['field', 7]],
  }),
};

const paths = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };
const placeholder = makePlaceholder('planted', secret(6), `anonymous:h:x-session-id:${SESSION}`, KEY);

for (const [mode, backend] of [
  ['passthrough', { flavor: 'openai', apis: ['chat', 'responses', 'messages'] }],
  ['translation', { type: 'anthropic' }],
] as Array<[string, BackendSpec]>) {
  describe(`every surface, redact mode, ${mode}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ inspection: 'redact', detectors: [detector], secretKey: KEY, backends: [backend] });
    });
    after(() => h.close());

    for (const api of ['messages', 'chat', 'responses'] as const) {
      for (const stream of [false, true]) {
        // An Anthropic backend serves Anthropic clients by passthrough: the translation run covers the others.
        if (mode === 'translation' && api === 'messages') continue;
        test(`${api}, ${stream ? 'stream' : 'non-stream'}`, async () => {
          const { body, surfaces } = requests[api](stream);
          h.fake.enqueue({ kind: 'text', text: `The tool printed ${placeholder}.`, chunkSize: 3 });
          const mark = await logMark(h);
          const r = await post(h.url + paths[api], body, { 'x-session-id': SESSION });
          assert.equal(r.status, 200, r.text.slice(0, 300));
          const upstream = h.fake.lastRequest()!.body;
          for (const [, n] of surfaces) {
            // Opaque parts of the client's dialect are dropped when translating; otherwise they must be redacted.
            assert.ok(!upstream.includes(secret(n)), `secret ${n} reached the backend`);
          }
          const found = ((await nextRequestLog(h, mark)).findings as string[]).map((f) => f.split('@')[1]);
          for (const [surface] of surfaces) assert.ok(found.includes(surface), `${surface} not in ${JSON.stringify(found)}`);
          assert.ok(r.text.includes(secret(6)) && !r.text.includes(placeholder), 'answer restored');
        });
      }
    }
  });
}
