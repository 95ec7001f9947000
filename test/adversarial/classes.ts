/**
 * The attack classes: each is one way a request can carry a planted value past the checkpoint, written
 * once for every protocol it applies to. The matrix (matrix.ts) crosses them with planted kinds and the
 * axes; nothing here knows about gateways or backends.
 *
 * Groups follow the issue: `wire` (the bytes forwarded are not the bytes inspected), `field` (fields
 * never inspected), `normal` (normalisation and encodings), `thinking`, `detector` (values the
 * detectors must know), `content` (what Sekisho cannot read), `agent` (what ordinary agent sessions do),
 * and `control` (places inspection has always covered: a leak there is a regression).
 */
import { brotliCompressSync, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { escapedLiteral, members, verbatim, writeJson } from './json-text.ts';
import type { Planted } from './planted.ts';
import { TOOL_OUTPUT_CLASSES } from './classes-tool-output.ts';
import { plainBody, Wire, type Api, type CaseInput, type GenerationApi, type RequestSpec } from './wire.ts';

export interface AttackClass {
  name: string;
  group: 'control' | 'wire' | 'field' | 'normal' | 'thinking' | 'detector' | 'content' | 'agent' | 'decision';
  /** Planted kinds: rotating over `core` (long-standing detectors), or every kind of `extra` / `all`. */
  kinds: 'core' | 'extra' | 'all' | string[];
  /** False when the request has no streaming form. */
  stream?: boolean;
  /** A three-turn conversation (round-trip.ts) started by the built request, run one at a time. */
  roundTrip?: boolean;
  apis: Api[];
  /** Whether translation applies (false for what only a same-dialect backend can receive). */
  translation?: boolean;
  build(c: CaseInput): RequestSpec;
}

const GEN: GenerationApi[] = ['messages', 'chat', 'responses'];
const ALL: Api[] = [...GEN, 'completions', 'embeddings'];

const json = (body: unknown): RequestSpec => ({ body });
const w = (c: CaseInput): Wire => new Wire(c);

/** Splits the planted text into `n` pieces, cutting inside the first needle so no piece holds it whole. */
export function splitPlanted(p: Planted, n: number): string[] {
  const needle = p.needles[0]!;
  const at = p.text.indexOf(needle);
  const cuts: number[] = [];
  for (let i = 1; i < n; i++) cuts.push(at + Math.floor((needle.length * i) / n));
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(p.text.slice(from, cut));
    from = cut;
  }
  pieces.push(p.text.slice(from));
  return pieces;
}

/** Inserts `mark` in the middle of every needle inside `text`. */
function breakNeedles(p: Planted, text: string, mark: string): string {
  let out = text;
  for (const needle of p.needles) {
    const mid = Math.floor(needle.length / 2);
    out = out.split(needle).join(needle.slice(0, mid) + mark + needle.slice(mid));
  }
  return out;
}

const FULL_WIDTH = (s: string): string => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const LOOK: Record<string, string> = { A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', P: 'Р', C: 'С', T: 'Т', X: 'Х', a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', N: 'Ν', Z: 'Ζ', v: 'ν' };
const LOOKALIKE = (s: string): string => s.replace(/[ABEKMHOPCTXaeopcxyiNZv]/g, (ch) => LOOK[ch]!);
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

/** A one-page PDF whose only content stream draws `text` (uncompressed). */
function pdfWith(text: string): Buffer {
  const safe = text.replace(/[\\()]/g, (ch) => '\\' + ch);
  const stream = `BT /F1 10 Tf 20 700 Td (${safe}) Tj ET`;
  return Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj',
      '2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj',
      '3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>> endobj',
      `4 0 obj <</Length ${stream.length}>> stream`,
      stream,
      'endstream endobj',
      '5 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj',
      'trailer <</Root 1 0 R>>',
      '%%EOF',
    ].join('\n'),
    'latin1',
  );
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** The body bytes of `spec` with `edit` applied to its JSON text. */
function rawBody(c: CaseInput, body: unknown, edit: (text: string) => Buffer, headers: Record<string, string> = {}): RequestSpec {
  return { body, bytes: edit(writeJson(body)), headers };
}

/** `metadata` exists in all three protocols (a string map in the OpenAI ones; nothing stops other values). */
const metadata = (_c: CaseInput, value: unknown): Record<string, unknown> => ({ metadata: value });

