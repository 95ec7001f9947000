/**
 * Writes request bodies that `JSON.stringify` cannot: an object with the same key twice, a member named
 * `__proto__` (an own property, as a client would send it), and verbatim fragments (escapes chosen by
 * hand, lone surrogates). Everything else is written as `JSON.stringify` would.
 */

/** An object written member by member, in order, duplicates kept. */
export class Members {
  readonly members: Array<[string, unknown]>;
  constructor(members: Array<[string, unknown]>) {
    this.members = members;
  }
}

/** A fragment written exactly as given (it must be valid where it stands, or deliberately not). */
export class Verbatim {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export const members = (...m: Array<[string, unknown]>): Members => new Members(m);
export const verbatim = (text: string): Verbatim => new Verbatim(text);

export function writeJson(value: unknown): string {
  if (value instanceof Verbatim) return value.text;
  if (value instanceof Members) return `{${value.members.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((v) => writeJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A string literal with every character written as a `\u` escape. */
export function escapedLiteral(s: string): Verbatim {
  let out = '"';
  for (let i = 0; i < s.length; i++) out += '\\u' + s.charCodeAt(i).toString(16).padStart(4, '0');
  return new Verbatim(out + '"');
}
