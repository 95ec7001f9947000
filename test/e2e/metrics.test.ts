/**
 * `GET /metrics` in the Prometheus text format: requests by API/status/action, findings by type and
 * rule, latency histograms, backend state and upstream errors — and never content or principals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, settled, OPERATOR_HEADERS } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';


async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: OPERATOR_HEADERS });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('requests, findings, latency and backend state are exposed', async () => {
  const h = await startHarness({ inspection: 'report', backends: [{ name: 'local' }] });
  try {
    const ok = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `key = "AKIAIOSFODNN7EXAMPL2"` }] });
    assert.equal(ok.status, 200);
    h.fake.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const failed = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(failed.status, 502);
    const bad = await post(`${h.url}/v1/messages`, '{not json');
    assert.equal(bad.status, 400);
    await settled(h);

    const text = await scrape(h.url);
    assert.equal(value(text, 'sekisho_requests_total{api="chat",status="200",action="allow"}'), 1);
    assert.equal(value(text, 'sekisho_requests_total{api="chat",status="502",action="allow"}'), 1);
    // The gateway refused the unreadable body itself: counted as refused, not as a policy decision.
    assert.equal(value(text, 'sekisho_requests_total{api="messages",status="400",action="refused"}'), 1);
    assert.equal(value(text, 'sekisho_refusals_total{api="messages",code="SEKISHO_ERR_INVALID_JSON"}'), 1);
    assert.equal(value(text, 'sekisho_decisions_total{action="allow",rule="default",monitor="false"}'), 2);
    assert.match(text, /^sekisho_findings_total\{type="secret",rule="sekisho-aws-access-key-id",confidence="\w+"\} 1$/m);
    assert.equal(value(text, 'sekisho_upstream_errors_total{backend="local",code="SEKISHO_ERR_UPSTREAM_STATUS"}'), 1);
    assert.equal(value(text, 'sekisho_request_duration_seconds_count{api="chat"}'), 2);
    assert.equal(value(text, 'sekisho_backend_up{backend="local",zone="internal"}'), 1);
    assert.equal(value(text, 'sekisho_requests_in_flight'), 1); // the scrape itself
    assert.ok((value(text, 'sekisho_tokens_total{direction="output",zone="internal"}') ?? 0) > 0);
    // Never a value or a principal in a label.
    assert.doesNotMatch(text, /AKIAIOSFODNN7EXAMPL2|anonymous/);
  } finally {
    await h.close();
  }
});
