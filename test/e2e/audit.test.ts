/**
 * The audit trail through the real gateway: exactly one event per request (success streamed or not,
 * upstream failure, bad JSON, client gone), committed before the client has its answer, no plaintext
 * secret in what is stored, encrypted transcripts readable only with the key, and a trail that
 * `sekisho audit verify` accepts.
 */
import { describe, test, before, after } from 'node:test';
import { patternDetector } from '../support/pattern-detector.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, healthDetails, settled, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { converse } from '../support/clients.ts';
import { sqliteDatabase } from '../../src/store/open-store.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const TRANSCRIPT_KEY = Buffer.alloc(32, 7);
const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);

function rows(h: Harness): Array<{ seq: number; id: string; body: string }> {
  return sqliteDatabase(h.gateway.runtime.store).prepare('SELECT seq, id, body FROM audit_events ORDER BY seq').all() as Array<{ seq: number; id: string; body: string }>;
}

function eventById(h: Harness, id: string): AuditEvent | undefined {
  const row = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events WHERE id = ?').get(id) as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as AuditEvent) : undefined;
}

function lastEvent(h: Harness): AuditEvent {
  return JSON.parse(rows(h).at(-1)!.body) as AuditEvent;
}

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'audit', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SEKISHO_CONFIG: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('audit events through the gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'report', detectors: [akia], retryAttempts: 1 });
  });
  after(async () => {
    await h.close();
  });

  for (const stream of [false, true]) {
    for (const api of ['chat', 'messages'] as const) {
      test(`${api} ${stream ? 'streamed' : 'non-streamed'}: the event is committed by the time the SDK call returns`, async () => {
        const count = rows(h).length;
        const turn = await converse(api, { baseUrl: h.url, model: 'claude-x', stream, headers: { 'x-session-id': 'sess-42' } });
        assert.ok(turn.text.length > 0);
        // No settling: the response completed, so the event must already be in SQLite.
        assert.equal(rows(h).length, count + 1);
        const e = lastEvent(h);
        assert.equal(e.status, 200);
        assert.equal(e.api, api);
        assert.equal(e.stream, stream);
        assert.equal(e.requestedModel, 'claude-x');
        assert.equal(e.served?.backend, 'b0');
        assert.equal(e.decision.action, 'allow');
        assert.ok(e.usage && (e.usage.outputTokens ?? 0) > 0, 'token usage recorded');
        assert.match(e.session ?? '', /^[0-9a-f]{32}$/);
        assert.ok(!rows(h).at(-1)!.body.includes('sess-42'), 'the session id itself is never stored');
        await settled(h);
        assert.equal(rows(h).length, count + 1, 'exactly one event');
      });
    }
  }

  test('the event id is the x-request-id the client got', async () => {
    const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id')!;
    const e = eventById(h, id);
    assert.ok(e, 'event present right after the answer');
    assert.equal(e.id, id);
    assert.equal(typeof e.seq, 'number');
  });

  test('an upstream failure is recorded with its status and error code', async () => {
    h.fake.enqueue({ kind: 'error', status: 500 });
    const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(res.status >= 500);
    const e = eventById(h, res.headers.get('x-request-id')!)!;
    assert.equal(e.status, res.status);
    assert.match(e.error ?? '', /^SEKISHO_ERR_UPSTREAM/);
  });

  test('bad JSON (400) is recorded', async () => {
    const res = await post(`${h.url}/v1/messages`, '{"model": "x", ');
    assert.equal(res.status, 400);
    const e = eventById(h, res.headers.get('x-request-id')!)!;
    assert.equal(e.status, 400);
    assert.equal(e.error, 'SEKISHO_ERR_INVALID_JSON');
    assert.equal(e.served, undefined);
  });

  test('a client that goes away is recorded once, as 499', async () => {
    const count = rows(h).length;
    h.fake.enqueue({ kind: 'delay', ms: 1_000, then: { kind: 'text', text: 'too late' } });
    const controller = new AbortController();
    const pending = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'slow' }] }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 150);
    await assert.rejects(pending);
    await settled(h);
    const after = rows(h);
    assert.equal(after.length, count + 1);
    const e = JSON.parse(after.at(-1)!.body) as AuditEvent;
    assert.equal(e.status, 499);
  });

  test('a secret in the request: findings with keyed hashes, never the plaintext', async () => {
    const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `deploy with ${SECRET} please` }] });
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id')!;
    const row = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT body FROM audit_events WHERE id = ?').get(id) as { body: string };
    assert.ok(!row.body.includes(SECRET), 'no plaintext secret in the stored event');
    assert.ok(!row.body.includes('deploy with'), 'no request content');
    const e = JSON.parse(row.body) as AuditEvent;
    assert.equal(e.findings.length, 1);
    assert.equal(e.findings[0]!.ruleId, 'aws');
    assert.match(e.findings[0]!.valueHash, /^[0-9a-f]{64}$/);
    assert.equal(e.findings[0]!.location.surface, 'message-text');
  });

  test('/healthz reports the trail', async () => {
    const health = await healthDetails<{ audit: { ok: boolean; events: number; writeFailures: number } }>(h.url);
    assert.equal(health.audit.ok, true);
    assert.equal(health.audit.writeFailures, 0);
    assert.ok(health.audit.events >= 8, JSON.stringify(health.audit));
  });

  test('search, export (jsonl and CEF) and verify on the live database', async () => {
    await settled(h);
    const verify = await cli(['verify', '--data-dir', h.dataDir]);
    assert.equal(verify.code, 0, verify.out + verify.err);
    assert.match(verify.out, /^OK: \d+ events verified/);
    const search = await cli(['search', '--data-dir', h.dataDir, '--rule', 'aws', '--json']);
    assert.equal(search.code, 0, search.err);
    const found = search.out.trim().split('\n').map((l) => JSON.parse(l) as AuditEvent);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.findings[0]!.ruleId, 'aws');
    const errors = await cli(['search', '--data-dir', h.dataDir, '--since', '1h', '--limit', '100']);
    assert.equal(errors.out.trim().split('\n').length, rows(h).length);
    const cef = await cli(['export', '--data-dir', h.dataDir, '--format', 'cef']);
    const lines = cef.out.trim().split('\n');
    assert.equal(lines.length, rows(h).length);
    assert.ok(lines.every((l) => l.startsWith('CEF:0|Sekisho|Sekisho|')));
    assert.ok(!cef.out.includes(SECRET));
    const jsonl = await cli(['export', '--data-dir', h.dataDir]);
    assert.deepEqual(jsonl.out.trim().split('\n'), rows(h).map((r) => r.body));
  });
});

