/**
 * Instances sharing one PostgreSQL (`store.url`) and no Redis: changes fan out by LISTEN/NOTIFY.
 *
 * - two `sekisho serve` processes, each with its own data directory (same installation key): a key
 *   revoked through one's admin API is refused by the other at its next request; `sekisho index add
 *   --store` run against one's data directory publishes the index, and the other blocks the pasted
 *   company code within seconds (it copies the shared index into its own data directory);
 * - two in-process gateways: a policy reload asked of one reaches the other (NOTIFY), and a change whose
 *   notice was missed (the epoch moved with no NOTIFY) is caught by the periodic re-check; a
 *   conversation redacted on one is restored on the other (the vault in PostgreSQL, sealed).
 *
 * Own database per run, dropped afterwards; skipped with the reason when PostgreSQL is unreachable
 * (failing under CI).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../store/pg-test-db.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startServeProcess, type ServeProcess } from '../support/serve-process.ts';
import { PASTED_SNIPPET, writeCompanyRepo } from '../support/company-repo.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { patternDetector } from '../support/pattern-detector.ts';
import { makePlaceholder } from '../../src/redaction/placeholder.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
const created = await createTestDatabase();
const skip = typeof created === 'string' ? created : false;
if (skip) process.stderr.write(`# ${skip}\n`);
const db = typeof created === 'string' ? undefined : (created as TestDatabase);
const KEY = randomBytes(32);
const TOKEN = 'fan-out-scrape-token';

let dir = '';
let fake: FakeUpstream | undefined;
const serves: ServeProcess[] = [];
const harnesses: Harness[] = [];
let a: ServeProcess;
let b: ServeProcess;
let adminKey = '';

function dataDir(name: string): string {
  return join(dir, name);
}

function cli(args: string[], data: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--data-dir', data, '--store', db!.url], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SEKISHO_CONFIG: '', SEKISHO_REDIS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Same installation key in every data directory (sessions and pins are named under it). */
async function prepareDataDir(name: string): Promise<string> {
  const data = dataDir(name);
  await mkdir(join(data, 'keys'), { recursive: true, mode: 0o700 });
  await writeFile(join(data, 'keys', 'secret.key'), KEY, { mode: 0o600 });
  return data;
}

const ask = (url: string, code: string): Promise<Response> =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `Why is this slow?\n\n\`\`\`go\n${code}\n\`\`\`` }] }),
  });

/** The policy's refusal (its HTTP status is the dialect's, docs/security.md § Refusals). */
const blocked = (r: Response): boolean => r.status >= 400 && r.status < 500 && (r.headers.get('x-sekisho-decision') ?? '').startsWith('block; rule=no-company-code');

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'sekisho-fan-out-pg-'));
  await writeCompanyRepo(join(dir, 'acme-platform'));
  fake = await startFakeUpstream();
  await writeFile(join(dir, 'policy.yaml'), 'default: allow\nrules:\n  - name: no-company-code\n    action: block\n    reason: company source code\n    when:\n      findings: { type: own-code }\n');
  await writeFile(join(dir, 'scrape.token'), `${TOKEN}\n`);
  await writeFile(join(dir, 'sekisho.yaml'), 'auth:\n  anonymous: false\npolicy:\n  file: ./policy.yaml\nserver:\n  metrics:\n    token: { file: ./scrape.token }\n');
  const dataA = await prepareDataDir('a');
  const dataB = await prepareDataDir('b');
  const key = cli(['keys', 'create', '--user', 'ops', '--admin', '--json'], dataA);
  assert.equal(key.code, 0, key.stderr);
  adminKey = (JSON.parse(key.stdout) as { key: string }).key;
  const args = (data: string): string[] => ['--config', join(dir, 'sekisho.yaml'), '--port', '0', '--data-dir', data, '--store', db!.url, '--upstream', fake!.baseUrl];
  a = await startServeProcess(args(dataA));
  serves.push(a);
  b = await startServeProcess(args(dataB));
  serves.push(b);
});

after(async () => {
  for (const s of serves) await s.stop();
  for (const h of harnesses) await h.close();
  await fake?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  await db?.drop();
});

