/**
 * ArcSight Common Event Format (CEF) for SIEM export, one line per audit event:
 *   CEF:0|Sekisho|Sekisho|<version>|<signature id>|<name>|<severity>|<extension>
 * Header fields escape `\` and `|` with a backslash; extension values escape `\` and `=` with a
 * backslash and newlines as `\n` / `\r` (`|` needs no escaping there). Keys are fixed ASCII names.
 */
import type { AuditEvent } from './audit-event.ts';

/** Escapes a header field (version, signature id, name). */
export function cefHeader(value: string): string {
  return value.replace(/[\\|]/g, (c) => '\\' + c).replace(/\r\n|\r|\n/g, ' ');
}

/** Escapes an extension value. */
export function cefValue(value: string): string {
  return value.replace(/[\\=]/g, (c) => '\\' + c).replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Signature id and name per outcome: what a SIEM rule keys on. */
function classify(event: AuditEvent): { signature: string; name: string; severity: number } {
  if (event.decision.enforced === 'block') return { signature: 'request-blocked', name: 'Request blocked by policy', severity: 7 };
  if (event.decision.action === 'refused') return { signature: 'request-refused', name: 'Request refused by the gateway', severity: 5 };
  if (event.error !== undefined && event.status >= 400) return { signature: 'request-failed', name: 'Request failed', severity: 3 };
  if (event.decision.enforced === 'redact') return { signature: 'request-redacted', name: 'Request redacted', severity: 5 };
  if (event.decision.enforced === 'route-internal') return { signature: 'request-rerouted', name: 'Request routed internally', severity: 5 };
  if (event.findings.length > 0 || event.decision.monitor) return { signature: 'request-findings', name: 'Request allowed with findings', severity: 4 };
  return { signature: 'request-allowed', name: 'Request allowed', severity: 1 };
}

/**
 * One CEF line. Field mapping (docs/audit.md): rt arrival (epoch ms), externalId request id, suser
 * principal, requestClientApplication client tool, act enforced action, outcome success/failure,
 * reason error code, cnt findings, cs1 rule, cs2 requested model, cs3 served model, cs4 backend,
 * cs5 zone, cs6 session hash, cn1 status, cn2 input tokens, cn3 output tokens, cfp1 latency ms, msg
 * finding summary (type:rule, no values).
 */
export function toCef(event: AuditEvent, version: string): string {
  const c = classify(event);
  const ext: Array<[string, string | number | undefined]> = [
    ['rt', Date.parse(event.time)],
    ['externalId', event.id],
    ['suser', event.principal.user ?? event.principal.id],
    ['suid', event.principal.id],
    ['requestClientApplication', event.clientTool],
    ['app', event.api],
    ['act', event.decision.enforced],
    ['outcome', event.status < 400 ? 'success' : 'failure'],
    ['reason', event.error],
    ['cnt', event.findings.length],
    ['cs1Label', 'rule'],
    ['cs1', event.decision.rule],
    ['cs2Label', 'requestedModel'],
    ['cs2', event.requestedModel],
    ['cs3Label', 'servedModel'],
    ['cs3', event.served?.model],
    ['cs4Label', 'backend'],
    ['cs4', event.served?.backend],
    ['cs5Label', 'zone'],
    ['cs5', event.served?.zone],
    ['cs6Label', 'session'],
    ['cs6', event.session],
    ['cn1Label', 'status'],
    ['cn1', event.status],
    ['cn2Label', 'inputTokens'],
    ['cn2', event.usage?.inputTokens],
    ['cn3Label', 'outputTokens'],
    ['cn3', event.usage?.outputTokens],
    ['cfp1Label', 'latencyMs'],
    ['cfp1', event.latencyMs],
    ['msg', event.findings.length > 0 ? 'findings: ' + [...new Set(event.findings.map((f) => `${f.type}:${f.ruleId}`))].join(', ') : undefined],
  ];
  // A label without its value is noise: drop both.
  const present = ext.filter(([k, v], i) => v !== undefined && !(k.endsWith('Label') && ext[i + 1]?.[1] === undefined));
  const extension = present.map(([k, v]) => `${k}=${cefValue(String(v))}`).join(' ');
  return `CEF:0|Sekisho|Sekisho|${cefHeader(version)}|${c.signature}|${cefHeader(c.name)}|${c.severity}|${extension}`;
}
