/**
 * A/B of the gateway's read-and-inspect work per request, in one process (alternating, so machine
 * noise hits both alike): the canonical path (JSON.parse, protocol parse, canonical surfaces) against
 * the wire path the gateway now uses (strict JSON reader, protocol parse, every key and string of the
 * body: inspection/wire-surfaces.ts). Bodies: the ~150 KB Claude Code request of bench:scan (first
 * turn on a cold inspector cache, and follow-up turns that add ~2 KB on a warm one) and the ~150 KB
 * Chat body of bench:gateway. Times are the process's CPU time per request (process.cpuUsage), so
 * other work on a busy machine does not inflate them; garbage collection on the main thread counts.
 *
 *   node bench/wire-inspection.ts [--runs N]
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { buildDetectors } from '../src/inspection/build-detectors.ts';
import { defaultInspection } from '../src/config/defaults.ts';
import { Inspector } from '../src/inspection/inspector.ts';
import { collectWireSurfaces, type WireApi } from '../src/inspection/wire-surfaces.ts';
import { collectUninspected } from '../src/inspection/uninspected.ts';
import { readStrictJson } from '../src/util/strict-json.ts';
import { anthropicMessagesProtocol } from '../src/protocols/anthropic-messages/index.ts';
import { openaiChatProtocol } from '../src/protocols/openai-chat/index.ts';
import { FORWARDED_CLIENT_HEADERS } from '../src/backends/upstream-headers.ts';
import { paddedRequest, followUp } from './support/scan-latency.ts';
import { chatRequestBody, codeText } from './support/request-bodies.ts';
import type { ConversationRequest } from '../src/conversation/index.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const RUNS = Number(args.runs);
const detectors = buildDetectors(defaultInspection()).detectors;
const hashKey = randomBytes(32);

type Parse = (json: unknown) => ConversationRequest;
const parseMessages: Parse = (json) => ok(anthropicMessagesProtocol.parseRequest(json));
const parseChat: Parse = (json) => ok(openaiChatProtocol.parseRequest(json));
function ok<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function canonicalPath(inspector: Inspector, bytes: Buffer, parse: Parse, headers: Record<string, string>): number {
  const conversation = parse(JSON.parse(bytes.toString('utf8')));
  return inspector.inspect(conversation, headers).segments;
}

function wirePath(inspector: Inspector, bytes: Buffer, parse: Parse, api: WireApi, headers: Record<string, string>): number {
  const read = readStrictJson(bytes);
  if (!read.ok) throw new Error(read.error.message);
  const conversation = parse(read.value);
  const surfaces = collectWireSurfaces({ api, body: read.value, search: '?beta=true', headers, forwardedHeaders: FORWARDED_CLIENT_HEADERS }, collectUninspected(conversation));
  return inspector.inspectSurfaces(surfaces).segments;
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)] as number;

interface Row { name: string; canonical: number[]; wire: number[]; segments: [number, number] }

function measure(name: string, bodies: (n: number) => Buffer, parse: Parse, api: WireApi, headers: Record<string, string>, warm: Buffer | undefined): Row {
  const row: Row = { name, canonical: [], wire: [], segments: [0, 0] };
  const a = new Inspector({ detectors, hashKey });
  const b = new Inspector({ detectors, hashKey });
  if (warm) {
    canonicalPath(a, warm, parse, headers);
    wirePath(b, warm, parse, api, headers);
  }
  for (let n = 0; n < RUNS + 20; n++) {
    const body = bodies(n);
    // Cold rows get a fresh cache every run; follow-up rows keep theirs (each turn adds new content).
    const ia = warm ? a : new Inspector({ detectors, hashKey });
    const ib = warm ? b : new Inspector({ detectors, hashKey });
    const order = n % 2 === 0;
    for (const which of order ? [0, 1] : [1, 0]) {
      // CPU time of this process, not wall time: other work on the machine does not count.
      const t0 = process.cpuUsage();
      const segs = which === 0 ? canonicalPath(ia, body, parse, headers) : wirePath(ib, body, parse, api, headers);
      const used = process.cpuUsage(t0);
      const ms = (used.user + used.system) / 1000;
      if (n >= 20) (which === 0 ? row.canonical : row.wire).push(ms);
      row.segments[which] = segs;
    }
  }
  return row;
}

const code = codeText(400_000);
const cc = paddedRequest(code, 150_000);
const ccBytes = Buffer.from(JSON.stringify(cc.body));
const ccHeaders = { ...cc.headers, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14' };
const chat = chatRequestBody(150_000, false);
const rows = [
  measure('Claude Code 150 KB, first turn (cold cache)', () => ccBytes, parseMessages, 'messages', ccHeaders, undefined),
  measure('Claude Code 150 KB, follow-up turn (+2 KB)', (n) => Buffer.from(JSON.stringify(followUp(cc.body, code, (n * 7919) % (code.length - 4000), 2000, n))), parseMessages, 'messages', ccHeaders, ccBytes),
  measure('Claude Code 150 KB, same request again', () => ccBytes, parseMessages, 'messages', ccHeaders, ccBytes),
  measure('bench:gateway Chat 150 KB, repeated', () => chat, parseChat, 'chat', {}, chat),
];
console.log(`runs per row: ${RUNS}; CPU ms per request (read body + parse + inspect), canonical and wire runs alternating\n`);
console.log('| body | canonical p50 / p99 | wire p50 / p99 | added p50 | segments canonical → wire |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${p50(r.canonical).toFixed(3)} / ${p99(r.canonical).toFixed(3)} | ${p50(r.wire).toFixed(3)} / ${p99(r.wire).toFixed(3)} | ${(p50(r.wire) - p50(r.canonical)).toFixed(3)} | ${r.segments[0]} → ${r.segments[1]} |`);
}
