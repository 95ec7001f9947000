/**
 * Failure behaviour against real servers this test starts and stops itself (never the shared ones):
 *
 * - its own `redis-server` on a free port, stopped while a gateway uses it for limits and pins: refused
 *   with 503 (fail closed), `/readyz` 503, and service back without a restart once Redis is back;
 * - its own PostgreSQL cluster (initdb into a temp directory, `pg_ctl` on a free port, run as the
 *   `postgres` user when this runs as root), stopped and started under a gateway whose store it is: no
 *   answer completes while it is down (the audit append fails closed), service comes back without a
 *   restart, and the chain verifies;
 * - three gateways on one PostgreSQL (the shared server, a database of their own) and one Redis (a key
 *   prefix of their own), the third a `serve --workers 2` process tree: a 10/min limit admits exactly 10
 *   across the three, a session pinned internal on one is internal on the others (and on both workers),
 *   a credential cut over a Responses chain whose turns land on different instances is caught, and the
 *   one audit chain they all appended to verifies.
 *
 * A missing `redis-server` / `initdb` or unreachable shared server skips with the reason (fails under CI).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { healthDetails, OPERATOR_HEADERS, startHarness, type Harness } from '../support/gateway-harness.ts';
import type { Config } from '../../src/config/types.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { verifyTrail } from '../../src/audit/verify.ts';
import { createTestDatabase } from '../store/pg-test-db.ts';
import { deletePrefix, redisUnavailable, TEST_REDIS_URL, testPrefix } from '../store/redis-test.ts';
import { postFresh, sleep, until } from './support.ts';
import { startServeProcess } from '../support/serve-process.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { readPublicKey } from '../../src/audit/signing-key.ts';
import { AWS_KEY_ID } from '../support/planted-credentials.ts';

const harnesses: Harness[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const h of harnesses) await h.close().catch(() => {});
  for (const c of cleanups.reverse()) await c();
});

/** Why a binary cannot be used (throws under CI), or undefined. */
function missing(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return undefined;
  const reason = `${bin} is not available (${r.error?.message ?? r.stderr}): skipped`;
  if (process.env.CI) throw new Error(`${reason} — CI is set, so this is a failure`);
  return reason;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const ask = (h: Harness, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) });

async function status(h: Harness, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  try {
    const r = await ask(h, headers);
    return { status: r.status, text: await r.text() };
  } catch (err) {
    return { status: 0, text: String(err) }; // the answer was cut: not completed
  }
}

// ── our own Redis, stopped and started ─────────────────────────────────────────────────────────

const redisSkip = missing('redis-server') ?? false;

test('a real Redis stopped under a gateway: 503 fail closed and not ready, then served again without a restart', { skip: redisSkip, timeout: 120_000 }, async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-redis-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let redis: ChildProcess | undefined;
  const startRedis = async (): Promise<void> => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const child = redis;
    cleanups.push(() => void child.kill('SIGKILL'));
    await until('redis answers', async () => {
      const r = spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' });
      return r.stdout.trim() === 'PONG';
    }, 30_000);
  };
  const stopRedis = async (): Promise<void> => {
    const child = redis!;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await gone;
  };
  await startRedis();
  const h = await startHarness({
    configure: (c: Config) => {
      c.redis = { ...c.redis, url: `redis://127.0.0.1:${port}`, keyPrefix: 'sekisho-own:', connectTimeoutMs: 300, commandTimeoutMs: 1_000 };
      c.limits = [{ name: 'per-user', match: {}, scope: 'user', requestsPerMinute: 1_000 }];
    },
  });
  harnesses.push(h);
  assert.equal((await status(h)).status, 200);

  await stopRedis();
  const down = await status(h);
  assert.equal(down.status, 503, down.text);
  assert.equal((JSON.parse(down.text) as { error: { code: string } }).error.code, 'SEKISHO_ERR_STATE_UNAVAILABLE');
  const forwarded = h.fake.requests.length;
  assert.equal((await fetch(`${h.url}/readyz`, { headers: OPERATOR_HEADERS })).status, 503);
  assert.equal((await healthDetails<{ redis: { ok: boolean } }>(h.url)).redis.ok, false);
  assert.equal(h.fake.requests.length, forwarded, 'nothing reached the backend while Redis was down');

  await startRedis();
  await until('served again', async () => (await status(h)).status === 200, 60_000);
  assert.equal((await fetch(`${h.url}/readyz`, { headers: OPERATOR_HEADERS })).status, 200);
});

// ── our own PostgreSQL, stopped and started ────────────────────────────────────────────────────

const pgSkip = missing('initdb') ?? missing('pg_ctl') ?? false;

