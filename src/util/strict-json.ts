import { isUtf8 } from 'node:buffer';

/**
 * Reads a request body as JSON that every parser reads the same way, or refuses it.
 *
 * Sekisho inspects the value it parsed and forwards the bytes it received. When two parsers could read
 * those bytes differently (a duplicate key: JavaScript keeps the last, others the first or both; a
 * `__proto__` member; a lone surrogate that one decoder replaces and another keeps; bytes that are not
 * UTF-8), what was inspected is not what the backend reads. Such bodies are refused, never repaired.
 *
 * How: `isUtf8` (native) on the bytes, native `JSON.parse` for syntax and the value, then one linear
 * scan of the (now known valid) text that jumps from quote to quote with `indexOf`, checking object
 * keys, escapes and depth. Measured on 150 KB bodies this costs a fraction of the parse itself, where a
 * full parser in JavaScript costs several times it.
 */

export type StrictJsonProblem =
  | 'charset'
  | 'bom'
  | 'invalid-utf8'
  | 'syntax'
  | 'duplicate-key'
  | 'proto-key'
  | 'lone-surrogate'
  | 'too-deep'
  | 'imprecise-number';

export interface StrictJsonError {
  problem: StrictJsonProblem;
  /** Says what is wrong and where (JSON path or byte offset). */
  message: string;
  /** JSON path of the offending member (`messages[2].content`), when the problem sits in one. */
  path?: string;
  /** Byte offset in the body (encoding problems) or UTF-16 offset in the text (JSON problems). */
  offset?: number;
}

export type StrictJsonResult = { ok: true; text: string; value: unknown } | { ok: false; error: StrictJsonError };

/** Deeper bodies are refused: every value must be walked (inspection, redaction) without unbounded recursion. */
export const MAX_JSON_DEPTH = 256;

/**
 * The charset named in a content-type, if any, is UTF-8; otherwise the problem. JSON is UTF-8 (RFC
 * 8259); a body labelled otherwise would be read by some backends in that charset.
 */
export function checkCharset(contentType: string): StrictJsonError | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType);
  if (!match) return undefined;
  const charset = (match[2] ?? '').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return undefined;
  return { problem: 'charset', message: `content-type names charset "${charset}"; only UTF-8 JSON is accepted` };
}

export function readStrictJson(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): StrictJsonResult {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return fail({ problem: 'bom', message: 'the body starts with a byte order mark (BOM); send JSON without it', offset: 0 });
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    return fail({ problem: 'invalid-utf8', message: `the body is not valid UTF-8 (byte offset ${offset})`, offset });
  }
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail({ problem: 'syntax', message: (err as Error).message });
  }
  const problem = checkText(text, maxDepth);
  return problem ? fail(problem) : { ok: true, text, value };
}

/** The same checks on text already known to be JSON (for tests and for bodies Sekisho rewrote). */
export function checkStrictJsonText(text: string, maxDepth = MAX_JSON_DEPTH): StrictJsonError | undefined {
  return checkText(text, maxDepth);
}

function fail(error: StrictJsonError): StrictJsonResult {
  return { ok: false, error };
}

/** One open container while scanning. */
interface Frame {
  object: boolean;
  /** Arrays: index of the current element. */
  index: number;
  /** Objects: the current member's key, and every key seen (an array while small, then a Set). */
  key: string;
  keys: string[] | Set<string>;
  /** Objects: the next string is a key. */
  expectKey: boolean;
}

/** Keys kept in an array per object before switching to a Set (most objects have a handful). */
const SMALL_OBJECT = 12;

/**
 * Scans valid JSON text for what `JSON.parse` accepts but two parsers may read differently: first the
 * rare surrogate escapes (one regex over the text), then the structure, skipping each string from quote
 * to quote with `indexOf` (a quote preceded by an odd run of backslashes is escaped). The cost is one
 * pass over the structure plus native searches over string contents.
 */
function checkText(text: string, maxDepth: number): StrictJsonError | undefined {
  const unit = loneSurrogate(text);
  if (unit !== undefined) {
    const where = structure(text, maxDepth, unit.offset)?.path ?? '(top level)';
    return {
      problem: 'lone-surrogate',
      message: `a string at ${where} holds an unpaired surrogate \\u${unit.code.toString(16).toUpperCase()} (offset ${unit.offset}); backends decode it differently`,
      path: where,
      offset: unit.offset,
    };
  }
  return structure(text, maxDepth, undefined);
}

/**
 * The first escaped surrogate (`\uD800`–`\uDFFF`) that is not half of a high+low pair. Raw surrogates
 * cannot occur: the text was decoded from valid UTF-8. `\\u` (an escaped backslash, then `u`) is not an
 * escape, hence the count of backslashes before each hit.
 */
