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

function redactUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password === '' && parsed.username === '') return url;
  parsed.username = parsed.username === '' ? '' : REDACTED;
  parsed.password = parsed.password === '' ? '' : REDACTED;
  return parsed.toString();
}
