/**
 * A copy of the config that is safe to log or print (`sekisho config show`): API keys, header values
 * that came from secrets or look like credentials, and passwords in URLs are replaced.
 */
import type { Config } from './types.ts';

const REDACTED = '[redacted]';
const SENSITIVE_HEADER = /authorization|cookie|token|secret|password|api[-_]?key|credential/i;

/** Headers objects built by the loader -> names of the headers whose values are plain (not secrets). */
const plainHeaderNames = new WeakMap<object, ReadonlySet<string>>();

/**
 * Why: the loader records which header values were written in plain text. Anything not recorded
 * (a hand-made or copied config) is treated as secret, so redaction fails closed.
 */
export function markPlainHeaders(headers: Record<string, string>, names: Iterable<string>): void {
  plainHeaderNames.set(headers, new Set(names));
}

/** Returns a redacted deep copy; the input is not modified. */
export function redactConfig(config: Config): unknown {
  return {
    ...structuredClone(config),
    server: config.server.metricsToken === undefined ? structuredClone(config.server) : { ...structuredClone(config.server), metricsToken: REDACTED },
    audit: redactAudit(config.audit),
    store: { ...structuredClone(config.store), url: config.store.url === null ? null : redactUrl(config.store.url), ...(config.store.password === undefined ? {} : { password: REDACTED }) },
    redis: { ...structuredClone(config.redis), url: config.redis.url === null ? null : redactUrl(config.redis.url), ...(config.redis.password === undefined ? {} : { password: REDACTED }) },
    backends: config.backends.map((backend) => {
      const plain = plainHeaderNames.get(backend.headers) ?? new Set<string>();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(backend.headers)) {
        headers[name] = plain.has(name) && !SENSITIVE_HEADER.test(name) ? value : REDACTED;
      }
      const copy = { ...structuredClone(backend), url: redactUrl(backend.url), headers };
      if (copy.apiKey !== undefined) copy.apiKey = REDACTED;
      return copy;
    }),
  };
}

/** The transcript key and every OTLP header value (they usually carry a collector token). */
function redactAudit(audit: Config['audit']): unknown {
  const copy = structuredClone(audit) as unknown as Record<string, unknown> & { transcripts: Record<string, unknown>; sinks: { otlp?: { headers: Record<string, string> } } };
  if (audit.transcripts.key !== undefined) copy.transcripts.key = REDACTED;
  if (copy.sinks.otlp) copy.sinks.otlp.headers = Object.fromEntries(Object.keys(copy.sinks.otlp.headers).map((k) => [k, REDACTED]));
  return copy;
}

function redactUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password === '' && parsed.username === '') return url;
  parsed.username = parsed.username === '' ? '' : REDACTED;
  parsed.password = parsed.password === '' ? '' : REDACTED;
  return parsed.toString();
}