export const CLASSES: AttackClass[] = [
  // --- control: places inspected since the first version; all kinds, so detector gaps show here too ---
  { name: 'plain-text', group: 'control', kinds: 'core', apis: ALL, build: (c) => json(c.api === 'completions' || c.api === 'embeddings' ? plainBody(c, [c.planted.text]) : w(c).simple(c.planted.text)) },
  {
    name: 'system-prompt', group: 'control', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      if (c.api === 'messages') return json(x.simple('Go on.', { system: `Project notes:\n${c.planted.text}` }));
      if (c.api === 'chat') return json(x.body([{ role: 'system', content: `Project notes:\n${c.planted.text}` }, x.user('Go on.')]));
      return json(x.simple('Go on.', { instructions: `Project notes:\n${c.planted.text}` }));
    },
  },
  { name: 'tool-result-text', group: 'control', kinds: 'core', apis: GEN, build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Read', input: { file_path: '.env' }, result: c.planted.text }))) },
  { name: 'tool-description', group: 'control', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('Go on.', { tools: [w(c).tool({ description: `Writes files. Example: ${c.planted.text}` })] })) },

  // --- detector: values the request path must recognise ---
  {
    name: 'credential-formats', group: 'detector', kinds: 'extra', apis: ALL,
    build: (c) => json(c.api === 'completions' || c.api === 'embeddings' ? plainBody(c, [c.planted.text]) : w(c).simple(`Here is my config:\n${c.planted.text}`)),
  },
  {
    name: 'tool-args-write', group: 'detector', kinds: 'all', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ input: { file_path: '/app/.env', content: c.planted.text }, result: 'File written.' }))),
  },

  // --- wire: what is forwarded is not what a JSON.parse-based reader inspects ---
  {
    name: 'dup-messages', group: 'wire', kinds: 'core', apis: ALL,
    build: (c) => {
      if (c.api === 'completions') return json(members(['model', c.model], ['prompt', c.planted.text], ['max_tokens', 16], ['stream', c.stream], ['prompt', `Case ${c.nonce}: hello`]));
      if (c.api === 'embeddings') return json(members(['model', c.model], ['input', c.planted.text], ['input', `Case ${c.nonce}: hello`]));
      const x = w(c);
      const key = c.api === 'responses' ? 'input' : 'messages';
      const full = x.simple(c.planted.text) as Record<string, unknown>;
      const benign = x.simple('hello') as Record<string, unknown>;
      const rest = Object.entries(full).filter(([k]) => k !== key);
      return json(members([key, full[key]], ...rest, [key, benign[key]]));
    },
  },
  {
    // The second `messages` spelled with an escape: a reader comparing raw key bytes sees no duplicate.
    name: 'dup-escaped-key', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const key = c.api === 'responses' ? 'input' : 'messages';
      const full = x.simple(c.planted.text) as Record<string, unknown>;
      const benign = x.simple('hello') as Record<string, unknown>;
      const rest = Object.entries(full).filter(([k]) => k !== key).map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`);
      const escaped = `"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}"`;
      return json(verbatim(`{${JSON.stringify(key)}:${writeJson(full[key])},${rest.join(',')},${escaped}:${writeJson(benign[key])}}`));
    },
  },
  {
    name: 'dup-content', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const msg = c.api === 'responses' ? members(['type', 'message'], ['role', 'user'], ['content', c.planted.text], ['content', 'hello']) : members(['role', 'user'], ['content', c.planted.text], ['content', 'hello']);
      return json(x.body([msg]));
    },
  },
  {
    name: 'dup-text', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const type = c.api === 'responses' ? 'input_text' : 'text';
      return json(x.body([x.user([members(['type', type], ['text', c.planted.text], ['text', 'hello'])])]));
    },
  },
  {
    name: 'dup-system', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const full = x.simple('Go on.') as Record<string, unknown>;
      const key = c.api === 'messages' ? 'system' : c.api === 'responses' ? 'instructions' : undefined;
      if (key === undefined) {
        return json(x.body([members(['role', 'system'], ['content', c.planted.text], ['content', 'You are helpful.']), x.user('Go on.')]));
      }
      return json(members([key, c.planted.text], ...Object.entries(full), [key, 'You are helpful.']));
    },
  },
  {
    name: 'dup-tool-result', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const [call] = x.toolExchange({ name: 'Read', input: { file_path: '.env' }, result: '' });
      const id = 'toolu_01' + c.nonce;
      const result =
        c.api === 'messages' ? { role: 'user', content: [members(['type', 'tool_result'], ['tool_use_id', id], ['content', c.planted.text], ['content', 'ok'])] }
        : c.api === 'chat' ? members(['role', 'tool'], ['tool_call_id', id], ['content', c.planted.text], ['content', 'ok'])
        : members(['type', 'function_call_output'], ['call_id', id], ['output', c.planted.text], ['output', 'ok']);
      return json(x.body([call, result]));
    },
  },
  {
    name: 'dup-tool-definition', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const schema = { type: 'object', properties: { path: { type: 'string' } } };
      const tool =
        c.api === 'messages' ? members(['name', 'Read'], ['description', c.planted.text], ['input_schema', schema], ['description', 'Reads a file'])
        : c.api === 'chat' ? { type: 'function', function: members(['name', 'Read'], ['description', c.planted.text], ['parameters', schema], ['description', 'Reads a file']) }
        : members(['type', 'function'], ['name', 'Read'], ['description', c.planted.text], ['parameters', schema], ['description', 'Reads a file']);
      return json(x.simple('Go on.', { tools: [tool] }));
    },
  },
  {
    name: 'proto-top', group: 'wire', kinds: 'core', apis: ALL,
    build: (c) => {
      const body = c.api === 'completions' || c.api === 'embeddings' ? plainBody(c, ['hello']) : w(c).simple('hello');
      return json(members(...Object.entries(body), ['__proto__', { note: c.planted.text }]));
    },
  },
  {
    name: 'proto-nested', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const msg = c.api === 'responses' ? members(['type', 'message'], ['role', 'user'], ['content', 'hello'], ['__proto__', { content: c.planted.text }]) : members(['role', 'user'], ['content', 'hello'], ['__proto__', { content: c.planted.text }]);
      return json(x.body([msg]));
    },
  },
  // The whole body typed `thinking`: a reader that skips such objects skips the request.
  { name: 'thinking-top', group: 'wire', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(c.planted.text, { type: 'thinking' })) },
  { name: 'thinking-metadata', group: 'wire', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', metadata(c, { note: { type: 'thinking', thinking: c.planted.text } }))) },
  {
    name: 'thinking-tool-input', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ input: { type: 'thinking', thinking: c.planted.text }, result: 'ok' }))),
  },
  {
    name: 'thinking-tool-result', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Read', input: { file_path: '.env' }, result: [{ type: 'thinking', thinking: c.planted.text, signature: 'c2lnbmF0dXJl' }] }))),
  },
  { name: 'key-metadata', group: 'wire', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', metadata(c, { [c.planted.inline]: 'x' }))) },
  {
    name: 'key-schema-property', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple('hello', { tools: [w(c).tool({ schema: { type: 'object', properties: { [c.planted.inline]: { type: 'string' } } } })] })),
  },
  {
    name: 'key-response-format', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const schema = { type: 'object', properties: { [c.planted.inline]: { type: 'string' } } };
      if (c.api === 'chat') return json(w(c).simple('hello', { response_format: { type: 'json_schema', json_schema: { name: 'out', schema } } }));
      if (c.api === 'responses') return json(w(c).simple('hello', { text: { format: { type: 'json_schema', name: 'out', schema } } }));
      return json(w(c).simple('hello', { output_format: { type: 'json_schema', schema } }));
    },
  },
  {
    name: 'key-tool-input', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ input: { [c.planted.inline]: 'value' }, result: 'ok' }))),
  },
  {
    name: 'key-unicode-escaped', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple('hello', { metadata: verbatim(`{${escapedLiteral(c.planted.inline).text}:"x"}`) })),
  },
  { name: 'tool-choice-extra', group: 'wire', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', { tools: [w(c).tool({})], tool_choice: w(c).toolChoice('Write', { note: c.planted.text }) })) },
  {
    name: 'legacy-function-call', group: 'wire', kinds: 'core', apis: ['chat'],
    build: (c) => {
      const x = w(c);
      return json(x.body([
        { role: 'assistant', content: null, function_call: { name: 'write_file', arguments: JSON.stringify({ path: '.env', content: c.planted.text }) } },
        { role: 'function', name: 'write_file', content: 'written' },
      ], { functions: [{ name: 'write_file', parameters: { type: 'object' } }] }));
    },
  },
  {
    name: 'legacy-functions', group: 'wire', kinds: 'core', apis: ['chat'],
    build: (c) => json(w(c).simple('hello', { functions: [{ name: 'write_file', description: c.planted.text, parameters: { type: 'object' } }], function_call: 'auto' })),
  },
  {
    name: 'responses-namespace', group: 'wire', kinds: 'core', apis: ['responses'],
    build: (c) => json(w(c).simple('hello', { tools: [{ type: 'namespace', name: 'deploy', description: c.planted.text, tools: [{ type: 'function', name: 'run', parameters: { type: 'object' }, note: c.planted.text }] }] })),
  },
  {
    name: 'responses-namespace-name', group: 'wire', kinds: 'core', apis: ['responses'],
    build: (c) => json(w(c).simple('hello', { tools: [{ type: 'namespace', name: c.planted.inline, description: 'Deployment tools', x_owner: c.planted.text, tools: [{ type: 'function', name: 'run', parameters: { type: 'object' } }] }] })),
  },
  { name: 'url-query', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ query: `beta=true&context=${encodeURIComponent(c.planted.inline)}`, body: w(c).simple('hello') }) },
  { name: 'header-anthropic-beta', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ headers: { 'anthropic-beta': `tools-2024-04-04,${c.planted.inline}` }, body: w(c).simple('hello') }) },
  { name: 'header-anthropic-version', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ headers: { 'anthropic-version': c.planted.inline }, body: w(c).simple('hello') }) },

  // --- field: strings the parser reads but inspection never saw ---
  {
    name: 'model-name', group: 'field', kinds: 'core', apis: ALL,
    build: (c) => {
      const d = { ...c, model: `${c.model}-${c.planted.inline}` };
      return json(c.api === 'completions' || c.api === 'embeddings' ? plainBody(d, ['hello']) : w(d).simple('hello'));
    },
  },
  {
    name: 'stop-sequences', group: 'field', kinds: 'core', apis: ['messages', 'chat', 'completions'],
    build: (c) => {
      if (c.api === 'completions') return json(plainBody(c, ['hello'], { stop: [c.planted.inline] }));
      return json(w(c).simple('hello', c.api === 'messages' ? { stop_sequences: [c.planted.inline] } : { stop: [c.planted.inline] }));
    },
  },
  { name: 'tool-call-name', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).body(w(c).toolExchange({ name: c.planted.inline, input: { path: 'a' }, result: 'ok' }))) },
  { name: 'tool-call-id', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).body(w(c).toolExchange({ id: c.planted.inline, input: { path: 'a' }, result: 'ok' }))) },
  { name: 'tool-result-id', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).body(w(c).toolExchange({ resultId: c.planted.inline, input: { path: 'a' }, result: 'ok' }))) },
  {
    name: 'tool-choice-name', group: 'field', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple('hello', { tools: [w(c).tool({ name: c.planted.inline })], tool_choice: w(c).toolChoice(c.planted.inline) })),
  },
  {
    name: 'image-url-query', group: 'field', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple([w(c).text('What is in this picture?'), w(c).imageUrl(`https://img.example.com/a.png?sig=${encodeURIComponent(c.planted.inline)}`)])),
  },

  // --- content: payloads Sekisho can decode (must inspect) or cannot (must not wave through) ---
  { name: 'base64-text-plain', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple([w(c).text('Summarise the file.'), w(c).fileData('text/plain', Buffer.from(c.planted.text))])) },
  {
    name: 'base64-json', group: 'content', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple([w(c).text('Summarise the file.'), w(c).fileData('application/json', Buffer.from(JSON.stringify({ config: c.planted.text })), 'config.json')])),
  },
  {
    name: 'data-url-plain-text', group: 'content', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const url = `data:text/plain;charset=utf-8,${encodeURIComponent(c.planted.text)}`;
      const part =
        c.api === 'messages' ? { type: 'document', source: { type: 'text', media_type: 'text/plain', data: c.planted.text } }
        : c.api === 'chat' ? { type: 'file', file: { filename: 'notes.txt', file_data: url } }
        : { type: 'input_file', filename: 'notes.txt', file_data: url };
      return json(x.simple([x.text('Summarise the file.'), part]));
    },
  },
  { name: 'image-not-an-image', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple([w(c).text('Describe.'), w(c).imageData('image/png', Buffer.from(c.planted.text))])) },
  {
    name: 'image-text-chunk', group: 'content', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple([w(c).text('Describe.'), w(c).imageData('image/png', Buffer.concat([PNG_MAGIC, Buffer.from(`tEXtComment\0${c.planted.inline}`)]))])),
  },
  { name: 'pdf-document', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple([w(c).text('Summarise.'), w(c).fileData('application/pdf', pdfWith(c.planted.inline), 'report.pdf')])) },
  { name: 'file-id', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple([w(c).text('Summarise.'), w(c).fileRef(c.planted.inline)])) },
  { name: 'file-name', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple([w(c).text('Summarise.'), w(c).fileData('text/plain', Buffer.from('nothing here'), c.planted.inline)])) },
  { name: 'blob-image-magic', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`Decode this: ${Buffer.concat([PNG_MAGIC, Buffer.from(c.planted.text)]).toString('base64')}`)) },
  { name: 'blob-nul-prefix', group: 'content', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`Decode this: ${Buffer.concat([Buffer.alloc(12), Buffer.from(c.planted.text)]).toString('base64')}`)) },

  // --- normal: the same value, written so a byte-exact detector misses it ---
  { name: 'zero-width', group: 'normal', kinds: 'core', apis: ALL, build: (c) => { const t = breakNeedles(c.planted, c.planted.text, INVISIBLES[c.nonce.length % INVISIBLES.length]!); return json(c.api === 'completions' || c.api === 'embeddings' ? plainBody(c, [t]) : w(c).simple(t)); } },
  { name: 'soft-hyphen', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(breakNeedles(c.planted, c.planted.text, '\u00ad'))) },
  { name: 'full-width', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(FULL_WIDTH(c.planted.text))) },
  { name: 'lookalikes', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(LOOKALIKE(c.planted.text))) },
  { name: 'hex-alone', group: 'normal', kinds: 'core', apis: ALL, build: (c) => { const t = Buffer.from(c.planted.text).toString('hex'); return json(c.api === 'completions' || c.api === 'embeddings' ? plainBody(c, [t]) : w(c).simple(t)); } },
  { name: 'base64url-alone', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(Buffer.from(c.planted.text).toString('base64url'))) },
  { name: 'double-base64', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(Buffer.from(Buffer.from(c.planted.text).toString('base64')).toString('base64'))) },
  { name: 'percent-encoded', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`https://example.com/callback?state=${encodeURIComponent(c.planted.text)}`)) },
  { name: 'json-escaped-text', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(escapedLiteral(c.planted.text))) },
  {
    name: 'split-2-blocks', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple(splitPlanted(c.planted, 2).map((t) => w(c).text(t)))),
  },
  {
    name: 'split-3-messages', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(splitPlanted(c.planted, 3).map((t) => w(c).user(t)))),
  },
  {
    name: 'split-4-turns', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(splitPlanted(c.planted, 4).flatMap((t, i) => (i === 0 ? [w(c).user(t)] : [w(c).assistant('Noted.'), w(c).user(t)])))),
  },

  // --- thinking: signed or opaque reasoning the client resends ---
  {
    name: 'thinking-signed-resent', group: 'thinking', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const thought = `The user's config contains ${c.planted.text}; I should not repeat it.`;
      const turn =
        c.api === 'messages' ? { role: 'assistant', content: [{ type: 'thinking', thinking: thought, signature: 'EqQBCkYIBRgCKkD' + c.nonce }, { type: 'text', text: 'Done.' }] }
        : c.api === 'chat' ? { role: 'assistant', content: 'Done.', reasoning_content: thought }
        : { type: 'reasoning', id: 'rs_' + c.nonce, summary: [{ type: 'summary_text', text: thought }], encrypted_content: 'gAAAAAB' + c.nonce };
      return json(x.body([x.user('Check my config.'), turn, x.user('Thanks, go on.')]));
    },
  },
  {
    name: 'thinking-round-trip', group: 'thinking', kinds: 'core', apis: ['messages', 'responses'], translation: false, roundTrip: true,
    build: (c) => json(w(c).simple(`Please check this before we deploy:\n${c.planted.text}`)),
  },
  {
    name: 'thinking-opaque-data', group: 'thinking', kinds: 'core', apis: ['messages', 'responses'],
    build: (c) => {
      const x = w(c);
      const data = Buffer.from(c.planted.text).toString('base64');
      const turn =
        c.api === 'messages' ? { role: 'assistant', content: [{ type: 'redacted_thinking', data }, { type: 'text', text: 'Done.' }] }
        : { type: 'reasoning', id: 'rs_' + c.nonce, summary: [], encrypted_content: data };
      return json(x.body([x.user('Check my config.'), turn, x.user('Go on.')]));
    },
  },
  {
    name: 'thinking-signature', group: 'thinking', kinds: 'core', apis: ['messages'],
    build: (c) => {
      const x = w(c);
      const turn = { role: 'assistant', content: [{ type: 'thinking', thinking: 'Let me look.', signature: Buffer.from(c.planted.text).toString('base64') }, { type: 'text', text: 'Done.' }] };
      return json(x.body([x.user('Check my config.'), turn, x.user('Go on.')]));
    },
  },

  // --- wire encodings: bodies two JSON readers could read differently, or not read at all ---
  {
    name: 'lone-surrogate', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple(verbatim(`"\\ud800 ${JSON.stringify(c.planted.text).slice(1, -1)}"`))),
  },
  {
    name: 'invalid-utf8', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const marker = 'MARKER-INVALID-UTF8';
      const body = w(c).simple(`${marker} ${c.planted.text}`);
      return rawBody(c, body, (t) => {
        const [a, b] = t.split(marker) as [string, string];
        return Buffer.concat([Buffer.from(a), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(b)]);
      });
    },
  },
  { name: 'bom', group: 'wire', kinds: 'core', apis: GEN, build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])) },
  {
    name: 'charset-latin1', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => rawBody(c, w(c).simple(`Grüße: ${c.planted.inline}`), (t) => Buffer.from(t, 'latin1'), { 'content-type': 'application/json; charset=iso-8859-1' }),
  },
  {
    name: 'charset-utf16', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => Buffer.from(t, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' }),
  },
  { name: 'content-type-text', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ headers: { 'content-type': 'text/plain' }, body: w(c).simple(c.planted.text) }) },
  { name: 'path-variant', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ path: `/v1//${c.api === 'messages' ? 'messages' : c.api === 'chat' ? 'chat/completions' : 'responses'}/`, body: w(c).simple(c.planted.text) }) },
  {
    name: 'gzip-body', group: 'wire', kinds: 'core', apis: [...GEN, 'completions'],
    build: (c) => rawBody(c, c.api === 'completions' ? plainBody(c, [c.planted.text]) : w(c).simple(c.planted.text), (t) => gzipSync(Buffer.from(t)), { 'content-encoding': 'gzip' }),
  },
  {
    name: 'deep-nesting', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      let v: unknown = { note: c.planted.text };
      for (let i = 0; i < 300; i++) v = { a: v };
      return json(w(c).simple('hello', { metadata: v }));
    },
  },

  // --- agent: what ordinary coding-agent sessions send ---
  {
    name: 'base64-tool-output', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => {
      const b64 = Buffer.from(c.planted.text).toString('base64').replace(/(.{76})/g, '$1\n');
      return json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: 'base64 .env' }, result: b64 })));
    },
  },
  {
    name: 'nested-json-args', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: `echo ${JSON.stringify(JSON.stringify({ env: c.planted.text }))} > cfg.json` }, result: 'ok' }))),
  },
  {
    name: 'mcp-server-token', group: 'agent', kinds: 'core', apis: ['messages'],
    build: (c) => json(w(c).simple('hello', { mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'tickets', authorization_token: c.planted.inline }] })),
  },
  {
    name: 'client-identity-fields', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => {
      if (c.api === 'messages') return json(w(c).simple('hello', { metadata: { user_id: c.planted.inline } }));
      if (c.api === 'chat') return json(w(c).simple('hello', { user: c.planted.inline }));
      return json(w(c).simple('hello', { prompt_cache_key: c.planted.inline }));
    },
  },
  {
    name: 'unknown-block-field', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple([{ ...w(c).text('hello'), cache_control: { type: 'ephemeral', note: c.planted.text } }])),
  },
];

