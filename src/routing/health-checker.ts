import type { Backend } from '../backends/backend.ts';
import type { Logger } from '../log.ts';
import { readAll, sendUpstream } from '../backends/upstream-request.ts';
import { upstreamHeaders } from '../backends/upstream-headers.ts';

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
