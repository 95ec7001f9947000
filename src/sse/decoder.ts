import type { SseEvent } from './sse-event.ts';

/**
 * Incremental SSE parser (WHATWG "event stream" interpretation): accepts LF, CRLF or CR line endings,
 * bytes split anywhere (including inside a multi-byte UTF-8 character), multi-line `data:`, comments
 * (`: ping`), and `retry:`. Framing never depends on who sent the stream. One non-standard field is
 * kept: `error:` (llama.cpp's server), dispatched as an event named `error`.
 */
export class SseDecoder {
  #text = new TextDecoder('utf-8');
  #buffer = '';
  #event: string | undefined;
  #data: string[] = [];
  #id: string | undefined;
  #sawCr = false;
  #bom = true;

  /** Feed bytes (or text); returns the events completed by them. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.#text.decode(chunk, { stream: true });
    if (this.#bom) {
      if (text.length === 0) return [];
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.#bom = false;
    }
    return this.#consume(text);
  }

  /** End of stream: a final event without its blank line is dispatched (lenient, as browsers do not; upstreams do send this). */
  end(): SseEvent[] {
    const out = this.#consume(this.#text.decode());
    if (this.#buffer.length > 0) {
      this.#line(this.#buffer, out);
      this.#buffer = '';
    }
    this.#dispatch(out);
    return out;
  }

  #consume(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    let i = 0;
    // A CR at the very end of the previous chunk may be followed by the LF of a CRLF here.
    if (this.#sawCr && text.charCodeAt(0) === 10) {
      start = i = 1;
    }
    this.#sawCr = false;
    const buffered = this.#buffer;
    let first = true;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = (first ? buffered : '') + text.slice(start, i);
      first = false;
      this.#line(line, out);
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.#sawCr = true;
        }
      }
      start = i + 1;
    }
    this.#buffer = (first ? buffered : '') + text.slice(start);
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      this.#dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        this.#data.push(value);
        break;
      case 'event':
        this.#event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      case 'error':
        // Not a standard field: llama.cpp's server reports a failure as `error: {json}` (then `data: [DONE]`).
        // Read as an `error` event so the failure reaches the client instead of vanishing.
        this.#data.push(value);
        this.#event ??= 'error';
        break;
      default:
        break; // `retry` and other unknown fields are ignored
    }
  }

  #dispatch(out: SseEvent[]): void {
    if (this.#data.length === 0) {
      this.#event = undefined;
      return;
    }
    const event: SseEvent = { data: this.#data.join('\n') };
    if (this.#event !== undefined && this.#event !== '') event.event = this.#event;
    if (this.#id !== undefined) event.id = this.#id;
    out.push(event);
    this.#data = [];
    this.#event = undefined;
  }
}
