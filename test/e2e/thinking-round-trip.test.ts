/**
 * The thinking round trip (ordinary Claude Code use with extended thinking): turn 1 redacts a secret,
 * the model thinks about its placeholder and signs that thinking; the client resends the signed block
 * on turn 2, byte for byte. Sekisho must never restore the real value into reasoning, or it would
 * leave with turn 2 inside a block no one may edit. Checked with the official SDKs (which keep the
 * streamed thinking and signature and resend them) and with raw bodies, in every dialect that has a
 * reasoning channel, streamed and not, passthrough and translation.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const KEY = Buffer.alloc(32, 7);
const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);
const placeholderFor = (session: string): string => makePlaceholder('aws', SECRET, `anonymous:h:x-session-id:${session}`, KEY);

/** Every thinking block of every message the backend received, as it received it. */
function thinkingBlocks(json: unknown): unknown[] {
  const messages = (json as { messages?: Array<{ content?: unknown }> }).messages ?? [];
  return messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b: { type?: string }) => b.type === 'thinking') : []));
}

describe('Anthropic Messages, passthrough to an Anthropic backend (Claude Code with extended thinking)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors: [akia], secretKey: KEY, backends: [{ flavor: 'anthropic', zone: 'external' }] });
  });
  after(() => h.close());

  for (const stream of [true, false]) {
    test(`${stream ? 'stream' : 'non-stream'}: the signed thinking block comes back with its placeholder and goes out byte-identical`, async () => {
      const session = `think-${stream}`;
      const placeholder = placeholderFor(session);
      const client = new Anthropic({ baseURL: h.url, apiKey: 'k', maxRetries: 0, defaultHeaders: { 'x-session-id': session } });
      const thought = `The user pasted ${placeholder}; I must not repeat it carelessly.`;
      h.fake.enqueue({ kind: 'text', reasoning: thought, text: `Your key ${placeholder} is an AWS key.`, chunkSize: 4 });
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `what is ${SECRET}?` }];
      const params = { model: 'claude-test', max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages };
      const first = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
      const turn1 = h.fake.lastRequest()!;
      assert.ok(!turn1.body.includes(SECRET), 'turn 1: redacted');
      const sentThinking = first.content.find((b) => b.type === 'thinking');
      assert.ok(sentThinking && sentThinking.type === 'thinking');
      assert.equal(sentThinking.thinking, thought, 'the client sees the placeholder in thinking, never the value');
      assert.ok(sentThinking.signature.length > 0, 'the signature reached the client');
      const text = first.content.find((b) => b.type === 'text');
      assert.equal(text?.type === 'text' ? text.text : '', `Your key ${SECRET} is an AWS key.`, 'text is restored');

      // Turn 2: the SDK user resends the whole assistant message, thinking block included.
      h.fake.enqueue({ kind: 'text', text: 'ok' });
      await client.messages.create({ ...params, messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: 'thanks' }] });
      const turn2 = h.fake.lastRequest()!;
      assert.ok(!turn2.body.includes(SECRET), 'turn 2: the value never goes out');
      const backendSigned = thinkingBlocks(turn2.json);
      assert.equal(backendSigned.length, 1);
      assert.deepEqual(backendSigned[0], { type: 'thinking', thinking: thought, signature: sentThinking.signature }, 'byte-identical signed block');
      assert.ok(turn2.body.includes(JSON.stringify(thought)), 'the thinking text is forwarded with the exact bytes the backend produced');
    });
  }
});

describe('translation and OpenAI reasoning channels', () => {
  let h: Harness;
  before(async () => {
    // vLLM serves Chat only: Messages and Responses clients are translated; Chat clients pass through.
    h = await startHarness({ inspection: 'redact', detectors: [akia], secretKey: KEY, backends: [{ flavor: 'vllm', apis: ['chat'], zone: 'external' }] });
  });
  after(() => h.close());

  for (const api of ['messages', 'chat', 'responses'] as const) {
    for (const stream of [true, false]) {
      test(`${api} client, ${stream ? 'stream' : 'non-stream'}: reasoning keeps the placeholder and the resent turn carries no value`, async () => {
        const session = `tr-${api}-${stream}`;
        const placeholder = placeholderFor(session);
        const headers = { 'x-session-id': session };
        const thought = `thinking about ${placeholder} now`;
        h.fake.enqueue({ kind: 'text', reasoning: thought, text: `key ${placeholder}`, chunkSize: 3 });
        const prompt = `what is ${SECRET}?`;
        let reasoningSeen: string;
        let resend: () => Promise<void>;
        if (api === 'messages') {
          const client = new Anthropic({ baseURL: h.url, apiKey: 'k', maxRetries: 0, defaultHeaders: headers });
          const params = { model: 'm', max_tokens: 512, messages: [{ role: 'user' as const, content: prompt }] };
          const msg = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
          reasoningSeen = msg.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('');
          assert.equal(msg.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(''), `key ${SECRET}`);
          resend = async () => {
            await client.messages.create({ ...params, messages: [...params.messages, { role: 'assistant', content: msg.content }, { role: 'user', content: 'go on' }] });
          };
        } else if (api === 'chat') {
          const r = await post(`${h.url}/v1/chat/completions`, { model: 'm', stream, messages: [{ role: 'user', content: prompt }] }, headers);
          assert.equal(r.status, 200, r.text);
          reasoningSeen = stream
            ? r.events.filter((e) => e.data !== '[DONE]').map((e) => (JSON.parse(e.data) as { choices: Array<{ delta: { reasoning_content?: string } }> }).choices[0]?.delta.reasoning_content ?? '').join('')
            : ((r.json as { choices: Array<{ message: { reasoning_content?: string } }> }).choices[0]!.message.reasoning_content ?? '');
          resend = async () => {
            await post(`${h.url}/v1/chat/completions`, {
              model: 'm',
              messages: [{ role: 'user', content: prompt }, { role: 'assistant', content: `key ${SECRET}`, reasoning_content: reasoningSeen }, { role: 'user', content: 'go on' }],
            }, headers);
          };
        } else {
          const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'k', maxRetries: 0, defaultHeaders: headers });
          const params = { model: 'm', input: [{ role: 'user' as const, content: prompt }], store: false };
          const res = stream ? await client.responses.stream(params).finalResponse() : await client.responses.create(params);
          reasoningSeen = res.output.flatMap((o) => (o.type === 'reasoning' ? o.summary.map((s) => s.text) : [])).join('');
          assert.equal(res.output_text, `key ${SECRET}`);
          resend = async () => {
            await client.responses.create({ ...params, input: [...params.input, ...(res.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'go on' }] });
          };
        }
        assert.equal(reasoningSeen, thought, 'the client sees the placeholder in reasoning');
        h.fake.enqueue({ kind: 'text', text: 'ok' });
        await resend();
        const upstream = h.fake.lastRequest()!.body;
        assert.ok(!upstream.includes(SECRET), 'turn 2 carries no value');
      });
    }
  }
});
