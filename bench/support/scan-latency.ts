/**
 * Inspection latency on one realistic request: Claude Code's turn-2 fixture (~50 KB of system prompt,
 * tools and a Read result) padded with more Read results of real source files to ~150 KB, parsed by the
 * Anthropic protocol as the gateway does. "Cold" = a fresh Inspector (empty per-segment cache) per run,
 * JIT warm; "follow-up" = the same Inspector, the same history plus one new turn of ~2 KB (an assistant
 * Read call and its tool_result), which is what an agent sends next.
 */
import { randomBytes } from 'node:crypto';
import type { ConversationRequest } from '../../src/conversation/index.ts';
import type { Detector } from '../../src/inspection/detector.ts';
import { Inspector, type InspectionResult } from '../../src/inspection/inspector.ts';
import { anthropicMessagesProtocol } from '../../src/protocols/anthropic-messages/index.ts';
import { claudeCodeRequest } from '../../test/fixtures/claude-code.ts';
import { percentile } from './load.ts';

type Body = Record<string, unknown>;

/** `text` as Claude Code's Read tool returns it: `N\t` line numbers. */
function numbered(text: string): string {
  return text.split('\n').map((line, i) => `${i + 1}\t${line}`).join('\n');
}

function readTurn(id: string, path: string, content: string): Body[] {
  return [
    { role: 'assistant', content: [{ type: 'text', text: `Let me read ${path}.` }, { type: 'tool_use', id, name: 'Read', input: { file_path: path } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] },
  ];
}

export interface LatencyRequest {
  headers: Record<string, string>;
  body: Body;
  bytes: number;
}

/** The turn-2 fixture plus Read results cut from `code` (~10 KB each) until the body reaches `target` bytes. */
export function paddedRequest(code: string, target: number): LatencyRequest {
  const fixture = claudeCodeRequest({ turn: 2 });
  const messages = [...(fixture.body['messages'] as Body[])];
  const body: Body = { ...fixture.body, messages };
  let at = 0;
  for (let n = 0; Buffer.byteLength(JSON.stringify(body)) < target; n++) {
    const remaining = target - Buffer.byteLength(JSON.stringify(body));
    const cut = code.indexOf('\n', at + Math.min(10_000, Math.max(500, remaining - 400)));
    const slice = code.slice(at, cut === -1 ? undefined : cut);
    at = cut === -1 ? 0 : cut + 1;
    messages.push(...readTurn(`toolu_01BenchPad${String(n).padStart(10, '0')}`, `/home/dev/project/src/module_${n}.py`, numbered(slice)));
  }
  return { headers: fixture.headers, body, bytes: Buffer.byteLength(JSON.stringify(body)) };
}

/** `base` plus one more Read turn whose result is ~`size` bytes of `code` starting near `offset`. */
export function followUp(base: Body, code: string, offset: number, size: number, n: number): Body {
  const start = code.indexOf('\n', offset) + 1;
  const slice = code.slice(start, start + size);
  return { ...base, messages: [...(base['messages'] as Body[]), ...readTurn(`toolu_01BenchNext${String(n).padStart(10, '0')}`, `/home/dev/project/lib/next_${n}.py`, numbered(slice))] };
}

/** Parsed the way the gateway parses it (from JSON text, through the protocol). */
export function parse(body: Body): ConversationRequest {
  const result = anthropicMessagesProtocol.parseRequest(JSON.parse(JSON.stringify(body)));
  if (!result.ok) throw new Error(`fixture does not parse: ${result.message} at ${result.param ?? '?'}`);
  return result.value;
}

export interface Timing {
  runs: number;
  p50: number;
  p99: number;
  min: number;
  mean: number;
}

export function summarize(ms: number[]): Timing {
  return { runs: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), min: Math.min(...ms), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

export interface LatencyResult {
  requestBytes: number;
  segments: number;
  findings: number;
  /** The very first inspect in a process (JIT cold too): one sample, for context. */
  firstCallMs: number;
  parseMs: Timing;
  cold: Timing;
  followUpBytes: number;
  followUp: Timing & { cachedSegments: number; segments: number };
  /** CPU time of the same cold and follow-up runs (less sensitive to other load on the machine). */
  coldCpu?: Timing;
  followUpCpu?: Timing;
  /** The same request again on the same Inspector: fixed per-request cost (lookups, surfaces, findings). */
  repeat: Timing;
  /**
   * Follow-ups on an Inspector whose cache is small enough to turn over during the runs (as a full
   * gateway cache does under many conversations): eviction and re-admission included.
   */
  followUpFullCache: Timing & { cacheEntries: number };
}

/** Cache size for `followUpFullCache`: ~450 entries per request, ~5 new per turn, so it turns over every ~100 turns. */
const SMALL_CACHE = 2_000;

/** CPU time of this process since `since` (user + system), ms. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export function measureLatency(detectors: Detector[], request: LatencyRequest, code: string, options: { coldRuns: number; followRuns: number }): LatencyResult {
  const hashKey = randomBytes(32);
  const parsed = parse(request.body);
  const headers = request.headers;
  let t0 = performance.now();
  const first = new Inspector({ detectors, hashKey }).inspect(parsed, headers);
  const firstCallMs = performance.now() - t0;

  const parseTimes: number[] = [];
  for (let i = 0; i < 30; i++) {
    const text = JSON.stringify(request.body);
    t0 = performance.now();
    parse(JSON.parse(text) as Body);
    parseTimes.push(performance.now() - t0);
  }

  const cold: number[] = [];
  const coldCpu: number[] = [];
  for (let i = 0; i < options.coldRuns + 20; i++) {
    const inspector = new Inspector({ detectors, hashKey });
    const c0 = process.cpuUsage();
    t0 = performance.now();
    inspector.inspect(parsed, headers);
    if (i >= 20) {
      cold.push(performance.now() - t0); // first 20: warm-up
      coldCpu.push(cpuMs(c0));
    }
  }

  // Follow-ups: every run adds a different 2 KB (else it would be a cache hit, not new content). Each
  // turn is built and parsed just before its (timed) inspect, so the heap holds one request, not 400.
  const inspector = new Inspector({ detectors, hashKey });
  inspector.inspect(parsed, headers);
  const followBytes = Buffer.byteLength(JSON.stringify(followUp(request.body, code, 0, 2000, 0))) - request.bytes;
  const follow: number[] = [];
  const followCpu: number[] = [];
  let last: InspectionResult | undefined;
  for (let n = 0; n < options.followRuns + 20; n++) {
    const turn = parse(followUp(request.body, code, (n * 7919) % Math.max(1, code.length - 4000), 2000, n));
    const c0 = process.cpuUsage();
    t0 = performance.now();
    last = inspector.inspect(turn, headers);
    if (n >= 20) {
      follow.push(performance.now() - t0);
      followCpu.push(cpuMs(c0));
    }
  }
  // The floor of any follow-up: the same request again, every long segment from the cache.
  const repeat: number[] = [];
  for (let n = 0; n < options.followRuns + 20; n++) {
    t0 = performance.now();
    inspector.inspect(parsed, headers);
    if (n >= 20) repeat.push(performance.now() - t0);
  }
  const small = new Inspector({ detectors, hashKey, cacheEntries: SMALL_CACHE });
  small.inspect(parsed, headers);
  const full: number[] = [];
  for (let n = 0; n < options.followRuns + 20; n++) {
    const turn = parse(followUp(request.body, code, (n * 6007 + 17) % Math.max(1, code.length - 4000), 2000, options.followRuns + 100 + n));
    t0 = performance.now();
    small.inspect(turn, headers);
    if (n >= 20) full.push(performance.now() - t0);
  }
  return {
    requestBytes: request.bytes,
    segments: first.segments,
    findings: first.findings.length,
    firstCallMs,
    parseMs: summarize(parseTimes),
    cold: summarize(cold),
    coldCpu: summarize(coldCpu),
    followUpBytes: followBytes,
    followUp: { ...summarize(follow), cachedSegments: last?.cached ?? 0, segments: last?.segments ?? 0 },
    followUpCpu: summarize(followCpu),
    repeat: summarize(repeat),
    followUpFullCache: { ...summarize(full), cacheEntries: SMALL_CACHE },
  };
}
