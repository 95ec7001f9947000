import type { BackendApi } from '../config/types.ts';
import type { Dialect } from '../protocols/protocol.ts';
import type { Backend } from './backend.ts';
import { readAll, sendUpstream } from './upstream-request.ts';
import { upstreamHeaders } from './upstream-headers.ts';

/**
 * Which native APIs an OpenAI-compatible server serves beyond Chat, learned at start so that a client's
 * Messages or Responses request is passed through instead of translated (recent vLLM serves both,
 * llama.cpp's server and Ollama serve Messages, Ollama serves Responses).
 *
 * The probe never asks for a generation: each route gets a body no server can accept (`messages` or
 * `input` of the wrong type, a one-token limit as a second guard). A server that implements the route
 * validates it and answers 400/422 (llama.cpp may answer 500 from its handler; a lax server that
 * answers 2xx anyway has the route too); an unknown route answers 404 or 405. A first request to a route that cannot exist tells what "unknown" looks like on this
 * server: when that is not a 404/405 (a catch-all, a proxy demanding a key), nothing is learned.
 * Every request is bounded by `timeoutMs`; any failure leaves the configured APIs as they are.
 */
export interface ProbeOutcome {
  /** APIs found and added to the backend's `apis`. */
  learned: BackendApi[];
  /** Status (or failure) per probed path, for the log. */
  answers: Record<string, number | string>;
  /** Why nothing could be learned, when so. */
  skipped?: string;
  /** Paths that answered 2xx to a body they should have rejected (a lax server: worth a warning). */
  accepted?: string[];
}

const PROBE_MODEL = 'sekisho-probe';

interface Probe {
  api: BackendApi;
  dialect: Dialect;
  path: string;
  body: Record<string, unknown>;
  /** Only probed when this API is served (count_tokens lives under messages). */
  needs?: BackendApi;
}

const PROBES: Probe[] = [
  { api: 'messages', dialect: 'anthropic-messages', path: 'messages', body: { model: PROBE_MODEL, max_tokens: 1, messages: 'sekisho-probe: not a list of messages' } },
  { api: 'count_tokens', dialect: 'anthropic-messages', path: 'messages/count_tokens', body: { model: PROBE_MODEL, messages: 'sekisho-probe: not a list of messages' }, needs: 'messages' },
  { api: 'responses', dialect: 'openai-responses', path: 'responses', body: { model: PROBE_MODEL, max_output_tokens: 16, input: { 'sekisho-probe': 'not an input' } } },
];

const UNKNOWN_ROUTE = 'sekisho-probe-no-such-route';

/**
 * An answer showing the route exists: its handler rejected the body (or, from a lax server, answered
 * it anyway: a 2xx is logged as a warning by the caller).
 */
function routeExists(status: number, body: string): boolean {
  if (status === 400 || status === 422 || (status >= 200 && status < 300)) return true;
  // llama.cpp's server reports some invalid bodies from inside the handler as a 500 with a JSON error.
  return status === 500 && /^\s*\{[\s\S]*"error"/.test(body);
}

async function ask(backend: Backend, path: string, dialect: Dialect, body: unknown, timeoutMs: number, signal: AbortSignal): Promise<{ status: number; body: string }> {
  const res = await sendUpstream(backend, {
    method: 'POST',
    path,
    headers: upstreamHeaders(backend, dialect, 'sekisho-probe', undefined, false),
    body: JSON.stringify(body),
    signal,
    firstByteMs: timeoutMs,
  });
  let text = '';
  try {
    text = (await readAll(res.body, timeoutMs, signal, 64 * 1024)).toString('utf8');
  } catch {
    res.body.resume();
  }
  return { status: res.status, body: text };
}

/** Probes `backend` and adds what it found to `backend.config.apis` (see the module comment). */
export async function probeApis(backend: Backend, timeoutMs: number): Promise<ProbeOutcome> {
  const answers: Record<string, number | string> = {};
  const learned: BackendApi[] = [];
  const accepted: string[] = [];
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs * (PROBES.length + 1));
  try {
    const baseline = await ask(backend, UNKNOWN_ROUTE, 'openai-chat', {}, timeoutMs, abort.signal);
    answers[`/${UNKNOWN_ROUTE}`] = baseline.status;
    if (baseline.status !== 404 && baseline.status !== 405) {
      return { learned, answers, skipped: `an unknown route answered HTTP ${baseline.status}, so routes cannot be told apart` };
    }
    for (const probe of PROBES) {
      if (backend.supports(probe.api)) continue;
      if (probe.needs !== undefined && !backend.supports(probe.needs)) continue;
      const res = await ask(backend, probe.path, probe.dialect, probe.body, timeoutMs, abort.signal);
      answers[`/${probe.path}`] = res.status;
      if (res.status < 300) accepted.push(probe.path);
      if (routeExists(res.status, res.body)) {
        backend.config.apis.push(probe.api);
        learned.push(probe.api);
      }
    }
    return accepted.length > 0 ? { learned, answers, accepted } : { learned, answers };
  } catch (err) {
    const why = abort.signal.aborted ? `the probe took longer than ${timeoutMs * (PROBES.length + 1)} ms` : err instanceof Error ? err.message : String(err);
    return { learned, answers, skipped: why };
  } finally {
    clearTimeout(timer);
  }
}
