import type { SseEvent } from './sse-event.ts';

/**
 * Serialises one SSE event. `event` and `id` must not contain CR or LF (that would let a value inject
 * a second event); multi-line data is split into several `data:` lines as the format requires.
 */
export function encodeSse(event: SseEvent): string {
  let out = '';
  if (event.event !== undefined) {
    assertSingleLine(event.event, 'event');
    out += `event: ${event.event}\n`;
  }
  if (event.id !== undefined) {
    assertSingleLine(event.id, 'id');
    out += `id: ${event.id}\n`;
  }
  const data = event.data;
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) {
    out += `data: ${data}\n\n`;
  } else {
    for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
    out += '\n';
  }
  return out;
}

/** Serialises several events into one string (one write). */
export function encodeSseAll(events: readonly SseEvent[]): string {
  let out = '';
  for (const e of events) out += encodeSse(e);
  return out;
}

function assertSingleLine(value: string, field: string): void {
  if (value.includes('\n') || value.includes('\r')) {
    throw new Error(`SSE ${field} must not contain a line break`);
  }
}
