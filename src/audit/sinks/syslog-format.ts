/**
 * RFC 5424 message format for audit events:
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - BOM MSG
 * PRI = facility × 8 + severity; TIMESTAMP is the event time (RFC 3339, UTC, milliseconds); MSGID is
 * `audit`; no structured data (`-`); MSG is the event's canonical JSON, UTF-8 with the BOM the RFC asks
 * for when MSG is UTF-8.
 */
import { hostname } from 'node:os';

export { SYSLOG_FACILITIES } from '../../config/syslog-facilities.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A header field: printable US-ASCII (33-126) only, at most `max` characters, `-` when empty. */
export function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

export interface SyslogFields {
  facility: number;
  severity: number;
  time: string;
  appName: string;
  msg: string;
  hostname?: string;
  procId?: string;
}

/** One RFC 5424 message as bytes (no transport framing). */
export function formatSyslog(f: SyslogFields): Buffer {
  const pri = f.facility * 8 + f.severity;
  const header = `<${pri}>1 ${f.time} ${headerField(f.hostname ?? hostname(), 255)} ${headerField(f.appName, 48)} ${headerField(f.procId ?? String(process.pid), 128)} audit - `;
  return Buffer.concat([Buffer.from(header, 'ascii'), BOM, Buffer.from(f.msg, 'utf8')]);
}

/** RFC 6587 octet-counting framing for TCP: `MSG-LEN SP SYSLOG-MSG`. */
export function frameOctetCounted(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}
