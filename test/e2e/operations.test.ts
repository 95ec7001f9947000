/**
 * Operating the gateway safely: the model list needs a credential when anonymous access is off; the
 * scrape token (or an administrator) protects /metrics and the /healthz details, and anonymous callers
 * never see file paths; /metrics has the process series Prometheus users expect and per-backend ones;
 * the files the gateway creates are private to its user.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startHarness, settled, HARNESS_METRICS_TOKEN, type Harness } from '../support/gateway-harness.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import { post } from '../support/http.ts';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('with auth.anonymous: false', () => {
  let h: Harness;
  let userKey: string;
  let adminKey: string;
  let policyDir: string;
  before(async () => {
    policyDir = mkdtempSync(join(tmpdir(), 'sekisho-ops-policy-'));
    const policyFile = join(policyDir, 'policy.yaml');
    writeFileSync(policyFile, 'default: allow\nrules: []\n');
    h = await startHarness({
      backends: [{ name: 'local-vllm' }],
      policy: { file: policyFile, document: null },
      configure: (c) => void (c.auth = { anonymous: false, adminGroups: [] }),
    });
    const keys = new KeyStore(h.gateway.runtime.store.keys);
    userKey = (await keys.create({ user: 'dev@example.com' })).key;
    adminKey = (await keys.create({ user: 'ops@example.com', admin: true })).key;
  });
  after(async () => {
    await h.close();
    rmSync(policyDir, { recursive: true, force: true });
  });

  test('GET /v1/models needs a valid credential: 401 in the client\'s format, the list with a key', async () => {
    const anonymous = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });
    await assert.rejects(anonymous.models.list(), (err: unknown) => err instanceof OpenAI.AuthenticationError && /anonymous access is disabled/.test(err.message));
    const claude = new Anthropic({ baseURL: h.url, apiKey: 'sk-local', maxRetries: 0 });
    await assert.rejects(claude.models.list(), (err: unknown) => err instanceof Anthropic.AuthenticationError);
    // A mistyped Sekisho key is refused the same way.
    const bad = await fetch(`${h.url}/v1/models`, { headers: { authorization: `Bearer ${userKey.slice(0, -1)}x` } });
    assert.equal(bad.status, 401);

    const developer = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: userKey, maxRetries: 0 });
    const page = await developer.models.list();
    assert.ok(Array.isArray(page.data));
  });

  test('/healthz: the status for anyone, the details (paths, backends, errors) only for operators', async () => {
    for (const headers of [{}, { authorization: `Bearer ${userKey}` }, { authorization: 'Bearer not-the-token' }]) {
      const res = await fetch(`${h.url}/healthz`, { headers });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { status: 'ok' });
      assert.doesNotMatch(text, /policy\.yaml|local-vllm|\//);
    }
    const ready = await fetch(`${h.url}/readyz`);
    assert.deepEqual(await ready.json(), { status: 'ok', ready: true });

    for (const headers of [{ authorization: `Bearer ${adminKey}` }, { 'x-api-key': adminKey }, { authorization: `Bearer ${HARNESS_METRICS_TOKEN}` }]) {
      const details = (await (await fetch(`${h.url}/healthz`, { headers })).json()) as { backends: Array<{ name: string }>; policy: { file?: string } };
      assert.equal(details.backends[0]!.name, 'local-vllm');
      assert.equal(details.policy.file, join(policyDir, 'policy.yaml'));
    }
  });

  test('/metrics with a scrape token: 401 without it or with a developer key, 200 with the token or an admin key', async () => {
    const none = await fetch(`${h.url}/metrics`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.doesNotMatch(await none.text(), /sekisho_requests_total/);
    assert.equal((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${userKey}` } })).status, 401);
    assert.equal((await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer harness-scrape-tokeN' } })).status, 401);
    assert.equal((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${HARNESS_METRICS_TOKEN}` } })).status, 200);
    assert.equal((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } })).status, 200);
  });
});

test('without a scrape token /metrics stays open (a Prometheus on the same host scrapes as before)', async () => {
  const h = await startHarness({ configure: (c) => void delete c.server.metricsToken });
  try {
    assert.equal((await fetch(`${h.url}/metrics`)).status, 200);
    // The /healthz details still need an administrator.
    assert.deepEqual(await (await fetch(`${h.url}/healthz`)).json(), { status: 'ok' });
  } finally {
    await h.close();
  }
});

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/metrics: process and Node.js series, and calls and first-byte latency per backend', async () => {
  const h = await startHarness({ backends: [{ name: 'gpu-a' }, { name: 'gpu-b' }], routes: () => [{ match: ['*'], targets: [{ backend: 'gpu-a' }], fallbacks: [{ backend: 'gpu-b' }] }] });
  try {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    assert.equal((await post(`${h.url}/v1/chat/completions`, body)).status, 200);
    // gpu-a fails with a 503: the request is retried on gpu-b. Both calls are counted.
    h.fakes[0]!.enqueue({ kind: 'error', status: 503 });
    assert.equal((await post(`${h.url}/v1/chat/completions`, body)).status, 200);
    await settled(h);
    const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${HARNESS_METRICS_TOKEN}` } })).text();

    assert.equal(value(text, 'sekisho_backend_requests_total{backend="gpu-a",status="200"}'), 1);
    assert.equal(value(text, 'sekisho_backend_requests_total{backend="gpu-a",status="503"}'), 1);
    assert.equal(value(text, 'sekisho_backend_requests_total{backend="gpu-b",status="200"}'), 1);
    assert.equal(value(text, 'sekisho_backend_first_byte_seconds_count{backend="gpu-a"}'), 2);
    assert.equal(value(text, 'sekisho_backend_first_byte_seconds_count{backend="gpu-b"}'), 1);
    assert.equal(value(text, 'sekisho_backend_first_byte_seconds_bucket{backend="gpu-b",le="+Inf"}'), 1);
    assert.match(text, /^# TYPE sekisho_backend_first_byte_seconds histogram$/m);

    assert.match(text, /^# TYPE process_cpu_seconds_total counter$/m);
    assert.ok(value(text, 'process_cpu_seconds_total')! > 0);
    const rss = value(text, 'process_resident_memory_bytes')!;
    assert.ok(rss > 10_000_000 && rss < 64_000_000_000, `rss ${rss}`);
    const started = value(text, 'process_start_time_seconds')!;
    assert.ok(Math.abs(started - (Date.now() / 1000 - process.uptime())) < 5, `start time ${started}`);
    assert.ok(value(text, 'nodejs_heap_size_used_bytes')! > 0);
    assert.ok(value(text, 'nodejs_heap_size_total_bytes')! >= value(text, 'nodejs_heap_size_used_bytes')!);
    const lag = value(text, 'nodejs_eventloop_lag_seconds')!;
    assert.ok(lag >= 0 && lag < 10, `lag ${lag}`);
    if (process.platform === 'linux') {
      const fds = value(text, 'process_open_fds')!;
      assert.ok(fds >= 3 && fds < 10_000, `open fds ${fds}`);
      assert.ok(value(text, 'process_max_fds')! >= fds);
    }
  } finally {
    await h.close();
  }
});

describe('the files the gateway creates are private', () => {
  test('data directory and keys directory 0700; database, secret and signing keys 0600 (whatever the umask)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sekisho-ops-modes-'));
    const dataDir = join(parent, 'data');
    const umask = process.umask(0o022);
    try {
      const h = await startHarness({ dataDir });
      try {
        await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
        await settled(h);
        assert.equal(mode(dataDir), 0o700);
        assert.equal(mode(join(dataDir, 'sekisho.db')), 0o600);
        assert.equal(mode(join(dataDir, 'sekisho.db-wal')), 0o600, 'SQLite gives its WAL the database file\'s mode');
        assert.equal(mode(join(dataDir, 'keys')), 0o700);
        assert.equal(mode(join(dataDir, 'keys', 'audit-ed25519.pem')), 0o600);
        assert.equal(mode(join(dataDir, 'keys', 'audit-ed25519.pub.pem')), 0o644, 'the public key is for auditors');
      } finally {
        await h.close();
      }
    } finally {
      process.umask(umask);
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('files left readable by an older version or a restore are tightened, with a log line each', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-ops-loose-'));
    try {
      const first = await startHarness({ dataDir });
      await first.close();
      chmodSync(dataDir, 0o755);
      chmodSync(join(dataDir, 'sekisho.db'), 0o644);
      chmodSync(join(dataDir, 'keys', 'audit-ed25519.pem'), 0o640);
      const h = await startHarness({ dataDir });
      try {
        assert.equal(mode(dataDir), 0o700);
        assert.equal(mode(join(dataDir, 'sekisho.db')), 0o600);
        assert.equal(mode(join(dataDir, 'keys', 'audit-ed25519.pem')), 0o600);
        const tightened = h.logs.map((l) => JSON.parse(l) as { msg: string; path?: string; mode?: string }).filter((l) => l.msg.startsWith('tightened permissions'));
        assert.deepEqual(tightened.map((l) => [l.path, l.mode]).sort(), [
          [dataDir, '0755'],
          [join(dataDir, 'keys', 'audit-ed25519.pem'), '0640'],
          [join(dataDir, 'sekisho.db'), '0644'],
        ].sort());
      } finally {
        await h.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
