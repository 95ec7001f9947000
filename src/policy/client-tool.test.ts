import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectClientTool } from './client-tool.ts';

// Header sets as the real clients send them (values from captured runs; auth removed).
const cases: Array<[string, Record<string, string>, string]> = [
  ['Claude Code', {
    'user-agent': 'claude-cli/2.1.331 (external, sdk-cli)',
    'x-claude-code-session-id': 'e7e7bd6c-91db-4451-8e67-4276aec493f4',
    'x-app': 'cli',
    'x-stainless-lang': 'js',
    'x-stainless-package-version': '0.128.0',
    'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
  }, 'claude-code'],
  ['Claude Code with a proxy-rewritten user agent', { 'user-agent': 'corp-proxy/1.0', 'x-claude-code-session-id': 'abc' }, 'claude-code'],
  ['Codex CLI (exec)', {
    'user-agent': 'codex_exec/0.169.0 (Debian 12.0.0; x86_64) xterm (codex_exec; 0.169.0)',
    originator: 'codex_exec',
    'session-id': '01a20d83-f512-7fd3-90ad-15972f430315',
  }, 'codex'],
  ['Codex CLI (interactive)', { 'user-agent': 'codex_cli_rs/0.169.0 (Mac OS 15.1; arm64)', originator: 'codex_cli_rs' }, 'codex'],
  ['opencode (chat)', {
    'user-agent': 'opencode/1.18.33 ai-sdk/provider-utils/4.0.23 runtime/bun/1.3.14',
    'x-session-id': 'ses_df27bf9dfffegUQpgzcxALH110',
    'x-session-affinity': 'ses_df27bf9dfffegUQpgzcxALH110',
  }, 'opencode'],
  ['Anthropic TypeScript SDK', { 'user-agent': 'Anthropic/JS 0.71.0', 'x-stainless-lang': 'js' }, 'anthropic-sdk'],
  ['Anthropic Python SDK', { 'user-agent': 'Anthropic/Python 0.75.0' }, 'anthropic-sdk'],
  ['OpenAI TypeScript SDK', { 'user-agent': 'OpenAI/JS 6.9.1', 'x-stainless-lang': 'js' }, 'openai-sdk'],
  ['OpenAI Python SDK', { 'user-agent': 'OpenAI/Python 2.8.1' }, 'openai-sdk'],
  ['curl', { 'user-agent': 'curl/8.5.0' }, 'other'],
  ['no headers', {}, 'other'],
  ['a lookalike prefix', { 'user-agent': 'opencode-fork/0.1' }, 'other'],
];

for (const [name, headers, expected] of cases) {
  test(`client tool: ${name} → ${expected}`, () => {
    assert.equal(detectClientTool(headers), expected);
  });
}
