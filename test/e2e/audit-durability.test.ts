/**
 * Crash durability of the audit trail: the real `sekisho serve` process under concurrent load is
 * killed with SIGKILL. Every request whose answer a client received in full must have its event in
 * the database afterwards, and the trail must still verify.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { openStore } from '../../src/store/open-store.ts';
import { verifyTrail } from '../../src/audit/verify.ts';
import { readPublicKey } from '../../src/audit/signing-key.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

test('kill -9 under load: every answered request has its event and the trail verifies', async () => {
  const fake = await startFakeUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'sekisho-crash-'));
  try {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--upstream', fake.baseUrl, '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stderr!.on('data', (c: Buffer) => {
        if (buffer.length < 100_000) buffer += c.toString(); // the listening line comes first; later request lines are dropped
        const m = /"msg":"sekisho listening","url":"(http:\/\/[^"]+)"/.exec(buffer);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`serve exited early:\n${buffer}`)));
      setTimeout(() => reject(new Error('serve did not start')), 10_000).unref();
    });

    const answered: string[] = [];
    const refused: number[] = [];
    let killed = false;
    const client = async (n: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const stream = (n + i) % 2 === 0;
        try {
          const res = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: `client ${n} request ${i}` }] }),
          });
          const text = await res.text(); // resolves only once the whole answer arrived
          if (res.status === 200 && text.length > 0) answered.push(res.headers.get('x-request-id')!);
          else refused.push(res.status);
        } catch {
          return; // the gateway died mid-request: this answer was not received
        }
      }
    };
    let running = 8;
    const clients = Array.from({ length: 8 }, (_, n) => client(n).finally(() => running--));
    // Bounded: a gateway that answers errors, or clients that all stopped, end the wait with a clear failure.
    const deadline = Date.now() + 120_000;
    while (answered.length < 300 && running > 0 && refused.length < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    if (answered.length < 300) {
      child.kill('SIGKILL');
      killed = true;
      await Promise.all(clients);
      assert.fail(`only ${answered.length} of 300 answers before the crash (refused: ${refused.slice(0, 10).join(', ') || 'none'}; clients still running: ${running})`);
    }
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(clients);

    const state = openStore(dataDir);
    const db = state.db;
    try {
      const store = state.audit;
      const has = db.prepare('SELECT 1 FROM audit_events WHERE id = ?');
      const missing = answered.filter((id) => has.get(id) === undefined);
      assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered requests have no audit event`);
      assert.ok((await store.count()) >= answered.length);
      const result = await verifyTrail(store.range(0), await store.checkpoints(), [readPublicKey(join(dataDir, 'keys', 'audit-ed25519.pub.pem'))]);
      assert.equal(result.ok, true, result.problem?.detail);
      assert.equal(result.events, await store.count());
    } finally {
      await state.close();
    }
  } finally {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
