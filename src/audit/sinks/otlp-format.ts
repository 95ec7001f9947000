/**
 * OTLP logs, JSON encoding (OTLP/HTTP `application/json`): one `ExportLogsServiceRequest` with the
 * resource `service.name = sekisho` and the scope `sekisho.audit`. 64-bit integers (timestamps) are
 * strings, as the OTLP JSON mapping requires; the record body is the event's canonical JSON and the
 * searchable facts are attributes.
 */
import type { AuditEvent } from '../audit-event.ts';
import { eventSeverity } from './sink.ts';

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** OTLP severity numbers (logs data model): INFO 9, INFO2 10, WARN 13, ERROR 17. */
const SEVERITY: Record<number, { number: number; text: string }> = {
  3: { number: 17, text: 'ERROR' },
  4: { number: 13, text: 'WARN' },
  5: { number: 10, text: 'INFO2' },
  6: { number: 9, text: 'INFO' },
};

/** A log record for one event. */
export function otlpLogRecord(event: AuditEvent, body: string): Record<string, unknown> {
  const severity = SEVERITY[eventSeverity(event)]!;
  const nanos = (BigInt(Date.parse(event.time)) * 1_000_000n).toString();
  const attributes: KeyValue[] = [];
  const str = (key: string, value: string | undefined): void => {
    if (value !== undefined) attributes.push({ key, value: { stringValue: value } });
  };
  const int = (key: string, value: number | undefined): void => {
    if (value !== undefined) attributes.push({ key, value: { intValue: String(Math.round(value)) } });
  };
  str('event.name', 'sekisho.audit.request');
  str('sekisho.request_id', event.id);
  int('sekisho.seq', event.seq);
  str('sekisho.principal', event.principal.id);
  str('sekisho.client_tool', event.clientTool);
  str('sekisho.api', event.api);
  str('sekisho.decision', event.decision.action);
  str('sekisho.decision.enforced', event.decision.enforced);
  str('sekisho.rule', event.decision.rule);
  int('sekisho.findings', event.findings.length);
  str('sekisho.requested_model', event.requestedModel);
  str('sekisho.served_model', event.served?.model);
  str('sekisho.backend', event.served?.backend);
  str('sekisho.zone', event.served?.zone);
  int('http.response.status_code', event.status);
  str('error.type', event.error);
  return {
    timeUnixNano: nanos,
    observedTimeUnixNano: (BigInt(Date.now()) * 1_000_000n).toString(),
    severityNumber: severity.number,
    severityText: severity.text,
    body: { stringValue: body },
    attributes,
  };
}

/** The request body for a batch of records. */
export function otlpExportRequest(records: Array<Record<string, unknown>>, serviceVersion?: string): string {
  const resource: KeyValue[] = [{ key: 'service.name', value: { stringValue: 'sekisho' } }];
  if (serviceVersion !== undefined) resource.push({ key: 'service.version', value: { stringValue: serviceVersion } });
  return JSON.stringify({
    resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ scope: { name: 'sekisho.audit' }, logRecords: records }] }],
  });
}