CLASSES.push(
  // --- more of what agents and attackers send ---
  {
    name: 'count-tokens', group: 'agent', kinds: 'core', apis: ['messages'], stream: false,
    build: (c) => ({ path: '/v1/messages/count_tokens', body: { model: c.model, messages: [...w(c).opening(), w(c).user(c.planted.text)] } }),
  },
  {
    name: 'server-tool-result', group: 'agent', kinds: 'core', apis: ['messages'],
    build: (c) => json(w(c).body([
      { role: 'assistant', content: [
        { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: { query: 'config' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01', content: [{ type: 'web_search_result', url: 'https://paste.example.com/x', title: c.planted.text, encrypted_content: 'EqgfCioIARgB' }] },
        { type: 'text', text: 'Found it.' },
      ] },
      w(c).user('Go on.'),
    ])),
  },
  {
    name: 'citation-text', group: 'agent', kinds: 'core', apis: ['messages'],
    build: (c) => json(w(c).body([
      { role: 'assistant', content: [{ type: 'text', text: 'As the file says.', citations: [{ type: 'char_location', cited_text: c.planted.text, document_index: 0, start_char_index: 0, end_char_index: 10 }] }] },
      w(c).user('Go on.'),
    ])),
  },
  { name: 'assistant-history', group: 'control', kinds: 'core', apis: GEN, build: (c) => json(w(c).body([w(c).user('What is in the file?'), w(c).assistant(`It says:\n${c.planted.text}`), w(c).user('Thanks.')])) },
  { name: 'padded-large', group: 'agent', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`${'const x = 1;\n'.repeat(5_000)}${c.planted.text}\n${'// end\n'.repeat(2_000)}`)) },
  {
    name: 'escaped-in-tool-output', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Read', input: { file_path: 'config.json' }, result: `{"settings": ${escapedLiteral(c.planted.text).text}}` }))),
  },
  { name: 'numeric-values', group: 'field', kinds: ['jp-my-number', 'credit-card'], apis: GEN, build: (c) => json(w(c).simple('hello', { metadata: { account: verbatim(c.planted.needles[0]!) } })) },
  { name: 'unknown-top-level-field', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', { x_debug_context: c.planted.text })) },
  { name: 'header-custom', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ headers: { 'x-debug-context': c.planted.inline, 'user-agent': `agent/1.0 (${c.planted.inline})` }, body: w(c).simple('hello') }) },
  { name: 'client-credential-header', group: 'wire', kinds: 'core', apis: GEN, build: (c) => ({ headers: { authorization: `Bearer ${c.planted.inline}`, 'x-api-key': c.planted.inline }, body: w(c).simple('hello') }) },
);

