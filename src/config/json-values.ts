/**
 * Small helpers for plain JSON-like values (what YAML and JSON parse into), shared by the schema
 * validator and the config loader.
 */
import type { SchemaType } from './validate-schema.ts';

/** True for `{...}` objects (not arrays, null, class instances or binary data). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Structural equality for JSON values, used by `enum`, `const` and `uniqueItems`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Names what a value is, for "got ..." in messages. Strings are not echoed: a misplaced secret
 * must not end up in an error message.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'a non-finite number';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return String(value);
  if (isPlainObject(value)) return 'a mapping';
  return `a ${typeof value}`;
}

const TYPE_NAMES: Record<SchemaType, string> = {
  null: 'null',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  number: 'a number',
  integer: 'a whole number',
  string: 'a string',
};

/** "a string", "a string or a mapping", "a number, a string or null". */
export function typeNames(types: readonly SchemaType[]): string {
  const names = [...new Set(types.map((t) => TYPE_NAMES[t]))];
  if (names.length <= 1) return names[0] ?? 'nothing';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
