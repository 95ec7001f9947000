import type { ConversationRequest, Message } from '../../conversation/index.ts';
import type { ParseResult } from '../protocol.ts';

/**
 * Legacy `/v1/completions` (editor autocomplete, fill-in-the-middle). Only passed through to OpenAI-style
 * backends; parsed into a text-only conversation so inspection sees the prompt and the FIM `suffix`.
 */
export function parseCompletionsRequest(body: unknown): ParseResult<ConversationRequest> {
  if (!isObject(body)) return { ok: false, message: 'body must be a JSON object' };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: 'model is required', param: 'model' };
  const prompts = textList(body.prompt);
  if (prompts === TOKEN_IDS) return { ok: false, message: TOKEN_IDS_REFUSED, param: 'prompt' };
  if (prompts === undefined) return { ok: false, message: 'prompt must be a string or an array of strings', param: 'prompt' };
  const messages: Message[] = prompts.map((text) => ({ role: 'user', content: [{ type: 'text', text }] }));
  if (body.suffix !== undefined && body.suffix !== null) {
    if (typeof body.suffix !== 'string') return { ok: false, message: 'suffix must be a string', param: 'suffix' };
    messages.push({ role: 'user', content: [{ type: 'text', text: body.suffix, extensions: { fimSuffix: true } }] });
  }
  return { ok: true, value: textOnly(body, messages) };
}

/** `/v1/embeddings`: `input` as string or string array (token-id arrays are refused, see `textList`). */
export function parseEmbeddingsRequest(body: unknown): ParseResult<ConversationRequest> {
  if (!isObject(body)) return { ok: false, message: 'body must be a JSON object' };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: 'model is required', param: 'model' };
  const inputs = textList(body.input);
  if (inputs === TOKEN_IDS) return { ok: false, message: TOKEN_IDS_REFUSED, param: 'input' };
  if (inputs === undefined) return { ok: false, message: 'input must be a string or an array of strings', param: 'input' };
  return { ok: true, value: textOnly(body, inputs.map((text) => ({ role: 'user', content: [{ type: 'text', text }] }))) };
}

function textOnly(body: Record<string, unknown>, messages: Message[]): ConversationRequest {
  return {
    model: body.model as string,
    system: [],
    messages,
    tools: [],
    stream: body.stream === true,
    // Everything else goes upstream verbatim on passthrough, so it is inspected as extensions.
    extensions: Object.fromEntries(Object.entries(body).filter(([k]) => !MODELED.has(k))),
  };
}

/** Top-level fields the text-only conversation carries itself. */
const MODELED = new Set(['model', 'prompt', 'suffix', 'input', 'stream']);

const TOKEN_IDS = Symbol('token ids');
const TOKEN_IDS_REFUSED =
  'prompts given as token ids cannot be inspected, so Sekisho does not forward them (the model would decode them back to text): send the prompt as text';

/**
 * Strings are text. Token-id arrays (numbers) are valid OpenAI input, but the model decodes them back
 * into text that inspection never saw — a way to smuggle a secret past every detector — so they are
 * recognised and refused (fail closed) rather than passed on uninspected.
 */
function textList(value: unknown): string[] | typeof TOKEN_IDS | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || (Array.isArray(item) && item.every((n) => typeof n === 'number'))) return TOKEN_IDS;
    else return undefined;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