export function className(name: string): AttackClass {
  const found = CLASSES.find((k) => k.name === name);
  if (found === undefined) throw new Error(`unknown class ${name}`);
  return found;
}

// --- redteam: classes found after the issue-9 fixes (docs/security.md, "Classes added by the red team") ---

/**
 * `n` copies of one base64 word, space separated: each is a decoder candidate. Its bytes are not text, so
 * each costs a decode and no detector pass (the class stays cheap enough for a busy machine).
 */
function benignBase64Words(n: number): string {
  return Array.from({ length: n }, () => Buffer.from([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b]).toString('base64')).join(' ');
}

/** Every character of each needle inside `text` written as an HTML numeric character reference. */
function entityNeedles(p: Planted, text: string, hex: boolean): string {
  let out = text;
  for (const needle of p.needles) out = out.split(needle).join([...needle].map((ch) => (hex ? `&#x${ch.codePointAt(0)!.toString(16)};` : `&#${ch.codePointAt(0)};`)).join(''));
  return out;
}

/** Cuts every needle of `text` into pieces of `size` characters: the pieces in order, with the text around them. */
function chopped(p: Planted, size: number): string[] {
  const needle = p.needles[0]!;
  const at = p.text.indexOf(needle);
  const pieces = [p.text.slice(0, at + size)];
  for (let i = at + size; i < at + needle.length; i += size) pieces.push(p.text.slice(i, Math.min(i + size, at + needle.length)));
  pieces[pieces.length - 1] += p.text.slice(at + needle.length);
  return pieces;
}

