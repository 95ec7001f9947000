/**
 * What each step of the hot path allocates, per request (the memory counterpart of hot-path-steps.ts):
 * the same steps over the same bodies (first turns of new sessions; follow-up turns, +2 KB, of one
 * session), V8 heap bytes and external (Buffer) bytes allocated per request and step.
 *
 *   node --expose-gc --max-semi-space-size=256 bench/support/hot-path-alloc.ts [requests per batch]
 *
 * How: with a young generation large enough that no GC runs inside a batch, the growth of the heap's
 * used size over the batch is what the step allocated (garbage included: that is what the collector
 * has to clear, and what makes the heap grow under concurrency). A batch in which a GC ran anyway is
 * measured again. Deterministic, so it holds on a loaded machine.
 */
import { randomBytes } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { Inspector } from '../../src/inspection/inspector.ts';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import { parseJsonBytes, PieceCache, readJsonBody } from '../../src/pipeline/read-json.ts';
import { serializeJson } from '../../src/backends/serialize-body.ts';
import { protocols } from '../../src/protocols/index.ts';
import { collectWireSurfaces, requestSurfaces } from '../../src/inspection/wire-surfaces.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../src/backends/upstream-headers.ts';
import type { ConversationRequest } from '../../src/conversation/index.ts';
import { Session } from './anthropic-bodies.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (and --max-semi-space-size=256)');
const BATCH = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20);
const inspector = new Inspector({ detectors: buildDetectors(defaultInspection()).detectors, hashKey: randomBytes(32) });
const pieces = new PieceCache();

let gcs = 0;
new PerformanceObserver((list) => void (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });

type Step = 'read' | 'parse' | 'surfaces' | 'inspect' | 'render' | 'serialise' | 'egress';
const steps: Step[] = ['read', 'parse', 'surfaces', 'inspect', 'render', 'serialise', 'egress'];
interface Req {
  body: Buffer;
  headers: Record<string, string>;
  value?: unknown;
  conversation?: ConversationRequest;
  surfaces?: ReturnType<typeof requestSurfaces>;
  wire?: Record<string, unknown>;
  bytes?: Buffer;
}
const run: Record<Step, (r: Req) => unknown> = {
  read: (r) => {
    const read = readJsonBody(r.body, undefined, pieces);
    if (!read.ok) throw new Error(read.error.message);
    return (r.value = read.value);
  },
  parse: (r) => {
    const parsed = protocols['anthropic-messages'].parseRequest(r.value);
    if (!parsed.ok) throw new Error(parsed.message);
    return (r.conversation = parsed.value);
  },
  surfaces: (r) => (r.surfaces = requestSurfaces({ api: 'messages', body: r.value, search: '', headers: r.headers, forwardedHeaders: FORWARDED_CLIENT_HEADERS }, r.conversation)),
  inspect: (r) => inspector.inspectSurfaces(r.surfaces!),
  render: (r) => (r.wire = protocols['openai-chat'].renderRequest(r.conversation!, { model: 'bench-chat', stream: true, sourceDialect: 'anthropic-messages' })),
  serialise: (r) => (r.bytes = serializeJson(r.wire)),
  egress: (r) => inspector.inspectSurfaces(collectWireSurfaces({ api: 'chat', body: parseJsonBytes(r.bytes!) })),
};

const used = (): [number, number] => {
  const h = getHeapStatistics();
  return [h.used_heap_size, h.external_memory];
};

/** KB allocated per request by each step over `batch` (steps in order, as the gateway runs them). */
function measure(batch: Req[]): Record<Step, [number, number]> {
  const out = {} as Record<Step, [number, number]>;
  for (const step of steps) {
    for (let attempt = 0; ; attempt++) {
      gc!();
      const before = gcs;
      const [h0, e0] = used();
      const keep = batch.map((r) => run[step](r));
      const [h1, e1] = used();
      if (gcs === before || attempt >= 3) {
        out[step] = [(h1 - h0) / batch.length / 1024, (e1 - e0) / batch.length / 1024];
        keep.length = 0;
        break;
      }
    }
  }
  return out;
}

let seed = 1;
function bodies(count: number, firstOnly: boolean): Req[] {
  const out: Req[] = [];
  while (out.length < count) {
    const s = new Session(seed++, { model: 'bench-anthropic', stream: false, targetBytes: 150 * 1024, turnBytes: 2048 });
    for (let t = 0; t <= (firstOnly ? 0 : 8) && out.length < count; t++) out.push(s.turn(t));
  }
  return out;
}

measure(bodies(BATCH, true)); // warm-up (JIT, caches)
const first = measure(bodies(BATCH, true));
// Follow-ups: sessions' turn 0 first (unmeasured), then their turns 1..8.
const sessions = bodies(Math.ceil(BATCH / 8) * 9, false);
measure(sessions.filter((_, i) => i % 9 === 0));
const follow = measure(sessions.filter((_, i) => i % 9 !== 0));
const row = (name: string, r: Record<Step, [number, number]>): string =>
  `| ${name} | ${steps.map((s) => `${r[s][0].toFixed(0)} / ${r[s][1].toFixed(0)}`).join(' | ')} | ${steps.reduce((n, s) => n + r[s][0], 0).toFixed(0)} / ${steps.reduce((n, s) => n + r[s][1], 0).toFixed(0)} |`;
console.log(`KB allocated per request and step, V8 heap / external (Buffers); batches of ${BATCH}, node ${process.version}\n`);
console.log(`| body | ${steps.join(' | ')} | sum |`);
console.log(`|---|${steps.map(() => '---:').join('|')}|---:|`);
console.log(row('150 KB first turn', first));
console.log(row('150 KB follow-up (+2 KB)', follow));
