/**
 * Decision-side classes: not "can a value be smuggled past inspection" (classes.ts) but "does the
 * decision hold over a session". Each case is a conversation on its own gateway with an internal and an
 * external backend and a policy that keeps personal data internal (`route-internal`, which pins the
 * session):
 *
 *   1. the client sends a planted personal-data value; the turn must be served internally and pins the
 *      session;
 *   2. the client continues the conversation naming the session differently (a class's trick), with
 *      content derived from the internal answer in its history (`derived`: text detectors do not know,
 *      standing for the internal model's analysis of the sensitive content).
 *
 * A case leaks when the planted value or the derived text is recovered (recover.ts, by bytes) from what
 * the external backend received. Single-turn classes (model-name tricks) stop after turn 1.
 */
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import type { PolicyDocument } from '../../src/policy/types.ts';
import { writeJson } from './json-text.ts';
import { kindNamed, seeded } from './planted.ts';
import { nonceOf, NONCE_RE, type Case } from './matrix.ts';
import { recover, recoveredNeedles } from './recover.ts';
import { PATHS, Wire, type GenerationApi } from './wire.ts';
import type { AttackClass } from './classes.ts';
import type { CaseResult } from './run.ts';

type Json = Record<string, unknown>;

/** One request of a decision case. */
interface Turn {
  /** Another endpoint of the API (count_tokens). */
  path?: string;
  body: Json;
  headers?: Record<string, string>;
}

interface TurnInput {
  w: Wire;
  /** The planted value's text (turn 1 only). */
  text: string;
  /** Text derived from the internal answer (turn 2). */
  derived: string;
  /** Turn 1's answer body as the client got it. */
  answer?: string;
  /** A per-case session id. */
  session: string;
  /** Which variant of the class (case index within the class). */
  variant: number;
}

export interface DecisionClass extends AttackClass {
  first(t: TurnInput): Turn;
  /** The second turn, or undefined for single-turn classes. */
  second?(t: TurnInput): Turn;
}

const GEN: GenerationApi[] = ['messages', 'chat', 'responses'];
const PII_KINDS = ['jp-my-number', 'jp-phone', 'credit-card'];
/** Internal model the policy falls back to; external models are served by the catch-all route. */
const INTERNAL_MODEL = 'local-coder';
const EXTERNAL_MODEL = 'to-outside';

export const DECISION_POLICY: PolicyDocument = {
  default: 'allow',
  monitor: false,
  internalModel: INTERNAL_MODEL,
  rules: [{ name: 'keep-personal-data-internal', action: 'route-internal', monitor: false, when: { findings: [{ type: ['pii'], minCount: 1 }] } }],
};

/** Turn 1: the opening, then the planted value in a user message. */
const sensitive = (t: TurnInput, headers: Record<string, string> = {}, extra: Json = {}): Turn => ({ body: t.w.simple(`Customer record for the ticket: ${t.text}`, extra), headers });
/** Turn 2: the same opening, the internal answer's analysis in the history, a new question. */
const followUp = (t: TurnInput, headers: Record<string, string> = {}, extra: Json = {}): Turn => ({
  body: t.w.body([t.w.user('Customer record for the ticket: (attached earlier)'), t.w.assistant(`Internal analysis: ${t.derived}`), t.w.user('Now draft the reply.')], extra),
  headers,
});
/** Turn 2 after a compacted history: a summary replaces the opening, so the conversation start is new. */
const compacted = (t: TurnInput, headers: Record<string, string> = {}, extra: Json = {}): Turn => {
  const w = t.w;
  const items = [w.user(`Summary of the earlier conversation ${w.c.nonce}: ${t.derived}`), w.user('Now draft the reply.')];
  const { model, stream } = w.c;
  const body: Json =
    w.api === 'messages' ? { model, max_tokens: 64, stream, messages: items, ...extra }
    : w.api === 'chat' ? { model, stream, messages: items, ...extra }
    : { model, stream, store: false, input: items, ...extra };
  return { body, headers };
};

/** The response id in a Responses answer (JSON or SSE: the first `id` is the response's). */
function responseId(answer: string | undefined): string | undefined {
  return answer === undefined ? undefined : /"id"\s*:\s*"(resp_[^"]+)"/.exec(answer)?.[1];
}