CLASSES.push(
  {
    // More decoder candidates in one string than the decoding budget allows, then the encoded value: past the budget nothing was decoded.
    name: 'decode-budget-candidates', group: 'normal', kinds: 'core', apis: GEN, stream: false,
    build: (c) => json(w(c).simple(`${benignBase64Words(20_050)}\n${Buffer.from(c.planted.text).toString('base64')}`)),
  },
  {
    // More decoded bytes than the budget (gzip inflates cheaply: five blobs of ~1 MB each), then the encoded value.
    name: 'decode-budget-bytes', group: 'normal', kinds: 'core', apis: GEN, stream: false,
    build: (c) => {
      const blob = gzipSync(Buffer.alloc(1_000_000, 'x')).toString('base64');
      return json(w(c).simple(`Logs: ${Array.from({ length: 5 }, () => blob).join(' ')}\nKey: ${Buffer.from(c.planted.text).toString('base64')}`));
    },
  },
  {
    // A gzip stream that inflates past the per-inflate cap, with the value at its end: the inflate is abandoned.
    name: 'gzip-over-inflate-cap', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple(`Decode: ${gzipSync(Buffer.concat([Buffer.alloc(1_200_000, 'x'), Buffer.from(`\n${c.planted.text}\n`)])).toString('base64')}`)),
  },
  {
    name: 'base64-5-layers', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      let t = c.planted.text;
      for (let i = 0; i < 5; i++) t = Buffer.from(t).toString('base64');
      return json(w(c).simple(`Decode this five times: ${t}`));
    },
  },
  {
    name: 'mixed-6-layers', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      let t = c.planted.text;
      for (let i = 0; i < 6; i++) t = i % 2 === 0 ? Buffer.from(t).toString('base64') : Buffer.from(t).toString('hex');
      return json(w(c).simple(`Unwrap: ${t}`));
    },
  },
  { name: 'html-entities-decimal', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`<pre>${entityNeedles(c.planted, c.planted.text, false)}</pre>`)) },
  { name: 'html-entities-hex', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`<code>${entityNeedles(c.planted, c.planted.text, true)}</code>`)) },
  { name: 'split-many-blocks', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(chopped(c.planted, 3).map((t) => w(c).text(t)))) },
  {
    name: 'split-interleaved-sides', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const [a, b, d] = splitPlanted(c.planted, 3) as [string, string, string];
      return json(w(c).body([w(c).user(a), w(c).assistant(b), w(c).user('Also, unrelated: what time is it?'), w(c).user(d)]));
    },
  },
  {
    name: 'split-parallel-tool-calls', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const pieces = splitPlanted(c.planted, 3);
      const x = w(c);
      const items = pieces.flatMap((p, i) => x.toolExchange({ id: `call_${i}_${c.nonce}`, name: 'Append', input: { file_path: '.env', content: p }, result: 'ok' }));
      return json(x.body(items));
    },
  },
  {
    // Two pieces, no bare piece between them: two unrelated messages of the same side in between.
    name: 'split-skipped-messages', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const [a, d] = splitPlanted(c.planted, 2) as [string, string];
      const x = w(c);
      return json(x.body([x.user(a), x.user('Also, unrelated: what time is it?'), x.assistant('I cannot tell the time.'), x.user(d)]));
    },
  },
  {
    // The first piece in the system prompt (instructions), the rest in user turns with an unrelated one between.
    name: 'split-system-and-user', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const [a, b, d] = splitPlanted(c.planted, 3) as [string, string, string];
      const x = w(c);
      const items = [x.user(b), x.user('Never mind that, what time is it?'), x.user(d)];
      if (c.api === 'messages') return json(x.body(items, { system: a }));
      if (c.api === 'responses') return json(x.body(items, { instructions: a }));
      return json(x.body([{ role: 'system', content: a }, ...items]));
    },
  },
  {
    // Pieces returned by three calls of a tool, each call's JSON arguments and an assistant line between them.
    name: 'split-tool-results', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const items = splitPlanted(c.planted, 3).flatMap((p, i) => x.toolExchange({ id: `call_${i}_${c.nonce}`, name: 'Read', input: { file_path: `part${i}.txt` }, result: p }));
      return json(x.body(items));
    },
  },
  {
    // One value over the arguments of calls of different tools, under a different argument name each time.
    name: 'split-tool-args-renamed', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const names = [['Write', 'content'], ['Append', 'text'], ['Edit', 'new_string']] as const;
      const items = splitPlanted(c.planted, 3).flatMap((p, i) => {
        const [tool, arg] = names[i]!;
        return x.toolExchange({ id: `call_${i}_${c.nonce}`, name: tool, input: { file_path: '.env', [arg]: p }, result: 'ok' });
      });
      return json(x.body(items));
    },
  },
  {
    // A file written in chunks by one tool whose arguments nest the value (`edits[].new_string`), results between.
    name: 'split-tool-args-nested', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const x = w(c);
      const items = splitPlanted(c.planted, 3).flatMap((p, i) => x.toolExchange({ id: `call_${i}_${c.nonce}`, name: 'MultiEdit', input: { file_path: 'config.ini', edits: [{ old_string: '', new_string: p }] }, result: 'Applied 1 edit.' }));
      return json(x.body(items));
    },
  },
  {
    name: 'math-alnum-escaped', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => {
      const bold = (s: string): string => s.replace(/[A-Za-z0-9]/g, (ch) => {
        const code = ch.charCodeAt(0);
        const cp = code >= 97 ? 0x1d41a + code - 97 : code >= 65 ? 0x1d400 + code - 65 : 0x1d7ce + code - 48;
        const s2 = String.fromCodePoint(cp);
        return `\\u${s2.charCodeAt(0).toString(16)}\\u${s2.charCodeAt(1).toString(16)}`;
      });
      return json(w(c).simple(verbatim(`"${bold(JSON.stringify(c.planted.text).slice(1, -1))}"`)));
    },
  },
);