function loneSurrogate(text: string): { offset: number; code: number } | undefined {
  // A regex finds the rare surrogate escapes faster than visiting every `\\u`.
  const escapes = /\\u[dD][89a-fA-F]/g;
  let pairedLow = -1;
  for (let m = escapes.exec(text); m !== null; m = escapes.exec(text)) {
    const at = m.index;
    if (at === pairedLow) continue;
    let k = at;
    while (text.charCodeAt(k - 1) === 0x5c) k--;
    if ((at - k) % 2 === 1) continue; // `\\\\uD800` is an escaped backslash and text
    const code = hex4(text, at + 2);
    if (code >= 0xdc00) return { offset: at, code };
    const next = text.charCodeAt(at + 6) === 0x5c && text.charCodeAt(at + 7) === 0x75 ? hex4(text, at + 8) : -1;
    if (next < 0xdc00 || next > 0xdfff) return { offset: at, code };
    pairedLow = at + 6;
  }
  return undefined;
}

/**
 * Walks the structure: depth, duplicate and `__proto__` keys. With `stopAt`, returns (as a problem) the
 * path of the string containing that offset instead (used to say where a lone surrogate is).
 */
function structure(text: string, maxDepth: number, stopAt: number | undefined): StrictJsonError | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;

  const pathOf = (): string => {
    let out = '';
    for (const f of stack) out = f.object ? memberPath(out, f.key) : `${out}[${f.index}]`;
    return out || '(top level)';
  };

  /** End (after the closing quote) of the string starting at `start`: the first quote not escaped. */
  const skipString = (start: number): number => {
    let q = text.indexOf('"', start + 1);
    while (text.charCodeAt(q - 1) === 0x5c) {
      let k = q - 1;
      while (text.charCodeAt(k - 1) === 0x5c) k--;
      if ((q - k) % 2 === 0) break; // an even run of backslashes escapes itself, not the quote
      q = text.indexOf('"', q + 1);
    }
    return q + 1;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const top = stack[stack.length - 1];
      const end = skipString(i);
      if (stopAt !== undefined && end > stopAt) return { problem: 'lone-surrogate', message: '', path: pathOf() };
      if (top !== undefined && top.object && top.expectKey) {
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        const problem = checkKey(top, key, i);
        if (problem) return problem;
        top.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        const where = pathOf();
        return { problem: 'too-deep', message: `the body nests more than ${maxDepth} levels deep (at ${where}, offset ${i})`, path: where, offset: i };
      }
      const object = c === 0x7b;
      stack.push({ object, index: 0, key: '', keys: [], expectKey: object });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1] as Frame;
      if (top.object) top.expectKey = true;
      else top.index++;
      i++;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */) {
      let end = i + 1;
      let exponent = false;
      for (let d = text.charCodeAt(end); (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d; d = text.charCodeAt(++end)) {
        if (d === 0x65 || d === 0x45) exponent = true;
      }
      if (end - i > 15 || exponent) {
        const problem = checkNumber(text.slice(i, end), i);
        if (problem) return problem;
      }
      i = end;
    } else {
      i++; // whitespace, ':', true, false, null carry nothing to check
    }
  }
  return undefined;

  /**
   * An integer JavaScript cannot hold exactly (beyond 2^53) is read exactly by other parsers (Python,
   * Go's json.Number): the inspected digits and the forwarded ones would differ. A number that
   * overflows to Infinity is refused for the same reason. Fractions and exponents are doubles in every
   * common parser and read alike.
   */
  function checkNumber(literal: string, offset: number): StrictJsonError | undefined {
    const value = Number(literal);
    const integer = !/[.eE]/.test(literal);
    if (Number.isFinite(value) && (!integer || BigInt(literal) === BigInt(value))) return undefined;
    const where = pathOf();
    return {
      problem: 'imprecise-number',
      message: `the number ${literal.length > 40 ? literal.slice(0, 40) + '…' : literal} at ${where} (offset ${offset}) cannot be read exactly by every parser`,
      path: where,
      offset,
    };
  }

  function checkKey(frame: Frame, key: string, offset: number): StrictJsonError | undefined {
    frame.key = key;
    if (key === '__proto__') {
      const where = pathOf();
      return {
        problem: 'proto-key',
        message: `member "__proto__" at ${where} (offset ${offset}) is refused: JavaScript code may treat it as the object's prototype instead of data`,
        path: where,
        offset,
      };
    }
    const keys = frame.keys;
    let seen: boolean;
    if (Array.isArray(keys)) {
      seen = keys.includes(key);
      if (!seen) {
        keys.push(key);
        if (keys.length > SMALL_OBJECT) frame.keys = new Set(keys);
      }
    } else {
      seen = keys.has(key);
      keys.add(key);
    }
    if (!seen) return undefined;
    const where = pathOf();
    return {
      problem: 'duplicate-key',
      message: `duplicate key "${key.length > 64 ? key.slice(0, 64) + '…' : key}" at ${where} (offset ${offset}); parsers disagree on which one counts`,
      path: where,
      offset,
    };
  }
}

/** Appends an object member to a JSON path: `.name` for plain names, `["…"]` otherwise. */
function memberPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/** Four hex digits at `at` as a number (valid JSON guarantees they are hex). */
function hex4(text: string, at: number): number {
  return Number.parseInt(text.slice(at, at + 4), 16);
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (slow path, errors only). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cont = bytes[i + k];
      if (cont === undefined || (cont & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cont & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
