/**
 * A validation failure deep inside request parsing. Thrown by the small per-field parsers and caught
 * once in `parseRequest`, which turns it into a `ParseResult` failure, so the public API never throws
 * while the field parsers stay free of result plumbing.
 */
export class InputError extends Error {
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.name = 'InputError';
    this.param = param;
  }
}

/** Throws an `InputError` for `param` (a JSON path such as `messages[3].content[0].type`). */
export function fail(param: string, message: string): never {
  throw new InputError(`${param}: ${message}`, param);
}

/** Describes a JSON value's type for messages ("expected a string, got number"). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
