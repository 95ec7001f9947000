/**
 * Text output of `sekisho audit`: one readable line per event, the verify report, and the time
 * arguments (`--since 24h` or an ISO 8601 date/time).
 */
import type { AuditEvent } from '../../audit/audit-event.ts';
import type { VerifyResult } from '../../audit/verify.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m`, `24h`, `7d` (that long ago) or an ISO 8601 date / date-time; returns ISO 8601 UTC. */
export function parseTimeArg(text: string, now = Date.now()): string {
  const rel = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (rel) return new Date(now - Number(rel[1]) * UNITS[rel[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  throw new Error(`"${text}" is not a time: use an ISO 8601 date or date-time (2025-01-31, 2025-01-31T09:00:00Z) or an age such as 15m, 24h, 7d`);
}

/** One event as a line: time, seq, id, principal, tool, api, model route, decision, status, latency, findings. */
export function formatEventLine(e: AuditEvent): string {
  const route = e.served ? `${e.requestedModel || '-'} -> ${e.served.model}@${e.served.backend}(${e.served.zone})` : e.requestedModel || '-';
  const decision = `${e.decision.action}${e.decision.enforced !== e.decision.action ? `(monitor)` : ''}:${e.decision.rule}`;
  const findings = e.findings.length > 0 ? ` findings=${[...new Set(e.findings.map((f) => `${f.type}:${f.ruleId}`))].join(',')}` : '';
  const usage = e.usage ? ` tokens=${e.usage.inputTokens ?? '-'}/${e.usage.outputTokens ?? '-'}` : '';
  return `${e.time} #${e.seq ?? '?'} ${e.id} ${e.principal.id} ${e.clientTool} ${e.api} ${route} ${decision} ${e.status}${e.error ? ` ${e.error}` : ''} ${e.latencyMs}ms${usage}${findings}${e.transcript ? ' transcript' : ''}`;
}

/** The verify report, for people. */
export function formatVerify(r: VerifyResult): string {
  if (!r.ok) {
    const p = r.problem!;
    return `TAMPERED: ${p.kind} at seq ${p.seq}${p.id ? ` (${p.id})` : ''}\n  ${p.detail}\n  ${r.events} events verified before it.\n`;
  }
  const lines = [`OK: ${r.events} events verified (seq ${r.events === 0 ? '-' : `${r.startSeq + 1}-${r.lastSeq}`}${r.startSeq > 0 ? `, from the purge anchor at seq ${r.startSeq}` : ''}), ${r.checkpoints} signed checkpoints, head ${r.headHash}`];
  if (r.unsignedTail > 0) {
    lines.push(`  note: the last ${r.unsignedTail} events come after the last signed checkpoint (seq ${r.signedThrough}); their truncation could not be detected until the next checkpoint`);
  }
  return lines.join('\n') + '\n';
}