/** Runs a PostgreSQL tool as `postgres` when we are root (initdb refuses root). */
function pgTool(args: string[]): { status: number | null; out: string } {
  const root = userInfo().uid === 0;
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8', timeout: 120_000 }) : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error?.message ?? ''}` };
}

test('our own PostgreSQL stopped and started under a gateway: nothing completes while it is down, service resumes without a restart, the chain verifies', { skip: pgSkip, timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-pg-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data');
  if (userInfo().uid === 0) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const pgGid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pg.stdout), Number(pgGid.stdout));
    chmodSync(dir, 0o700);
  }
  const init = pgTool(['initdb', '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  assert.equal(init.status, 0, init.out);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgStart = (): void => {
    const r = pgTool(['pg_ctl', '-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '120', 'start']);
    assert.equal(r.status, 0, r.out);
  };
  const pgStop = (): void => {
    const r = pgTool(['pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop']);
    assert.equal(r.status, 0, r.out);
  };
  pgStart();
  cleanups.push(() => void pgTool(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']));

  const h = await startHarness({
    configure: (c: Config) => {
      c.store = { ...c.store, url: `postgres://postgres@127.0.0.1:${port}/postgres`, connectTimeoutMs: 1_000, statementTimeoutMs: 3_000 };
    },
  });
  harnesses.push(h);
  for (let i = 0; i < 5; i++) assert.equal((await status(h)).status, 200);

  pgStop();
  // Nothing completes while the store is down: every answer is refused or cut (its event cannot commit).
  for (let i = 0; i < 3; i++) {
    const r = await status(h);
    assert.notEqual(r.status, 200, `answered while PostgreSQL was down: ${r.text.slice(0, 200)}`);
  }
  assert.equal((await healthDetails<{ audit: { ok: boolean } }>(h.url)).audit.ok, false);

  pgStart();
  await until('served again', async () => (await status(h)).status === 200, 60_000);
  for (let i = 0; i < 5; i++) assert.equal((await status(h)).status, 200);
  assert.equal((await healthDetails<{ audit: { ok: boolean } }>(h.url)).audit.ok, true);
  const store = h.gateway.runtime.store;
  const key = h.gateway.runtime.audit!.key.publicKey;
  const result = await verifyTrail(store.audit.range(0), await store.audit.checkpoints(), [key]);
  assert.equal(result.ok, true, result.problem?.detail);
  assert.ok(result.events >= 11, `events ${result.events}`);
});

// ── three gateways, one PostgreSQL, one Redis ─────────────────────────────────────────────────

const created = await createTestDatabase();
const redisDown = await redisUnavailable();
const threeSkip = typeof created === 'string' ? created : (redisDown ?? false);

test('three gateways on one PostgreSQL and one Redis, one of them `serve --workers 2`, behave as one: exact limit, shared pins, shared Responses turns, one verifiable chain', { skip: threeSkip, timeout: 240_000 }, async (t) => {
  if (typeof created === 'string') return;
  // Cleaned up by this test's own hooks (run last first), not the file's: with a name filter the file's
  // \`after\` can run before this test, which is declared after a top-level await.
  const own: Array<() => Promise<unknown> | unknown> = [];
  t.after(async () => {
    for (const c of own.reverse()) await Promise.resolve().then(c).catch(() => {});
  });
  own.push(() => created.drop());
  const prefix = testPrefix();
  own.push(() => deletePrefix(prefix));
  const OWN_CODE = 'func settleLedger(batch []Entry) error { return ledger.Commit(batch) }';
  const policy: PolicyDocument = {
    default: 'allow',
    monitor: false,
    internalModel: 'local-coder',
    rules: [
      { name: 'keep-code-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['own-code'], minCount: 1 }] } },
      { name: 'redact-secrets', action: 'redact', monitor: false, when: { findings: [{ type: ['secret'], minCount: 1 }] } },
    ],
  };
  const limits: Config['limits'] = [{ name: 'ten', match: { users: ['limited'] }, scope: 'user', requestsPerMinute: 10 }];
  const secretKey = randomBytes(32);
  const options = {
    secretKey,
    inspection: 'redact' as const,
    detectors: [patternDetector('code', 'own-code', 'own-code', /func settleLedger\([^)]*\)[^}]*\}/g, { repository: 'ledger', path: 'settle.go', startLine: 1, endLine: 1, coverage: 1 }), ...buildDetectors().detectors],
    backends: [
      { name: 'inside', zone: 'internal' as const },
      { name: 'outside', zone: 'external' as const, apis: ['chat' as const, 'responses' as const] },
    ],
    routes: () => [
      { match: ['local-coder'], targets: [{ backend: 'inside' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
    ],
    policy: { document: policy },
    configure: (c: Config): void => {
      c.store.url = created.url;
      c.redis = { ...c.redis, url: TEST_REDIS_URL, keyPrefix: prefix };
      c.limits = limits;
    },
  };
  const gw: Harness[] = [];
  for (let i = 0; i < 2; i++) {
    const h = await startHarness(options);
    own.push(() => h.close());
    gw.push(h);
  }
  // The third instance: `sekisho serve --workers 2` (a primary and two worker processes) on the same
  // PostgreSQL, Redis and installation key, forwarding to the first harness's backends. It detects no own
  // code itself (its detectors are the built-in ones): it follows the pins the others set.
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-three-'));
  own.push(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, 'keys', 'secret.key'), secretKey, { mode: 0o600 });
  const [inside, outside] = gw[0]!.fakes as [FakeUpstream, FakeUpstream];
  writeFileSync(
    join(dir, 'sekisho.yaml'),
    JSON.stringify({
      server: { workers: 2, shutdownGrace: '5s' },
      store: { url: created.url },
      redis: { url: TEST_REDIS_URL, keyPrefix: prefix },
      inspection: { mode: 'redact' },
      backends: [
        { name: 'inside', type: 'openai', url: inside.baseUrl, zone: 'internal', apis: ['chat'], health: { enabled: false } },
        { name: 'outside', type: 'openai', url: outside.baseUrl, zone: 'external', apis: ['chat', 'responses'], health: { enabled: false } },
      ],
      routes: [
        { match: ['local-coder'], targets: [{ backend: 'inside' }] },
        { match: ['*'], targets: [{ backend: 'outside' }] },
      ],
      policy,
      limits,
    }),
  );
  const serve = await startServeProcess(['--config', join(dir, 'sekisho.yaml'), '--port', '0', '--data-dir', dataDir], 120_000);
  own.push(() => serve.stop());
  const urls = [gw[0]!.url, gw[1]!.url, serve.url];
  // Fresh connections, so the `--workers` instance hands its requests to both workers.
  const post = async (i: number, path: string, body: unknown, headers: Record<string, string> = {}) => {
    try {
      return await postFresh(`${urls[i]}${path}`, body, headers);
    } catch (err) {
      return { status: 0, headers: {}, text: String(err) }; // cut: not completed
    }
  };
  const { key } = await gw[0]!.gateway.runtime.keys.create({ user: 'limited' });

  while (new Date().getSeconds() >= 45) await sleep(500);
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 3, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { authorization: `Bearer ${key}` })));
  const statuses = answers.map((a) => a.status);
  assert.equal(statuses.filter((s) => s === 200).length, 10, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 429).length, 20, JSON.stringify(statuses));

  const turn = async (i: number, content: string, session: string): Promise<unknown> => {
    const r = await post(i, '/v1/chat/completions', { model: 'gpt-x', messages: [{ role: 'user', content }] }, { 'x-session-id': session });
    assert.equal(r.status, 200, r.text);
    return r.headers['x-sekisho-decision'];
  };
  const session = `three-${randomBytes(4).toString('hex')}`;
  assert.equal(await turn(0, `Why does this deadlock?\n${OWN_CODE}`, session), 'route-internal; rule=keep-code-internal');
  assert.equal(await turn(1, 'Summarise what we found', session), 'route-internal; rule=sticky:keep-code-internal');
  for (let i = 0; i < 4; i++) assert.equal(await turn(2, `And the fix? (${i})`, session), 'route-internal; rule=sticky:keep-code-internal', `worker turn ${i}`);

  // A credential cut over a Responses chain: turn 1 on a harness, turn 2 on the `--workers` instance.
  const first = await post(0, '/v1/responses', { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, 9)}` });
  assert.equal(first.status, 200, first.text);
  const id = (JSON.parse(first.text) as { id: string }).id;
  const second = await post(2, '/v1/responses', { model: 'm', input: `${AWS_KEY_ID.slice(9)} please`, previous_response_id: id });
  assert.equal(second.status, 200, second.text);
  const upstream = outside.lastRequest()!.body;
  assert.ok(upstream.includes('please') && !upstream.includes(AWS_KEY_ID.slice(9)), `the second piece reached the backend: ${upstream}`);

  assert.equal(await serve.stop(), 0);
  const store = gw[0]!.gateway.runtime.store;
  const keys = [...gw.map((h) => h.gateway.runtime.audit!.key.publicKey), readPublicKey(join(dataDir, 'keys', 'audit-ed25519.pub.pem'))];
  const result = await verifyTrail(store.audit.range(0), await store.audit.checkpoints(), keys);
  assert.equal(result.ok, true, result.problem?.detail);
  // Every refused and answered request of the three is in the one chain.
  assert.ok(result.events >= 38, `events ${result.events}`);
});
