/**
 * The bytes forwarded are the bytes inspected, through a real gateway on loopback: request JSON that
 * parsers could read differently is refused in each dialect's error shape before anything is sent;
 * every key and string of the body (whatever a protocol parser makes of it), the query string and the
 * forwarded headers are inspected; redaction rewrites exactly what is forwarded; a translated body that
 * carries a value inspection never saw is refused (egress check).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, logMark, nextRequestLog, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
/** Different values of the same kind, so each place is found on its own. */
const secret = (n: number): string => `AKIA${String(n).padStart(4, '0')}IOSFODNN7EXA`;
const detectors = [
  patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g),
  // Fires only on text a renderer joins with a blank line (Responses `instructions` from system blocks).
  patternDetector('test-joined', 'secret', 'joined', /SPLITHALF\n\nOTHERHALF/g),
];
const paths = { messages: '/v1/messages', chat: '/v1/chat/completions', responses: '/v1/responses' } as const;
type Api = keyof typeof paths;

/** The smallest valid body of each dialect, as JSON text, with `extra` spliced in at the top. */
function minimal(api: Api, extra = ''): string {
  const sep = extra ? `,${extra}` : '';
  if (api === 'messages') return `{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]${sep}}`;
  if (api === 'chat') return `{"model":"m","messages":[{"role":"user","content":"hi"}]${sep}}`;
  return `{"model":"m","input":"hi"${sep}}`;
}

/** Error message from each dialect's error shape (Anthropic `{type:"error", error}`, OpenAI `{error}`). */
function errorOf(api: Api, json: unknown): { message: string; type: string } {
  const body = json as { type?: string; error?: { message?: string; type?: string } };
  if (api === 'messages') assert.equal(body.type, 'error');
  assert.equal(typeof body.error?.message, 'string', JSON.stringify(json));
  return { message: body.error!.message!, type: String(body.error!.type) };
}

describe('strict JSON: refused before anything is sent, in the client’s error format', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', detectors, backends: [{ flavor: 'vllm', apis: ['chat', 'responses', 'messages', 'count_tokens', 'completions', 'embeddings'] }] });
  });
  after(() => h.close());

  const duplicates: Array<[Api, string, string]> = [
    ['messages', `{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"${SECRET}"}],"messages":[{"role":"user","content":"hello"}]}`, 'messages'],
    ['messages', `{"model":"m","max_tokens":10,"system":"${SECRET}","system":"x","messages":[{"role":"user","content":"hi"}]}`, 'system'],
    ['messages', `{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"${SECRET}","text":"hi"}]}]}`, 'messages[0].content[0].text'],
    ['chat', `{"model":"m","messages":[{"role":"user","content":"${SECRET}","content":"hi"}]}`, 'messages[0].content'],
    ['chat', `{"model":"m","messages":[{"role":"tool","tool_call_id":"c","content":"${SECRET}","content":"ok"}]}`, 'messages[0].content'],
    ['responses', `{"model":"m","instructions":"${SECRET}","instructions":"be nice","input":"hi"}`, 'instructions'],
    ['responses', `{"model":"m","input":[{"type":"function_call_output","call_id":"c","output":"${SECRET}","output":"ok"}]}`, 'input[0].output'],
  ];
  for (const [api, body, where] of duplicates) {
    test(`${api}: duplicate ${where} → 400 naming the key and its path; the backend receives nothing`, async () => {
      const before = h.fake.requests.length;
      const r = await post(h.url + paths[api], body);
      assert.equal(r.status, 400, r.text);
      const error = errorOf(api, r.json);
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.message, /different parsers/);
      assert.ok(error.message.includes(`at ${where}`), error.message);
      assert.equal(h.fake.requests.length, before, 'nothing was forwarded');
    });
  }

  test('every endpoint refuses ambiguous bodies: count_tokens, completions, embeddings', async () => {
    const before = h.fake.requests.length;
    for (const [path, body] of [
      ['/v1/messages/count_tokens', `{"model":"m","messages":[],"messages":[{"role":"user","content":"hi"}]}`],
      ['/v1/completions', `{"model":"m","prompt":"${SECRET}","prompt":"hi"}`],
      ['/v1/embeddings', `{"model":"m","input":"${SECRET}","input":"hi"}`],
    ] as const) {
      const r = await post(h.url + path, body);
      assert.equal(r.status, 400, `${path}: ${r.text}`);
      assert.match(r.text, /duplicate key/);
    }
    assert.equal(h.fake.requests.length, before);
  });

  test('__proto__ members, lone surrogates, deep nesting, invalid UTF-8, a BOM and a non-UTF-8 charset are refused', async () => {
    const before = h.fake.requests.length;
    const cases: Array<[Api, string | Uint8Array, RegExp, Record<string, string>?]> = [
      ['messages', minimal('messages', `"metadata":{"__proto__":{"user_id":"${SECRET}"}}`), /__proto__.*metadata\.__proto__/],
      ['chat', minimal('chat', `"x":[{"__proto__":"${SECRET}"}]`), /__proto__/],
      ['responses', minimal('responses', `"metadata":{"a":"\\ud800${SECRET}"}`), /metadata\.a holds an unpaired surrogate/],
      ['chat', minimal('chat', `"x":${'['.repeat(300)}${']'.repeat(300)}`), /more than 256 levels/],
      ['messages', Buffer.concat([Buffer.from(minimal('messages', '"metadata":{"a":"')), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]), /not valid UTF-8 \(byte offset \d+\)/],
      ['chat', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimal('chat'))]), /byte order mark/],
      ['responses', minimal('responses'), /charset "utf-16"/, { 'content-type': 'application/json; charset=utf-16' }],
    ];
    for (const [api, body, pattern, headers] of cases) {
      const r = await post(h.url + paths[api], body, headers);
      assert.equal(r.status, 400, r.text);
      assert.match(errorOf(api, r.json).message, pattern);
    }
    assert.equal(h.fake.requests.length, before, 'nothing was forwarded');
  });
});

