/**
 * Canonical JSON: the one byte sequence an audit event hashes to, so an auditor can re-implement the
 * chain check in any language. The rules (those of RFC 8785 "JCS" for the values events contain):
 *
 * - objects: members sorted by key, comparing keys as UTF-16 code unit sequences (JavaScript's default
 *   string order); members whose value is `undefined` are left out;
 * - no whitespace anywhere;
 * - strings: as `JSON.stringify` writes them (ECMAScript 2019+: `"` `\` and control characters escaped,
 *   `\b \f \n \r \t` short forms, other controls as `\u00xx` lower-case, lone surrogates as `\udxxx`,
 *   everything else literal UTF-8);
 * - numbers: finite only, in ECMAScript's shortest round-trip form (`JSON.stringify`); `-0` is `0`;
 * - `true`, `false`, `null`; arrays keep their order.
 *
 * The result is encoded as UTF-8 for hashing.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON: numbers must be finite');
      return JSON.stringify(value === 0 ? 0 : value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON: only plain objects are allowed');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(record[k])).join(',') + '}';
    }
    default:
      throw new TypeError(`canonical JSON: cannot encode a ${typeof value}`);
  }
}
