/** Plain HTTP helpers for tests that need the exact bytes (SDKs hide them). */
import { SseDecoder } from '../../src/sse/decoder.ts';
import type { SseEvent } from '../../src/sse/sse-event.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  events: SseEvent[];
}

/** POSTs a JSON (or raw string) body and reads the whole answer; SSE answers are split into events. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const events = res.headers.get('content-type')?.startsWith('text/event-stream') ? parseSse(text) : [];
  return { status: res.status, headers: res.headers, text, json, events };
}

export function parseSse(text: string): SseEvent[] {
  const d = new SseDecoder();
  return [...d.push(text), ...d.end()];
}

/** Polls `check` until it is true or `ms` pass. */
export async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