/** Every place below gets its own planted value; the test asserts none of them reaches the backend. */
function plantedBodies(): Record<Api, { body: string; count: number }> {
  const s = secret;
  return {
    messages: {
      count: 16,
      body: JSON.stringify({
        model: 'm',
        max_tokens: 10,
        stop_sequences: [s(1)],
        metadata: { user_id: 'u', [s(2)]: 'key of metadata', note: { type: 'thinking', thinking: s(3) } },
        tools: [{ name: 'Read', description: 'reads', input_schema: { type: 'object', properties: { [s(4)]: { type: 'string' } } } }],
        tool_choice: { type: 'auto', extra: s(5) },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'read it' }, { type: 'image', source: { type: 'url', url: `https://img.example/x.png?token=${s(6)}` } }] },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: `toolu_${s(7)}`, name: `Read_${s(8)}`, input: { [s(9)]: 1, nested: { type: 'thinking', thinking: s(10) } } }],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: `toolu_${s(7)}`, content: [{ type: 'text', text: 'ok' }, { type: 'thinking', thinking: s(11) }] }],
          },
          { role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'd' }, title: `${s(12)}.txt` }] },
        ],
        context_management: { edits: [{ type: 'clear', note: s(13) }] },
      })
        // A key written with \u escapes (JSON.parse decodes it; the bytes do not show it).
        .replace('"metadata":{', `"metadata":{"\\u0041${s(14).slice(1)}":"x","more_${s(15)}":{"type":"thinking","signature":"not-a-block","thinking":"${s(16)}"},`),
    },
    chat: {
      count: 12,
      body: JSON.stringify({
        model: 'm',
        stop: [s(1)],
        functions: [{ name: `fn_${s(2)}`, parameters: { type: 'object', properties: { [s(3)]: {} } } }],
        function_call: { name: `fn_${s(2)}`, extra: s(4) },
        tool_choice: { type: 'function', function: { name: `t_${s(5)}` } },
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { properties: { [s(6)]: { type: 'string' } } } } },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: `https://img.example/y.png?sig=${s(7)}` } }, { type: 'file', file: { filename: `${s(8)}.txt`, file_id: 'file-1' } }] },
          { role: 'assistant', content: null, tool_calls: [{ id: `call_${s(9)}`, type: 'function', function: { name: `t_${s(5)}`, arguments: JSON.stringify({ [s(10)]: 'v' }) } }] },
          { role: 'tool', tool_call_id: `call_${s(9)}`, content: 'done' },
        ],
        metadata: { [s(11)]: 'k', v: s(12) },
      }),
    },
    responses: {
      count: 10,
      body: JSON.stringify({
        model: 'm',
        instructions: 'be brief',
        text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object', properties: { [s(1)]: { type: 'string' } } } } },
        tools: [{ type: 'namespace', name: `ns_${s(2)}`, description: 'd', tools: [{ type: 'function', name: 'f', description: s(3), parameters: {} }] }],
        tool_choice: { type: 'function', name: `f_${s(4)}` },
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: `https://img.example/z.png?k=${s(5)}` }, { type: 'input_file', filename: `${s(6)}.md`, file_id: 'file-2' }] },
          { type: 'function_call', call_id: `c_${s(7)}`, name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: `c_${s(7)}`, output: [{ type: 'input_text', text: s(8) }] },
          { type: 'reasoning', summary: [{ type: 'summary_text', text: s(9) }] },
        ],
        metadata: { [s(10)]: 'x' },
      }),
    },
  };
}

