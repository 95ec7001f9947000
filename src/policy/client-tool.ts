import type { IncomingHttpHeaders } from 'node:http';
import type { ClientTool } from './types.ts';

/**
 * Which client tool sent a request, from what the tools send (see the captures of real runs):
 *
 * - Claude Code: `user-agent: claude-cli/<version> (...)` and an `x-claude-code-session-id` header.
 * - Codex CLI: `originator: codex_exec` / `codex_cli_rs` and a `user-agent` starting with the same name.
 * - opencode: `user-agent: opencode/<version> ai-sdk/...`.
 * - The official SDKs: `user-agent: Anthropic/JS <v>` / `Anthropic/Python <v>`, `OpenAI/JS <v>` / `OpenAI/Python <v>`.
 *
 * Tools built on an SDK also send the SDK's `x-stainless-*` headers, so tool markers are checked
 * first. These headers are self-declared: a rule may tighten on them, but loosening a rule because a
 * request *claims* to come from some tool is trivially spoofed (docs/policy.md says so).
 */
export function detectClientTool(headers: IncomingHttpHeaders): ClientTool {
  const ua = header(headers, 'user-agent').toLowerCase();
  const originator = header(headers, 'originator').toLowerCase();
  if (ua.startsWith('claude-cli/') || header(headers, 'x-claude-code-session-id') !== '') return 'claude-code';
  if (originator.startsWith('codex') || /^codex[_-]/.test(ua)) return 'codex';
  if (ua.startsWith('opencode/')) return 'opencode';
  if (ua.startsWith('anthropic/')) return 'anthropic-sdk';
  if (ua.startsWith('openai/')) return 'openai-sdk';
  return 'other';
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}