test('transcripts: the forwarded body is stored encrypted and only the admin command with the key reads it', async () => {
  const h = await startHarness({
    inspection: 'redact',
    detectors: [akia],
    audit: { transcripts: { enabled: true, key: TRANSCRIPT_KEY, maxBytes: 1024 * 1024, retentionMs: 0 } },
  });
  try {
    const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `use ${SECRET} for the marker-7731 deploy` }] });
    assert.equal(res.status, 200);
    const id = res.headers.get('x-request-id')!;
    const blob = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT data, iv, tag FROM audit_transcripts WHERE id = ?').get(id) as { data: Uint8Array } | undefined;
    assert.ok(blob, 'transcript stored with the event');
    const raw = Buffer.from(blob.data);
    assert.ok(!raw.includes('marker-7731'), 'stored encrypted');
    assert.ok(!raw.includes(SECRET));
    assert.equal(eventById(h, id)?.transcript, true);

    // Blocked by missing key, then readable with it; the redacted body (what went upstream) is what was kept.
    const noKey = await cli(['transcript', id, '--data-dir', h.dataDir]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /no transcript key/);
    const keyFile = join(h.dataDir, 'transcript.key');
    writeFileSync(keyFile, TRANSCRIPT_KEY.toString('hex') + '\n', { mode: 0o600 });
    const read = await cli(['transcript', id, '--data-dir', h.dataDir, '--key-file', keyFile]);
    assert.equal(read.code, 0, read.err);
    const body = JSON.parse(read.out) as { messages: Array<{ content: string }> };
    assert.match(body.messages[0]!.content, /^use REDACTED_AWS_[0-9a-f]{10} for the marker-7731 deploy$/i);
    assert.ok(!read.out.includes(SECRET));
    const wrongFile = join(h.dataDir, 'wrong.key');
    writeFileSync(wrongFile, Buffer.alloc(32, 1).toString('hex'));
    const wrong = await cli(['transcript', id, '--data-dir', h.dataDir, '--key-file', wrongFile]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /another key/);

    // A request that never went upstream (bad JSON) has no transcript.
    const bad = await post(`${h.url}/v1/chat/completions`, '{');
    const none = sqliteDatabase(h.gateway.runtime.store).prepare('SELECT COUNT(*) AS n FROM audit_transcripts WHERE id = ?').get(bad.headers.get('x-request-id')!) as { n: number };
    assert.equal(none.n, 0);
  } finally {
    await h.close();
  }
});