/** A refusal's status per dialect (docs/security.md § Refusals): 451 for Anthropic clients, 400 for OpenAI ones. */
const REFUSED = { messages: 451, chat: 400, responses: 400 } as const;

/** Redaction under `inspection.mode: redact` and under a policy with a redact rule. */
for (const setup of ['mode', 'policy'] as const) {
  describe(`every forwarded string is inspected and redacted in the forwarded bytes (${setup === 'mode' ? 'inspection.mode: redact' : 'policy redact rule'})`, () => {
    let h: Harness;
    const policy: PolicyDocument = {
      default: 'allow',
      monitor: false,
      // These bodies also carry image URLs, file ids and a signed thinking block: this policy lets what
      // Sekisho cannot read leave, so the redaction of every string can be seen in the forwarded bytes.
      // Without a policy (`mode`), the fail-closed default refuses them instead (docs/policy.md).
      unreadable: 'allow',
      rules: [{ name: 'redact-secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } }],
    };
    before(async () => {
      h = await startHarness({
        inspection: setup === 'mode' ? 'redact' : 'report',
        ...(setup === 'policy' ? { policy: { document: policy } } : {}),
        detectors,
        backends: [{ flavor: 'vllm', zone: 'external', apis: ['chat', 'responses', 'messages'] }],
      });
    });
    after(() => h.close());

    for (const api of ['messages', 'chat', 'responses'] as const) {
      test(`${api}: keys, unknown fields, objects typed thinking, names, ids, stop, tool_choice, URLs, file names`, async () => {
        const { body, count } = plantedBodies()[api];
        for (let n = 1; n <= count; n++) assert.ok(body.includes(secret(n)) || body.includes(secret(n).slice(1)), `planted ${n}`);
        const before = h.fake.requests.length;
        const r = await post(h.url + paths[api], body, { 'x-session-id': `wire-${setup}-${api}` });
        if (setup === 'mode') {
          // Image URLs and file ids are content Sekisho cannot read: refused by default, nothing sent.
          assert.equal(r.status, REFUSED[api], r.text.slice(0, 400));
          assert.match(r.text, /default:uninspected/);
          assert.equal(h.fake.requests.length, before);
          return;
        }
        assert.equal(r.status, 200, r.text.slice(0, 400));
        const sent = h.fake.lastRequest()!;
        const decoded = JSON.stringify(sent.json);
        for (let n = 1; n <= count; n++) {
          assert.ok(!sent.body.includes(secret(n)) && !decoded.includes(secret(n)), `value ${n} reached the backend: ${sent.body.slice(0, 2000)}`);
        }
        assert.match(sent.body, /REDACTED_AWS_[0-9A-F]{10}/);
      });
    }

    test('a secret used as the model name is redacted in the forwarded body too', async () => {
      const r = await post(h.url + paths.chat, { model: secret(30), messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(r.status, 200, r.text);
      const sent = h.fake.lastRequest()!;
      assert.ok(!sent.body.includes(secret(30)));
      assert.match(String((sent.json as { model?: string }).model), /^REDACTED_AWS_[0-9A-F]{10}$/);
    });

    test('a signed thinking block is forwarded byte-identical; a value in it is reported unredactable', async () => {
      const block = { type: 'thinking', thinking: `I should not repeat ${SECRET}`, signature: 'EqQBCkYIB' };
      const body = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: `hi ${SECRET}` }, { role: 'assistant', content: [block, { type: 'text', text: 'ok' }] }, { role: 'user', content: 'go on' }] };
      const mark = await logMark(h);
      const before = h.fake.requests.length;
      const r = await post(h.url + paths.messages, body);
      if (setup === 'mode') {
        // The value cannot be removed from the signed block: refused by default, nothing sent.
        assert.equal(r.status, REFUSED.messages, r.text);
        assert.match(r.text, /default:unredactable/);
        assert.equal(h.fake.requests.length, before);
        return;
      }
      assert.equal(r.status, 200, r.text);
      const sent = h.fake.lastRequest()!;
      assert.ok(sent.body.includes(JSON.stringify(block)), 'signed block untouched');
      assert.equal(sent.body.split(SECRET).length - 1, 1, 'only the signed block still holds the value');
      const log = await nextRequestLog(h, mark);
      assert.equal(log.unredactable, true);
    });
  });
}

describe('query string and forwarded headers', () => {
  let h: Harness;
  let report: Harness;
  before(async () => {
    const backends = [{ flavor: 'vllm' as const, zone: 'external' as const, apis: ['chat', 'responses', 'messages'] as Array<'chat' | 'responses' | 'messages'> }];
    h = await startHarness({ inspection: 'redact', detectors, backends });
    report = await startHarness({ inspection: 'report', detectors, backends });
  });
  after(async () => {
    await h.close();
    await report.close();
  });

  const places: Array<[string, string, Record<string, string>]> = [
    ['query string', `${paths.messages}?beta=true&x=${SECRET}`, {}],
    ['percent-encoded query string', `${paths.messages}?beta=true&x=%41KIAIOSFODNN7EXAMPLE`, {}],
    ['anthropic-beta header', paths.messages, { 'anthropic-beta': `tools-2024,${SECRET}` }],
  ];
  for (const [label, path, headers] of places) {
    test(`a secret in the ${label} refuses the request under redact (it cannot be rewritten); nothing is sent`, async () => {
      const before = h.fake.requests.length;
      const r = await post(h.url + path, minimal('messages'), headers);
      assert.equal(r.status, REFUSED.messages, r.text);
      assert.match(errorOf('messages', r.json).message, /cannot redact/);
      assert.ok(!r.text.includes(SECRET), 'the refusal does not echo the value');
      assert.equal(h.fake.requests.length, before);
    });
  }

  test('in report mode the same requests go through and the findings are recorded', async () => {
    const r = await post(report.url + `${paths.messages}?beta=true&x=${SECRET}`, minimal('messages'), { 'anthropic-beta': `b,${SECRET}` });
    assert.equal(r.status, 200, r.text);
    assert.ok(report.fake.lastRequest()!.path.includes(SECRET), 'report mode changes nothing');
  });
});

describe('translation egress check', () => {
  let h: Harness;
  before(async () => {
    // A Responses-only backend: a Messages client is translated; system blocks become one `instructions` string.
    h = await startHarness({ inspection: 'redact', detectors, backends: [{ flavor: 'vllm', zone: 'external', apis: ['responses'] }] });
  });
  after(() => h.close());

  test('a value that only exists once the renderer joins pieces is refused before sending', async () => {
    const before = h.fake.requests.length;
    const body = { model: 'm', max_tokens: 10, system: [{ type: 'text', text: 'a SPLITHALF' }, { type: 'text', text: 'OTHERHALF b' }], messages: [{ role: 'user', content: 'hi' }] };
    const r = await post(h.url + paths.messages, body);
    assert.equal(r.status, REFUSED.messages, r.text);
    assert.match(errorOf('messages', r.json).message, /prepared for the backend still carried a value policy redacts \(joined at system/);
    assert.equal(h.fake.requests.length, before, 'nothing was sent');
  });

  test('a translated request whose values were redacted passes the check, with placeholders', async () => {
    const body = { model: 'm', max_tokens: 10, system: [{ type: 'text', text: `key ${SECRET}` }], messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: `x=${secret(1)}` }] }] };
    const r = await post(h.url + paths.messages, body);
    assert.equal(r.status, 200, r.text);
    const sent = h.fake.lastRequest()!;
    assert.ok(!sent.body.includes(SECRET) && !sent.body.includes(secret(1)));
    assert.match(sent.body, /REDACTED_AWS_/);
  });
});