/** RFC 4648 base32, upper case, padded. */
function base32(data: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of data) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(acc << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

/** Quoted-printable (RFC 2045) with soft line breaks every `width` characters: `=` and non-ASCII as `=XX`. */
function quotedPrintable(text: string, width: number): string {
  const encoded = [...Buffer.from(text)].map((b) => (b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x0a) ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
  const lines: string[] = [];
  for (const line of encoded.split('\n')) {
    let rest = line;
    while (rest.length > width) {
      let cut = width;
      if (rest[cut - 1] === '=' ) cut -= 1;
      else if (rest[cut - 2] === '=') cut -= 2;
      lines.push(rest.slice(0, cut) + '=');
      rest = rest.slice(cut);
    }
    lines.push(rest);
  }
  return lines.join('\n');
}

CLASSES.push(
  { name: 'base32-alone', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`TOTP backup: ${base32(Buffer.from(c.planted.text))}`)) },
  { name: 'base32-in-base64', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(Buffer.from(base32(Buffer.from(c.planted.text))).toString('base64'))) },
  {
    name: 'quoted-printable', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple(`Content-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(c.planted.text, 16)}`)),
  },
  {
    name: 'quoted-printable-tool-output', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Read', input: { file_path: 'mail.eml' }, result: `Subject: config\nContent-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(c.planted.text, 24)}` }))),
  },
);

