/**
 * Every client API x backend kind x stream mode through a real gateway on loopback, driven by the
 * official SDKs: a plain answer, and a tool round trip whose call and result must reach the backend
 * correctly paired in the backend's own dialect.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, requestLogs, nextRequestLog, logMark, type Harness, type BackendSpec } from '../support/gateway-harness.ts';
import { converse, type ClientApi } from '../support/clients.ts';
import { dialectOf, historyPairs } from '../support/backend-view.ts';

const backendKinds: Record<string, { spec: BackendSpec; native: ClientApi[] }> = {
  'openai (chat only)': { spec: { flavor: 'vllm' }, native: ['chat'] },
  'openai (chat, responses, messages)': { spec: { flavor: 'openai', apis: ['chat', 'responses', 'messages', 'completions', 'embeddings'] }, native: ['chat', 'responses', 'messages'] },
  anthropic: { spec: { type: 'anthropic' }, native: ['messages'] },
};

const apis: ClientApi[] = ['messages', 'chat', 'responses'];
const reply = 'Hello 世界, from the fake upstream. ✓';

for (const [kind, { spec, native }] of Object.entries(backendKinds)) {
  describe(`backend: ${kind}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ backends: [spec] });
    });
    after(() => h.close());

    for (const api of apis) {
      for (const stream of [false, true]) {
        const mode = native.includes(api) ? 'passthrough' : 'translate';
        test(`${api} client, ${stream ? 'stream' : 'non-stream'}: text answer (${mode})`, async () => {
          h.fake.enqueue({ kind: 'text', text: reply, chunkSize: 3, usage: { input: 42, output: 7 } });
          const logCount = await logMark(h);
          const turn = await converse(api, { baseUrl: h.url, model: 'test-model', stream });
          assert.equal(turn.text, reply);
          assert.deepEqual(turn.toolCalls, []);
          assert.deepEqual(turn.usage, { input: 42, output: 7 });
          const upstream = h.fake.lastRequest()!;
          if (mode === 'passthrough') assert.equal(dialectOf(upstream), api);
          else assert.notEqual(dialectOf(upstream), api);
          const log = await nextRequestLog(h, logCount);
          assert.equal(log.mode, mode);
          assert.equal(log.status, 200);
          assert.equal(log.inputTokens, 42);
        });

        test(`${api} client, ${stream ? 'stream' : 'non-stream'}: tool round trip (${mode})`, async () => {
          h.fake.enqueue(
            { kind: 'tool-calls', text: 'Let me look.', calls: [{ id: 'call_A1', name: 'read_file', arguments: { path: 'config/app.env' } }], chunkSize: 4 },
            { kind: 'text', text: 'The file sets PORT=8080.' },
          );
          const first = await converse(api, { baseUrl: h.url, model: 'test-model', stream, withTools: true, prompt: 'What port?' });
          assert.equal(first.toolCalls.length, 1);
          assert.equal(first.toolCalls[0]!.name, 'read_file');
          assert.deepEqual(first.toolCalls[0]!.args, { path: 'config/app.env' });
          assert.match(String(first.stop), /tool_use|tool_calls|completed/);

          const second = await first.next('PORT=8080\n');
          assert.equal(second.text, 'The file sets PORT=8080.');
          const pairs = historyPairs(h.fake.lastRequest()!);
          assert.equal(pairs.length, 1, 'the backend sees exactly one call in the history');
          assert.equal(pairs[0]!.name, 'read_file');
          assert.deepEqual(JSON.parse(pairs[0]!.args), { path: 'config/app.env' });
          assert.equal(pairs[0]!.result, 'PORT=8080\n', 'the result is paired with its call');
        });
      }
    }
  });
}

describe('parallel tool calls', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ backends: [{ flavor: 'vllm' }] });
  });
  after(() => h.close());

  for (const api of apis) {
    test(`${api} client receives two parallel calls from a chat backend, stream`, async () => {
      h.fake.enqueue(
        {
          kind: 'tool-calls',
          calls: [
            { id: 'call_1', name: 'read_file', arguments: { path: 'a.ts' } },
            { id: 'call_2', name: 'read_file', arguments: { path: 'b.ts' } },
          ],
          chunkSize: 3,
        },
        { kind: 'text', text: 'Both read.' },
      );
      const first = await converse(api, { baseUrl: h.url, model: 'm', stream: true, withTools: true });
      assert.deepEqual(first.toolCalls.map((c) => c.args.path), ['a.ts', 'b.ts']);
      const second = await first.next('contents');
      assert.equal(second.text, 'Both read.');
      const pairs = historyPairs(h.fake.lastRequest()!);
      assert.deepEqual(pairs.map((p) => [JSON.parse(p.args).path, p.result]), [['a.ts', 'contents'], ['b.ts', 'contents']]);
    });
  }
});