const MODEL_TRICKS = ['TO-OUTSIDE', ' to-outside', 'to-outside ', 'openai/to-outside', 'to-outside%2Fx', `${INTERNAL_MODEL}\t`, 'Local-Coder', `${EXTERNAL_MODEL}/../${INTERNAL_MODEL}`];

export const DECISION_CLASSES: DecisionClass[] = [
  {
    name: 'pin-same-session', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-session-id': t.session }),
    second: (t) => followUp(t, { 'x-session-id': t.session }),
  },
  {
    name: 'pin-header-changed', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-session-id': t.session }),
    second: (t) => followUp(t, { 'x-session-id': `${t.session}-resumed` }),
  },
  {
    name: 'pin-header-dropped', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-claude-code-session-id': t.session }),
    second: (t) => followUp(t),
  },
  {
    name: 'pin-header-added', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-session-id': t.session }),
    second: (t) => followUp(t, { 'x-claude-code-session-id': `${t.session}-new`, 'x-session-id': t.session }),
  },
  {
    name: 'pin-codex-session-compacted', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => sensitive(t, { session_id: t.session }),
    second: (t) => compacted(t, { session_id: t.session }),
  },
  {
    name: 'pin-metadata-session', group: 'decision', kinds: PII_KINDS, apis: ['messages'], build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-claude-code-session-id': t.session }),
    second: (t) => compacted(t, {}, { metadata: { user_id: `user_0a1b_account_2c3d_session_${t.session}` } }),
  },
  {
    name: 'pin-previous-response-id', group: 'decision', kinds: PII_KINDS, apis: ['responses'], build: () => ({ body: {} }),
    first: (t) => sensitive(t, {}, { store: true }),
    second: (t) => {
      const { model, stream } = t.w.c;
      const id = responseId(t.answer);
      return { body: { model, stream, store: true, input: [t.w.user(`Case ${t.w.c.nonce}: expand on ${t.derived}`)], ...(id === undefined ? {} : { previous_response_id: id }) } };
    },
  },
  {
    // Claude Code counts tokens of the whole conversation between turns: the count goes where the session goes.
    name: 'pin-count-tokens', group: 'decision', kinds: PII_KINDS, apis: ['messages'], build: () => ({ body: {} }),
    first: (t) => sensitive(t, { 'x-claude-code-session-id': t.session }),
    second: (t) => {
      const turn = followUp(t, { 'x-claude-code-session-id': t.session });
      delete turn.body['stream'];
      delete turn.body['max_tokens'];
      return { ...turn, path: '/v1/messages/count_tokens' };
    },
  },
  {
    name: 'pin-model-name-trick', group: 'decision', kinds: PII_KINDS, apis: GEN, build: () => ({ body: {} }),
    first: (t) => {
      const turn = sensitive(t, { 'x-session-id': t.session });
      turn.body['model'] = MODEL_TRICKS[t.variant % MODEL_TRICKS.length];
      return turn;
    },
  },
];

interface DecisionCase extends Case {
  cls: DecisionClass;
  derived: string;
  session: string;
  variant: number;
}

/** Case ids start here, apart from the main matrix's. */
const FIRST_ID = 1_000_000;

function buildCases(filter: (c: AttackClass) => boolean): DecisionCase[] {
  const cases: DecisionCase[] = [];
  for (const cls of DECISION_CLASSES) {
    if (!filter(cls)) continue;
    let variant = 0;
    for (const api of cls.apis) {
      for (const stream of [false, true]) {
        for (const kindName of cls.kinds as string[]) {
          const id = FIRST_ID + cases.length;
          const rng = seeded(0xdec1 + id * 7919);
          const planted = kindNamed(kindName).make(rng);
          const words = ['amber', 'harbor', 'quiet', 'ledger', 'meadow', 'copper', 'violet', 'summit'];
          const derived = `${words[Math.floor(rng() * 8)]} ${words[Math.floor(rng() * 8)]} settlement finding ${Math.floor(rng() * 1e6)}`;
          const nonce = nonceOf(id);
          cases.push({
            id, className: cls.name, group: cls.group, api, stream, route: 'passthrough', setup: 'policy', kind: kindName, nonce, planted,
            spec: { body: {} }, roundTrip: false, cls, derived, session: `sess-${nonce}`, variant: variant++,
          });
        }
      }
    }
  }
  return cases;
}