CLASSES.push(
  // Other content-encodings the gateway undoes: the upstream must get inspected bytes, not the compressed ones.
  { name: 'deflate-body', group: 'wire', kinds: 'core', apis: GEN, build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => deflateSync(Buffer.from(t)), { 'content-encoding': 'deflate' }) },
  { name: 'brotli-body', group: 'wire', kinds: 'core', apis: GEN, build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => brotliCompressSync(Buffer.from(t)), { 'content-encoding': 'br' }) },
  { name: 'zstd-body', group: 'wire', kinds: 'core', apis: GEN, build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => zstdCompressSync(Buffer.from(t)), { 'content-encoding': 'zstd' }) },
  { name: 'stacked-encoding', group: 'wire', kinds: 'core', apis: GEN, build: (c) => rawBody(c, w(c).simple(c.planted.text), (t) => gzipSync(gzipSync(Buffer.from(t))), { 'content-encoding': 'gzip, gzip' }) },
  {
    name: 'path-case-and-escapes', group: 'wire', kinds: 'core', apis: GEN,
    build: (c) => {
      const path = c.api === 'messages' ? '/V1/%6Dessages' : c.api === 'chat' ? '/v1/chat/%63ompletions' : '/v1/Responses';
      return { path, body: w(c).simple(c.planted.text) };
    },
  },
);

