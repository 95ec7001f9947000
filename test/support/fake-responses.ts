import {
  argumentsText, arrayField, chunkText, inputTokens, isObject, outputTokens, replyCalls, replyText, sseFrame, stringField,
} from './fake-context.ts';
import type { FakeContext } from './fake-context.ts';
import type { FakeDialect } from './fake-dialect.ts';
import { openaiErrorBody } from './fake-errors.ts';
import type { FakeContentReply } from './fake-reply.ts';

/** Names of freeform (`type: "custom"`) tools offered anywhere in a Responses request. */
export function customToolNames(body: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const visit = (tools: unknown[]): void => {
    for (const tool of tools) {
      if (!isObject(tool)) continue;
      const type = stringField(tool, 'type');
      const name = stringField(tool, 'name');
      if (type === 'custom' && name !== undefined) names.add(name);
      if (type === 'namespace') visit(arrayField(tool, 'tools'));
    }
  };
  visit(arrayField(body, 'tools'));
  for (const item of arrayField(body, 'input')) {
    if (stringField(item, 'type') === 'additional_tools') visit(arrayField(item, 'tools'));
  }
  return names;
}

/** One output item and the events that stream it (without output_item.added/done, added by the caller). */
interface Item {
  final: Record<string, unknown>;
  added: Record<string, unknown>;
  body: (index: number) => Array<[string, Record<string, unknown>]>;
}

function itemsOf(ctx: FakeContext, reply: FakeContentReply): Item[] {
  const items: Item[] = [];
  const pieces = (s: string): string[] => chunkText(s, reply.chunkSize);
  if (reply.reasoning !== undefined) {
    const id = ctx.id('rs_');
    const text = reply.reasoning;
    const part = { type: 'summary_text', text };
    items.push({
      added: { id, type: 'reasoning', summary: [] },
      final: { id, type: 'reasoning', summary: [part] },
      body: (output_index) => [
        ['response.reasoning_summary_part.added', { item_id: id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } }],
        ...pieces(text).map((delta): [string, Record<string, unknown>] =>
          ['response.reasoning_summary_text.delta', { item_id: id, output_index, summary_index: 0, delta }]),
        ['response.reasoning_summary_text.done', { item_id: id, output_index, summary_index: 0, text }],
        ['response.reasoning_summary_part.done', { item_id: id, output_index, summary_index: 0, part }],
      ],
    });
  }
  const text = replyText(reply);
  const calls = replyCalls(reply);
  if (text !== '' || calls.length === 0) {
    const id = ctx.id('msg_');
    const part = { type: 'output_text', text, annotations: [], logprobs: [] };
    items.push({
      added: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      final: { id, type: 'message', status: 'completed', role: 'assistant', content: [part] },
      body: (output_index) => {
        const at = { item_id: id, output_index, content_index: 0 };
        return [
          ['response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }],
          ...pieces(text).map((delta): [string, Record<string, unknown>] => ['response.output_text.delta', { ...at, delta, logprobs: [] }]),
          ['response.output_text.done', { ...at, text, logprobs: [] }],
          ['response.content_part.done', { ...at, part }],
        ];
      },
    });
  }
  const custom = customToolNames(ctx.body);
  for (const call of calls) {
    const callId = call.id ?? ctx.id('call_');
    const args = argumentsText(call);
    if (custom.has(call.name)) {
      // Freeform tools get their raw input, streamed as custom_tool_call_input deltas.
      const id = ctx.id('ctc_');
      items.push({
        added: { id, type: 'custom_tool_call', status: 'in_progress', call_id: callId, name: call.name, input: '' },
        final: { id, type: 'custom_tool_call', status: 'completed', call_id: callId, name: call.name, input: args },
        body: (output_index) => [
          ...pieces(args).map((delta): [string, Record<string, unknown>] =>
            ['response.custom_tool_call_input.delta', { item_id: id, output_index, delta }]),
          ['response.custom_tool_call_input.done', { item_id: id, output_index, input: args }],
        ],
      });
      continue;
    }
    const id = ctx.id('fc_');
    items.push({
      added: { id, type: 'function_call', status: 'in_progress', call_id: callId, name: call.name, arguments: '' },
      final: { id, type: 'function_call', status: 'completed', call_id: callId, name: call.name, arguments: args },
      body: (output_index) => [
        ...pieces(args).map((delta): [string, Record<string, unknown>] =>
          ['response.function_call_arguments.delta', { item_id: id, output_index, delta }]),
        ['response.function_call_arguments.done', { item_id: id, output_index, name: call.name, arguments: args }],
      ],
    });
  }
  return items;
}

function responseObject(ctx: FakeContext, id: string, status: string, output: unknown[], usage: unknown): Record<string, unknown> {
  const b = ctx.body;
  return {
    id, object: 'response', created_at: ctx.created, status, error: null, incomplete_details: null,
    instructions: b['instructions'] ?? null, max_output_tokens: b['max_output_tokens'] ?? null, model: ctx.model,
    output, parallel_tool_calls: b['parallel_tool_calls'] ?? true, previous_response_id: null,
    reasoning: { effort: null, summary: null }, store: b['store'] ?? false, temperature: b['temperature'] ?? 1,
    text: { format: { type: 'text' } }, tool_choice: b['tool_choice'] ?? 'auto', tools: b['tools'] ?? [],
    top_p: b['top_p'] ?? 1, truncation: 'disabled', usage, metadata: {},
  };
}

function usageOf(ctx: FakeContext, reply: FakeContentReply): Record<string, unknown> {
  const input = inputTokens(ctx, reply);
  const output = outputTokens(reply);
  const reasoning = reply.reasoning === undefined ? 0 : Math.ceil(reply.reasoning.length / 4);
  return {
    input_tokens: input, input_tokens_details: { cached_tokens: 0 },
    output_tokens: output, output_tokens_details: { reasoning_tokens: reasoning }, total_tokens: input + output,
  };
}

/** OpenAI Responses (`/v1/responses`), the full default event sequence with sequence numbers. */
export const responsesDialect: FakeDialect = {
  streamFrames(ctx, reply) {
    const frames: string[] = [];
    const ev = (type: string, data: Record<string, unknown>): void => {
      frames.push(sseFrame(type, { type, sequence_number: frames.length, ...data }));
    };
    const id = ctx.id('resp_');
    const items = itemsOf(ctx, reply);
    ev('response.created', { response: responseObject(ctx, id, 'in_progress', [], null) });
    ev('response.in_progress', { response: responseObject(ctx, id, 'in_progress', [], null) });
    items.forEach((item, output_index) => {
      ev('response.output_item.added', { output_index, item: item.added });
      for (const [type, data] of item.body(output_index)) ev(type, data);
      ev('response.output_item.done', { output_index, item: item.final });
    });
    ev('response.completed', { response: responseObject(ctx, id, 'completed', items.map((i) => i.final), usageOf(ctx, reply)) });
    return frames;
  },

  json(ctx, reply) {
    return responseObject(ctx, ctx.id('resp_'), 'completed', itemsOf(ctx, reply).map((i) => i.final), usageOf(ctx, reply));
  },

  streamErrorFrame(_ctx, error, sentEvents) {
    return sseFrame('error', {
      type: 'error', code: error.code ?? error.type ?? 'server_error', message: error.message, param: null,
      sequence_number: sentEvents,
    });
  },

  errorBody: openaiErrorBody,
};
