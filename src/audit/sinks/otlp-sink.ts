/**
 * Streams audit events to an OpenTelemetry collector over OTLP/HTTP (JSON): batches of up to
 * `batchSize` records, POSTed to `<endpoint>/v1/logs` one request at a time, at least every second.
 * Asynchronous and bounded (see sink.ts); a failed POST drops its batch and counts it.
 */
import type { OtlpSinkConfig } from '../../config/types.ts';
import type { Logger } from '../../log.ts';
import type { AuditEvent } from '../audit-event.ts';
import { otlpExportRequest, otlpLogRecord } from './otlp-format.ts';
import { dropReporter, type AuditSink, type SinkStats } from './sink.ts';

const FLUSH_MS = 1_000;

export class OtlpSink implements AuditSink {
  readonly name = 'otlp';
  readonly #config: OtlpSinkConfig;
  readonly #dropped: (count: number, reason: string) => void;
  readonly #url: string;
  #queue: Array<Record<string, unknown>> = [];
  #sending: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sent = 0;
  #dropCount = 0;
  #closed = false;

  constructor(config: OtlpSinkConfig, log: Logger) {
    this.#config = config;
    this.#dropped = dropReporter(log, 'otlp');
    this.#url = `${config.endpoint}/v1/logs`;
  }

  send(event: AuditEvent, body: string): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#config.queueSize) {
      this.#drop(1, 'queue full');
      return;
    }
    this.#queue.push(otlpLogRecord(event, body));
    if (this.#queue.length >= this.#config.batchSize) this.#flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, FLUSH_MS);
      this.#timer.unref();
    }
  }

  stats(): SinkStats {
    return { sent: this.#sent, dropped: this.#dropCount, queued: this.#queue.length };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    const until = Date.now() + this.#config.timeoutMs;
    while ((this.#queue.length > 0 || this.#sending) && Date.now() < until) {
      if (!this.#sending) this.#flush();
      await this.#sending;
    }
  }

  #drop(count: number, reason: string): void {
    this.#dropCount += count;
    this.#dropped(count, reason);
  }

  #flush(): void {
    if (this.#sending || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.#config.batchSize);
    this.#sending = this.#post(batch).finally(() => {
      this.#sending = undefined;
      if (this.#queue.length >= this.#config.batchSize || (this.#closed && this.#queue.length > 0)) this.#flush();
      else if (this.#queue.length > 0 && !this.#timer && !this.#closed) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#flush();
        }, FLUSH_MS);
        this.#timer.unref();
      }
    });
  }

  async #post(batch: Array<Record<string, unknown>>): Promise<void> {
    try {
      const res = await fetch(this.#url, {
        method: 'POST',
        headers: { ...this.#config.headers, 'content-type': 'application/json' },
        body: otlpExportRequest(batch),
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
      await res.arrayBuffer();
      if (res.ok) this.#sent += batch.length;
      else this.#drop(batch.length, `collector answered ${res.status}`);
    } catch (err) {
      this.#drop(batch.length, err instanceof Error ? err.message : String(err));
    }
  }
}