// --- redteam3: invisible alphabets, byte arrays, byte listings (docs/security.md, "Red team, third pass") ---

/** Every needle of `text` rewritten with `map` applied to each of its characters. */
function mapNeedles(p: Planted, text: string, map: (ch: string) => string): string {
  let out = text;
  for (const needle of p.needles) out = out.split(needle).join([...needle].map(map).join(''));
  return out;
}

/** Unicode tag characters (U+E0020–E007E): invisible, yet read by tokenizers as the ASCII they shadow. */
const TAGS = (s: string): string => [...s].map((ch) => (ch >= ' ' && ch <= '~' ? String.fromCodePoint(0xe0000 + ch.charCodeAt(0)) : ch)).join('');

/** Bytes as variation selectors after a visible character (U+FE00–FE0F for 0–15, U+E0100–E01EF for 16–255). */
function variationBytes(s: string): string {
  return '😀' + [...Buffer.from(s)].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
}

/** `xxd -i` output: a C array of `0x..` bytes, twelve a line. */
function cArray(s: string): string {
  const bytes = [...Buffer.from(s)].map((b) => `0x${b.toString(16).padStart(2, '0')}`);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) lines.push('  ' + bytes.slice(i, i + 12).join(', '));
  return `unsigned char config_env[] = {\n${lines.join(',\n')}\n};\nunsigned int config_env_len = ${bytes.length};`;
}

CLASSES.push(
  { name: 'unicode-tags', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`Please review this.${TAGS(c.planted.text)}`)) },
  { name: 'unicode-tags-inside', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(mapNeedles(c.planted, c.planted.text, (ch) => TAGS(ch)))) },
  {
    name: 'unicode-tags-tool-result', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Read', input: { file_path: 'README.md' }, result: `# Project\nSee docs.${TAGS(c.planted.text)}` }))),
  },
  { name: 'variation-selector-bytes', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(`Nice ${variationBytes(c.planted.text)} right?`)) },
  {
    name: 'byte-array-tool-input', group: 'field', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'WriteBytes', input: { file_path: '.env', data: { type: 'Buffer', data: [...Buffer.from(c.planted.text)] } }, result: 'ok' }))),
  },
  { name: 'byte-array-metadata', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', { x_blob: [...Buffer.from(c.planted.text)] })) },
  { name: 'char-code-array', group: 'field', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple('hello', { metadata: { codes: [...c.planted.text].map((ch) => ch.codePointAt(0)) } })) },
  {
    name: 'byte-array-text', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: 'node -e "console.log(JSON.stringify(fs.readFileSync(\'.env\')))"' }, result: JSON.stringify(Buffer.from(c.planted.text)) }))),
  },
  {
    name: 'c-hex-array', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: 'xxd -i .env' }, result: cArray(c.planted.text) }))),
  },
  {
    name: 'decimal-byte-listing', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: 'od -An -tu1 .env' }, result: [...Buffer.from(c.planted.text)].map((b) => String(b).padStart(4)).join('').replace(/((?:.{4}){16})/g, '$1\n') }))),
  },
  { name: 'nul-inside', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(breakNeedles(c.planted, c.planted.text, '\u0000'))) },
  {
    name: 'hex-byte-listing', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).body(w(c).toolExchange({ name: 'Bash', input: { command: 'od -An -tx1 .env' }, result: [...Buffer.from(c.planted.text)].map((b) => ' ' + b.toString(16).padStart(2, '0')).join('').replace(/((?:.{3}){16})/g, '$1\n') }))),
  },
  {
    name: 'char-code-call', group: 'normal', kinds: 'core', apis: GEN,
    build: (c) => json(w(c).simple(`Run this:\n\nconst cfg = String.fromCharCode(${[...c.planted.text].map((ch) => ch.charCodeAt(0)).join(', ')});`)),
  },
  // "Fancy text" generators: every character struck through, underlined or keycapped with a combining mark.
  { name: 'styled-strikethrough', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(mapNeedles(c.planted, c.planted.text, (ch) => `${ch}\u0336`))) },
  { name: 'styled-underline', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(mapNeedles(c.planted, c.planted.text, (ch) => `${ch}\u0332`))) },
  { name: 'styled-keycap', group: 'normal', kinds: 'core', apis: GEN, build: (c) => json(w(c).simple(mapNeedles(c.planted, c.planted.text, (ch) => (/[0-9]/.test(ch) ? `${ch}\uFE0F\u20E3` : ch)))) },
  {
    name: 'responses-prompt-variables', group: 'field', kinds: 'core', apis: ['responses'],
    build: (c) => json(w(c).simple('hello', { prompt: { id: 'pmpt_123', version: '2', variables: { config: c.planted.text, doc: { type: 'input_text', text: c.planted.text } } } })),
  },
  {
    name: 'search-result-block', group: 'field', kinds: 'core', apis: ['messages'],
    build: (c) => json(w(c).simple([{ type: 'search_result', source: 'https://wiki.example.com/ops', title: 'Ops', content: [{ type: 'text', text: c.planted.text }], citations: { enabled: true } }, w(c).text('Summarise.')])),
  },
);

// Terminal output as tool results (classes-tool-output.ts).
CLASSES.push(...TOOL_OUTPUT_CLASSES);
