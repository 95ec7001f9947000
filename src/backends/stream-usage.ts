/**
 * Token budgets need every answer's usage, but an OpenAI Chat stream reports usage only when the
 * client set `stream_options.include_usage` (most tools do not). When a budget applies, the
 * passthrough body asks for it, and the extra usage-only chunk this adds at the end of the stream is
 * removed before it reaches a client that did not ask: everything else stays byte for byte.
 */
import { findTopLevelValue, type ValueSpan } from '../util/json-top-level.ts';

/** One replacement in the body text: `text.slice(span.start, span.end)` becomes `value`. */
export interface BodyEdit {
  span: ValueSpan;
  value: string;
}

/**
 * The edit that makes a Chat request body (already valid JSON, parsed as `json`) ask for usage, or
 * undefined when the client already asked (then nothing is to be hidden either).
 */
export function includeUsageEdit(text: string, json: Record<string, unknown>): BodyEdit | undefined {
  const own = json.stream_options;
  if (isObject(own) && own.include_usage === true) return undefined;
  const span = findTopLevelValue(text, 'stream_options');
  if (span) return { span, value: JSON.stringify({ ...(isObject(own) ? own : {}), include_usage: true }) };
  const open = text.indexOf('{');
  if (open === -1) return undefined;
  // Insert as the first member; the body has members (model, messages), so a comma follows.
  const rest = text.slice(open + 1).trimStart();
  return { span: { start: open + 1, end: open + 1 }, value: `"stream_options":{"include_usage":true}${rest.startsWith('}') ? '' : ','}` };
}

/**
 * Applies non-overlapping edits to the body, working on its bytes when they are at hand (spans are
 * located in the text and converted to byte offsets) so the rest is not re-encoded.
 */
export function applyBodyEdits(text: string, bytes: Buffer | undefined, edits: BodyEdit[]): Buffer | string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  if (!bytes) {
    let out = text;
    for (const { span, value } of sorted) out = out.slice(0, span.start) + value + out.slice(span.end);
    return out;
  }
  let out = bytes;
  for (const { span, value } of sorted) {
    const byteStart = Buffer.byteLength(text.slice(0, span.start));
    const byteEnd = byteStart + Buffer.byteLength(text.slice(span.start, span.end));
    out = Buffer.concat([out.subarray(0, byteStart), Buffer.from(value), out.subarray(byteEnd)]);
  }
  return out;
}

const EVENT_END = /((?:\r\n|\r|\n)(?:\r\n|\r|\n))/;

/**
 * Removes, from whole SSE events, the Chat chunks that carry only usage (`choices` empty or null and a
 * `usage` object); every other byte is kept. Used only when the gateway asked for usage on the
 * client's behalf.
 */
export function dropUsageOnlyChunks(events: Buffer): Buffer {
  const text = events.toString('utf8');
  if (!text.includes('"usage"')) return events;
  const parts = text.split(EVENT_END);
  let out = '';
  let dropped = false;
  for (let i = 0; i < parts.length; i += 2) {
    const event = parts[i]!;
    const separator = parts[i + 1] ?? '';
    if (isUsageOnlyChunk(event)) {
      dropped = true;
      continue;
    }
    out += event + separator;
  }
  return dropped ? Buffer.from(out, 'utf8') : events;
}

function isUsageOnlyChunk(event: string): boolean {
  if (!event.includes('"usage"')) return false;
  const data = event
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
  try {
    const chunk: unknown = JSON.parse(data);
    if (!isObject(chunk) || !isObject(chunk.usage)) return false;
    const choices = chunk.choices;
    return choices === null || choices === undefined || (Array.isArray(choices) && choices.length === 0);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
