import type { RequestContext } from '../pipeline/context.ts';
import { sendJson } from './respond.ts';
import { gatewayError } from '../errors.ts';

/**
 * `GET /v1/models` and `GET /v1/models/{id}`. One shape serves both SDK families: each entry carries
 * the OpenAI fields (`id`, `object`, `created`, `owned_by`) and the Anthropic ones (`type`,
 * `display_name`, `created_at`), and the list has both `object: "list"` and Anthropic's paging fields.
 */
export function answerModels(ctx: RequestContext, names: string[], id: string | undefined, isServed: (model: string) => boolean): void {
  const created = 0;
  const entry = (name: string) => ({
    id: name,
    object: 'model',
    created,
    owned_by: 'sekisho',
    type: 'model',
    display_name: name,
    created_at: new Date(created * 1000).toISOString(),
  });
  if (id !== undefined) {
    if (!isServed(id)) throw gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: id });
    sendJson(ctx, 200, entry(id));
    return;
  }
  const data = names.map(entry);
  sendJson(ctx, 200, {
    object: 'list',
    data,
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  });
}