test('when the event cannot be written the answer is not completed (fail closed) and health says so', async () => {
  const h = await startHarness();
  try {
    const ok = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.status, 200);
    // Break the store under the gateway: the next write fails.
    sqliteDatabase(h.gateway.runtime.store).exec('DROP TABLE audit_transcripts; ALTER TABLE audit_events RENAME TO audit_events_gone');
    await assert.rejects(post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    await settled(h);
    const health = await healthDetails<{ audit: { ok: boolean; writeFailures: number } }>(h.url);
    assert.equal(health.audit.ok, false);
    assert.equal(health.audit.writeFailures, 1);
    assert.ok(h.logs.some((l) => l.includes('audit event could not be written')));
  } finally {
    sqliteDatabase(h.gateway.runtime.store).exec('ALTER TABLE audit_events_gone RENAME TO audit_events');
    await h.close();
  }
});

test('sekisho audit verify exits 1 naming the tampered event; purge keeps the rest verifiable', async () => {
  const h = await startHarness();
  try {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] })).headers.get('x-request-id')!);
    await settled(h);
    const db = sqliteDatabase(h.gateway.runtime.store);
    // Purge everything that arrived before the 4th request: a signed anchor replaces events 1-3.
    const cutoff = (JSON.parse((db.prepare('SELECT body FROM audit_events WHERE id = ?').get(ids[3]!) as { body: string }).body) as AuditEvent).time;
    const purge = await cli(['purge', '--data-dir', h.dataDir, '--before', cutoff]);
    assert.equal(purge.code, 0, purge.err);
    assert.match(purge.out, /purged 3 events .* signed anchor at seq 3/);
    const ok = await cli(['verify', '--data-dir', h.dataDir]);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /OK: 3 events verified \(seq 4-6, from the purge anchor at seq 3\)/);

    db.prepare(`UPDATE audit_events SET body = replace(body, '"status":200', '"status":204') WHERE id = ?`).run(ids[4]!);
    const bad = await cli(['verify', '--data-dir', h.dataDir]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, new RegExp(`^TAMPERED: modified at seq 5 \\(${ids[4]}\\)`));
    const refused = await cli(['purge', '--data-dir', h.dataDir, '--before', new Date(Date.now() + 3_600_000).toISOString()]);
    assert.equal(refused.code, 1, 'a purge never destroys evidence of tampering');
    assert.match(refused.err, /refusing to purge/);

    const usage = await cli(['verify', '--data-dir', h.dataDir, '--public-key', join(h.dataDir, 'missing.pem')]);
    assert.equal(usage.code, 2);
  } finally {
    await h.close();
  }
});
