/**
 * `sekisho serve --workers 2` as a real process tree (a node:cluster primary and two workers on SQLite in
 * one data directory): one listening port, state correct across the processes (a limit admits exactly
 * N, a conversation redacted by one worker is restored by the other, a credential cut over a Responses
 * chain whose turns land on different workers is caught, one audit chain), one merged
 * /metrics, the workers in /healthz, kill -9 of a worker under load (restarted; every answered request
 * has its event; the chain verifies), SIGHUP replacing the workers, SIGTERM stopping the tree.
 * Two workers: CI runs on two cores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { startServeProcess } from '../support/serve-process.ts';
import { AWS_KEY_ID, AWS_PAIR, AWS_SECRET } from '../support/planted-credentials.ts';
import { openStore } from '../../src/store/open-store.ts';
import { KeyStore } from '../../src/identity/key-store.ts';
import { verifyTrail } from '../../src/audit/verify.ts';
import { readPublicKey } from '../../src/audit/signing-key.ts';
import { getJson, getText, postFresh, sleep, sumSamples, until } from './support.ts';

const TOKEN = 'scrape-token-for-the-workers-test';

interface Workers {
  configured: number;
  ready: number;
  restarts: number;
  workers: Array<{ slot: number; pid: number; ready: boolean; restarts: number }>;
}

test('serve --workers 2: one gateway over two processes', { timeout: 300_000 }, async (t) => {
  const fake = await startFakeUpstream();
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-workers-'));
  const dataDir = join(dir, 'data');
  let serve: Awaited<ReturnType<typeof startServeProcess>> | undefined;
  try {
    // A key whose requests a 10/min limit applies to (the other requests are anonymous and unlimited).
    const setup = openStore(dataDir);
    const limited = await new KeyStore(setup.keys).create({ user: 'limited' });
    await setup.close();
    await writeFile(join(dir, 'token'), TOKEN, { mode: 0o600 });
    await writeFile(
      join(dir, 'sekisho.yaml'),
      [
        'server:',
        '  workers: 2',
        '  shutdownGrace: 5s',
        '  metrics: { token: { file: token } }',
        'inspection: { mode: redact }',
        'limits:',
        `  - { name: ten-a-minute, match: { keys: [${limited.record.id}] }, scope: key, requestsPerMinute: 10 }`,
        '',
      ].join('\n'),
    );
    serve = await startServeProcess(['--config', join(dir, 'sekisho.yaml'), '--port', '0', '--data-dir', dataDir, '--upstream', fake.baseUrl], 120_000);
    const url = serve.url;
    const workers = async (): Promise<Workers> => (await getJson(`${url}/healthz`, TOKEN)).json.workers as Workers;
    const chat = (content: string, headers: Record<string, string> = {}, stream = false) =>
      postFresh(`${url}/v1/chat/completions`, { model: 'm', stream, messages: [{ role: 'user', content }] }, headers);

    await t.test('/healthz lists both workers, ready, for operators; the public answer stays short', async () => {
      const w = await workers();
      assert.equal(w.configured, 2);
      assert.equal(w.ready, 2);
      assert.deepEqual(w.workers.map((x) => x.slot), [0, 1]);
      assert.equal(new Set(w.workers.map((x) => x.pid)).size, 2);
      assert.deepEqual((await getJson(`${url}/healthz`)).json, { status: 'ok' });
    });

    await t.test('a 10/min limit admits exactly 10 of 30 concurrent requests spread over both workers', async () => {
      // The counter is per minute with the previous minute weighted in: stay clear of a minute's end.
      while (new Date().getSeconds() >= 45) await sleep(500);
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => chat(`limited ${i}`, { authorization: `Bearer ${limited.key}` })));
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 200).length, 10, JSON.stringify(statuses));
      assert.equal(statuses.filter((s) => s === 429).length, 20, JSON.stringify(statuses));
    });

    await t.test('a conversation redacted by one worker is restored by the other', async () => {
      const session = { 'x-session-id': `workers-${Date.now()}` };
      fake.enqueue({ kind: 'text', text: 'noted' });
      const before = await getText(`${url}/metrics`, TOKEN);
      const first = await chat(`please keep this safe:\n${AWS_PAIR}`, session);
      assert.equal(first.status, 200, first.text);
      const upstream = fake.lastRequest()!.body;
      assert.ok(!upstream.includes(AWS_SECRET), 'the secret never reaches the backend');
      const placeholder = /REDACTED_[A-Z0-9_]+_[0-9A-F]{10}/.exec(upstream.slice(upstream.indexOf('aws_secret_access_key')))?.[0];
      assert.ok(placeholder, `a placeholder in ${upstream}`);
      // The answers quote the placeholder; each turn arrives on a new connection, handed to either worker.
      const turns = 8;
      for (let i = 0; i < turns; i++) {
        fake.enqueue({ kind: 'text', text: `the secret is ${placeholder}.` });
        const answer = await chat(`please keep this safe:\n${AWS_PAIR}\nwhat was it? (${i})`, session, i % 2 === 1);
        assert.equal(answer.status, 200, answer.text);
        assert.ok(answer.text.includes(AWS_SECRET), `turn ${i}: restored (${answer.text.slice(0, 400)})`);
        assert.ok(!answer.text.includes(placeholder), `turn ${i}: no placeholder left`);
      }
      // Both workers answered some of these 1 + 8 requests: so the worker that redacted the first turn
      // is not the only one that restored.
      const after = await getText(`${url}/metrics`, TOKEN);
      const served = [0, 1].map((w) => sumSamples(after, 'sekisho_requests_total', `worker="${w}"`) - sumSamples(before, 'sekisho_requests_total', `worker="${w}"`));
      assert.equal(served[0]! + served[1]!, turns + 1, JSON.stringify(served));
      assert.ok(served[0]! > 0 && served[1]! > 0, `both workers served the conversation: ${JSON.stringify(served)}`);
    });

    await t.test('a credential cut over a Responses chain whose turns land on different workers is caught', async () => {
      // Each turn on a new connection: the primary hands them round robin, so the turns of a chain land on
      // either worker. Which worker served a turn is read off the per-worker request counters.
      const servedBy = async (): Promise<number[]> => {
        const text = await getText(`${url}/metrics`, TOKEN);
        return [0, 1].map((w) => sumSamples(text, 'sekisho_requests_total', `worker="${w}"`));
      };
      let crossed = 0;
      for (let i = 0; i < 4; i++) {
        const cut = 8 + i;
        const before = await servedBy();
        const first = await postFresh(`${url}/v1/responses`, { model: 'm', input: `deploy with ${AWS_KEY_ID.slice(0, cut)}` });
        assert.equal(first.status, 200, first.text);
        const id = (JSON.parse(first.text) as { id: string }).id;
        const middle = await servedBy();
        const second = await postFresh(`${url}/v1/responses`, { model: 'm', input: `${AWS_KEY_ID.slice(cut)} please`, previous_response_id: id });
        assert.equal(second.status, 200, second.text);
        const upstream = fake.lastRequest()!.body;
        assert.ok(!upstream.includes(AWS_KEY_ID.slice(cut)), `chain ${i}: the second piece reached the backend: ${upstream}`);
        const after = await servedBy();
        const w1 = middle.findIndex((n, w) => n > before[w]!);
        const w2 = after.findIndex((n, w) => n > middle[w]!);
        if (w1 !== w2) crossed++;
      }
      assert.ok(crossed > 0, 'at least one chain had its turns on different workers');
    });

    await t.test('/metrics is one exposition: each family once, each sample labelled with its worker, plus the workers', async () => {
      const text = await getText(`${url}/metrics`, TOKEN);
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
      assert.equal(new Set(types).size, types.length, 'no family twice');
      assert.ok(text.includes('sekisho_requests_total{worker="0",'));
      assert.ok(text.includes('sekisho_requests_total{worker="1",'));
      assert.ok(/^process_cpu_seconds_total\{worker="1"\} /m.test(text));
      assert.equal(sumSamples(text, 'sekisho_workers', 'state="ready"'), 2);
      assert.equal(sumSamples(text, 'sekisho_requests_total', 'status="429"'), 20);
      const unauthorized = await fetch(`${url}/metrics`);
      assert.equal(unauthorized.status, 401);
    });

    await t.test('kill -9 of a worker under load: it is restarted, and every answered request has its event', async () => {
      const victim = (await workers()).workers[1]!;
      const answered: string[] = [];
      let failed = 0;
      let stop = false;
      const client = async (n: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          try {
            const a = await chat(`client ${n} request ${i}`, {}, (n + i) % 2 === 0);
            if (a.status === 200) answered.push(String(a.headers['x-request-id']));
            else failed++;
          } catch {
            failed++; // the worker died mid-answer: this answer was not received
            await sleep(20);
          }
        }
      };
      const clients = Array.from({ length: 6 }, (_, n) => client(n));
      try {
        await until('100 answers', () => answered.length >= 100);
        process.kill(victim.pid, 'SIGKILL');
        await until('the slot restarted and ready', async () => {
          const w = await workers();
          return w.restarts === 1 && w.ready === 2 && w.workers[1]!.pid !== victim.pid;
        }, 120_000);
        const atRestart = answered.length;
        await until('answers after the restart', () => answered.length >= atRestart + 50);
      } finally {
        stop = true;
        await Promise.all(clients);
      }
      const log = serve!.lines.find((l) => l.msg === 'worker died; restarting it');
      assert.equal(log?.slot, 1);
      assert.equal(log?.exit, 'SIGKILL');

      const state = openStore(dataDir);
      try {
        const has = state.db.prepare('SELECT 1 FROM audit_events WHERE id = ?');
        const missing = answered.filter((id) => has.get(id) === undefined);
        assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered requests have no audit event`);
      } finally {
        await state.close();
      }
    });

    await t.test('SIGHUP replaces both workers one at a time; the gateway keeps answering', async () => {
      const old = (await workers()).workers.map((w) => w.pid);
      serve!.child.kill('SIGHUP');
      let answeredDuring = 0;
      await until('both workers replaced', async () => {
        const a = await chat('during the reload');
        assert.equal(a.status, 200, a.text);
        answeredDuring++;
        return serve!.lines.some((l) => l.msg === 'SIGHUP: workers replaced');
      }, 120_000);
      const w = await workers();
      assert.equal(w.ready, 2);
      assert.ok(w.workers.every((x) => !old.includes(x.pid)), `new pids ${JSON.stringify(w.workers)} vs ${JSON.stringify(old)}`);
      assert.equal(w.restarts, 1, 'a replacement is not counted as a crash');
      assert.ok(answeredDuring > 0);
    });

    await t.test('SIGTERM stops every process; one audit chain written by all of them verifies', async () => {
      const pids = (await workers()).workers.map((w) => w.pid);
      assert.equal(await serve!.stop(), 0);
      serve = undefined;
      for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} is gone`);
      const state = openStore(dataDir);
      try {
        const result = await verifyTrail(state.audit.range(0), await state.audit.checkpoints(), [readPublicKey(join(dataDir, 'keys', 'audit-ed25519.pub.pem'))]);
        assert.equal(result.ok, true, result.problem?.detail);
        assert.equal(result.events, await state.audit.count());
        assert.ok(result.events > 150);
        // Both workers appended: the events of the whole run are one chain.
        const cps = await state.audit.checkpoints();
        assert.ok(cps.length > 0);
      } finally {
        await state.close();
      }
    });
  } finally {
    await serve?.stop();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});
