import type { BackendExchange } from './exchange.ts';
import type { Candidate } from './candidate.ts';
import type { Plan } from './plan.ts';
import type { Dialect } from '../protocols/protocol.ts';
import { planFor } from './plan.ts';
import type { UpstreamRequestOptions, UpstreamResponse } from './upstream-request.ts';
import { isRetryableBeforeFirstByte, isRetryableStatus, readAll, sendUpstream } from './upstream-request.ts';
import { backendConfigError, bodyForLog, isBackendConfigError, isBackendConfigStatus, likelyCause } from './backend-status.ts';
import { buildPassthrough, relayPassthrough } from './passthrough.ts';
import { buildTranslated, relayTranslated, upstreamStatusError } from './translate.ts';
import { answerCountTokensLocally } from './count-tokens.ts';
import { relayCompletionsRestored } from './restore-completions.ts';
import { gatewayError, GatewayError, toGatewayError } from '../errors.ts';

/**
 * Sends the request to the first candidate that takes it. Before the first byte reaches the client a
 * failure (connect error, timeout, 5xx/429) moves on to the next candidate, up to `attempts` tries;
 * after it, the answer is committed and failures are reported in-stream.
 */
/**
 * Checks a body that differs from the one inspected (translated, or rewritten by redaction) before it is
 * sent; throws to refuse it (pipeline/egress-check.ts).
 */
export type EgressCheck = (ctx: BackendExchange, dialect: Dialect, body: string | Buffer) => void;

export async function forward(ctx: BackendExchange, attempts: number, checkEgress?: EgressCheck): Promise<void> {
  let lastError: GatewayError | undefined;
  let tried = 0;
  const skipped: string[] = [];
  for (const candidate of ctx.candidates) {
    if (tried >= attempts) break;
    const plan = planFor(ctx.endpoint, candidate.backend, ctx.search);
    if (plan.mode === 'unsupported') {
      skipped.push(plan.reason);
      continue;
    }
    if (plan.mode === 'estimate') {
      setServed(ctx, candidate, 'local', tried);
      answerCountTokensLocally(ctx);
      return;
    }
    tried++;
    setServed(ctx, candidate, plan.mode, tried);
    const options = build(ctx, candidate, plan);
    if (checkEgress && (plan.mode === 'translate' || ctx.redaction)) {
      checkEgress(ctx, plan.mode === 'translate' ? plan.dialect : ctx.endpoint.dialect, options.body ?? '');
    }
    candidate.backend.inFlight++;
    try {
      let upstream: UpstreamResponse;
      try {
        upstream = await sendUpstream(candidate.backend, options);
      } catch (err) {
        const e = toGatewayError(err);
        (ctx.backendCalls ??= []).push({ backend: candidate.backend.name, status: 'error' });
        if (!isRetryableBeforeFirstByte(e)) throw e;
        candidate.backend.recordFailure(e.message);
        lastError = e;
        ctx.log.warn('upstream attempt failed', { requestId: ctx.id, backend: candidate.backend.name, code: e.code });
        continue;
      }
      ctx.upstreamMs += upstream.waitMs;
      (ctx.backendCalls ??= []).push({ backend: candidate.backend.name, status: String(upstream.status), firstByteMs: upstream.waitMs });
      if (upstream.status >= 400) {
        const idle = candidate.backend.config.timeouts.idleMs;
        if (isRetryableStatus(upstream.status)) {
          candidate.backend.recordFailure(`HTTP ${upstream.status}`);
          lastError = await upstreamStatusError(upstream, idle, ctx.clientAbort.signal, candidate.backend.name);
          ctx.log.warn('upstream attempt failed', { requestId: ctx.id, backend: candidate.backend.name, status: upstream.status });
          continue;
        }
        if (ctx.endpoint.api === 'count_tokens' && (upstream.status === 404 || upstream.status === 405)) {
          // The backend has no token counter after all: answer with the documented estimate.
          upstream.body.resume();
          setServed(ctx, candidate, 'local', tried);
          answerCountTokensLocally(ctx);
          return;
        }
        if (isBackendConfigStatus(upstream.status)) {
          // The backend's key, URL or model name is wrong: the operator's problem, said so (backend-status.ts).
          lastError = await backendConfigFailure(ctx, candidate, upstream, options.path);
          continue;
        }
        if (plan.mode === 'translate') throw await upstreamStatusError(upstream, idle, ctx.clientAbort.signal, candidate.backend.name);
        // Same dialect: the backend's error body is already in the client's format.
      } else {
        candidate.backend.recordSuccess();
      }
      // Committed: no other candidate will be tried, so the body sent up is not needed while the answer
      // relays (this frame stays alive until then).
      options.body = undefined;
      ctx.onCommitted?.();
      await relay(ctx, upstream, plan, candidate);
      return;
    } finally {
      candidate.backend.inFlight--;
    }
  }
  if (lastError) {
    // A refusing or misaddressed backend will refuse again: tell the SDKs (which retry 5xx) not to.
    if (isBackendConfigError(lastError) && !ctx.res.headersSent) ctx.res.setHeader('x-should-retry', 'false');
    throw lastError;
  }
  if (skipped.length > 0) throw gatewayError('SEKISHO_ERR_UNSUPPORTED_BY_BACKEND', { detail: skipped.join('; ') });
  throw gatewayError('SEKISHO_ERR_NO_HEALTHY_BACKEND', { model: ctx.model });
}

