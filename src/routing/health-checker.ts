import type { Backend } from '../backends/backend.ts';
import type { Logger } from '../log.ts';
import { readAll, sendUpstream } from '../backends/upstream-request.ts';
import { upstreamHeaders } from '../backends/upstream-headers.ts';
import { likelyCause } from '../backends/backend-status.ts';
import { probeApis, type ProbeOutcome } from '../backends/probe-apis.ts';

/** How long each start-up request to a backend may take. */
export const START_CHECK_TIMEOUT_MS = 3_000;

/**
 * Active health checks: every `health.intervalMs`, GET `health.path` on each backend. Success puts a
 * replica back in rotation and refreshes the model list it reports; failures count toward ejection
 * together with the passive failures real requests record. Timers do not keep the process alive.
 */
export class HealthChecker {
  readonly #backends: Backend[];
  readonly #log: Logger;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #abort = new AbortController();

  constructor(backends: Backend[], log: Logger) {
    this.#backends = backends.filter((b) => b.config.health.enabled);
    this.#log = log;
  }

  /** Runs one round of checks now, then keeps checking on each backend's interval. */
  async start(): Promise<void> {
    await Promise.all(this.#backends.map((b) => this.check(b)));
    for (const b of this.#backends) {
      const timer = setInterval(() => void this.check(b), b.config.health.intervalMs);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  async check(backend: Backend): Promise<void> {
    const wasHealthy = backend.healthy;
    try {
      const res = await sendUpstream(backend, {
        method: 'GET',
        path: backend.config.health.path,
        headers: upstreamHeaders(backend, backend.nativeDialect, 'health-check', undefined, false),
        signal: this.#abort.signal,
        firstByteMs: backend.config.health.timeoutMs,
      });
      const body = await readAll(res.body, backend.config.health.timeoutMs, this.#abort.signal, 4 * 1024 * 1024);
      if (res.status >= 200 && res.status < 300) {
        backend.models = modelIds(body);
        backend.recordSuccess();
      } else {
        backend.recordFailure(`health check HTTP ${res.status}`);
      }
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      backend.recordFailure(`health check: ${err instanceof Error ? err.message : String(err)}`);
    }
    backend.lastCheckAt = Date.now();
    if (wasHealthy !== backend.healthy) {
      const fields = { backend: backend.name, reason: backend.lastError };
      if (backend.healthy) this.#log.info('backend back in rotation', fields);
      else this.#log.warn('backend taken out of rotation', fields);
    }
  }

  stop(): void {
    this.#abort.abort();
    for (const t of this.#timers) clearInterval(t);
  }
}

/**
 * `sekisho serve`, before it listens: one look at each backend, never fatal. GET its model list (the
 * health path, or `/models`) to learn whether it is reachable, takes the gateway's key and lists models;
 * then, where the config did not state its APIs, probe which native APIs it serves (probe-apis.ts).
 * Logs one line per backend with what it found, and a warning with the likely cause when it refused.
 */
export async function checkBackendsAtStart(backends: Backend[], log: Logger, timeoutMs = START_CHECK_TIMEOUT_MS): Promise<void> {
  await Promise.all(backends.map((b) => checkOne(b, log, timeoutMs)));
}

async function checkOne(backend: Backend, log: Logger, timeoutMs: number): Promise<void> {
  const path = backend.config.health.path !== '' ? backend.config.health.path : '/models';
  const url = backend.urlForLog(path);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs * 2);
  let status: number | undefined;
  try {
    const res = await sendUpstream(backend, {
      method: 'GET',
      path,
      headers: upstreamHeaders(backend, backend.nativeDialect, 'sekisho-start-check', undefined, false),
      signal: abort.signal,
      firstByteMs: timeoutMs,
    });
    status = res.status;
    const body = (await readAll(res.body, timeoutMs, abort.signal, 4 * 1024 * 1024)).toString('utf8');
    if (res.status >= 200 && res.status < 300) {
      backend.models = modelIds(Buffer.from(body));
    } else {
      log.warn('backend check: the backend refused the start-up check', {
        backend: backend.name,
        url,
        status: res.status,
        cause: res.status === 401 || res.status === 403 || res.status === 404 ? likelyCause(backend, res.status, '', '') : 'see the backend status',
      });
    }
  } catch (err) {
    log.warn('backend check: not reachable at start (requests will still be tried)', {
      backend: backend.name,
      url,
      error: err instanceof Error ? err.message : String(err),
    });
    clearTimeout(timer);
    return;
  }
  clearTimeout(timer);
  let probe: ProbeOutcome | undefined;
  if (backend.config.probe && backend.config.type === 'openai') probe = await probeApis(backend, timeoutMs);
  if (probe?.accepted) {
    log.warn('backend check: the backend answered an API probe it should have rejected (list apis in the config to skip the probe)', {
      backend: backend.name,
      paths: probe.accepted,
    });
  }
  log.info('backend checked', {
    backend: backend.name,
    url: backend.urlForLog(),
    status,
    models: backend.models.length > 10 ? [...backend.models.slice(0, 10), `… ${backend.models.length - 10} more`] : backend.models,
    apis: backend.config.apis,
    ...(probe ? { learned: probe.learned, probe: probe.answers, ...(probe.skipped ? { probeSkipped: probe.skipped } : {}) } : {}),
  });
}

/** Model ids from an OpenAI (`{data:[{id}]}`), Anthropic (same) or Ollama (`{models:[{name}]}`) listing. */
function modelIds(body: Buffer): string[] {
  try {
    const json = JSON.parse(body.toString('utf8')) as { data?: Array<{ id?: unknown }>; models?: Array<{ name?: unknown; model?: unknown }> };
    const ids: string[] = [];
    for (const m of json.data ?? []) if (typeof m.id === 'string') ids.push(m.id);
    for (const m of json.models ?? []) {
      const id = m.model ?? m.name;
      if (typeof id === 'string') ids.push(id);
    }
    return ids;
  } catch {
    return [];
  }
}