test('a key revoked on one instance is refused by the other at its next request (nothing cached per instance)', { skip }, async () => {
  const created = await fetch(`${a.url}/admin/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ user: 'dev@example.com' }) });
  assert.equal(created.status, 201);
  const { key, id } = (await created.json()) as { key: string; id: string };
  const client = new OpenAI({ baseURL: `${b.url}/v1`, apiKey: key, maxRetries: 0 });
  const ok = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  assert.ok(ok.choices.length > 0, 'the key works on the other instance');
  const revoked = await fetch(`${a.url}/admin/v1/keys/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminKey}` } });
  assert.equal(revoked.status, 200);
  const err = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpenAI.AuthenticationError, `refused at the very next request: ${String(err)}`);
});

test('index add on one host reaches the other within seconds (shared index in PostgreSQL, NOTIFY)', { skip }, async () => {
  assert.equal((await ask(b.url, PASTED_SNIPPET)).status, 200, 'nothing indexed yet');
  const added = cli(['index', 'add', join(dir, 'acme-platform')], dataDir('a'));
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /published to .* as generation 1/);
  assert.match(added.stdout, /every instance told/);
  const started = Date.now();
  await until('B blocks the pasted company code', async () => {
    const r = await ask(b.url, PASTED_SNIPPET);
    await r.arrayBuffer();
    return blocked(r);
  }).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${added.stdout}\nB: ${JSON.stringify(b.lines.filter((l) => l.msg !== 'request').slice(-15))}`);
  });
  process.stderr.write(`# index add on A → blocked on B after ${Date.now() - started} ms\n`);
  const health = (await (await fetch(`${b.url}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { ownCode: { generation: number; files: number }; fanOut: { location: string } };
  assert.equal(health.ownCode.generation, 1, 'B names the shared generation');
  assert.ok(health.ownCode.files > 0);
  assert.match(health.fanOut.location, /^postgres:/);
  assert.ok(b.lines.some((l) => l.msg === 'shared own-code index copied into the data directory'));
  // A (whose data directory built it) blocks too.
  assert.ok(blocked(await ask(a.url, PASTED_SNIPPET)));

  // rm reaches B the same way: nothing indexed, the snippet passes again.
  const removed = cli(['index', 'rm', 'acme-platform'], dataDir('a'));
  assert.equal(removed.code, 0, removed.stderr);
  await until('B passes the snippet again', async () => (await ask(b.url, PASTED_SNIPPET)).status === 200);
});

test('policy reload asked of one instance reaches the other (LISTEN/NOTIFY); a missed notice is caught by the re-check', { skip }, async () => {
  const fileA = join(dir, 'pa.yaml');
  const fileB = join(dir, 'pb.yaml');
  await writeFile(fileA, 'rules: []\n');
  await writeFile(fileB, 'rules: []\n');
  const start = async (file: string, recheckIntervalMs: number): Promise<Harness> => {
    const h = await startHarness({
      secretKey: KEY,
      policy: { file, reloadIntervalMs: 3_600_000 },
      configure: (c) => {
        c.store = { ...c.store, url: db!.url, recheckIntervalMs };
        c.redis = { ...c.redis, url: null };
      },
    });
    harnesses.push(h);
    h.gateway.runtime.policy.source.stop(); // no file watch: only the fan-out reloads
    return h;
  };
  const one = await start(fileA, 60_000);
  const two = await start(fileB, 60_000);
  const hash = (h: Harness): string => h.gateway.runtime.policy.source.current.hash;
  const before = hash(two);
  await writeFile(fileB, 'rules:\n  - { name: noop, action: allow, when: { users: nobody } }\n');
  const key = (await one.gateway.runtime.keys.create({ user: 'ops2', admin: true })).key;
  const reload = await fetch(`${one.url}/admin/v1/policy/reload`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  assert.equal(reload.status, 200);
  assert.ok((((await reload.json()) as { fanOut?: { epoch: number } }).fanOut?.epoch ?? 0) >= 1);
  await until('the other instance reloads', async () => hash(two) !== before, 5_000);
  assert.equal(two.logs.some((l) => l.includes('caught by the periodic re-check')), false, 'by the notice, not the 60 s re-check');

  // A missed notice: the epoch moves in the database with no NOTIFY; a third instance with a short re-check catches it.
  const fileC = join(dir, 'pc.yaml');
  await writeFile(fileC, 'rules: []\n');
  const three = await start(fileC, 200);
  const beforeC = hash(three);
  await writeFile(fileC, 'rules:\n  - { name: noop, action: allow, when: { users: nobody } }\n');
  const sql = postgres(db!.url, { max: 1, onnotice: () => {} });
  try {
    await sql`UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'epoch:policy'`;
  } finally {
    await sql.end({ timeout: 1 });
  }
  await until('the re-check reloads', async () => hash(three) !== beforeC, 5_000);
  assert.ok(three.logs.some((l) => l.includes('change caught by the periodic re-check')));
});

test('no Redis: redacted on one instance, restored on the other (the vault in PostgreSQL, sealed)', { skip }, async () => {
  const SECRET = 'AKIAIOSFODNN7EXAMPLE';
  const session = `pg-vault-${randomBytes(4).toString('hex')}`;
  const akia = patternDetector('test-aws', 'secret', 'aws', /AKIA[0-9A-Z]{16}/g);
  const start = async (): Promise<Harness> => {
    const h = await startHarness({
      secretKey: KEY,
      inspection: 'redact',
      detectors: [akia],
      configure: (c) => {
        c.store = { ...c.store, url: db!.url };
        c.redis = { ...c.redis, url: null };
      },
    });
    harnesses.push(h);
    return h;
  };
  const one = await start();
  const two = await start();
  const placeholder = makePlaceholder('aws', SECRET, `anonymous:h:x-session-id:${session}`, KEY);
  const client = (h: Harness): OpenAI => new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-session-id': session } });
  one.fake.enqueue({ kind: 'text', text: 'Noted.' });
  await client(one).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `My key is ${SECRET}` }] });
  assert.ok(one.fake.lastRequest()!.body.includes(placeholder));
  two.fake.enqueue({ kind: 'text', text: `It was ${placeholder}.` });
  const answer = await client(two).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'What was it?' }] });
  assert.equal(answer.choices[0]!.message.content, `It was ${SECRET}.`);
  const sql = postgres(db!.url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<Array<{ conversation: string; placeholder: string; sealed: string }>>`SELECT conversation, placeholder, sealed FROM redaction_vault`;
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    assert.equal(text.includes(SECRET), false, 'no value in the clear');
    assert.equal(text.includes(session), false, 'no session id');
    assert.equal(rows[0]!.placeholder, placeholder);
  } finally {
    await sql.end({ timeout: 1 });
  }
});
