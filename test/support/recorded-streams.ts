/**
 * Replays recorded Chat Completions streams of real model servers (vLLM, llama.cpp, Ollama, TGI, SGLang)
 * through a real gateway and drives it with the official SDKs in every client mode. Used by the unit
 * test over test/fixtures/backend-streams.json and by `npm run conformance:backend-streams` over the
 * larger reference set in ../shared.
 *
 * What each client should see is worked out from the recording itself by `expectedOf`, a deliberately
 * simple reading of the wire (text = the content deltas joined, tool calls = arguments joined per index,
 * an error = the backend's message), independent of the gateway's decoder.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBackend, defaultConfig, defaultInspection, DEFAULTS } from '../../src/config/defaults.ts';
import type { Config } from '../../src/config/types.ts';
import { startGateway, type Gateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/log.ts';
import { converse, type ClientApi, type Turn } from './clients.ts';
import { AWS_KEY_ID, AWS_SECRET } from './planted-credentials.ts';

/** One recording: SSE bytes answered to a streamed request, or a whole HTTP answer (an error). */
export interface RecordedStream {
  id: string;
  server: string;
  sse?: string;
  http?: { status: number; contentType: string; body: string };
  note?: string;
}

export type Finish = 'stop' | 'length' | 'tool';

export interface Expected {
  text: string;
  toolCalls: Array<{ name: string; args: unknown }>;
  finish: Finish;
  /** The backend's own error message, when the recording reports a failure. */
  error?: string;
}

/**
 * Client modes. `chat-stream` is a Chat client in front of a Chat backend whose prompt carries a value
 * the gateway redacts, so the answer is decoded and re-encoded (to restore it) instead of relayed byte
 * for byte; a non-stream Chat request is passed through as `stream: false`, which these stream
 * recordings cannot answer, so there is no `chat-json` mode.
 */
export const CLIENT_MODES = ['messages-stream', 'messages-json', 'responses-stream', 'responses-json', 'chat-stream'] as const;
export type ClientMode = (typeof CLIENT_MODES)[number];

