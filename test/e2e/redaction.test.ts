/**
 * Inspection wired into the gateway: in redact mode a secret planted in any surface never reaches the
 * backend, the backend sees a stable placeholder, and the client gets the original back in the answer
 * (text and tool-call arguments, streamed or not, every protocol). Report mode changes nothing but
 * records findings. A failing inspector blocks the request.
 */
import { describe, test, before, after } from 'node:test';
import { patternDetector } from '../support/pattern-detector.ts';
import assert from 'node:assert/strict';
import { startHarness, nextRequestLog, logMark, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { converse } from '../support/clients.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';
import type { Detector } from '../../src/inspection/detector.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const KEY = Buffer.alloc(32, 9);
const SESSION = 'session-123';
const placeholder = makePlaceholder('aws', SECRET, `anonymous:h:x-session-id:${SESSION}`, KEY);

/** A fixed, simple detector: the pipeline is under test here, not detection quality. */
const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);

const headers = { 'x-session-id': SESSION };

/** Reads a nested field of parsed JSON without trusting its shape. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Text and first tool call's arguments, reassembled from a streamed answer in each dialect. */
function streamedAnswer(api: 'messages' | 'chat' | 'responses', events: Array<{ data: string }>): { text: string; args: string } {
  let text = '';
  let args = '';
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    const d: unknown = JSON.parse(e.data);
    const type = at(d, 'type');
    if (api === 'messages' && type === 'content_block_delta') {
      text += str(at(d, 'delta', 'text'));
      args += str(at(d, 'delta', 'partial_json'));
    } else if (api === 'chat') {
      text += str(at(d, 'choices', 0, 'delta', 'content'));
      args += str(at(d, 'choices', 0, 'delta', 'tool_calls', 0, 'function', 'arguments'));
    } else if (api === 'responses') {
      if (type === 'response.output_text.delta') text += str(at(d, 'delta'));
      if (type === 'response.function_call_arguments.delta') args += str(at(d, 'delta'));
    }
  }
  return { text, args };
}

/** The same from a non-streamed answer. */
function finalAnswer(api: 'messages' | 'chat' | 'responses', body: unknown): { text: string; args: string } {
  if (api === 'messages') {
    const blocks = list(at(body, 'content'));
    return {
      text: blocks.filter((c) => at(c, 'type') === 'text').map((c) => str(at(c, 'text'))).join(''),
      args: JSON.stringify(at(blocks.find((c) => at(c, 'type') === 'tool_use'), 'input')),
    };
  }
  if (api === 'chat') {
    return { text: str(at(body, 'choices', 0, 'message', 'content')), args: str(at(body, 'choices', 0, 'message', 'tool_calls', 0, 'function', 'arguments')) };
  }
  const output = list(at(body, 'output'));
  return {
    text: output.filter((o) => at(o, 'type') === 'message').flatMap((o) => list(at(o, 'content')).map((c) => str(at(c, 'text')))).join(''),
    args: str(at(output.find((o) => at(o, 'type') === 'function_call'), 'arguments')),
  };
}

