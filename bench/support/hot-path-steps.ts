/**
 * Where a request's CPU time goes inside the gateway, step by step, in one process and by CPU time (so
 * it holds on a loaded machine, where a sampling profile of the gateway attributes preemption to
 * whatever ran last): strict JSON read, canonical parse, wire-surface walk, inspection (through one
 * warm Inspector, as the gateway has), translated rendering + serialisation, and the egress check the
 * translated body goes through. Bodies as bench:gateway sends them: first turns of new sessions and
 * follow-up turns (+2 KB) of one session.
 *
 *   node bench/support/hot-path-steps.ts [runs]      (ROUNDS=n interleaved before/after rounds, default 5)
 *
 * `before` is the code path before the hot-path round (whole-body strings, no reuse); `after` is the gateway's.
 */
import { randomBytes } from 'node:crypto';
import { Inspector } from '../../src/inspection/inspector.ts';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import { readStrictJson } from '../../src/util/strict-json.ts';
import { parseJsonBytes, PieceCache, readJsonBody } from '../../src/pipeline/read-json.ts';
import { serializeJson } from '../../src/backends/serialize-body.ts';
import { protocols } from '../../src/protocols/index.ts';
import { collectWireSurfaces, requestSurfaces } from '../../src/inspection/wire-surfaces.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../src/backends/upstream-headers.ts';
import type { ConversationRequest } from '../../src/conversation/index.ts';
import { Session } from './anthropic-bodies.ts';

const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200);
const inspector = new Inspector({ detectors: buildDetectors(defaultInspection()).detectors, hashKey: randomBytes(32) });

type Step = 'readStrictJson' | 'parseRequest' | 'requestSurfaces' | 'inspect' | 'renderChat' | 'stringify' | 'egress';
const steps: Step[] = ['readStrictJson', 'parseRequest', 'requestSurfaces', 'inspect', 'renderChat', 'stringify', 'egress'];

function cpu(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

interface Req {
  body: Buffer;
  headers: Record<string, string>;
  value?: unknown;
  conversation?: ConversationRequest;
  surfaces?: ReturnType<typeof requestSurfaces>;
  wire?: Record<string, unknown>;
  text?: string;
  bytes?: Buffer;
}

/** The steps as they were before the hot-path round (one whole-body string each way, no reuse), per batch. */
let BEFORE = false;
/** The parse stage's cache of messages parsed from byte-identical pieces (reuse across turns). */
const pieces = new PieceCache();

const runners: Record<Step, (r: Req) => void> = {
  readStrictJson: (r) => {
    const read = BEFORE ? readStrictJson(r.body) : readJsonBody(r.body, undefined, pieces);
    if (!read.ok) throw new Error(read.error.message);
    r.value = read.value;
  },
  parseRequest: (r) => {
    const parsed = protocols['anthropic-messages'].parseRequest(r.value);
    if (!parsed.ok) throw new Error(parsed.message);
    r.conversation = parsed.value;
  },
  requestSurfaces: (r) => {
    r.surfaces = requestSurfaces({ api: 'messages', body: r.value, search: '', headers: r.headers, forwardedHeaders: FORWARDED_CLIENT_HEADERS }, r.conversation);
  },
  inspect: (r) => void inspector.inspectSurfaces(r.surfaces!),
  renderChat: (r) => {
    r.wire = protocols['openai-chat'].renderRequest(r.conversation!, { model: 'bench-chat', stream: true, sourceDialect: 'anthropic-messages' });
  },
  stringify: (r) => {
    if (BEFORE) r.text = JSON.stringify(r.wire);
    else r.bytes = serializeJson(r.wire);
  },
  egress: (r) => void inspector.inspectSurfaces(collectWireSurfaces({ api: 'chat', body: BEFORE ? JSON.parse(r.text!) : parseJsonBytes(r.bytes!) })),
};

/**
 * Step by step over a batch (thread CPU time is read in coarse ticks, so each step is timed over the
 * whole batch). Inspection keeps the batch order, so follow-ups are inspected after their previous turn.
 */
function runBatch(batch: Req[]): Record<Step, number> {
  const out = {} as Record<Step, number>;
  for (const step of steps) {
    const t0 = cpu();
    for (const r of batch) runners[step](r);
    out[step] = (cpu() - t0) / batch.length;
  }
  return out;
}

function sessionBodies(count: number, firstTurnOnly: boolean): Req[] {
  const out: Req[] = [];
  while (out.length < count) {
    const s = new Session(seed++, { model: 'bench-anthropic', stream: false, targetBytes: 150 * 1024, turnBytes: 2048 });
    for (let t = 0; t <= (firstTurnOnly ? 0 : 8) && out.length < count; t++) out.push(s.turn(t));
  }
  return out;
}

let seed = 1;
type Row = Record<Step, number>;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianRow = (rows: Row[]): Row => Object.fromEntries(steps.map((s) => [s, median(rows.map((r) => r[s]))])) as Row;

/** One round in one mode: first turns of new sessions, then whole sessions (turn 0 + 8 follow-ups). */
function round(before: boolean): { first: Row; follow: Row } {
  BEFORE = before;
  const first = runBatch(sessionBodies(RUNS, true));
  const sessions = sessionBodies((RUNS * 9) / 8, false);
  const all = runBatch(sessions);
  // Follow-ups alone: the sessions' total minus their turn 0s (costed as first turns).
  const follow = Object.fromEntries(steps.map((s) => [s, (all[s] * 9 - first[s]) / 8])) as Row;
  return { first, follow };
}

round(false); // JIT warm-up, both ways
round(true);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const rows: Record<'before' | 'after', { first: Row[]; follow: Row[] }> = { before: { first: [], follow: [] }, after: { first: [], follow: [] } };
for (let i = 0; i < ROUNDS; i++) {
  for (const mode of i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
    const r = round(mode === 'before');
    rows[mode].first.push(r.first);
    rows[mode].follow.push(r.follow);
  }
}
const line = (name: string, r: Row): string => `| ${name} | ${steps.map((s) => r[s].toFixed(3)).join(' | ')} | ${steps.reduce((n, s) => n + r[s], 0).toFixed(3)} |`;
console.log(`CPU ms per request and step: median of ${ROUNDS} interleaved rounds of ${RUNS} bodies (thread CPU time), node ${process.version}\n`);
console.log(`| body, code | ${steps.join(' | ')} | sum |`);
console.log(`|---|${steps.map(() => '---:').join('|')}|---:|`);
console.log(line('150 KB first turn, before', medianRow(rows.before.first)));
console.log(line('150 KB first turn, after', medianRow(rows.after.first)));
console.log(line('150 KB follow-up (+2 KB), before', medianRow(rows.before.follow)));
console.log(line('150 KB follow-up (+2 KB), after', medianRow(rows.after.follow)));
