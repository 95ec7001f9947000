/**
 * Requests shaped like what Claude Code, Codex CLI and opencode really send (fixtures in
 * test/fixtures), through the gateway to an internal server that speaks only Chat Completions: the
 * gateway must accept every field, translate, pair tool results with their calls, and stream back the
 * full event sequence each client needs.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { historyPairs } from '../support/backend-view.ts';
import { claudeCodeRequest, CLAUDE_CODE_PATH } from '../fixtures/claude-code.ts';
import { codexRequest } from '../fixtures/codex.ts';
import { opencodeRequest } from '../fixtures/opencode.ts';

type Json = Record<string, unknown>;
const names = (events: Array<{ event?: string }>) => events.map((e) => e.event);

describe('real client shapes through a Chat-only internal server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ backends: [{ flavor: 'vllm' }], routes: (n) => [{ match: ['*'], targets: [{ backend: n[0]!, model: 'qwen2.5-coder' }], fallbacks: [] }] });
  });
  after(() => h.close());

  test('Claude Code turn 1 (~50 KB, system message inside messages, deferred tools, adaptive thinking)', async () => {
    const fixture = claudeCodeRequest({ turn: 1 });
    h.fake.enqueue({ kind: 'tool-calls', text: 'Reading it.', calls: [{ id: 'call_9', name: 'Read', arguments: { file_path: '/home/dev/project/config.env' } }] });
    const r = await post(h.url + CLAUDE_CODE_PATH, fixture.body, fixture.headers);
    assert.equal(r.status, 200);
    const seq = names(r.events).filter((n) => n !== 'ping');
    assert.equal(seq[0], 'message_start');
    assert.deepEqual(seq.slice(-2), ['message_delta', 'message_stop']);
    // Blocks open and close in order, each index once: text first, then the tool_use.
    const data = r.events.map((e) => JSON.parse(e.data) as Json);
    const starts = data.filter((d) => d.type === 'content_block_start').map((d) => [d.index, (d.content_block as Json).type]);
    const stops = data.filter((d) => d.type === 'content_block_stop').map((d) => d.index);
    assert.deepEqual(starts, [[0, 'text'], [1, 'tool_use']]);
    assert.deepEqual(stops, [0, 1]);
    const toolStart = r.events.map((e) => JSON.parse(e.data) as Json).find((d) => d.type === 'content_block_start' && (d.content_block as Json).type === 'tool_use')!;
    assert.equal((toolStart.content_block as Json).name, 'Read');
    const delta = r.events.map((e) => JSON.parse(e.data) as Json).find((d) => d.type === 'message_delta')!;
    assert.equal((delta.delta as Json).stop_reason, 'tool_use');

    const sent = h.fake.lastRequest()!.json as { model: string; messages: Json[]; tools: Json[]; stream: boolean };
    assert.equal(sent.model, 'qwen2.5-coder');
    assert.equal(sent.stream, true);
    const fixtureTools = (fixture.body.tools as Json[]).length;
    assert.equal(sent.tools.length, fixtureTools, 'every client tool is offered to the model');
    assert.equal(sent.messages[0]!.role, 'system');
    const systemText = sent.messages.filter((m) => m.role === 'system').map((m) => String(m.content)).join('\n');
    const inlineSystem = (fixture.body.messages as Json[]).find((m) => m.role === 'system')!;
    const inlineText = typeof inlineSystem.content === 'string' ? inlineSystem.content : String(((inlineSystem.content as Json[])[0] as Json).text);
    assert.ok(systemText.includes(inlineText.slice(0, 200)), 'the inline system message reaches the model');
  });

  test('Claude Code turn 2: the Read result (line-numbered file) is paired with its tool_use', async () => {
    const fixture = claudeCodeRequest({ turn: 2, secretInToolResult: 'AKIAFIXTUREEXAMPLE01' });
    h.fake.enqueue({ kind: 'text', text: 'The file sets two AWS variables.' });
    const r = await post(h.url + CLAUDE_CODE_PATH, fixture.body, fixture.headers);
    assert.equal(r.status, 200);
    const text = r.events
      .map((e) => JSON.parse(e.data) as Json)
      .filter((d) => d.type === 'content_block_delta')
      .map((d) => String((d.delta as Json).text ?? ''))
      .join('');
    assert.equal(text, 'The file sets two AWS variables.');
    const pairs = historyPairs(h.fake.lastRequest()!);
    assert.equal(pairs.length, 1);
    assert.equal(pairs[0]!.name, 'Read');
    assert.match(pairs[0]!.result ?? '', /^1\t/);
  });

  for (const mode of ['functions', 'code'] as const) {
    test(`Codex ${mode} mode turn 1: full Responses event sequence`, async () => {
      const fixture = codexRequest({ mode, turn: 1 });
      if (mode === 'code') {
        h.fake.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_x', name: 'exec', arguments: { input: 'const r = await tools.exec_command({cmd: "cat config.env"}); text(r.output);' } }] });
      } else {
        h.fake.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_x', name: 'exec_command', arguments: { cmd: 'cat config.env' } }] });
      }
      const r = await post(`${h.url}/v1/responses`, fixture.body, fixture.headers);
      assert.equal(r.status, 200);
      const seq = names(r.events);
      assert.equal(seq[0], 'response.created');
      assert.equal(seq[1], 'response.in_progress');
      assert.equal(seq.at(-1), 'response.completed');
      const sequenceNumbers = r.events.map((e) => (JSON.parse(e.data) as { sequence_number: number }).sequence_number);
      assert.deepEqual(sequenceNumbers, sequenceNumbers.map((_, i) => sequenceNumbers[0]! + i), 'sequence numbers increase by one');
      const done = r.events.map((e) => JSON.parse(e.data) as Json).filter((d) => d.type === 'response.output_item.done').map((d) => d.item as Json);
      if (mode === 'code') {
        // Through a Chat backend the freeform `exec` tool was a function with {input}; Codex must get its custom call back.
        const call = done.find((i) => i.type === 'custom_tool_call')!;
        assert.ok(call, `custom_tool_call expected, got ${JSON.stringify(done.map((i) => i.type))}`);
        assert.equal(call.name, 'exec');
        assert.match(String(call.input), /^const r = await tools\.exec_command/);
        assert.ok(seq.includes('response.custom_tool_call_input.delta'));
        const offered = (h.fake.lastRequest()!.json as { tools: Array<{ function: { name: string; parameters: Json } }> }).tools;
        const exec = offered.find((t) => t.function.name === 'exec')!;
        assert.deepEqual(exec.function.parameters.required, ['input']);
      } else {
        const call = done.find((i) => i.type === 'function_call')!;
        assert.equal(call.name, 'exec_command');
        assert.deepEqual(JSON.parse(String(call.arguments)), { cmd: 'cat config.env' });
        const offered = (h.fake.lastRequest()!.json as { tools: Array<{ function: { name: string } }> }).tools.map((t) => t.function.name);
        assert.ok(offered.includes('exec_command'));
        assert.ok(!offered.includes('web_search'), 'hosted tools are not offered to a model that cannot run them');
      }
    });

    test(`Codex ${mode} mode turn 2: the tool output is paired with its call`, async () => {
      const fixture = codexRequest({ mode, turn: 2 });
      h.fake.enqueue({ kind: 'text', text: 'Done.' });
      const r = await post(`${h.url}/v1/responses`, fixture.body, fixture.headers);
      assert.equal(r.status, 200);
      const completed = JSON.parse(r.events.at(-1)!.data) as { response: { output: Json[]; status: string } };
      assert.equal(completed.response.status, 'completed');
      const pairs = historyPairs(h.fake.lastRequest()!);
      assert.equal(pairs.length, 1);
      assert.ok(pairs[0]!.result && pairs[0]!.result.length > 0, 'the output text reaches the model');
      if (mode === 'code') assert.ok('input' in (JSON.parse(pairs[0]!.args) as Json), 'a custom call is replayed as {input}');
    });
  }

  for (const wire of ['chat', 'responses', 'anthropic'] as const) {
    test(`opencode over ${wire}: turn 2 answered and paired`, async () => {
      const fixture = opencodeRequest({ wire, turn: 2 });
      h.fake.enqueue({ kind: 'text', text: 'Here is config.env.' });
      const path = wire === 'chat' ? '/v1/chat/completions' : wire === 'responses' ? '/v1/responses' : '/v1/messages';
      const r = await post(h.url + path, fixture.body, fixture.headers);
      assert.equal(r.status, 200, r.text.slice(0, 300));
      assert.ok(r.events.length > 3);
      const pairs = historyPairs(h.fake.lastRequest()!);
      assert.equal(pairs.length, 1);
      assert.ok(pairs[0]!.result);
    });
  }
});

describe('real client shapes, passthrough', () => {
  test('Claude Code to an Anthropic backend: the ~50 KB body arrives byte for byte', async () => {
    const h = await startHarness({ backends: [{ type: 'anthropic' }] });
    try {
      const fixture = claudeCodeRequest({ turn: 2 });
      const raw = JSON.stringify(fixture.body);
      const r = await post(h.url + CLAUDE_CODE_PATH, raw, fixture.headers);
      assert.equal(r.status, 200);
      assert.equal(h.fake.lastRequest()!.body, raw);
      assert.equal(h.fake.lastRequest()!.headers['anthropic-beta'], fixture.headers['anthropic-beta']);
    } finally {
      await h.close();
    }
  });
});
