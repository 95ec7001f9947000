/**
 * The command line as an operator meets it, each run as a real process: a port in use is explained,
 * not a stack trace; `audit export | head` ends quietly; a usage error is one line and a hint; the
 * data-directory commands and `scan --config` work on the configured data directory without the
 * backends' secrets; the state `serve` creates is private.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { PASTED_SNIPPET, writeCompanyRepo } from '../support/company-repo.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
let dir = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sekisho ARGS` in `dir` with SEKISHO_CONFIG unset, and the extra environment given. */
function run(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SEKISHO_CONFIG: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NO_STACK = /^\s+at /m;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sekisho-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a port in use: which port and what to do, exit 1, no stack trace; the state it created is private', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const dataDir = join(dir, 'serve-data');
  try {
    const r = run(['serve', '--port', String(port), '--data-dir', dataDir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`sekisho: cannot listen: port ${port} is already in use on 127\\.0\\.0\\.1 .*choose another with --port, SEKISHO_PORT or server\\.port`));
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.doesNotMatch(r.stderr, /EADDRINUSE: address already in use/);
    // What serve created before it tried to listen is private to its user.
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'sekisho.db')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'keys')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'keys', 'secret.key')).mode & 0o777, 0o600);
  } finally {
    blocker.close();
  }
});

test('serve with a TLS certificate that cannot be read: an invalid configuration naming the file, exit 2', () => {
  const config = join(dir, 'tls.yaml');
  writeFileSync(config, `server:\n  host: 127.0.0.1\n  port: 0\n  tls:\n    cert: missing-cert.pem\n    key: missing-key.pem\ndataDir: ${join(dir, 'tls-data')}\n`);
  const r = run(['serve', '--config', config]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^sekisho: invalid configuration\n  server\.tls: cannot read the TLS certificate file ${join(dir, 'missing-cert.pem').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file\n$`));
});

test('usage errors: the one relevant line and where the help is, not the whole help', () => {
  const cases: Array<[string[], RegExp]> = [
    [['keys', 'frobnicate'], /^sekisho keys: unknown command "frobnicate"$/],
    [['keys', 'create'], /^sekisho keys: create needs --user$/],
    [['audit', 'export', '--format', 'xml'], /^sekisho audit: --format must be jsonl or cef, got "xml"$/],
    [['index'], /^sekisho index: missing command: add, ls, rm or stats$/],
    [['policy', 'frobnicate'], /^sekisho policy: unknown subcommand "frobnicate"$/],
    [['scan', '--format', 'xml'], /^sekisho scan: --format must be text, json or sarif, got "xml"$/],
    [['serve', '--no-such-flag'], /^sekisho serve: Unknown option '--no-such-flag'/],
  ];
  for (const [args, first] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, `${args.join(' ')}:\n${r.stderr}`);
    assert.match(lines[0]!, first);
    assert.equal(lines[1], `(see: sekisho ${args[0]} --help)`);
    assert.doesNotMatch(r.stderr, /Usage:/);
  }
  const unknown = run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'sekisho: unknown command "frobnicate"\n(see: sekisho --help)\n');
});

test('data-directory commands and scan --config use the configured data directory without the backends\' secrets', async () => {
  const dataDir = join(dir, 'configured-data');
  const repo = join(dir, 'acme-platform');
  await writeCompanyRepo(repo);
  writeFileSync(join(dir, 'question.md'), `Why does this stall?\n\n\`\`\`go\n${PASTED_SNIPPET}\n\`\`\`\n`);
  const config = join(dir, 'sekisho.yaml');
  writeFileSync(config, [
    `dataDir: ${dataDir}`,
    'backends:',
    '  - name: openai',
    '    type: openai',
    '    url: https://api.example.com/v1',
    '    apiKey: { env: SEKISHO_TEST_UNSET_BACKEND_KEY }',
    '    headers:',
    '      x-org-token: { env: SEKISHO_TEST_UNSET_ORG_TOKEN }',
    'routes:',
    '  - match: "*"',
    '    targets: [{ backend: openai }]',
    '',
  ].join('\n'));
  // Neither variable is set in this environment.
  const env = {};
  assert.equal(process.env.SEKISHO_TEST_UNSET_BACKEND_KEY, undefined);

  // serve does need them (it calls the backend), and says which.
  const serve = run(['serve', '--config', config, '--port', '0']);
  assert.equal(serve.code, 2);
  assert.match(serve.stderr, /environment variable SEKISHO_TEST_UNSET_BACKEND_KEY is not set/);

  const indexed = run(['index', 'add', repo, '--config', config], env);
  assert.equal(indexed.code, 0, indexed.stderr);
  assert.equal(statSync(join(dataDir, 'own-code.idx')).mode & 0o777, 0o600);
  const key = run(['keys', 'create', '--user', 'ops@example.com', '--config', config], env);
  assert.equal(key.code, 0, key.stderr);
  assert.match(key.stdout, /^sks_/);
  assert.match(run(['keys', 'ls', '--config', config], env).stdout, /ops@example\.com/);
  const check = run(['policy', 'check', '--config', config], env);
  assert.equal(check.code, 0, check.stderr);
  const verify = run(['audit', 'search', '--config', config], env);
  assert.equal(verify.code, 0, verify.stderr);

  // scan --config finds the index in the configured data directory (no --data-dir).
  const scan = run(['scan', '--own-code', '--config', config, 'question.md'], env);
  assert.equal(scan.code, 1, scan.stderr);
  assert.match(scan.stdout, /question\.md:\d+:\d+: own-code .*acme-platform:services\/quota\/limiter\.go:L\d+-L\d+/);
  // Without --config (and no SEKISHO_CONFIG) the default data directory has no index: a clear error.
  const elsewhere = run(['scan', '--own-code', 'question.md'], { ...env, XDG_DATA_HOME: join(dir, 'nowhere') });
  assert.equal(elsewhere.code, 2);
  assert.match(elsewhere.stderr, /no own-code index/);
  for (const r of [indexed, key, check, verify, scan]) assert.doesNotMatch(r.stderr, NO_STACK);
});

test('`sekisho audit export | head -n 1` ends quietly when the reader goes away (no EPIPE crash)', async () => {
  const dataDir = join(dir, 'audit-data');
  const h = await startHarness({ dataDir });
  try {
    // Enough events that the export outgrows a pipe's buffer (64 KiB) several times.
    for (let i = 0; i < 300; i++) await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `question ${i} ${'x'.repeat(200)}` }] });
  } finally {
    await h.close();
  }
  const result = await new Promise<{ code: number | null; stderr: string; first: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, 'audit', 'export', '--data-dir', dataDir], { env: { ...process.env, SEKISHO_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    // Like head -n 1: read up to the first line, then close the pipe while the export is still writing.
    child.stdout.once('data', (c: Buffer) => {
      first = c.toString('utf8').split('\n')[0]!;
      child.stdout.destroy();
    });
    child.once('close', (code) => resolve({ code, stderr, first }));
  });
  assert.match(result.first, /^\{"/);
  assert.equal(result.stderr, '');
  // 128 + SIGPIPE, like cat or git: quiet, but not a success (the output was not all delivered).
  assert.equal(result.code, 141);
});