describe('redact mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors: [akia], secretKey: KEY, backends: [{ flavor: 'vllm', apis: ['chat', 'responses', 'messages', 'completions'] }] });
  });
  after(() => h.close());

  const bodies = {
    messages: (stream: boolean) => ({
      model: 'm',
      max_tokens: 100,
      stream,
      messages: [
        { role: 'user', content: 'read config.env' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'config.env' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `1\tAWS_ACCESS_KEY_ID=${SECRET}\n` }] },
      ],
    }),
    chat: (stream: boolean) => ({
      model: 'm',
      stream,
      messages: [
        { role: 'user', content: 'read config.env' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read', arguments: '{"path":"config.env"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: `AWS_ACCESS_KEY_ID=${SECRET}` },
      ],
    }),
    responses: (stream: boolean) => ({
      model: 'm',
      stream,
      input: [
        { role: 'user', content: 'read config.env' },
        { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{"cmd":"cat config.env"}' },
        { type: 'function_call_output', call_id: 'c1', output: `AWS_ACCESS_KEY_ID=${SECRET}` },
      ],
    }),
  };
  const paths = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' };

  for (const api of ['messages', 'chat', 'responses'] as const) {
    for (const stream of [false, true]) {
      test(`${api}, ${stream ? 'stream' : 'non-stream'}: backend never sees the secret; the client gets it back in text and tool arguments`, async () => {
        h.fake.enqueue({
          kind: 'tool-calls',
          text: `The key is ${placeholder}.`,
          calls: [{ id: 'w1', name: 'write_file', arguments: { path: 'copy.env', content: `AWS_ACCESS_KEY_ID=${placeholder}\n` } }],
          chunkSize: 3,
        });
        const mark = await logMark(h);
        const r = await post(h.url + paths[api], bodies[api](stream), headers);
        assert.equal(r.status, 200, r.text.slice(0, 300));
        const upstream = h.fake.lastRequest()!;
        assert.ok(!upstream.body.includes(SECRET), 'the secret did not reach the backend');
        assert.ok(upstream.body.includes(placeholder), 'the backend saw the placeholder in its place');
        assert.ok(!r.text.includes(placeholder), 'no placeholder reaches the client');
        const answer = stream ? streamedAnswer(api, r.events) : finalAnswer(api, r.json);
        assert.equal(answer.text, `The key is ${SECRET}.`);
        assert.deepEqual(JSON.parse(answer.args), { path: 'copy.env', content: `AWS_ACCESS_KEY_ID=${SECRET}\n` });
        const log = await nextRequestLog(h, mark);
        assert.deepEqual(log.findings, ['secret:aws:high@tool-result']);
        assert.equal(log.redacted, 1);
        assert.ok(!JSON.stringify(h.logs).includes(SECRET), 'logs never hold the value');
      });
    }
  }

  test('official SDK, streamed tool call: the arguments the agent receives hold the real value', async () => {
    h.fake.enqueue(
      { kind: 'tool-calls', calls: [{ id: 'w1', name: 'read_file', arguments: { path: `/keys/${placeholder}.txt` } }], chunkSize: 2 },
    );
    const turn = await converse('chat', { baseUrl: h.url, model: 'm', stream: true, withTools: true, prompt: `my key is ${SECRET}`, headers });
    assert.deepEqual(turn.toolCalls[0]!.args, { path: `/keys/${SECRET}.txt` });
  });

  test('the same value gets the same placeholder every turn (stable prompt prefix)', async () => {
    await post(`${h.url}/v1/chat/completions`, bodies.chat(false), headers);
    const first = h.fake.lastRequest()!.body;
    const turn2 = bodies.chat(false);
    turn2.messages.push({ role: 'assistant', content: `noted ${SECRET}`, tool_calls: undefined as never });
    await post(`${h.url}/v1/chat/completions`, turn2, headers);
    const second = h.fake.lastRequest()!.body;
    const firstMessages = JSON.stringify((JSON.parse(first) as { messages: unknown[] }).messages);
    const secondMessages = JSON.stringify((JSON.parse(second) as { messages: unknown[] }).messages.slice(0, 3));
    assert.equal(secondMessages, firstMessages);
  });

  test('a key split across two content blocks is found and both pieces are redacted', async () => {
    const mark = await logMark(h);
    await post(
      `${h.url}/v1/chat/completions`,
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'my key: AKIAIOSFOD' }, { type: 'text', text: 'NN7EXAMPLE thanks' }] }] },
      headers,
    );
    const upstream = h.fake.lastRequest()!.body;
    assert.ok(!upstream.includes('AKIAIOSFOD') && !upstream.includes('NN7EXAMPLE'), upstream);
    const log = await nextRequestLog(h, mark);
    assert.deepEqual(log.findings, ['secret:aws:high@message-text']);
  });

  test('legacy completions (FIM): the prompt is redacted and the completion restored, stream and not', async () => {
    for (const stream of [false, true]) {
      h.fake.enqueue({ kind: 'text', text: `"${placeholder}"\n`, chunkSize: 4 });
      const r = await post(`${h.url}/v1/completions`, { model: 'm', prompt: `AWS_KEY = "${SECRET}"\nCOPY = `, suffix: '\n', stream }, headers);
      assert.equal(r.status, 200);
      assert.ok(!h.fake.lastRequest()!.body.includes(SECRET));
      const text = stream
        ? r.events.filter((e) => e.data !== '[DONE]').map((e) => (JSON.parse(e.data) as { choices: Array<{ text: string }> }).choices[0]?.text ?? '').join('')
        : (r.json as { choices: Array<{ text: string }> }).choices[0]!.text;
      assert.equal(text, `"${SECRET}"\n`, stream ? 'stream' : 'non-stream');
    }
  });

  test('passthrough body keeps every other byte', async () => {
    const raw = `{"model":"m",  "messages":[{"role":"user","content":"k=${SECRET} caf\\u00e9"}], "temperature":0.1}`;
    await post(`${h.url}/v1/chat/completions`, raw, headers);
    assert.equal(h.fake.lastRequest()!.body, raw.replace(`"k=${SECRET} caf\\u00e9"`, JSON.stringify(`k=${placeholder} café`)));
  });
});

