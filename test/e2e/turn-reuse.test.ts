/**
 * Reuse across the turns of an agent session (pipeline/read-json.ts PieceCache), through a real gateway
 * on loopback: a follow-up turn's history is taken from what the previous turn parsed only where its
 * bytes are equal, so a byte changed inside the resent history — same length, same first and last
 * bytes of its message, the same session id — is parsed, inspected and redacted like new content.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { patternDetector } from '../support/pattern-detector.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const CLEAN = 'plain-text-twenty-ch'; // as long as SECRET
const detectors = [patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g)];
const headers = { 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'turn-reuse-session' };

/** A ~150 KB conversation (large enough for the piecewise reader) of 40 Read turns of ~3.5 KB each. */
function history(): Array<Record<string, unknown>> {
  const messages: Array<Record<string, unknown>> = [{ role: 'user', content: 'Read the project files, please.' }];
  for (let i = 0; i < 40; i++) {
    const file = Array.from({ length: 60 }, (_, n) => `${n + 1}\tconst value${i}_${n} = compute(${n}, "${i}");`).join('\n');
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'Read', input: { file_path: `/src/f${i}.ts` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: i === 3 ? `${file}\n// note: ${CLEAN}\n${file}` : file }] });
  }
  return messages;
}

const body = (messages: unknown[]): string => JSON.stringify({ model: 'm', max_tokens: 64, messages });

describe('a follow-up turn reuses the previous turn only where the bytes are equal', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors, backends: [{ flavor: 'anthropic', type: 'anthropic' }] });
  });
  after(() => h.close());

  test('a byte changed inside the resent history is inspected and redacted', async () => {
    const turn1 = history();
    const first = body(turn1);
    assert.ok(first.length > 100 * 1024, 'the body is read in pieces');
    const r1 = await post(`${h.url}/v1/messages`, first, headers);
    assert.equal(r1.status, 200, r1.text);
    assert.ok(h.fake.lastRequest()!.body.includes(CLEAN));

    // Turn 2: the same history with a secret written over the clean text of message 7 (same length,
    // far from the message's ends), plus a new user turn.
    const turn2 = [...turn1, { role: 'assistant', content: 'Done reading.' }, { role: 'user', content: 'Now summarise.' }];
    const second = body(turn2).replace(CLEAN, SECRET);
    assert.equal(second.length, body(turn2).length);
    const r2 = await post(`${h.url}/v1/messages`, second, headers);
    assert.equal(r2.status, 200, r2.text);
    const sent = h.fake.lastRequest()!.body;
    assert.ok(sent.includes('Now summarise.'), 'the follow-up went up');
    assert.ok(!sent.includes(SECRET), 'the secret in the changed history byte range was found and redacted');
    assert.ok(!sent.includes(CLEAN));
  });

  test('an unchanged follow-up forwards the history as sent', async () => {
    const turn1 = history();
    const r1 = await post(`${h.url}/v1/messages`, body(turn1), headers);
    assert.equal(r1.status, 200);
    const turn2 = [...turn1, { role: 'user', content: 'And the tests?' }];
    const r2 = await post(`${h.url}/v1/messages`, body(turn2), headers);
    assert.equal(r2.status, 200);
    assert.equal(h.fake.lastRequest()!.body, body(turn2));
  });
});

describe('reused (frozen, shared) history through translation and redaction', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors, backends: [{ flavor: 'vllm', apis: ['chat'] }] });
  });
  after(() => h.close());

  test('turn after turn to a Chat backend, a secret in the new turn redacted, the history intact', async () => {
    const turn1 = history();
    const r1 = await post(`${h.url}/v1/messages`, body(turn1), headers);
    assert.equal(r1.status, 200, r1.text);
    const turn2 = [...turn1, { role: 'assistant', content: 'Done.' }, { role: 'user', content: `my key is ${SECRET}` }];
    const r2 = await post(`${h.url}/v1/messages`, body(turn2), headers);
    assert.equal(r2.status, 200, r2.text);
    const sent = h.fake.lastRequest()!.body;
    assert.ok(!sent.includes(SECRET));
    assert.ok(sent.includes(CLEAN) && sent.includes('my key is '));
    const r3 = await post(`${h.url}/v1/messages`, body([...turn2, { role: 'assistant', content: 'Noted.' }, { role: 'user', content: 'go on' }]), headers);
    assert.equal(r3.status, 200, r3.text);
    assert.ok(!h.fake.lastRequest()!.body.includes(SECRET));
  });
});
