/**
 * One "worker" of the SQLite contention row of bench/store.ts: opens the data directory's store as a
 * `serve --workers` worker does, waits for the parent's `go` (so every process starts together), appends
 * `count` audit events one after another (each `appendEvent` is one BEGIN IMMEDIATE transaction, as on
 * the request path) and sends back its wall and CPU time and the latency of every append.
 *
 *   forked by bench/store.ts with: <dataDir> <count>
 */
import { openStore } from '../../src/store/open-store.ts';
import { appendEvent } from '../../src/audit/audit-store.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';

const [dataDir, countText] = process.argv.slice(2);
const count = Number(countText);
const store = openStore(dataDir!);
let seq = 0;
const event = (): AuditEvent => ({
  id: `req_bench_${process.pid}_${++seq}`, time: new Date().toISOString(), principal: { kind: 'key', id: 'key:bench', groups: [] }, clientTool: 'bench', api: 'messages',
  requestedModel: 'm', decision: { action: 'allow', enforced: 'allow', rule: 'default' }, findings: [], uninspected: 0, latencyMs: 1, overheadMs: 0.1, status: 200,
});
for (let i = 0; i < 20; i++) await appendEvent(store.audit, event()); // warm-up (statement cache)
process.send!({ ready: true });
process.once('message', async () => {
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    await appendEvent(store.audit, event());
    latencies.push(performance.now() - s);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  process.send!({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, latencies }, () => process.exit(0));
});