describe('report mode and failure', () => {
  test('report mode: the request goes through unchanged and the finding is recorded', async () => {
    const h = await startHarness({ inspection: 'report', detectors: [akia] });
    try {
      const raw = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `key ${SECRET}` }] });
      const mark = await logMark(h);
      await post(`${h.url}/v1/chat/completions`, raw);
      assert.equal(h.fake.lastRequest()!.body, raw);
      const log = await nextRequestLog(h, mark);
      assert.deepEqual(log.findings, ['secret:aws:high@message-text']);
      assert.equal(log.redacted, undefined);
    } finally {
      await h.close();
    }
  });

  test('an inspector that fails blocks the request in the client format (fail closed)', async () => {
    const broken: Detector = { name: 'broken', scan: () => { throw new Error('detector bug'); } };
    const h = await startHarness({ inspection: 'report', detectors: [broken] });
    try {
      const r = await post(`${h.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(r.status, 500);
      assert.equal((r.json as { type: string }).type, 'error');
      assert.match((r.json as { error: { message: string } }).error.message, /could not inspect this request, so it was not sent/);
      assert.equal(h.fake.requests.length, 0, 'nothing reached the backend');
    } finally {
      await h.close();
    }
  });
});

describe('built-in detectors, end to end', () => {
  test('Claude Code reads a .env: with the default detectors in redact mode the AWS key never reaches a Chat backend', async () => {
    const { claudeCodeRequest, CLAUDE_CODE_PATH } = await import('../fixtures/claude-code.ts');
    const h = await startHarness({ inspection: 'redact', backends: [{ flavor: 'vllm' }] });
    try {
      const fixture = claudeCodeRequest({ turn: 2, secretInToolResult: SECRET });
      const encoded = Buffer.from(`aws_secret=${SECRET}`).toString('base64');
      (fixture.body.messages as Array<{ role: string; content: unknown }>).push({ role: 'user', content: `also this blob: ${encoded}` });
      h.fake.enqueue({ kind: 'text', text: 'done' });
      const mark = await logMark(h);
      const r = await post(h.url + CLAUDE_CODE_PATH, fixture.body, fixture.headers);
      assert.equal(r.status, 200);
      const upstream = h.fake.lastRequest()!.body;
      assert.ok(!upstream.includes(SECRET), 'plain value redacted');
      assert.ok(!upstream.includes(encoded), 'base64-encoded value redacted');
      const log = await nextRequestLog(h, mark);
      assert.ok((log.findings as string[]).some((f) => f.startsWith('secret:sekisho-aws-access-key-id')), JSON.stringify(log.findings));
    } finally {
      await h.close();
    }
  });
});
