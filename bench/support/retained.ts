/**
 * Memory a gateway holds per answer in flight: 64 agent sessions send a 150 KB follow-up turn each
 * (half passthrough, half translated, streamed) to a fake upstream that takes `--stream-ms` (default
 * 20 s) to stream each answer; once every request is relaying its answer, the gateway is asked (SIGUSR2,
 * started with --expose-gc) for its heap after a full GC. Run it against two trees to compare:
 *
 *   node bench/support/retained.ts [tree dir, default this checkout] [--stream-ms N]
 */
import { startChild } from './processes.ts';
import { Session } from './anthropic-bodies.ts';
import { createAgent, runLoad, type NextRequest } from './load.ts';
import { resolve } from 'node:path';

const dir = process.argv[2] && !process.argv[2].startsWith('--') ? resolve(process.argv[2]) : new URL('../..', import.meta.url).pathname;
const at = process.argv.indexOf('--stream-ms');
const STREAM_MS = at >= 0 ? Number(process.argv[at + 1]) : 20_000;
const C = 64;

const fake = await startChild(new URL('./fast-upstream.ts', import.meta.url), ['--stream-ms', String(STREAM_MS)]);
const gateway = await startChild(new URL(`file://${dir.replace(/\/+$/, '')}/bench/support/gateway-process.ts`), [fake.url], ['--expose-gc'], 90_000);
try {
  const agent = createAgent(C);
  // Turn 0 of every session first (answered), then every session's turn 1 at once.
  const sessions = Array.from({ length: C }, (_, i) => new Session(1000 + i, { model: i % 2 === 0 ? 'bench-anthropic' : 'bench-chat', stream: true, targetBytes: 150 * 1024, turnBytes: 2048 }));
  const turn = (t: number) => (i: number): NextRequest => ({ ...sessions[i % C]!.turn(t), kind: i % 2 === 0 ? 'p' : 't' });
  await runLoad({ origin: gateway.url, agent }, { concurrency: C, count: C, next: turn(0), path: '/v1/messages', timeoutMs: STREAM_MS * 4 });
  const inFlight = runLoad({ origin: gateway.url, agent }, { concurrency: C, count: C, next: turn(1), path: '/v1/messages', timeoutMs: STREAM_MS * 4 });
  await new Promise((r) => setTimeout(r, Math.min(STREAM_MS / 2, 10_000)));
  process.kill(gateway.pid, 'SIGUSR2');
  await inFlight;
  agent.destroy();
} finally {
  await gateway.stop();
  await fake.stop();
}
