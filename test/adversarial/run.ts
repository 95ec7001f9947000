/**
 * Runs the matrix: both gateways at once, many cases in flight in each (every case's values and nonce
 * are its own, so concurrent cases cannot be confused), then reads everything the backends received
 * and judges each case by bytes.
 */
import type { Harness } from '../support/gateway-harness.ts';
import type { RecordedRequest } from '../support/fake-upstream.ts';
import { writeJson } from './json-text.ts';
import { BACKEND_MODELS, buildMatrix, NONCE_RE, SETUPS, type Case, type Setup } from './matrix.ts';
import { runRoundTrip } from './round-trip.ts';
import { startSetup } from './gateways.ts';
import { recover, recoveredNeedles, type Recovered } from './recover.ts';
import { PATHS } from './wire.ts';

export interface CaseResult {
  case: Case;
  /** Client-visible status; 0 when the gateway gave no answer. */
  status: number;
  /** Backend requests that carried this case (by its nonce or its values). */
  forwarded: number;
  /** Planted needles recovered from what the backends received. */
  recovered: string[];
  /** Why the case failed, or undefined when it held. */
  failure?: 'leak' | 'unclear-refusal' | 'no-answer';
  detail?: string;
}

const IN_FLIGHT = 24;

async function send(h: Harness, c: Case): Promise<{ status: number; text: string; contentType: string }> {
  const { spec } = c;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': 'client-key' };
  if (c.api === 'messages') headers['anthropic-version'] = '2023-06-01';
  Object.assign(headers, spec.headers);
  const url = `${h.url}${spec.path ?? PATHS[c.api]}${spec.query !== undefined ? `?${spec.query}` : ''}`;
  try {
    const res = await fetch(url, { method: 'POST', headers, body: spec.bytes ?? writeJson(spec.body), signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
  } catch (err) {
    return { status: 0, text: String(err), contentType: '' };
  }
}

/** A refusal the client can read: the error object of its own protocol (a JSON body or an SSE error event). */
export function clearError(c: Case, text: string): boolean {
  const shaped = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    const o = v as { type?: unknown; error?: { message?: unknown } };
    const message = o.error?.message;
    if (typeof message !== 'string' || message === '') return false;
    return c.api !== 'messages' || o.type === 'error';
  };
  const candidates = [text, ...text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim())];
  return candidates.some((t) => {
    try {
      return shaped(JSON.parse(t));
    } catch {
      return false;
    }
  });
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function runSetup(setup: Setup, cases: Case[]): Promise<CaseResult[]> {
  const h = await startSetup(setup);
  try {
    const answers = new Map<number, { status: number; text: string }>();
    await pool(cases.filter((c) => !c.roundTrip), IN_FLIGHT, async (c) => {
      answers.set(c.id, await send(h, c));
    });
    // Round trips queue scripted replies on a shared fake: one at a time, once nothing else is in flight.
    for (const c of cases.filter((x) => x.roundTrip)) {
      const backend = h.fakes[Object.values(BACKEND_MODELS).findIndex((m) => String((c.spec.body as { model: string }).model).startsWith(m))]!;
      answers.set(c.id, await runRoundTrip(h, c, backend));
    }
    const received: RecordedRequest[] = h.fakes.flatMap((f) => f.requests);
    return judge(cases, answers, received);
  } finally {
    await h.close();
  }
}

/** Attributes each received request to cases and finds their planted values in it. */
export function judge(cases: Case[], answers: Map<number, { status: number; text: string }>, received: RecordedRequest[]): CaseResult[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const views = new Map<number, Recovered[]>();
  const unattributed: Recovered[] = [];
  for (const req of received) {
    const v = recover({ path: req.path, headers: req.headers, body: req.body });
    const ids = new Set<number>();
    for (const view of v.views) for (const m of view.matchAll(NONCE_RE)) if (byId.has(Number(m[1]))) ids.add(Number(m[1]));
    if (ids.size === 0) unattributed.push(v);
    for (const id of ids) views.set(id, [...(views.get(id) ?? []), v]);
  }
  return cases.map((c) => {
    const answer = answers.get(c.id) ?? { status: 0, text: 'not sent' };
    const mine = views.get(c.id) ?? [];
    const recovered = new Set<string>();
    for (const v of mine) for (const n of recoveredNeedles(v, c.planted.needles)) recovered.add(n);
    let strays = 0;
    for (const v of unattributed) {
      const found = recoveredNeedles(v, c.planted.needles);
      if (found.length > 0) strays++;
      for (const n of found) recovered.add(n);
    }
    const result: CaseResult = { case: c, status: answer.status, forwarded: mine.length + strays, recovered: [...recovered] };
    if (recovered.size > 0) {
      result.failure = 'leak';
      result.detail = `status ${answer.status}, ${recovered.size}/${c.planted.needles.length} values at the backend`;
    } else if (answer.status === 0) {
      result.failure = 'no-answer';
      result.detail = answer.text.slice(0, 200);
    } else if (answer.status >= 400 && result.forwarded === 0 && !clearError(c, answer.text)) {
      result.failure = 'unclear-refusal';
      result.detail = `status ${answer.status}: ${answer.text.slice(0, 200)}`;
    }
    return result;
  });
}

/** Builds the matrix and runs it on both setups concurrently. */
export async function runSuite(filter?: Parameters<typeof buildMatrix>[0]): Promise<CaseResult[]> {
  const cases = buildMatrix(filter);
  const results = await Promise.all(SETUPS.map((s) => runSetup(s, cases.filter((c) => c.setup === s))));
  return results.flat().sort((a, b) => a.case.id - b.case.id);
}
