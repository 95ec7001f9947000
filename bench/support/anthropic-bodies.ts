/**
 * Claude-Code-shaped Anthropic Messages requests for bench:gateway: Claude Code's turn-2 fixture (system
 * prompt, 12 tools, environment reminders, a Read call) padded with more Read turns of code-like text
 * to the target size, and follow-up turns that each add one more Read turn (~`turnBytes`) — what an
 * agent resends every turn. Every session has its own session id and its own padding text (seeded), so
 * no two sessions share content beyond what Claude Code itself repeats (system prompt, tools); every
 * turn of a session is a different body (its history plus something new), never one body resent.
 */
import { claudeCodeRequest } from '../../test/fixtures/claude-code.ts';
import { codeText } from './request-bodies.ts';

type Body = Record<string, unknown>;

export interface SessionOptions {
  model: string;
  stream: boolean;
  /** Size of turn 0 (the padded first request), bytes. */
  targetBytes: number;
  /** Bytes each follow-up turn adds (one assistant Read call and its result). */
  turnBytes: number;
}

export interface BenchRequest {
  body: Buffer;
  headers: Record<string, string>;
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${i + 1}\t${line}`)
    .join('\n');
}

function readTurn(id: string, path: string, content: string): Body[] {
  return [
    { role: 'assistant', content: [{ type: 'text', text: `Let me read ${path}.` }, { type: 'tool_use', id, name: 'Read', input: { file_path: path } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] },
  ];
}

const fixture = claudeCodeRequest({ turn: 2, model: 'bench' });
const { 'x-api-key': _key, ...fixtureHeaders } = fixture.headers;
const fixtureMessages = fixture.body['messages'] as Body[];

/** `n` as a fixed-width uuid-like session id (a different one per session). */
function sessionId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `5e55a000-0000-4000-8000-${hex}`;
}

/**
 * One agent session: `turn(t)` is the request of turn t (0 = first, padded to `targetBytes`; each later
 * turn is the previous one plus ~`turnBytes`). The model and `stream` come first in the body.
 */
export class Session {
  readonly headers: Record<string, string>;
  readonly #options: SessionOptions;
  readonly #code: string;
  readonly #base: Body[];
  readonly #seed: number;

  constructor(seed: number, options: SessionOptions) {
    this.#options = options;
    this.#seed = seed;
    this.headers = { ...fixtureHeaders, 'x-claude-code-session-id': sessionId(seed) };
    // Enough text for the padding and 64 follow-up turns.
    this.#code = codeText(options.targetBytes + 64 * options.turnBytes + 4096, seed * 7919 + 1);
    const messages = [...fixtureMessages];
    const fixed = Buffer.byteLength(JSON.stringify(this.#wrap(messages)));
    let at = 0;
    let size = fixed;
    // Read results of ~10 KB of source each, JSON-escaping included, until the body reaches the target.
    for (let n = 0; size < options.targetBytes - 200; n++) {
      const want = Math.min(10_000, options.targetBytes - size - 200);
      const slice = this.#code.slice(at, at + Math.max(200, Math.round(want * 0.85)));
      at += slice.length;
      const turn = readTurn(`toolu_01Pad${String(seed).padStart(8, '0')}${String(n).padStart(6, '0')}`, `/home/dev/project/src/module_${n}.ts`, numbered(slice));
      messages.push(...turn);
      size += Buffer.byteLength(JSON.stringify(turn)) + 2;
    }
    this.#base = messages;
    this.#padEnd = at;
  }

  readonly #padEnd: number;

  #wrap(messages: Body[]): Body {
    // `model` and `stream` first (the fake upstream looks for `stream` near the start), then the fixture's fields.
    const { model: _model, stream: _stream, ...rest } = fixture.body;
    return { model: this.#options.model, stream: this.#options.stream, ...rest, messages };
  }

  /** The body of turn `t`: the padded history plus `t` follow-up Read turns. */
  turn(t: number): BenchRequest {
    const messages = [...this.#base];
    for (let i = 1; i <= t; i++) {
      const start = this.#padEnd + (i - 1) * this.#options.turnBytes;
      const slice = this.#code.slice(start, start + Math.round(this.#options.turnBytes * 0.8));
      messages.push(...readTurn(`toolu_01Next${String(this.#seed).padStart(8, '0')}${String(i).padStart(6, '0')}`, `/home/dev/project/lib/next_${i}.ts`, numbered(slice)));
    }
    return { body: Buffer.from(JSON.stringify(this.#wrap(messages))), headers: this.headers };
  }
}
