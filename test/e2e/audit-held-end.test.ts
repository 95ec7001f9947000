/**
 * The audit port is async, and the guarantee stays: an answer never completes before its event has
 * committed. The store's append is held back by a gate: while it is closed the client has no complete
 * answer (a JSON body never arrives; a stream's last bytes never arrive) and the trail has no event; once
 * the append commits the answer completes. A failing append destroys the answer instead.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { AuditPort } from '../../src/store/ports.ts';

let h: Harness;
let gate: { open(): void; fail(): void; waiting: Promise<void> } | undefined;

before(async () => {
  h = await startHarness();
  const port: AuditPort = h.gateway.runtime.audit!.store;
  const append = port.append.bind(port);
  port.append = async (...args) => {
    if (gate) {
      const held = gate;
      await held.waiting;
    }
    return append(...args);
  };
});
after(() => h.close());

function closeGate(): { open(): void; fail(): void; waiting: Promise<void> } {
  let open!: () => void;
  let fail!: () => void;
  const waiting = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = () => reject(new Error('the database is gone'));
  });
  // On a loaded machine the request may reach the append only after fail(): the append then meets the
  // rejection at once (same outcome); until then it must not count as an unhandled rejection.
  waiting.catch(() => {});
  return { open, fail, waiting };
}

const body = (stream: boolean): string => JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hello' }] });
const later = (ms: number): Promise<'pending'> => new Promise((r) => setTimeout(() => r('pending'), ms));

test('a JSON answer is held until its event committed', async () => {
  const before = await h.gateway.runtime.store.audit.count();
  gate = closeGate();
  const answer = fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(false) }).then(async (r) => ({ status: r.status, text: await r.text() }));
  assert.equal(await Promise.race([answer, later(300)]), 'pending', 'no answer while the append waits');
  assert.equal(await h.gateway.runtime.store.audit.count(), before, 'and no event yet');
  gate.open();
  const done = await answer;
  gate = undefined;
  assert.equal(done.status, 200);
  assert.match(done.text, /"choices"/);
  assert.equal(await h.gateway.runtime.store.audit.count(), before + 1);
});

test('a stream does not end until its event committed', async () => {
  gate = closeGate();
  const response = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(true) });
  assert.equal(response.status, 200, 'headers and events flow while the append waits');
  const text = response.text();
  assert.equal(await Promise.race([text, later(300)]), 'pending', 'the stream has not ended');
  gate.open();
  assert.match(await text, /\[DONE\]/);
  gate = undefined;
});

test('a failed append destroys the answer: the client never sees it complete', async () => {
  gate = closeGate();
  const answer = fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(false) }).then(
    async (r) => `complete ${r.status} ${await r.text()}`,
    (err: unknown) => `failed: ${String(err)}`,
  );
  await later(100);
  gate.fail();
  assert.match(await answer, /^failed: /);
  gate = undefined;
  assert.equal(h.gateway.runtime.audit!.health().ok, false);
});
