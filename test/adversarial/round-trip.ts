/**
 * The thinking round trip, as an ordinary Claude Code or Codex session with reasoning does it:
 *   1. the client sends a value; the backend gets a placeholder (or the request is refused);
 *   2. the model "thinks" about the placeholder; the answer's thinking / reasoning block goes back to the
 *      client (a gateway that restores real values there puts the secret into a signed block);
 *   3. the client resends that block, as received, with its next turn.
 * Steps 2 and 3 queue a scripted reply on the shared fake, so these cases run one at a time after the
 * concurrent ones. Everything the backend received in the three turns is judged like any other case.
 */
import type { Harness } from '../support/gateway-harness.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import { writeJson } from './json-text.ts';
import type { Case } from './matrix.ts';
import { PATHS, Wire } from './wire.ts';

/** What a backend-side placeholder looks like: the suite reads it from what the backend received. */
const PLACEHOLDER_RE = /REDACTED_[A-Z0-9_]+_[0-9A-Fa-f]{6,}/;

type Json = Record<string, unknown>;

async function post(h: Harness, c: Case, body: unknown, stream: boolean): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': 'client-key', 'x-session-id': c.nonce };
  if (c.api === 'messages') headers['anthropic-version'] = '2023-06-01';
  const res = await fetch(h.url + PATHS[c.api], { method: 'POST', headers, body: writeJson({ ...(body as Json), stream }), signal: AbortSignal.timeout(30_000) });
  return { status: res.status, text: await res.text() };
}

/** Runs the three turns; returns the client-visible status of the last turn sent. */
export async function runRoundTrip(h: Harness, c: Case, backend: FakeUpstream): Promise<{ status: number; text: string }> {
  const w = new Wire({ api: c.api, stream: c.stream, model: String((c.spec.body as Json).model), nonce: c.nonce, planted: c.planted });
  const first = c.spec.body as Json;
  const seen = backend.requests.length;
  const one = await post(h, c, first, c.stream);
  if (one.status >= 400) return one;
  const placeholder = backend.requests.slice(seen).map((r) => r.body.match(PLACEHOLDER_RE)?.[0]).find((p) => p !== undefined);
  // No placeholder: nothing was redacted (the matrix judges the leak, if any, from turn 1).
  if (placeholder === undefined) return one;

  backend.enqueue({ kind: 'text', text: 'I will keep that private.', reasoning: `The user pasted ${placeholder}; it is a credential, I must not repeat it.` });
  const two = await post(h, c, first, false);
  if (two.status >= 400) return two;
  const answer = JSON.parse(two.text) as Json;
  const history = (c.api === 'messages' ? first.messages : first.input) as unknown[];
  const next =
    c.api === 'messages'
      ? { ...first, messages: [...history, { role: 'assistant', content: answer.content }, w.user('Thanks. Now write the deploy script.')] }
      : { ...first, input: [...history, ...(answer.output as unknown[]), w.user('Thanks. Now write the deploy script.')] };
  return post(h, c, next, c.stream);
}