async function post(h: Harness, api: GenerationApi, turn: Turn): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': 'client-key', ...turn.headers };
  if (api === 'messages') headers['anthropic-version'] = '2023-06-01';
  try {
    const res = await fetch(h.url + (turn.path ?? PATHS[api]), { method: 'POST', headers, body: writeJson(turn.body), signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { status: 0, text: String(err) };
  }
}

async function runCase(h: Harness, c: DecisionCase): Promise<{ status: number; text: string; firstInternal: boolean }> {
  const w = new Wire({ api: c.api, stream: c.stream, model: EXTERNAL_MODEL, nonce: c.nonce, planted: c.planted });
  const input: TurnInput = { w, text: c.planted.text, derived: c.derived, session: c.session, variant: c.variant };
  const inside = h.fakes[0]!;
  const before = inside.requests.filter((r) => r.body.includes(c.nonce)).length;
  const one = await post(h, c.api as GenerationApi, c.cls.first(input));
  const firstInternal = inside.requests.filter((r) => r.body.includes(c.nonce)).length > before;
  if (one.status >= 400 || c.cls.second === undefined) return { ...one, firstInternal };
  const two = await post(h, c.api as GenerationApi, c.cls.second({ ...input, answer: one.text }));
  return { ...two, firstInternal };
}

/** Runs the decision classes on their own gateway (internal + external backend) and judges them by bytes. */
export async function runDecisionSuite(filter: (c: AttackClass) => boolean = () => true): Promise<CaseResult[]> {
  const cases = buildCases(filter);
  if (cases.length === 0) return [];
  const h = await startHarness({
    inspection: 'report',
    policy: { document: DECISION_POLICY },
    backends: [
      { name: 'inside', flavor: 'vllm', zone: 'internal', apis: ['chat', 'responses', 'messages'] },
      { name: 'outside', flavor: 'vllm', zone: 'external', apis: ['chat', 'responses', 'messages'] },
    ],
    routes: () => [
      { match: [INTERNAL_MODEL], targets: [{ backend: 'inside' }], fallbacks: [] },
      { match: ['*'], targets: [{ backend: 'outside' }], fallbacks: [] },
    ],
    retryAttempts: 1,
    audit: { enabled: false },
  });
  try {
    const answers = new Map<number, { status: number; text: string; firstInternal: boolean }>();
    let next = 0;
    await Promise.all(Array.from({ length: 12 }, async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        answers.set(c.id, await runCase(h, c));
      }
    }));
    const external = h.fakes[1]!.requests.map((req) => recover({ path: req.path, headers: req.headers, body: req.body }));
    return cases.map((c) => {
      const answer = answers.get(c.id) ?? { status: 0, text: 'not sent', firstInternal: false };
      const needles = [...c.planted.needles, c.derived];
      const mine = external.filter((v) => v.views.some((view) => [...view.matchAll(NONCE_RE)].some((m) => Number(m[1]) === c.id)) || recoveredNeedles(v, needles).length > 0);
      const recovered = new Set<string>();
      for (const v of mine) for (const n of recoveredNeedles(v, needles)) recovered.add(n);
      const result: CaseResult = { case: c, status: answer.status, forwarded: mine.length, recovered: [...recovered] };
      if (recovered.size > 0 || mine.length > 0) {
        result.failure = 'leak';
        result.detail = `status ${answer.status}, ${mine.length} request(s) of a pinned session at the external backend, ${recovered.size}/${needles.length} values recovered`;
      } else if (answer.status === 0) {
        result.failure = 'no-answer';
        result.detail = answer.text.slice(0, 200);
      } else if (!answer.firstInternal) {
        // The case is void unless turn 1 was kept internal (and so pinned the session).
        result.failure = 'unclear-refusal';
        result.detail = `turn 1 was not served internally (status ${answer.status}: ${answer.text.slice(0, 160)})`;
      }
      return result;
    });
  } finally {
    await h.close();
  }
}
