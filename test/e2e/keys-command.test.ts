/**
 * `sekisho keys` as a real process against the data directory of a running gateway: a created key is
 * printed once and works, `ls` never shows it, and `revoke` from the command line stops it on the
 * running gateway at the next request.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
let h: Harness;

function keys(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, SEKISHO_CONFIG: '' };
  const r = spawnSync(process.execPath, [bin, 'keys', ...args, '--data-dir', h.gateway.runtime.config.dataDir], { encoding: 'utf8', timeout: 30_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  h = await startHarness({ configure: (c) => void (c.auth = { anonymous: false, adminGroups: [] }) });
});
after(() => h.close());

test('create → use → ls (no secrets) → revoke → refused on the running gateway', async () => {
  const created = keys(['create', '--user', 'alice@example.com', '--team', 'payments', '--group', 'dev', '--group', 'oncall', '--expires', '90d']);
  assert.equal(created.code, 0, created.stderr);
  const key = created.stdout.trim();
  assert.match(key, /^sks_[0-9A-Za-z]{38}$/);
  const id = key.slice(4, 12);
  assert.match(created.stderr, new RegExp(`Created key ${id} for alice@example.com \\(team payments, groups dev,oncall\\), expires `));
  assert.match(created.stderr, /only time the key is shown/);

  const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
  assert.ok((await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).choices.length > 0);

  const ls = keys(['ls']);
  assert.equal(ls.code, 0);
  assert.match(ls.stdout, new RegExp(`^${id}\\s+active\\s+alice@example.com\\s+payments\\s+dev,oncall`, 'm'));
  assert.ok(!ls.stdout.includes(key.slice(12)), 'no secret in the listing');
  const json = JSON.parse(keys(['ls', '--json']).stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(json.map((r) => [r.id, r.state, r.team]), [[id, 'active', 'payments']]);
  assert.ok(!JSON.stringify(json).includes(key.slice(12)));

  const revoked = keys(['revoke', id]);
  assert.equal(revoked.code, 0, revoked.stderr);
  await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
    return err instanceof OpenAI.AuthenticationError && /revoked/.test(err.message);
  });
  assert.equal(keys(['revoke', id]).code, 1);
  assert.match(keys(['ls']).stdout, /No keys/);
  assert.match(keys(['ls', '--all']).stdout, new RegExp(`^${id}\\s+revoked`, 'm'));
});

test('admin keys and --json output; usage errors exit 2 with a message', () => {
  const created = keys(['create', '--user', 'root', '--admin', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const record = JSON.parse(created.stdout) as { key: string; id: string; admin: boolean };
  assert.equal(record.admin, true);
  assert.equal(record.key.slice(4, 12), record.id);
  for (const [args, message] of [
    [['create'], /create needs --user/],
    [['create', '--user', 'a', '--expires', '90 days'], /--expires: invalid expiry/],
    [['revoke'], /revoke needs one key ID/],
    [['ls', '--user', 'a'], /go with create/],
    [['rotate'], /unknown command "rotate"/],
  ] as const) {
    const r = keys([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  assert.equal(keys(['revoke', 'nosuchid']).code, 1);
});
