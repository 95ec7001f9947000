/**
 * Parses JSON text into a tree that remembers where every value sits in the text, so a caller can
 * rewrite a few string literals and keep every other byte exactly as the client sent it (redaction of
 * a passthrough body). Input must be valid JSON (callers parse it strictly first); nesting is bounded by
 * an explicit stack, not recursion.
 */

export interface JsonString {
  kind: 'string';
  start: number;
  end: number;
  /** The decoded string value. */
  value: string;
}

export interface JsonObject {
  kind: 'object';
  start: number;
  end: number;
  /** Each member's key as decoded, the key literal's span (quotes included), and the value. */
  members: Array<{ key: string; keyStart: number; keyEnd: number; value: JsonNode }>;
}

export interface JsonArray {
  kind: 'array';
  start: number;
  end: number;
  items: JsonNode[];
}

export interface JsonLiteral {
  kind: 'literal';
  start: number;
  end: number;
}

export type JsonNode = JsonString | JsonObject | JsonArray | JsonLiteral;

export function parseJsonSpans(text: string): JsonNode {
  let i = 0;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const readString = (): JsonString => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw new SyntaxError('unterminated string');
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
      if (c === 0x22) break;
    }
    const raw = text.slice(start, i);
    return { kind: 'string', start, end: i, value: escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1) };
  };
  const readLiteral = (): JsonLiteral => {
    const start = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
      i++;
    }
    if (i === start) throw new SyntaxError(`unexpected character at ${start}`);
    return { kind: 'literal', start, end: i };
  };

  // Explicit stack of open containers; `pendingKey` holds an object's key until its value is read.
  type Open = { node: JsonObject | JsonArray; pendingKey?: JsonString };
  const stack: Open[] = [];
  let root: JsonNode | undefined;
  const attach = (node: JsonNode): void => {
    const top = stack.at(-1);
    if (!top) root = node;
    else if (top.node.kind === 'array') top.node.items.push(node);
    else {
      const key = top.pendingKey!;
      top.node.members.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: node });
      top.pendingKey = undefined;
    }
  };

  ws();
  for (;;) {
    const top = stack.at(-1);
    if (top) {
      ws();
      const c = text[i];
      if (c === '}' || c === ']') {
        i++;
        top.node.end = i;
        stack.pop();
        if (stack.length === 0) break;
        continue;
      }
      if (c === ',') {
        i++;
        ws();
      }
      if (top.node.kind === 'object') {
        const key = readString();
        ws();
        i++; // ':'
        ws();
        top.pendingKey = key;
      }
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      const node: JsonObject | JsonArray =
        c === '{' ? { kind: 'object', start: i, end: -1, members: [] } : { kind: 'array', start: i, end: -1, items: [] };
      i++;
      attach(node);
      stack.push({ node });
      continue;
    }
    attach(c === '"' ? readString() : readLiteral());
    if (stack.length === 0) break;
  }
  if (!root) throw new SyntaxError('empty JSON');
  return root;
}

/**
 * Returns `text` with string literals rewritten by `replace` (undefined = unchanged), object keys
 * included (a key can carry data as well as a value). Number literals are offered to `replace` too, as
 * the decimal text a reader gets from them (`String(Number(literal))`, which is what inspection
 * scanned — `1.23456789012e11` is offered as `123456789012`): a number can carry a card or My Number as
 * well as a string can, and a number cannot hold a placeholder, so a changed number is written as a
 * string literal. Objects and strings for which `skip` returns true are left untouched, with
 * everything inside them.
 */
export function rewriteJsonStrings(
  text: string,
  root: JsonNode,
  replace: (value: string) => string | undefined,
  skip: (node: JsonObject | JsonString) => boolean = () => false,
): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const literal = (start: number, end: number, value: string): void => {
    const next = replace(value);
    if (next !== undefined && next !== value) edits.push({ start, end, text: JSON.stringify(next) });
  };
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'string') {
      if (!skip(node)) literal(node.start, node.end, node.value);
    } else if (node.kind === 'literal') {
      const digits = numberText(text.slice(node.start, node.end));
      if (digits !== undefined) literal(node.start, node.end, digits);
    } else if (node.kind === 'array') {
      for (let k = node.items.length - 1; k >= 0; k--) stack.push(node.items[k]!);
    } else if (node.kind === 'object') {
      if (skip(node)) continue;
      for (let k = node.members.length - 1; k >= 0; k--) {
        const m = node.members[k]!;
        literal(m.keyStart, m.keyEnd, m.key);
        stack.push(m.value);
      }
    }
  }
  if (edits.length === 0) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The decimal text of a JSON number literal as any reader gets it; undefined for true/false/null. */
export function numberText(raw: string): string | undefined {
  const c = raw.charCodeAt(0);
  if (c !== 0x2d && (c < 0x30 || c > 0x39)) return undefined;
  return String(Number(raw));
}

/** The value node of `key` in an object node. */
export function member(node: JsonObject, key: string): JsonNode | undefined {
  for (const m of node.members) if (m.key === key) return m.value;
  return undefined;
}

/** The string value of `key` in an object node, if it is a string. */
export function stringMember(node: JsonObject, key: string): string | undefined {
  for (const m of node.members) if (m.key === key && m.value.kind === 'string') return m.value.value;
  return undefined;
}
