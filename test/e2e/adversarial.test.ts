/**
 * Ways a prompt could smuggle sensitive data past inspection, through a real gateway in redact mode with
 * the default detectors: full-width Japanese personal data, nested encodings, JSON escapes inside a tool
 * argument, and inputs built to make a scanner slow.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, nextRequestLog, logMark, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';

const chat = (content: string, extra: object = {}) => ({ model: 'm', messages: [{ role: 'user', content }], ...extra });

describe('adversarial inputs, default detectors, redact mode', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', backends: [{ flavor: 'vllm' }] });
  });
  after(() => h.close());

  async function sent(body: object): Promise<{ upstream: string; findings: string[] }> {
    const mark = await logMark(h);
    const r = await post(`${h.url}/v1/chat/completions`, body, { 'x-session-id': 'adv' });
    assert.equal(r.status, 200, r.text.slice(0, 200));
    const log = await nextRequestLog(h, mark);
    return { upstream: h.fake.lastRequest()!.body, findings: (log.findings as string[] | undefined) ?? [] };
  }

  test('full-width Japanese phone number and My Number with its context word', async () => {
    const phone = '０９０－１２３４－５６７８';
    const myNumber = '９８３２０５６７３２１４'; // valid check digit, full-width
    const { upstream, findings } = await sent(chat(`顧客の電話番号は${phone}です。マイナンバー：${myNumber}`));
    assert.ok(!upstream.includes(phone), 'full-width phone redacted');
    assert.ok(!upstream.includes(myNumber), 'full-width My Number redacted');
    assert.ok(findings.some((f) => f.startsWith('pii:pii-phone')), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.startsWith('pii:jp-my-number')), JSON.stringify(findings));
  });

  test('a key base64-encoded twice, and a key percent-encoded inside base64', async () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const twice = Buffer.from(Buffer.from(`aws_access_key_id = ${key}`).toString('base64')).toString('base64');
    const percentEncoded = [...key].map((c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).join('');
    const pct = Buffer.from(`u=key:${percentEncoded}`).toString('base64');
    const { upstream, findings } = await sent(chat(`one ${twice} two ${pct}`));
    // Whatever is left of the encoded runs must not decode back to the key.
    const content = (JSON.parse(upstream) as { messages: Array<{ content: string }> }).messages[0]!.content;
    for (const run of content.match(/[A-Za-z0-9+/=]{16,}/g) ?? []) {
      const once = Buffer.from(run, 'base64').toString('latin1');
      const again = Buffer.from(once.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
      for (const layer of [once, again, decodeURIComponent(once.replace(/%(?![0-9A-F]{2})/g, ''))]) assert.ok(!layer.includes(key), `key recoverable from ${run}`);
    }
    assert.equal(findings.filter((f) => f.startsWith('secret:sekisho-aws-access-key-id')).length, 2, JSON.stringify(findings));
  });

  test('a PEM private key inside a tool call argument (JSON-escaped newlines)', async () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7bq9EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE', 'Qm9ndXNLZXlGb3JUZXN0aW5nT25seU5vdEFSZWFsS2V5', '-----END RSA PRIVATE KEY-----'].join('\n');
    const { upstream } = await sent({
      model: 'm',
      messages: [
        { role: 'user', content: 'save this' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'write', arguments: JSON.stringify({ path: 'id_rsa', content: pem }) } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
    });
    assert.ok(!upstream.includes('MIIEowIBAAKCAQEA7bq9'), upstream.slice(0, 400));
  });

  test('pathological inputs finish inside the inspection budget and are not blocked', async () => {
    const inputs = [
      'a'.repeat(2_000_000) + '!',
      '0-'.repeat(500_000),
      'AKIA'.repeat(250_000),
      'eyJ'.repeat(300_000),
      '%41'.repeat(300_000),
      'ghp_' + 'A'.repeat(1_000_000),
      '-----BEGIN RSA PRIVATE KEY-----\n' + 'x'.repeat(1_000_000),
    ];
    for (const text of inputs) {
      const r = await post(`${h.url}/v1/chat/completions`, chat(text), { 'x-session-id': 'adv' });
      assert.equal(r.status, 200, `${text.slice(0, 12)}…: ${r.text.slice(0, 200)}`);
    }
  });
});
