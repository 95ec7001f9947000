/**
 * Drives the gateway with the official SDKs, one function per client API, in a uniform shape so tests
 * can run the same scenario over every API x backend x stream mode.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

export type ClientApi = 'messages' | 'chat' | 'responses';

/** A tool call as the client saw it. */
export interface SeenToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface Turn {
  text: string;
  toolCalls: SeenToolCall[];
  /** Stop reason in the client's vocabulary. */
  stop: string | null | undefined;
  usage: { input: number; output: number } | undefined;
  /** Opaque state needed to continue the conversation with a tool result. */
  next: (toolResult: string) => Promise<Turn>;
}

const tool = {
  name: 'read_file',
  description: 'Read a file from the workspace',
  schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

export interface ChatOptions {
  baseUrl: string;
  model: string;
  stream: boolean;
  withTools?: boolean;
  prompt?: string;
  /** Extra request headers (e.g. a session id). */
  headers?: Record<string, string>;
}

/** First turn of a conversation through `api`; `turn.next(result)` sends the tool result back. */
export function converse(api: ClientApi, options: ChatOptions): Promise<Turn> {
  switch (api) {
    case 'messages':
      return anthropicTurn(options, [{ role: 'user', content: options.prompt ?? 'Say hello' }]);
    case 'chat':
      return chatTurn(options, [{ role: 'user', content: options.prompt ?? 'Say hello' }]);
    case 'responses':
      return responsesTurn(options, [{ role: 'user', content: options.prompt ?? 'Say hello' }]);
  }
}

async function anthropicTurn(o: ChatOptions, messages: Anthropic.MessageParam[]): Promise<Turn> {
  const client = new Anthropic({ baseURL: o.baseUrl, apiKey: 'client-key', maxRetries: 0, defaultHeaders: o.headers ?? {} });
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: o.model,
    max_tokens: 1024,
    messages,
    ...(o.withTools ? { tools: [{ name: tool.name, description: tool.description, input_schema: tool.schema as Anthropic.Tool.InputSchema }] } : {}),
  };
  const message = o.stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
  const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  const toolCalls = message.content.flatMap((b) =>
    b.type === 'tool_use' ? [{ id: b.id, name: b.name, args: b.input as Record<string, unknown> }] : [],
  );
  return {
    text,
    toolCalls,
    stop: message.stop_reason,
    usage: { input: message.usage.input_tokens, output: message.usage.output_tokens },
    next: (result) =>
      anthropicTurn(o, [
        ...messages,
        { role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] },
        { role: 'user', content: toolCalls.map((c) => ({ type: 'tool_result' as const, tool_use_id: c.id, content: result })) },
      ]),
  };
}

async function chatTurn(o: ChatOptions, messages: OpenAI.Chat.ChatCompletionMessageParam[]): Promise<Turn> {
  const client = new OpenAI({ baseURL: o.baseUrl + '/v1', apiKey: 'client-key', maxRetries: 0, defaultHeaders: o.headers ?? {} });
  const params = {
    model: o.model,
    messages,
    ...(o.withTools ? { tools: [{ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.schema } }] } : {}),
  };
  const completion = o.stream
    ? await client.chat.completions.stream({ ...params, stream_options: { include_usage: true } }).finalChatCompletion()
    : await client.chat.completions.create(params);
  const choice = completion.choices[0]!;
  const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments || '{}') as Record<string, unknown> }] : [],
  );
  return {
    text: choice.message.content ?? '',
    toolCalls,
    stop: choice.finish_reason,
    usage: completion.usage ? { input: completion.usage.prompt_tokens, output: completion.usage.completion_tokens } : undefined,
    next: (result) =>
      chatTurn(o, [
        ...messages,
        choice.message as OpenAI.Chat.ChatCompletionAssistantMessageParam,
        ...toolCalls.map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: result })),
      ]),
  };
}

async function responsesTurn(o: ChatOptions, input: OpenAI.Responses.ResponseInputItem[]): Promise<Turn> {
  const client = new OpenAI({ baseURL: o.baseUrl + '/v1', apiKey: 'client-key', maxRetries: 0, defaultHeaders: o.headers ?? {} });
  const params = {
    model: o.model,
    input,
    store: false,
    ...(o.withTools ? { tools: [{ type: 'function' as const, name: tool.name, description: tool.description, parameters: tool.schema, strict: false }] } : {}),
  };
  const response = o.stream ? await client.responses.stream(params).finalResponse() : await client.responses.create(params);
  const calls = response.output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
  return {
    text: response.output_text,
    toolCalls: calls.map((c) => ({ id: c.call_id, name: c.name, args: JSON.parse(c.arguments || '{}') as Record<string, unknown> })),
    stop: response.status,
    usage: response.usage ? { input: response.usage.input_tokens, output: response.usage.output_tokens } : undefined,
    next: (result) =>
      responsesTurn(o, [
        ...input,
        ...(response.output as OpenAI.Responses.ResponseInputItem[]),
        ...calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: result })),
      ]),
  };
}
