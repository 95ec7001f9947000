import type { BackendExchange } from './exchange.ts';
import type { UpstreamResponse } from './upstream-request.ts';
import type { StreamEvent } from '../conversation/index.ts';
import { readAll, readWithIdleTimeout } from './upstream-request.ts';
import { SseDecoder } from '../sse/decoder.ts';
import { encodeSse } from '../sse/encoder.ts';
import { toGatewayError } from '../errors.ts';

type Choice = { index?: number; text?: string; finish_reason?: string | null };

/**
 * Legacy `/v1/completions` answers (editor autocomplete, FIM) in a conversation with redacted values:
 * puts the originals back into each choice's `text`, in a JSON body or chunk by chunk in a stream. This
 * API has no protocol module, so only `choices[].text` is rewritten; every other field stays as sent.
 */
export async function relayCompletionsRestored(ctx: BackendExchange, upstream: UpstreamResponse, idleMs: number): Promise<void> {
  const restorer = ctx.restorer!;
  const contentType = String(upstream.headers['content-type'] ?? '');
  if (!contentType.startsWith('text/event-stream')) {
    const body = await readAll(upstream.body, idleMs, ctx.clientAbort.signal);
    let text = body.toString('utf8');
    try {
      const json = JSON.parse(text) as { choices?: Choice[] };
      for (const c of json.choices ?? []) if (typeof c.text === 'string') c.text = restorer.restore(c.text);
      text = JSON.stringify(json);
    } catch {
      // Not JSON: pass it on as received.
    }
    ctx.status = upstream.status;
    ctx.res.writeHead(upstream.status, { ...ctx.reply.gatewayHeaders(), 'content-type': contentType || 'application/json', 'content-length': Buffer.byteLength(text) });
    ctx.res.end(text);
    return;
  }
  ctx.reply.startEventStream(upstream.status);
  const sse = new SseDecoder();
  const restore = restorer.createStreamRestorer();
  const textOf = (events: StreamEvent[]): string => events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
  const started = new Set<number>();
  const rewrite = (data: string): string => {
    if (data === '[DONE]') return data;
    let json: { choices?: Choice[] };
    try {
      json = JSON.parse(data) as { choices?: Choice[] };
    } catch {
      return data;
    }
    for (const c of json.choices ?? []) {
      const index = c.index ?? 0;
      if (!started.has(index)) {
        started.add(index);
        restore({ type: 'text-start', index });
      }
      let out = typeof c.text === 'string' ? textOf(restore({ type: 'text-delta', index, text: c.text })) : '';
      if (c.finish_reason) out += textOf(restore({ type: 'text-end', index }));
      c.text = out;
    }
    return JSON.stringify(json);
  };
  try {
    for await (const chunk of readWithIdleTimeout(upstream.body, idleMs, ctx.clientAbort.signal)) {
      let out = '';
      for (const e of sse.push(chunk)) out += encodeSse({ ...e, data: rewrite(e.data) });
      if (out) ctx.res.write(out);
    }
    let tail = '';
    for (const e of sse.end()) tail += encodeSse({ ...e, data: rewrite(e.data) });
    ctx.res.end(tail);
  } catch (err) {
    ctx.reply.sendError(toGatewayError(err));
  }
}
