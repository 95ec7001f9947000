import type { Finding } from '../inspection/finding.ts';
import type { Uninspected } from '../inspection/surfaces.ts';
import type { PlacedDetection } from '../inspection/inspector.ts';
import type { Principal } from '../domain/principal.ts';
import type { Decision } from '../domain/decision.ts';
import type { Served } from '../domain/served.ts';
import type { BackendExchange } from '../backends/exchange.ts';
import type { TurnTail } from '../inspection/turn-tails.ts';

export type { Principal } from '../domain/principal.ts';
export type { PolicyAction, Decision } from '../domain/decision.ts';
export type { Served } from '../domain/served.ts';

export type { BackendCall } from '../backends/exchange.ts';

/**
 * Everything one request carries through the pipeline. Stages read what earlier stages set; the audit
 * stage reads all of it at the end. Request content lives only here, in memory, for the request's life.
 */
export interface RequestContext extends BackendExchange {
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Wall clock at arrival, for logs and audit. */
  receivedAt: Date;
  principal: Principal;
  /** What inspection found (values replaced by keyed hashes). */
  findings: Finding[];
  /** In-process only (hold plaintext values): what redaction replaces when policy decides `redact`. */
  detections: PlacedDetection[];
  /** Images and documents that were not inspected. */
  uninspected: Uninspected[];
  decision: Decision;
  /** Set by the decide stage: `decision` is policy's (before it, `decision` is only the initial allow). */
  decided?: boolean;
  /** Set when the forward stage starts: from then on a failure is not a refusal by the gateway itself. */
  forwarding?: boolean;
  /** Which client tool sent the request (from user agent and headers): `claude-code`, `codex`, `opencode`, `openai-sdk`, `anthropic-sdk`, `other`. */
  clientTool: string;
  /** The conversation/session this request belongs to (client session header, else a hash of its start). */
  sessionKey?: string;
  /**
   * `res.end` was called and the audit stage is holding the real end until the request's event has
   * committed: the answer is complete as far as the pipeline is concerned (nothing more is written).
   */
  ending?: boolean;
  /** Responses API: the end of this request's joinable text, remembered under the answer's id (inspection/turn-tails.ts). */
  turnTail?: TurnTail;
  /**
   * Set once the answer is committed to a backend and the request's body, parsed value and history were
   * dropped (release.ts): from then on `json` is empty and `conversation` has no `messages`.
   */
  released?: boolean;
  /** Worked out before the release: a found value sits where redaction cannot reach (build-event.ts). */
  predictedUnredactable?: boolean;
  /** Set by the limit stage when it may charge the prompt estimate after the answer: the release keeps it in `promptTokens`. */
  countsPromptTokens?: boolean;
  /** The prompt's token estimate, worked out before the release (limit stage). */
  promptTokens?: number;
}

/** Milliseconds the gateway itself spent on this request so far (total minus time waiting on the backend). */
export function overheadMs(ctx: RequestContext): number {
  return Math.max(0, performance.now() - ctx.startedAt - ctx.upstreamMs);
}

/** The status a request ended with (audit, logs, metrics): 499 when the client went away before the answer was complete. */
export function finalStatus(ctx: RequestContext): number {
  if (ctx.clientAbort.signal.aborted && !ctx.res.writableFinished && !ctx.completed) return 499;
  return ctx.status ?? (ctx.res.headersSent ? ctx.res.statusCode : (ctx.error?.status ?? 500));
}

/**
 * The error code when the gateway refused this request itself — any error it raised before a backend
 * was tried, other than a policy block (a policy decision, recorded as such) — else undefined. The audit
 * event, the access log and the metrics record such a request as `refused`, not as a policy decision.
 */
export function refusalCode(ctx: RequestContext): string | undefined {
  const error = ctx.error;
  if (error === undefined || ctx.forwarding || error.code === 'SEKISHO_ERR_POLICY_BLOCKED') return undefined;
  // The client went away before any answer: nothing was refused (recorded as 499 with its error).
  if (ctx.clientAbort.signal.aborted && !ctx.res.headersSent) return undefined;
  return error.code;
}