async function backendConfigFailure(ctx: BackendExchange, candidate: Candidate, upstream: UpstreamResponse, path: string): Promise<GatewayError> {
  const backend = candidate.backend;
  let body = '';
  try {
    body = (await readAll(upstream.body, backend.config.timeouts.idleMs, ctx.clientAbort.signal, 64 * 1024)).toString('utf8');
  } catch {
    upstream.body.resume(); // too long or cut: the status alone says enough
  }
  const error = backendConfigError(backend, upstream.status, path, body, candidate.model);
  ctx.log.warn('backend refused the gateway', {
    requestId: ctx.id,
    backend: backend.name,
    status: upstream.status,
    url: backend.urlForLog(path.split('?')[0] ?? path),
    cause: likelyCause(backend, upstream.status, body, candidate.model),
    body: bodyForLog(backend, body),
  });
  return error;
}

function build(ctx: BackendExchange, candidate: Candidate, plan: Exclude<Plan, { mode: 'estimate' | 'unsupported' }>): UpstreamRequestOptions {
  return plan.mode === 'passthrough'
    ? buildPassthrough(ctx, candidate, plan.path)
    : buildTranslated(ctx, candidate, plan.dialect, plan.path);
}

function relay(ctx: BackendExchange, upstream: UpstreamResponse, plan: Exclude<Plan, { mode: 'estimate' | 'unsupported' }>, candidate: Candidate): Promise<void> {
  const idle = candidate.backend.config.timeouts.idleMs;
  if (plan.mode === 'translate') return relayTranslated(ctx, upstream, plan.dialect, idle);
  // A conversation with redacted values needs its answer restored: decode and re-encode it even though
  // the dialects match. Error answers and non-generation APIs still pass through.
  if (ctx.restorer && ctx.endpoint.generation && upstream.status < 400) return relayTranslated(ctx, upstream, ctx.endpoint.dialect, idle);
  if (ctx.restorer && ctx.endpoint.api === 'completions' && upstream.status < 400) return relayCompletionsRestored(ctx, upstream, idle);
  return relayPassthrough(ctx, upstream, idle);
}

function setServed(ctx: BackendExchange, candidate: Candidate, mode: 'passthrough' | 'translate' | 'local', attempts: number): void {
  ctx.served = { backend: candidate.backend.name, model: candidate.model, zone: candidate.backend.config.zone, mode, attempts };
}
