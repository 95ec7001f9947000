/**
 * Request shapes of the client protocols, small enough for attack classes to compose: a class says
 * "a tool call whose input is X" and gets the Anthropic, Chat or Responses way of writing it.
 */
import type { Planted } from './planted.ts';

export type GenerationApi = 'messages' | 'chat' | 'responses';
export type Api = GenerationApi | 'completions' | 'embeddings';

export const PATHS: Record<Api, string> = {
  messages: '/v1/messages',
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
};

/** What one case is built from. */
export interface CaseInput {
  api: Api;
  stream: boolean;
  /** Routes the request: passthrough or translation (see gateways.ts). */
  model: string;
  /** A benign marker in the first message: which case a backend request belongs to. */
  nonce: string;
  planted: Planted;
}

/** One request as the client sends it. `body` is a JSON value (see json-text.ts) or raw bytes. */
export interface RequestSpec {
  /** Another endpoint of the same API (e.g. `/v1/messages/count_tokens`). */
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  body: unknown;
  /** Raw bytes instead of a JSON value (encodings, invalid UTF-8). */
  bytes?: Buffer;
}

type Json = Record<string, unknown>;

/** Builders for one case's protocol. */
export class Wire {
  readonly c: CaseInput;
  constructor(c: CaseInput) {
    this.c = c;
  }

  get api(): GenerationApi {
    if (this.c.api === 'completions' || this.c.api === 'embeddings') throw new Error(`no conversation in ${this.c.api}`);
    return this.c.api;
  }

  /** A text content part. */
  text(text: unknown): Json {
    return { type: this.api === 'responses' ? 'input_text' : 'text', text };
  }

  user(content: unknown): Json {
    return this.api === 'responses' ? { type: 'message', role: 'user', content } : { role: 'user', content };
  }

  assistant(text: string): Json {
    if (this.api === 'responses') return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
    return { role: 'assistant', content: text };
  }

  /** The opening exchange every case starts with: the nonce, and an answer. */
  opening(): Json[] {
    return [this.user(`Case ${this.c.nonce}: please help me with this repository.`), this.assistant('Sure, what do you need?')];
  }

  /** A whole request body: the opening, then `items`, then `extra` top-level members. */
  body(items: unknown[], extra: Json = {}): Json {
    const { model, stream } = this.c;
    switch (this.api) {
      case 'messages':
        return { model, max_tokens: 64, stream, messages: [...this.opening(), ...items], ...extra };
      case 'chat':
        return { model, stream, messages: [...this.opening(), ...items], ...extra };
      case 'responses':
        return { model, stream, store: false, input: [...this.opening(), ...items], ...extra };
    }
  }

  /**
   * A request carrying `content` in the most ordinary place, the last user message: a string as is, an
   * array as the message's parts, any other JSON value (a verbatim literal) as the text of one part.
   */
  simple(content: unknown, extra: Json = {}): Json {
    const parts = typeof content === 'string' ? content : Array.isArray(content) ? content : [this.text(content)];
    return this.body([this.user(parts)], extra);
  }

  /** An assistant tool call and its result; `input` is the arguments object (or a JSON value of json-text.ts). */
  toolExchange(o: { id?: string; resultId?: string; name?: string; input: unknown; argsText?: string; result: unknown }): Json[] {
    const id = o.id ?? 'toolu_01' + this.c.nonce;
    const resultId = o.resultId ?? id;
    const name = o.name ?? 'Write';
    const args = o.argsText ?? JSON.stringify(o.input);
    switch (this.api) {
      case 'messages':
        return [
          { role: 'assistant', content: [{ type: 'text', text: 'Writing the file.' }, { type: 'tool_use', id, name, input: o.input }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: resultId, content: o.result }] },
        ];
      case 'chat':
        return [
          { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name, arguments: args } }] },
          { role: 'tool', tool_call_id: resultId, content: o.result },
        ];
      case 'responses':
        return [
          { type: 'function_call', call_id: id, name, arguments: args },
          { type: 'function_call_output', call_id: resultId, output: o.result },
        ];
    }
  }

  /** A tool definition. */
  tool(o: { name?: string; description?: unknown; schema?: unknown; extra?: Json }): Json {
    const name = o.name ?? 'Write';
    const description = o.description ?? 'Write a file';
    const schema = o.schema ?? { type: 'object', properties: { file_path: { type: 'string' }, content: { type: 'string' } } };
    switch (this.api) {
      case 'messages':
        return { name, description, input_schema: schema, ...o.extra };
      case 'chat':
        return { type: 'function', function: { name, description, parameters: schema, ...o.extra } };
      case 'responses':
        return { type: 'function', name, description, parameters: schema, strict: false, ...o.extra };
    }
  }

  /** `tool_choice` forcing tool `name`, with `extra` members. */
  toolChoice(name: string, extra: Json = {}): Json {
    switch (this.api) {
      case 'messages':
        return { type: 'tool', name, ...extra };
      case 'chat':
        return { type: 'function', function: { name }, ...extra };
      case 'responses':
        return { type: 'function', name, ...extra };
    }
  }

  /** An image part by URL. */
  imageUrl(url: string): Json {
    switch (this.api) {
      case 'messages':
        return { type: 'image', source: { type: 'url', url } };
      case 'chat':
        return { type: 'image_url', image_url: { url } };
      case 'responses':
        return { type: 'input_image', image_url: url, detail: 'auto' };
    }
  }

  /** An image part with inline base64 data. */
  imageData(mediaType: string, data: Buffer): Json {
    const b64 = data.toString('base64');
    switch (this.api) {
      case 'messages':
        return { type: 'image', source: { type: 'base64', media_type: mediaType, data: b64 } };
      case 'chat':
        return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${b64}` } };
      case 'responses':
        return { type: 'input_image', image_url: `data:${mediaType};base64,${b64}`, detail: 'auto' };
    }
  }

  /** A file / document part with inline base64 data. */
  fileData(mediaType: string, data: Buffer, filename = 'notes.txt'): Json {
    const b64 = data.toString('base64');
    switch (this.api) {
      case 'messages':
        return { type: 'document', title: filename, source: { type: 'base64', media_type: mediaType, data: b64 } };
      case 'chat':
        return { type: 'file', file: { filename, file_data: `data:${mediaType};base64,${b64}` } };
      case 'responses':
        return { type: 'input_file', filename, file_data: `data:${mediaType};base64,${b64}` };
    }
  }

  /** A file part by reference. */
  fileRef(fileId: string, filename = 'report.pdf'): Json {
    switch (this.api) {
      case 'messages':
        return { type: 'document', title: filename, source: { type: 'file', file_id: fileId } };
      case 'chat':
        return { type: 'file', file: { file_id: fileId, filename } };
      case 'responses':
        return { type: 'input_file', file_id: fileId, filename };
    }
  }
}

/** Legacy completions and embeddings bodies (passthrough only): `texts` become the prompt / input list. */
export function plainBody(c: CaseInput, texts: unknown[], extra: Json = {}): Json {
  const all = [`Case ${c.nonce}: continue this file.`, ...texts];
  if (c.api === 'embeddings') return { model: c.model, input: all, ...extra };
  return { model: c.model, prompt: all, max_tokens: 16, stream: c.stream, ...extra };
}
