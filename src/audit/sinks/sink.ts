import type { AuditEvent } from '../audit-event.ts';
import type { Logger } from '../../log.ts';

/**
 * A copy of committed audit events sent elsewhere (a SIEM). Sinks are best effort by design: `send`
 * never throws and never waits; a full queue or a failed delivery drops events and counts them. The
 * store is the record; sinks are a convenience and an off-host copy.
 */
export interface AuditSink {
  readonly name: string;
  /** Queues one committed event (`body` is its canonical JSON, seq included). */
  send(event: AuditEvent, body: string): void;
  stats(): SinkStats;
  /** Sends what is queued (bounded wait), then releases sockets and timers. */
  close(): Promise<void>;
}

export interface SinkStats {
  sent: number;
  dropped: number;
  queued: number;
}

/** Logs dropped events at most every 10 s, with the count since the last report. */
export function dropReporter(log: Logger, sink: string): (count: number, reason: string) => void {
  let pending = 0;
  let last = 0;
  return (count, reason) => {
    pending += count;
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    log.warn('audit sink dropped events', { sink, dropped: pending, reason });
    pending = 0;
  };
}

/** Syslog-style severity of an event: 3 error (5xx), 4 warning (blocked), 5 notice (findings or a non-allow decision), 6 info. */
export function eventSeverity(event: AuditEvent): 3 | 4 | 5 | 6 {
  if (event.decision.enforced === 'block') return 4;
  if (event.status >= 500) return 3;
  if (event.findings.length > 0 || event.decision.action !== 'allow') return 5;
  return 6;
}