/** The outcome a client must see, read straight off the recording. */
export function expectedOf(rec: RecordedStream): Expected {
  if (rec.http) return { text: '', toolCalls: [], finish: 'stop', error: messageOf(safeJson(rec.http.body)) ?? rec.http.body };
  let text = '';
  let finishReason = '';
  let error: string | undefined;
  const calls = new Map<number, { name: string; args: string }>();
  for (const block of (rec.sse ?? '').split(/\r?\n\r?\n/)) {
    for (const line of block.split(/\r?\n/)) {
      const m = /^(data|error):\s?(.*)$/.exec(line);
      if (!m) continue;
      const value = m[2]!;
      if (value === '[DONE]') continue;
      const json = safeJson(value);
      if (m[1] === 'error' || (isRecord(json) && json.error !== undefined)) {
        error ??= messageOf(json) ?? value;
        continue;
      }
      if (!isRecord(json) || !Array.isArray(json.choices)) continue;
      const choice = json.choices[0];
      if (!isRecord(choice)) continue;
      const delta = isRecord(choice.delta) ? choice.delta : {};
      if (typeof delta.content === 'string') text += delta.content;
      for (const tc of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (!isRecord(tc)) continue;
        const index = typeof tc.index === 'number' ? tc.index : calls.size;
        const call = calls.get(index) ?? { name: '', args: '' };
        const fn = isRecord(tc.function) ? tc.function : {};
        if (typeof fn.name === 'string' && call.name === '') call.name = fn.name;
        if (typeof fn.arguments === 'string') call.args += fn.arguments;
        calls.set(index, call);
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') finishReason = choice.finish_reason;
    }
  }
  const toolCalls = [...calls.values()].map((c) => ({ name: c.name, args: safeJson(c.args) }));
  const finish: Finish = toolCalls.length > 0 ? 'tool' : finishReason === 'length' ? 'length' : 'stop';
  return error === undefined ? { text, toolCalls, finish } : { text, toolCalls, finish, error };
}

/** What the client saw: an answer, or the error its SDK raised. */
export type Seen = { ok: true; turn: Turn } | { ok: false; message: string; status: number | undefined };

const STOP: Record<ClientApi, Record<Finish, string>> = {
  messages: { stop: 'end_turn', length: 'max_tokens', tool: 'tool_use' },
  chat: { stop: 'stop', length: 'length', tool: 'tool_calls' },
  responses: { stop: 'completed', length: 'incomplete', tool: 'completed' },
};

/** Problems with what the client saw (empty = as expected). */
export function judge(mode: ClientMode, expected: Expected, seen: Seen): string[] {
  const api = apiOf(mode);
  if (expected.error !== undefined) {
    if (seen.ok) return [`expected an error carrying "${expected.error}", got an answer (${seen.turn.stop})`];
    const problems: string[] = [];
    if (!seen.message.includes(expected.error)) problems.push(`error "${seen.message}" does not carry the backend's "${expected.error}"`);
    // The developer (and the operator they ask) learn which backend said it.
    if (!/backend \\?"recorded\\?"/.test(seen.message)) problems.push(`error "${seen.message}" does not name the backend`);
    return problems;
  }
  if (!seen.ok) return [`failed: ${seen.status ?? ''} ${seen.message}`];
  const problems: string[] = [];
  const turn = seen.turn;
  if (turn.text !== expected.text) problems.push(`text ${JSON.stringify(turn.text.slice(0, 80))} != ${JSON.stringify(expected.text.slice(0, 80))}`);
  const got = turn.toolCalls.map((c) => ({ name: c.name, args: c.args }));
  if (JSON.stringify(got) !== JSON.stringify(expected.toolCalls)) problems.push(`tool calls ${JSON.stringify(got)} != ${JSON.stringify(expected.toolCalls)}`);
  const stop = STOP[api][expected.finish];
  if (turn.stop !== stop) problems.push(`stop ${String(turn.stop)} != ${stop}`);
  return problems;
}

function apiOf(mode: ClientMode): ClientApi {
  return mode.startsWith('messages') ? 'messages' : mode.startsWith('responses') ? 'responses' : 'chat';
}

/** A model server that answers each chat request with the recording named by the request's `model`. */
export async function startRecordedUpstream(recordings: RecordedStream[]): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const byId = new Map(recordings.map((r) => [r.id, r]));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: recordings.map((r) => ({ id: r.id, object: 'model' })) }));
        return;
      }
      const body = safeJson(Buffer.concat(chunks).toString('utf8'));
      const rec = isRecord(body) && typeof body.model === 'string' ? byId.get(body.model) : undefined;
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions' || !rec) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no recording for ${req.method} ${req.url}`, type: 'not_found_error' } }));
        return;
      }
      if (rec.http) {
        res.writeHead(rec.http.status, { 'content-type': rec.http.contentType });
        res.end(rec.http.body);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(rec.sse ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A gateway (redact mode, one Chat-only backend on `upstreamUrl`) for the replay. */
export async function startReplayGateway(upstreamUrl: string): Promise<{ gateway: Gateway; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sekisho-replay-'));
  const base = defaultBackend('recorded', 'openai', upstreamUrl);
  const config: Config = {
    ...defaultConfig(dataDir),
    server: { ...DEFAULTS.server, port: 0, shutdownGraceMs: 1_000 },
    backends: [{ ...base, apis: ['chat'], health: { ...base.health, enabled: false }, timeouts: { connectMs: 2_000, firstByteMs: 5_000, idleMs: 5_000 } }],
    routes: [{ match: ['*'], targets: [{ backend: 'recorded' }], fallbacks: [] }],
    retry: { attempts: 1 },
    inspection: { ...defaultInspection(), mode: 'redact' },
    source: null,
  };
  const gateway = await startGateway(config, createLogger({ level: 'error', format: 'json', write: () => {} }), {});
  return {
    gateway,
    async close() {
      await gateway.close(500);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends one request in `mode` for recording `rec` and returns what the client saw. */
export async function replay(gatewayUrl: string, rec: RecordedStream, mode: ClientMode): Promise<Seen> {
  const api = apiOf(mode);
  // The Chat mode plants a credential so the gateway redacts it and must decode the answer to restore it.
  const prompt = mode === 'chat-stream' ? `Say hello. My keys: ${AWS_KEY_ID} ${AWS_SECRET}` : 'Say hello';
  try {
    const turn = await converse(api, { baseUrl: gatewayUrl, model: rec.id, stream: mode.endsWith('stream'), withTools: true, prompt });
    return { ok: true, turn };
  } catch (err) {
    const status = isRecord(err) && typeof err.status === 'number' ? err.status : undefined;
    return { ok: false, message: err instanceof Error ? err.message : String(err), status };
  }
}

export interface CaseResult {
  id: string;
  server: string;
  mode: ClientMode;
  problems: string[];
}

/** Every recording in every client mode, sequentially; one gateway and one recorded upstream. */
export async function replayAll(recordings: RecordedStream[]): Promise<CaseResult[]> {
  const upstream = await startRecordedUpstream(recordings);
  const gw = await startReplayGateway(upstream.baseUrl);
  const results: CaseResult[] = [];
  try {
    for (const rec of recordings) {
      const expected = expectedOf(rec);
      for (const mode of CLIENT_MODES) {
        const seen = await replay(gw.gateway.url, rec, mode);
        results.push({ id: rec.id, server: rec.server, mode, problems: judge(mode, expected, seen) });
      }
    }
  } finally {
    await gw.close();
    await upstream.close();
  }
  return results;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function messageOf(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  const e = isRecord(json.error) ? json.error : json;
  return typeof e.message === 'string' ? e.message : typeof json.error === 'string' ? json.error : undefined;
}
