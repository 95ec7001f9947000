import type { Finding } from './finding.ts';
import type { PolicyAction } from './decision.ts';

/** A policy decision as recorded. */
export interface AuditPolicyDecision {
  action: PolicyAction;
  enforced: PolicyAction;
  rule: string;
  monitor?: boolean;
  reason?: string;
}

/**
 * A request the gateway refused itself before any backend was tried — 401 (credential), 429 (limits),
 * 400/413/415 (unreadable or unacceptable body), fail-closed refusals, no route, … — rather than by a
 * policy decision (a policy block is `action: "block"` with its rule). `action: "refused"` is never a
 * policy action, so the two cannot be confused; `sekisho audit search --decision refused` finds them and
 * `sekisho policy replay` does not re-decide them.
 */
export interface AuditRefusal {
  action: 'refused';
  enforced: 'refused';
  /** The `SEKISHO_ERR_*` code (also in `error`), so searches by rule find refusals of one kind. */
  rule: string;
  /** Why, in a few words without request content: `key revoked`, `rate limit "per-user"`, … */
  reason?: string;
  /** When policy had already decided before the refusal (e.g. route-internal, then no internal backend). */
  policy?: AuditPolicyDecision;
}

/**
 * One audit event per model request, whatever happened to it (allowed, redacted, rerouted, blocked,
 * failed). It carries names, ids, counts and keyed hashes — never request or answer content — and is
 * what `sekisho audit` reads and `sekisho policy replay` re-decides from (so it records every fact a
 * policy rule can match on).
 */
export interface AuditEvent {
  /**
   * Position in the hash chain (1, 2, 3, …), assigned when the event is committed; equal to the
   * `seq` column. Part of the hashed body, so a renumbered event no longer verifies.
   */
  seq?: number;
  /** The request id (`req_…`): returned to the client in `x-request-id` and in block messages. */
  id: string;
  /** Arrival time, ISO 8601 UTC. */
  time: string;
  /**
   * Who made the request. On a refused request, who it claimed to be (`unverified: true`): a revoked or
   * expired key's id and owner, an unknown key's public id, a rejected token's subject, or
   * `unknown:<keyed fingerprint>` for a credential that is neither; `anonymous` only when none was sent.
   */
  principal: { kind: 'anonymous' | 'key' | 'oidc' | 'unknown'; id: string; user?: string; team?: string; groups: string[]; unverified?: true };
  /** `claude-code`, `codex`, `opencode`, `openai-sdk`, `anthropic-sdk`, `other`. */
  clientTool: string;
  /** Keyed hash of the session key (client session header or conversation start). */
  session?: string;
  /** Client API: `messages`, `chat`, `responses`, `completions`, `embeddings`, `count_tokens`. */
  api: string;
  /** Whether the client asked for a streamed answer. */
  stream?: boolean;
  requestedModel: string;
  /** What served the request, when something did. */
  served?: { backend: string; model: string; zone: 'internal' | 'external'; mode: string };
  /** What policy decided, or `refused` when the gateway refused the request itself (see AuditRefusal). */
  decision: AuditPolicyDecision | AuditRefusal;
  /** Findings with values replaced by keyed hashes (as the inspection stage produced them). */
  findings: Finding[];
  /** Pieces of content not inspected (images, PDFs, documents, audio, file references, remote URLs). */
  uninspected: number;
  /** Their kinds, one list per piece (`[["image"], ["pdf", "file-ref"]]`), when there are any: policy replay matches on them. */
  uninspectedKinds?: string[][];
  /** A value found could not be redacted (signed reasoning, an encoded attachment); present only when true. */
  unredactable?: boolean;
  /** Number of values replaced by placeholders. */
  redacted?: number;
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Wall time from arrival to the event, and the gateway's own share of it. */
  latencyMs: number;
  overheadMs: number;
  /** HTTP status sent (499: the client went away first). */
  status: number;
  /** For an admin API call (`api: "admin"`): the operation (`keys.create`, `policy.reload`, `audit.search`, …) and what it acted on. */
  admin?: { operation: string; target?: string };
  /**
   * On a refusal: how many refusals of the same kind (same code, same presented principal) since the
   * previous recorded one were not recorded, because more than `audit.refusalsPerMinute` arrived in a
   * minute (a flood of unauthenticated or malformed requests must not grow the trail without bound).
   */
  suppressed?: number;
  /** `SEKISHO_ERR_*` code when the request failed or was blocked. */
  error?: string;
  /** An encrypted transcript of the forwarded request body was captured (`sekisho audit transcript`). */
  transcript?: boolean;
}
