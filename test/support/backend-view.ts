/**
 * Reads what a fake backend received, whatever dialect it was spoken to in: the tool calls and tool
 * results in a request's history, so tests can check that translation paired them correctly.
 */
import type { RecordedRequest } from './fake-upstream.ts';

export interface HistoryPair {
  callId: string;
  name: string;
  args: string;
  result: string | undefined;
}

type Json = Record<string, unknown>;

export function dialectOf(req: RecordedRequest): 'messages' | 'chat' | 'responses' | 'other' {
  const path = req.path.split('?')[0]!;
  if (path.endsWith('/messages')) return 'messages';
  if (path.endsWith('/chat/completions')) return 'chat';
  if (path.endsWith('/responses')) return 'responses';
  return 'other';
}

/** Tool calls in the history of a backend request with the results answering them (by id). */
export function historyPairs(req: RecordedRequest): HistoryPair[] {
  const body = req.json as Json;
  const pairs: HistoryPair[] = [];
  const results = new Map<string, string>();
  const text = (c: unknown): string =>
    typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => String((p as Json).text ?? '')).join('') : '';
  switch (dialectOf(req)) {
    case 'messages':
      for (const m of body.messages as Json[]) {
        if (!Array.isArray(m.content)) continue;
        for (const b of m.content as Json[]) {
          if (b.type === 'tool_use') pairs.push({ callId: String(b.id), name: String(b.name), args: JSON.stringify(b.input), result: undefined });
          if (b.type === 'tool_result') results.set(String(b.tool_use_id), text(b.content));
        }
      }
      break;
    case 'chat':
      for (const m of body.messages as Json[]) {
        for (const c of (m.tool_calls as Json[] | undefined) ?? []) {
          const f = c.function as Json;
          pairs.push({ callId: String(c.id), name: String(f.name), args: String(f.arguments), result: undefined });
        }
        if (m.role === 'tool') results.set(String(m.tool_call_id), text(m.content));
      }
      break;
    case 'responses':
      for (const item of body.input as Json[]) {
        if (item.type === 'function_call') pairs.push({ callId: String(item.call_id), name: String(item.name), args: String(item.arguments), result: undefined });
        if (item.type === 'function_call_output') results.set(String(item.call_id), text(item.output));
      }
      break;
    default:
      break;
  }
  for (const p of pairs) p.result = results.get(p.callId);
  return pairs;
}
