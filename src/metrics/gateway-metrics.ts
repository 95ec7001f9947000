import type { RequestContext } from '../pipeline/context.ts';
import { refusalCode } from '../pipeline/context.ts';
import type { Backend } from '../backends/backend.ts';
import { Registry } from './registry.ts';
import { registerProcessMetrics } from './process-metrics.ts';

/** Seconds; spans a fast gateway answer (ms) to a long agent turn (minutes). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds of the gateway's own work: sub-millisecond up to the inspection time budget. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2];
/** Seconds to a backend's first byte (headers): a local model's prefill can take a minute on a long prompt. */
const FIRST_BYTE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The gateway's Prometheus metrics (`GET /metrics`): what every request did (counted once, when its
 * pipeline has finished) and the backends' state (read at scrape time). Labels are bounded: APIs,
 * actions, config-defined rule and backend names, finding types — never principals or content.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests;
  readonly decisions;
  readonly refusals;
  readonly findings;
  readonly tokens;
  readonly upstreamErrors;
  readonly duration;
  readonly overhead;
  readonly backendRequests;
  readonly backendFirstByte;
  readonly #process;

  constructor(backends: () => Iterable<Backend>, inFlight: () => number) {
    const r = this.registry;
    this.requests = r.counter('sekisho_requests_total', 'Model API requests handled, by client API, HTTP status and enforced action (refused: the gateway refused the request itself).', ['api', 'status', 'action']);
    this.decisions = r.counter('sekisho_decisions_total', 'Policy decisions, by action, rule, and whether the rule was in monitor mode (recorded, not enforced).', ['action', 'rule', 'monitor']);
    this.refusals = r.counter('sekisho_refusals_total', 'Requests the gateway refused itself before any backend was tried (not policy decisions), by client API and error code.', ['api', 'code']);
    this.findings = r.counter('sekisho_findings_total', 'Inspection findings, by type, rule and confidence.', ['type', 'rule', 'confidence']);
    this.tokens = r.counter('sekisho_tokens_total', 'Tokens reported by backends, by direction (input/output) and backend zone.', ['direction', 'zone']);
    this.upstreamErrors = r.counter('sekisho_upstream_errors_total', 'Requests that failed because of a backend (connect, timeout, bad status or protocol), by backend and error code.', ['backend', 'code']);
    this.duration = r.histogram('sekisho_request_duration_seconds', 'Time from request arrival to the end of the answer, by client API.', ['api'], DURATION_BUCKETS);
    this.overhead = r.histogram('sekisho_overhead_seconds', 'Time the gateway itself spent on a request (excluding waiting on the backend), by client API.', ['api'], OVERHEAD_BUCKETS);
    r.gauge('sekisho_requests_in_flight', 'HTTP requests being handled now (a scrape counts itself).', [], () => [[{}, inFlight()]]);
    r.gauge('sekisho_backend_up', '1 when the backend is in rotation, 0 when ejected after failures.', ['backend', 'zone'], () =>
      [...backends()].map((b) => [{ backend: b.name, zone: b.config.zone }, b.healthy ? 1 : 0]),
    );
    r.gauge('sekisho_backend_in_flight', 'Requests in flight to each backend.', ['backend'], () => [...backends()].map((b) => [{ backend: b.name }, b.inFlight]));
    this.backendRequests = r.counter('sekisho_backend_requests_total', 'Calls to each backend (retries included), by the HTTP status it answered, or error when no answer arrived.', ['backend', 'status']);
    this.backendFirstByte = r.histogram('sekisho_backend_first_byte_seconds', 'Time from sending a request to a backend to its answer\'s headers, by backend.', ['backend'], FIRST_BYTE_BUCKETS);
    this.#process = registerProcessMetrics(r);
  }

  /** Stops the event-loop monitor (the gateway is closing). */
  close(): void {
    this.#process.stop();
  }

  /** Records one finished request (called once its pipeline has unwound). */
  observe(ctx: RequestContext, status: number, durationMs: number, overheadMs: number): void {
    const api = ctx.endpoint.api;
    const refused = refusalCode(ctx);
    this.requests.inc({ api, status: String(status), action: refused === undefined ? ctx.decision.enforced : 'refused' });
    if (refused !== undefined) this.refusals.inc({ api, code: refused });
    // Only what policy decided: a request refused before the decide stage has no policy decision.
    if (ctx.decided) this.decisions.inc({ action: ctx.decision.action, rule: ctx.decision.rule, monitor: ctx.decision.monitor ? 'true' : 'false' });
    for (const f of ctx.findings) this.findings.inc({ type: f.type, rule: f.ruleId, confidence: f.confidence });
    const zone = ctx.served?.zone ?? 'none';
    if (ctx.usage?.inputTokens) this.tokens.inc({ direction: 'input', zone }, ctx.usage.inputTokens);
    if (ctx.usage?.outputTokens) this.tokens.inc({ direction: 'output', zone }, ctx.usage.outputTokens);
    if (ctx.error && ctx.error.code.startsWith('SEKISHO_ERR_UPSTREAM')) {
      this.upstreamErrors.inc({ backend: ctx.served?.backend ?? 'none', code: ctx.error.code });
    }
    for (const call of ctx.backendCalls ?? []) {
      this.backendRequests.inc({ backend: call.backend, status: call.status });
      if (call.firstByteMs !== undefined) this.backendFirstByte.observe({ backend: call.backend }, call.firstByteMs / 1000);
    }
    this.duration.observe({ api }, durationMs / 1000);
    this.overhead.observe({ api }, overheadMs / 1000);
  }

  render(): string {
    return this.registry.render();
  }
}
