/**
 * What coding clients send on their own must not look like a secret or personal data to the inspector,
 * at any confidence tier: under a blocking or redacting policy a finding there would derail every session
 * (a system prompt rewritten with placeholders, a session kept internal). The requests below are written
 * for this test in the shapes Claude Code, Codex CLI and opencode use (system prompts, tool definitions,
 * environment blocks, git status with commit hashes, attribution lines, file listings, AGENTS.md and
 * CLAUDE.md contents, session ids, opaque reasoning blobs, client headers), plus the project's client
 * fixtures. scripts/check-client-captures.ts runs the same check over the real clients' captures.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { allTiersInspector, clientFindings } from './benign-findings.ts';
import { claudeCodeRequest } from '../fixtures/claude-code.ts';
import { codexRequest } from '../fixtures/codex.ts';
import { opencodeRequest } from '../fixtures/opencode.ts';

const inspector = allTiersInspector();

/** Deterministic bytes (a hash chain), for ids and opaque blobs that must look random. */
function bytes(seed: string, n: number): Buffer {
  const out: Buffer[] = [];
  let h = createHash('sha256').update(seed).digest();
  for (let len = 0; len < n; len += h.length) {
    out.push(h);
    h = createHash('sha256').update(h).digest();
  }
  return Buffer.concat(out).subarray(0, n);
}
const hex = (seed: string, n: number) => bytes(seed, n).toString('hex').slice(0, n);
const uuid = (seed: string) => { const h = hex(seed, 32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`; };
const uuid7 = (seed: string) => { const h = hex(seed, 32); return `019a${h.slice(4, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`; };

const CWD = '/home/dev/projects/ledger-service';
const commits = Array.from({ length: 5 }, (_, i) => hex(`commit${i}`, 40));

const GIT_STATUS = [
  'gitStatus: This is the git status at the start of the conversation. Note that this status is a snapshot in time.',
  'Current branch: feature/retry-backoff',
  '',
  'Main branch (you will usually use this for PRs): main',
  '',
  'Status:',
  ' M src/http/client.ts',
  ' M package-lock.json',
  '?? docs/notes.md',
  '',
  'Recent commits:',
  `${commits[0]!.slice(0, 7)} fix(http): retry on 503 with jittered backoff (#214)`,
  `${commits[1]!.slice(0, 7)} Merge pull request #213 from dev/feature/metrics`,
  `${commits[2]!.slice(0, 7)} chore(deps): bump typescript from 5.6.2 to 5.7.3`,
  `${commits[3]!.slice(0, 7)} docs: describe the ledger import format`,
  `${commits[4]!.slice(0, 7)} test: cover the idempotency key path`,
].join('\n');

const ENV_BLOCK = [
  'Here is useful information about the environment you are running in:',
  '<env>',
  `Working directory: ${CWD}`,
  'Is directory a git repo: Yes',
  'Platform: linux',
  'OS Version: Linux 6.1.0-28-amd64',
  "Today's date: 2026-12-07",
  '</env>',
  'You are powered by the model named Opus 5. The exact model ID is claude-opus-5-5.',
  'Assistant knowledge cutoff is January 2026.',
].join('\n');

const ATTRIBUTION = [
  'When you create a commit, end the message with:',
  '',
  '🤖 Generated with [Claude Code](https://claude.com/claude-code)',
  '',
  'Co-Authored-By: Claude <noreply@anthropic.com>',
  '',
  'Example:',
  '<example>',
  "git commit -m \"$(cat <<'EOF'",
  '   Fix the retry loop',
  '',
  '   Co-Authored-By: Claude <noreply@anthropic.com>',
  '   EOF',
  '   )\"',
  '</example>',
  'Create pull requests with `gh pr create --title "the title" --body "..."`, then return the PR URL, e.g. https://github.com/example-org/ledger-service/pull/215',
].join('\n');

const CLAUDE_MD = [
  'Contents of /home/dev/projects/ledger-service/CLAUDE.md (project instructions, checked into the codebase):',
  '',
  '# ledger-service',
  '- Build: `npm run build`; test: `npm test -- --runInBand`; lint: `npm run lint:fix`',
  '- Local database: `postgres://postgres@127.0.0.1:5432/ledger_dev` (no password, trust auth)',
  '- Config lives in `config/*.yaml`; secrets come from the environment (`LEDGER_DB_PASSWORD`, `STRIPE_API_KEY`), never from files.',
  '- Use `process.env.STRIPE_API_KEY ?? ""` when reading keys; tests use `sk_test_placeholder`.',
  '- Node >= 20, TypeScript strict; prefer `type` imports.',
  '- Ports: API 8080, metrics 9464, debug 9229. Health check: `curl -fsS http://localhost:8080/healthz`.',
  `- Owners: see CODEOWNERS. Build id format: build-${hex('build', 12)}.`,
].join('\n');

const FILE_LISTING = [
  `- ${CWD}/`,
  '  - .github/',
  '    - workflows/',
  '      - ci.yml',
  '  - AGENTS.md',
  '  - CLAUDE.md',
  '  - package-lock.json',
  '  - package.json',
  '  - src/',
  '    - http/',
  '      - client.ts',
  '      - retry.ts',
  '    - ledger/',
  '      - import.ts',
  '  - tsconfig.json',
].join('\n');

const AGENTS_MD = [
  `# AGENTS.md instructions for ${CWD}`,
  '',
  '<INSTRUCTIONS>',
  '## Development',
  '- Run `npm ci` once, then `npm test`. Snapshot tests: `npm test -- -u` only when asked.',
  '- Never commit `.env` files; `.env.example` lists every variable with an empty value.',
  '- Secrets: `API_TOKEN=`, `DATABASE_URL=postgres://user:password@localhost/db` are documentation placeholders.',
  '## Style',
  '- Two-space indent, single quotes, trailing commas.',
  '</INSTRUCTIONS>',
].join('\n');

const CODEX_ENV = [
  '<environment_context>',
  `  <cwd>${CWD}</cwd>`,
  '  <approval_policy>never</approval_policy>',
  '  <sandbox_mode>danger-full-access</sandbox_mode>',
  '  <network_access>enabled</network_access>',
  '  <shell>bash</shell>',
  '  <current_date>2026-12-07</current_date>',
  '  <timezone>Etc/UTC</timezone>',
  '</environment_context>',
].join('\n');

const LS_OUTPUT = [
  'Chunk ID: 482913',
  'Wall time: 0.0021 seconds',
  'Process exited with code 0',
  'Original token count: 96',
  'Output:',
  'total 412',
  'drwxr-xr-x  8 dev dev   4096 Dec  7 09:12 .',
  'drwxr-xr-x 14 dev dev   4096 Dec  1 17:40 ..',
  'drwxr-xr-x  8 dev dev   4096 Dec  7 09:12 .git',
  '-rw-r--r--  1 dev dev    812 Nov 30 10:02 AGENTS.md',
  '-rw-r--r--  1 dev dev 389120 Dec  7 09:10 package-lock.json',
  '-rw-r--r--  1 dev dev   1430 Dec  7 09:10 package.json',
  'drwxr-xr-x  5 dev dev   4096 Dec  6 15:33 src',
].join('\n');

const TOOLS_TEXT = [
  'Executes a bash command. Quote paths with spaces: cd "/Users/name/My Documents".',
  'Use `git log --oneline -n 5` to see recent commits and `git diff HEAD~1` to review.',
  'Reads a file. file_path must be absolute, e.g. /home/user/project/src/index.ts. Lines longer than 2000 characters are truncated.',
  'Fetches a URL such as https://docs.example.com/api/v2/reference?lang=en and returns markdown.',
].join('\n');

function toolDefs(): Array<Record<string, unknown>> {
  return TOOLS_TEXT.split('\n').map((description, i) => ({
    name: ['Bash', 'Bash', 'Read', 'WebFetch'][i], description,
    input_schema: { type: 'object', properties: { command: { type: 'string', description: 'The command to run, e.g. `ls -la`' } }, required: ['command'], additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' },
  }));
}

const SESSION = uuid('session');
const claudeHeaders = {
  'user-agent': 'claude-cli/2.1.340 (external, sdk-cli)', 'x-app': 'cli', 'x-claude-code-session-id': SESSION,
  'x-stainless-arch': 'x64', 'x-stainless-lang': 'js', 'x-stainless-os': 'Linux', 'x-stainless-package-version': '0.130.0',
  'x-stainless-retry-count': '0', 'x-stainless-runtime': 'node', 'x-stainless-runtime-version': 'v24.21.0', 'x-stainless-timeout': '600',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27', 'anthropic-version': '2023-06-01',
};

function claudeMessages(turn: 1 | 2): Record<string, unknown> {
  const messages: Array<Record<string, unknown>> = [{
    role: 'user',
    content: [
      { type: 'text', text: `<system-reminder>\nAs you answer the user's questions, you can use the following context:\n# claudeMd\n${CLAUDE_MD}\n</system-reminder>` },
      { type: 'text', text: 'Why does the retry loop in src/http/client.ts never stop?' },
    ],
  }];
  if (turn === 2) {
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should read the client first.', signature: bytes('signature', 300).toString('base64') },
          { type: 'text', text: 'Let me look at the file.' },
          { type: 'tool_use', id: `toolu_01${bytes('toolu', 16).toString('base64url').slice(0, 22)}`, name: 'Bash', input: { command: 'ls -la', description: 'List the project files' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_01${bytes('toolu', 16).toString('base64url').slice(0, 22)}`, content: LS_OUTPUT.split('\n').slice(5).join('\n') }] },
    );
  }
  return {
    model: 'claude-opus-5-5',
    system: [
      { type: 'text', text: `x-anthropic-billing-header: cc_version=2.1.340.${hex('cc', 3)}; cc_entrypoint=sdk-cli;` },
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: [ENV_BLOCK, ATTRIBUTION, GIT_STATUS].join('\n\n'), cache_control: { type: 'ephemeral' } },
    ],
    messages,
    tools: toolDefs(),
    metadata: { user_id: JSON.stringify({ device_id: hex('device', 64), account_uuid: '', session_id: SESSION }) },
    max_tokens: 32000,
    thinking: { type: 'adaptive' },
    stream: true,
  };
}

function codexBody(turn: 1 | 2): Record<string, unknown> {
  const callId = `call_${bytes('call', 18).toString('base64url').slice(0, 24)}`;
  const input: Array<Record<string, unknown>> = [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI, a terminal-based coding assistant.\n' + TOOLS_TEXT }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: AGENTS_MD }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: CODEX_ENV }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files and tell me what this project is.' }] },
  ];
  if (turn === 2) {
    input.push(
      { type: 'reasoning', id: `rs_${hex('rs', 48)}`, summary: [], encrypted_content: `gAAAAA${bytes('enc', 900).toString('base64url')}` },
      { type: 'function_call', id: `fc_${hex('fc', 48)}`, name: 'exec_command', arguments: JSON.stringify({ cmd: 'ls -la', workdir: CWD, yield_time_ms: 10000 }), call_id: callId },
      { type: 'function_call_output', call_id: callId, output: LS_OUTPUT },
    );
  }
  return {
    model: 'gpt-5.3-codex', instructions: 'You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user\'s computer.',
    input, tools: [{ type: 'function', name: 'exec_command', description: TOOLS_TEXT.split('\n')[0], strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } }],
    tool_choice: 'auto', parallel_tool_calls: false, reasoning: { effort: 'medium', summary: 'auto' }, store: false, stream: true,
    include: ['reasoning.encrypted_content'], prompt_cache_key: uuid7('thread'),
    client_metadata: { 'x-codex-installation-id': uuid('install') },
  };
}
const codexHeaders = {
  'user-agent': 'codex_exec/0.171.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.171.0)', originator: 'codex_exec', version: '0.171.0',
  session_id: uuid7('thread'), 'x-codex-window-id': `${uuid7('thread')}:0`,
  'x-codex-turn-metadata': JSON.stringify({ installation_id: uuid('install'), session_id: uuid7('thread'), turn_id: uuid7('turn'), sandbox: 'none', sandbox_mode: 'danger-full-access' }),
};

function opencodeBody(title: boolean): Record<string, unknown> {
  const system = [
    'You are opencode, an interactive CLI tool that helps users with software engineering tasks.',
    `<env>\n  Working directory: ${CWD}\n  Is directory a git repo: yes\n  Platform: linux\n  Today's date: Mon Dec 07 2026\n</env>`,
    `<files>\n${FILE_LISTING}\n</files>`,
    `Instructions from: ${CWD}/AGENTS.md\n${AGENTS_MD}`,
  ].join('\n');
  if (title) {
    return {
      model: 'fake-model', stream: true, max_tokens: 32000,
      messages: [
        { role: 'system', content: 'You are a title generator. You output ONLY a thread title, less than 50 characters.' },
        { role: 'user', content: 'Generate a title for this conversation:\n' },
        { role: 'user', content: 'Why does the retry loop never stop?' },
      ],
    };
  }
  return {
    model: 'fake-model', stream: true, stream_options: { include_usage: true }, max_tokens: 32000, temperature: 0,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: [{ type: 'text', text: 'Why does the retry loop never stop?' }] },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'read', arguments: JSON.stringify({ filePath: `${CWD}/src/http/retry.ts` }) } }] },
      { role: 'tool', tool_call_id: 'call_0', content: '<file>\n00001| export const MAX_RETRIES = 5;\n00002| export const BASE_DELAY_MS = 250;\n</file>' },
    ],
    tools: [{ type: 'function', function: { name: 'read', description: TOOLS_TEXT.split('\n')[2], parameters: { type: 'object', properties: { filePath: { type: 'string' } } } } }],
  };
}
const opencodeHeaders = { 'user-agent': 'opencode/1.18.33 ai-sdk/provider-utils/3.0.9 runtime/bun/1.3.2', 'x-session-affinity': `ses_${hex('ses', 26)}` };

describe('benign client requests: no finding at any tier (secrets incl. high entropy, personal data)', () => {
  const cases: Array<[string, 'messages' | 'chat' | 'responses', Record<string, unknown>, Record<string, string>]> = [
    ['Claude Code turn 1 (system prompt, env, git status, attribution, CLAUDE.md)', 'messages', claudeMessages(1), claudeHeaders],
    ['Claude Code turn 2 (thinking signature, Bash ls -la result)', 'messages', claudeMessages(2), claudeHeaders],
    ['Codex turn 1 (developer prompt, AGENTS.md, environment_context)', 'responses', codexBody(1), codexHeaders],
    ['Codex turn 2 (encrypted reasoning, exec_command output)', 'responses', codexBody(2), codexHeaders],
    ['opencode title request', 'chat', opencodeBody(true), opencodeHeaders],
    ['opencode main request (env, files listing, AGENTS.md, read result)', 'chat', opencodeBody(false), opencodeHeaders],
  ];
  for (const [name, api, body, headers] of cases) {
    test(name, () => {
      const findings = clientFindings(inspector, api, body, { headers });
      assert.deepEqual(findings.map((f) => `${f.ruleId}/${f.confidence} ${f.where}: ${f.excerpt}`), []);
    });
  }

  test('the project client fixtures (Claude Code, Codex both modes, opencode all wires), both turns', () => {
    const all: string[] = [];
    const check = (label: string, api: 'messages' | 'chat' | 'responses', r: { body: Record<string, unknown>; headers: Record<string, string> }) => {
      for (const f of clientFindings(inspector, api, r.body, { headers: r.headers })) all.push(`${label} ${f.ruleId}/${f.confidence} ${f.where}: ${f.excerpt}`);
    };
    for (const turn of [1, 2] as const) {
      check(`claude ${turn}`, 'messages', claudeCodeRequest({ turn }));
      for (const mode of ['functions', 'code'] as const) check(`codex ${mode} ${turn}`, 'responses', codexRequest({ mode, turn }));
      for (const wire of ['chat', 'responses', 'anthropic'] as const) check(`opencode ${wire} ${turn}`, wire === 'anthropic' ? 'messages' : wire, opencodeRequest({ wire, turn }));
    }
    assert.deepEqual(all, []);
  });

  test("a Sekisho placeholder the model wrote into a tool call is no finding; other shapes still are", () => {
    const write = (content: string) => ({
      model: 'claude-opus-5-5', max_tokens: 100, messages: [
        { role: 'user', content: 'Save my deploy token into saved.env' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: `${CWD}/saved.env`, content } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'File created successfully' }] },
      ],
    });
    for (const ph of ['REDACTED_SEKISHO_ANTHROPIC_KEY_1817AE017E', 'REDACTED_GENERIC_API_KEY_00FF00FF00']) {
      assert.deepEqual(clientFindings(inspector, 'messages', write(`DEPLOY_TOKEN=${ph}\n`)).map((f) => f.ruleId), [], ph);
    }
    // Not the placeholder's exact shape: judged as any value (a long tail, lowercase hex, a real key after it).
    for (const value of ['REDACTED_SEKISHO_KEY_1817AE017E9q3ZkP7wLx', 'REDACTED_KEY_1817ae017e', `REDACTED_KEY_1817AE017E${hex('tail', 24)}`]) {
      assert.ok(clientFindings(inspector, 'messages', write(`DEPLOY_TOKEN=${value}\n`)).length > 0, value);
    }
  });

  test('the check counts a planted credential as found and a stray one as a false positive (the check can fail)', () => {
    const body = claudeMessages(1);
    const key = `sk-ant-api03-${bytes('planted', 70).toString('base64url').slice(0, 93)}AA`;
    ((body.messages as Array<{ content: Array<{ text: string }> }>)[0]!.content[1]!).text += ` my key is ${key}`;
    const planted = clientFindings(inspector, 'messages', body, { expected: [key] });
    assert.ok(planted.length > 0 && planted.every((f) => f.expected), 'the planted key is found and counted as expected');
    const stray = clientFindings(inspector, 'messages', body, {});
    assert.ok(stray.some((f) => !f.expected && f.where.startsWith('message-text')), 'without `expected` it counts as a false positive');
  });
});
