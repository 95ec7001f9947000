import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig, type ConfigFlags } from './load-config.ts';
import type { Config } from './types.ts';
import { defaultAudit, defaultInspection, defaultPolicy, defaultRedis, defaultStore } from './defaults.ts';

const dir = await mkdtemp(join(tmpdir(), 'sekisho-config-'));
after(() => rm(dir, { recursive: true, force: true }));
let counter = 0;

/** Writes `text` to a fresh file in the temp dir and returns its path. */
async function yamlFile(text: string): Promise<string> {
  const path = join(dir, `config-${++counter}.yaml`);
  await writeFile(path, text);
  return path;
}

const baseEnv = { HOME: '/home/tester' };

async function load(text: string, env: NodeJS.ProcessEnv = baseEnv, flags?: ConfigFlags): Promise<Config> {
  return loadConfig({ configPath: await yamlFile(text), env, ...(flags === undefined ? {} : { flags }) });
}

/** Asserts loading rejects with exactly `expected` (a function of the file path). */
async function rejectsWith(text: string, expected: (file: string) => string, env: NodeJS.ProcessEnv = baseEnv): Promise<void> {
  const file = await yamlFile(text);
  await assert.rejects(loadConfig({ configPath: file, env }), (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.message, expected(file));
    return true;
  });
}

const FULL = `# a full config
server: { host: 0.0.0.0, port: 9000, bodyLimit: 1MiB, shutdownGrace: 10s }
dataDir: state
log: { level: debug, format: text }
retry: { attempts: 3 }
backends:
  - name: vllm-a
    type: openai
    url: http://10.0.0.5:8000/v1/
    zone: internal
    apiKey: { env: VLLM_KEY }
    headers: { X-Tenant: { env: TENANT }, X-Team: platform }
    apis: [chat, completions]
    timeouts: { connect: 1s, firstByte: 2m, idle: 500ms }
    health: { enabled: false, path: /health, interval: 30s, timeout: 1500, failuresToEject: 5 }
    maxConnections: 16
  - name: claude
    type: anthropic
    url: https://api.anthropic.com/v1
    zone: external
    apiKey: { file: secrets/anthropic.key }
routes:
  - match: "claude-*"
    targets: [ { backend: vllm-a, model: qwen2.5-coder-32b } ]
    fallbacks: [ { backend: claude } ]
  - match: [gpt-4o, "o?"]
    targets: [ { backend: claude, model: claude-sonnet } ]
`;

test('a full config file becomes the exact Config', async () => {
  await mkdir(join(dir, 'secrets'), { recursive: true });
  await writeFile(join(dir, 'secrets', 'anthropic.key'), 'sk-ant-from-file\n');
  const path = await yamlFile(FULL);
  const config = await loadConfig({ configPath: path, env: { ...baseEnv, VLLM_KEY: 'sk-vllm', TENANT: 'acme' } });
  const expected: Config = {
    server: { host: '0.0.0.0', port: 9000, bodyLimitBytes: 1024 * 1024, shutdownGraceMs: 10_000, workers: 1 },
    dataDir: join(dir, 'state'),
    store: defaultStore(),
    redis: defaultRedis(),
    log: { level: 'debug', format: 'text' },
    backends: [
      {
        name: 'vllm-a',
        type: 'openai',
        url: 'http://10.0.0.5:8000/v1',
        zone: 'internal',
        apiKey: 'sk-vllm',
        headers: { 'X-Tenant': 'acme', 'X-Team': 'platform' },
        apis: ['chat', 'completions'],
        probe: false,
        timeouts: { connectMs: 1_000, firstByteMs: 120_000, idleMs: 500 },
        health: { enabled: false, path: '/health', intervalMs: 30_000, timeoutMs: 1_500, failuresToEject: 5 },
        maxConnections: 16,
      },
      {
        name: 'claude',
        type: 'anthropic',
        url: 'https://api.anthropic.com/v1',
        zone: 'external',
        apiKey: 'sk-ant-from-file',
        headers: {},
        apis: ['messages', 'count_tokens'],
        probe: true,
        timeouts: { connectMs: 5_000, firstByteMs: 300_000, idleMs: 120_000 },
        health: { enabled: false, path: '', intervalMs: 10_000, timeoutMs: 2_000, failuresToEject: 3 },
        maxConnections: 64,
      },
    ],
    routes: [
      { match: ['claude-*'], targets: [{ backend: 'vllm-a', model: 'qwen2.5-coder-32b' }], fallbacks: [{ backend: 'claude' }] },
      { match: ['gpt-4o', 'o?'], targets: [{ backend: 'claude', model: 'claude-sonnet' }], fallbacks: [] },
    ],
    retry: { attempts: 3 },
    inspection: defaultInspection(),
    audit: defaultAudit(),
    policy: defaultPolicy(),
    auth: { anonymous: true, adminGroups: [] },
    limits: [],
    source: path,
  };
  assert.deepEqual(config, expected);
});

const DEFAULT_CONFIG: Config = {
  server: { host: '127.0.0.1', port: 8787, bodyLimitBytes: 32 * 1024 * 1024, shutdownGraceMs: 30_000, workers: 1 },
  dataDir: '/home/tester/.local/share/sekisho',
  store: defaultStore(),
  redis: defaultRedis(),
  log: { level: 'info', format: 'json' },
  backends: [],
  routes: [],
  retry: { attempts: 2 },
  inspection: defaultInspection(),
  audit: defaultAudit(),
  policy: defaultPolicy(),
  auth: { anonymous: true, adminGroups: [] },
  limits: [],
  source: null,
};

test('without a file the embedded defaults apply', async () => {
  assert.deepEqual(await loadConfig({ env: baseEnv }), DEFAULT_CONFIG);
  const xdg = await loadConfig({ env: { ...baseEnv, XDG_DATA_HOME: '/xdg/data' } });
  assert.equal(xdg.dataDir, '/xdg/data/sekisho');
});

test('an empty or comment-only file also gives the defaults', async () => {
  const path = await yamlFile('# nothing configured yet\n');
  assert.deepEqual(await loadConfig({ configPath: path, env: baseEnv }), { ...DEFAULT_CONFIG, source: path });
});

test('SEKISHO_CONFIG names the file unless a path is passed explicitly', async () => {
  const fromEnv = await yamlFile('server: { port: 1111 }\n');
  const explicit = await yamlFile('server: { port: 2222 }\n');
  assert.equal((await loadConfig({ env: { ...baseEnv, SEKISHO_CONFIG: fromEnv } })).server.port, 1111);
  assert.equal((await loadConfig({ configPath: explicit, env: { ...baseEnv, SEKISHO_CONFIG: fromEnv } })).server.port, 2222);
  const missing = join(dir, 'missing.yaml');
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_CONFIG: missing } }), {
    name: 'ConfigError',
    message: `${missing}: cannot read the config file (from SEKISHO_CONFIG): no such file`,
  });
  await assert.rejects(loadConfig({ configPath: missing, env: baseEnv }), { message: `${missing}: cannot read the config file: no such file` });
});

test('environment variables override the file, flags override both', async () => {
  const text = 'server: { host: 10.0.0.1, port: 9000 }\ndataDir: /from/file\nlog: { level: warn }\n';
  const env = { ...baseEnv, SEKISHO_HOST: '10.0.0.2', SEKISHO_PORT: '9001', SEKISHO_DATA_DIR: '/from/env', SEKISHO_LOG_LEVEL: 'error' };
  const fileOnly = await load(text);
  assert.deepEqual([fileOnly.server.host, fileOnly.server.port, fileOnly.dataDir, fileOnly.log.level], ['10.0.0.1', 9000, '/from/file', 'warn']);
  const withEnv = await load(text, env);
  assert.deepEqual([withEnv.server.host, withEnv.server.port, withEnv.dataDir, withEnv.log.level], ['10.0.0.2', 9001, '/from/env', 'error']);
  const withFlags = await load(text, env, { host: '10.0.0.3', port: 9002, dataDir: '/from/flag', logLevel: 'debug' });
  assert.deepEqual([withFlags.server.host, withFlags.server.port, withFlags.dataDir, withFlags.log.level], ['10.0.0.3', 9002, '/from/flag', 'debug']);
  const emptyEnv = await load(text, { ...baseEnv, SEKISHO_HOST: '' });
  assert.equal(emptyEnv.server.host, '10.0.0.1');
});

test('--upstream adds a backend and, with no routes, a catch-all route', async () => {
  const config = await loadConfig({ env: baseEnv, flags: { upstream: 'http://127.0.0.1:11434/v1/', upstreamModel: 'qwen2.5-coder:7b' } });
  assert.deepEqual(config.backends, [
    {
      name: 'upstream',
      type: 'openai',
      url: 'http://127.0.0.1:11434/v1',
      zone: 'internal',
      headers: {},
      apis: ['chat', 'completions', 'embeddings'],
      probe: true,
      timeouts: { connectMs: 5_000, firstByteMs: 300_000, idleMs: 120_000 },
      health: { enabled: true, path: '/models', intervalMs: 10_000, timeoutMs: 2_000, failuresToEject: 3 },
      maxConnections: 64,
    },
  ]);
  assert.deepEqual(config.routes, [{ match: ['*'], targets: [{ backend: 'upstream', model: 'qwen2.5-coder:7b' }], fallbacks: [] }]);
});

test('upstream from the environment, type from a flag; no model means the client model is kept', async () => {
  const config = await loadConfig({ env: { ...baseEnv, SEKISHO_UPSTREAM: 'https://llm.internal/v1', SEKISHO_UPSTREAM_TYPE: 'openai' }, flags: { upstreamType: 'anthropic' } });
  assert.equal(config.backends[0]?.type, 'anthropic');
  assert.deepEqual(config.backends[0]?.apis, ['messages', 'count_tokens']);
  assert.deepEqual(config.routes, [{ match: ['*'], targets: [{ backend: 'upstream' }], fallbacks: [] }]);
});

test('with routes in the file, the upstream is added but no catch-all; routes may refer to it', async () => {
  const text = `backends:\n  - { name: upstream, type: anthropic, url: http://old/v1 }\n  - { name: other, type: openai, url: http://other/v1 }\nroutes:\n  - { match: a, targets: [{ backend: upstream }] }\n`;
  const config = await load(text, baseEnv, { upstream: 'http://new:8000/v1' });
  assert.deepEqual(config.backends.map((b) => [b.name, b.type, b.url]), [['upstream', 'openai', 'http://new:8000/v1'], ['other', 'openai', 'http://other/v1']]);
  assert.equal(config.routes.length, 1);
  const referring = await load('routes:\n  - { match: "*", targets: [{ backend: upstream }] }\n', baseEnv, { upstream: 'http://x/v1' });
  assert.deepEqual(referring.routes[0]?.targets, [{ backend: 'upstream' }]);
});

test('environment and flag problems name the variable or the flag', async () => {
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_PORT: 'abc' } }), { message: 'SEKISHO_PORT: must be a whole number from 0 to 65535, got "abc"' });
  await assert.rejects(loadConfig({ env: baseEnv, flags: { port: 70000 } }), { message: '--port: must be a whole number from 0 to 65535, got 70000' });
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_LOG_LEVEL: 'verbose' } }), { message: 'SEKISHO_LOG_LEVEL: must be one of: debug, info, warn, error' });
  await assert.rejects(loadConfig({ env: baseEnv, flags: { upstream: 'localhost:8000' } }), { message: '--upstream: must be an http:// or https:// URL such as http://127.0.0.1:8000/v1' });
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_UPSTREAM_MODEL: 'm' } }), {
    message: 'SEKISHO_UPSTREAM_MODEL: is set but no upstream is given (--upstream or SEKISHO_UPSTREAM)',
  });
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_UPSTREAM: 'http://x/v1', SEKISHO_UPSTREAM_TYPE: 'ollama' } }), {
    message: 'SEKISHO_UPSTREAM_TYPE: must be one of: openai, anthropic',
  });
});

test('YAML syntax errors are reported at file:line:col', async () => {
  await rejectsWith('server:\n  port: [1\n', (f) => `${f}:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  await rejectsWith('log: { level: info }\nlog: { format: text }\n', (f) => `${f}:2:1: invalid YAML: Map keys must be unique`);
});

test('schema problems point at the offending node', async () => {
  const backends = 'backends:\n  - name: a\n    type: openai\n    url: http://a/v1\n';
  await rejectsWith(`${backends}  - name: b\n    type: ollama\n    url: http://b/v1\n`, (f) => `${f}:6:11: backends[1].type must be one of: openai, anthropic`);
  await rejectsWith('server:\n  host: 0.0.0.0\n  hots: 1\n', (f) => `${f}:3:3: server: unknown key "hots" (did you mean "host"?)`);
  await rejectsWith('- server\n', (f) => `${f}:1:1: the config must be a mapping, got a list`);
  await rejectsWith('sever: {}\n', (f) => `${f}:1:1: unknown key "sever" (did you mean "server"?)`);
  await rejectsWith(`${backends}  - name: b\n    type: openai\n`, (f) => `${f}:5:5: backends[1]: missing required key "url"`);
  await rejectsWith('server:\n  port: "8787"\n', (f) => `${f}:2:9: server.port must be a whole number, got a string`);
  await rejectsWith('server:\n  port: 65536\n', (f) => `${f}:2:9: server.port must be at most 65535, got 65536`);
  await rejectsWith('server:\n  port:\n', (f) => `${f}:2:3: server.port must be a whole number, got null`);
  await rejectsWith('server: { shutdownGrace: 5 minutes }\n', (f) => `${f}:1:26: server.shutdownGrace must be a duration: milliseconds as a whole number, or a string such as "500ms", "5s", "2m" or "1h"`);
  await rejectsWith('server: { bodyLimit: 32M }\n', (f) => `${f}:1:22: server.bodyLimit must be a size: bytes as a whole number, or a string such as "512KiB", "32MiB" or "1GB"`);
  await rejectsWith(`${backends}    headers: { X-Tenant: 5 }\n`, (f) => `${f}:5:26: backends[0].headers["X-Tenant"] must be a string, { env: NAME } or { file: PATH }`);
  await rejectsWith(`${backends}    apiKey: { env: A, file: b }\n`, (f) => `${f}:5:13: backends[0].apiKey must be { env: NAME } or { file: PATH }`);
});

test('several problems are all reported, in file order', async () => {
  await rejectsWith('log: { level: loud }\nserver: { port: -1, hots: x }\n', (f) =>
    [
      `${f}:1:15: log.level must be one of: debug, info, warn, error`,
      `${f}:2:17: server.port must be at least 0, got -1`,
      `${f}:2:21: server: unknown key "hots" (did you mean "host"?)`,
    ].join('\n'));
});

test('an inline apiKey is rejected with a pointer to env/file', async () => {
  await rejectsWith('backends:\n  - name: a\n    type: openai\n    url: http://a/v1\n    apiKey: sk-live-123\n', (f) =>
    `${f}:5:13: backends[0].apiKey must be { env: NAME } or { file: PATH }: inline API keys are not allowed in the config file; put the key in an environment variable or a file and reference it`);
});

test('cross-checks: unique backend names and routes naming existing backends', async () => {
  const backends = 'backends:\n  - { name: vllm-a, type: openai, url: http://a/v1 }\n  - { name: vllm-a, type: openai, url: http://b/v1 }\n';
  await rejectsWith(backends, (f) => `${f}:3:13: backends[1].name: "vllm-a" is already the name of backends[0]`);
  const one = 'backends:\n  - { name: vllm-a, type: openai, url: http://a/v1 }\n';
  await rejectsWith(`${one}routes:\n  - match: "*"\n    targets: [ { backend: vllm-b } ]\n`, (f) => `${f}:5:27: routes[0].targets[0].backend: unknown backend "vllm-b" (did you mean "vllm-a"?)`);
  await rejectsWith(`${one}routes:\n  - match: "*"\n    targets: [ { backend: vllm-a } ]\n    fallbacks:\n      - backend: ollama\n`, (f) => `${f}:7:18: routes[0].fallbacks[0].backend: unknown backend "ollama" (configured: vllm-a)`);
  await rejectsWith(`backends:\n  - name: a\n    type: openai\n    url: http://a/v1\n    headers:\n      "X Bad": v\n`, (f) => `${f}:6:7: backends[0].headers: "X Bad" is not a valid HTTP header name`);
});

test('secrets come from the environment or from files relative to the config', async () => {
  await mkdir(join(dir, 'keys'), { recursive: true });
  await writeFile(join(dir, 'keys', 'crlf.key'), 'k-crlf\r\n');
  await writeFile(join(dir, 'keys', 'keep.key'), 'k-keep\n\n');
  const text = 'backends:\n  - name: a\n    type: openai\n    url: http://a/v1\n    apiKey: { file: keys/crlf.key }\n    headers: { X-A: { file: keys/keep.key }, X-B: { env: B } }\n';
  const config = await load(text, { ...baseEnv, B: 'from-env' });
  assert.equal(config.backends[0]?.apiKey, 'k-crlf');
  assert.deepEqual(config.backends[0]?.headers, { 'X-A': 'k-keep\n', 'X-B': 'from-env' });
});

test('unavailable secrets name the variable or file and the config path', async () => {
  const head = 'backends:\n  - name: a\n    type: openai\n    url: http://a/v1\n';
  await rejectsWith(`${head}    apiKey: { env: VLLM_KEY }\n`, (f) => `${f}:5:13: backends[0].apiKey: environment variable VLLM_KEY is not set`);
  await rejectsWith(`${head}    apiKey: { env: VLLM_KEY }\n`, (f) => `${f}:5:13: backends[0].apiKey: environment variable VLLM_KEY is empty`, { ...baseEnv, VLLM_KEY: '' });
  await rejectsWith(`${head}    headers:\n      X-Tenant: { file: nope.key }\n`, (f) => `${f}:6:17: backends[0].headers["X-Tenant"]: cannot read secret file ${join(dir, 'nope.key')}: no such file`);
});

test('redactConfig never contains secret values', async () => {
  const text = 'backends:\n  - name: a\n    type: openai\n    url: http://user:pw-secret@a/v1\n    apiKey: { env: KEY }\n    headers: { X-Secret-From-Env: { env: H }, X-Team: platform, Authorization: Bearer inline-token }\n';
  const config = await load(text, { ...baseEnv, KEY: 'sk-key-value', H: 'header-secret' });
  const shown = JSON.stringify(redactConfig(config));
  for (const secret of ['sk-key-value', 'header-secret', 'inline-token', 'pw-secret']) assert.doesNotMatch(shown, new RegExp(secret));
  const backend = (redactConfig(config) as Config).backends[0];
  assert.equal(backend?.apiKey, '[redacted]');
  assert.deepEqual(backend?.headers, { 'X-Secret-From-Env': '[redacted]', 'X-Team': 'platform', Authorization: '[redacted]' });
  assert.equal(config.backends[0]?.apiKey, 'sk-key-value', 'the original is untouched');
  const copied = structuredClone(config);
  assert.deepEqual((redactConfig(copied) as Config).backends[0]?.headers['X-Team'], '[redacted]', 'unknown provenance fails closed');
});

// --- identity and limits (governance #5) ---
test('auth and limits sections: defaults filled, durations parsed, JWKS file resolved, cross-checks', async () => {
  const config = await load(`
auth:
  anonymous: false
  adminGroups: [admins]
  oidc: { issuer: "https://idp", audience: sekisho, jwks: { file: keys/jwks.json }, clockSkew: 5s, teamClaim: dept }
limits:
  - { name: per-user, scope: user, requestsPerMinute: 60 }
  - { name: interns, match: { groups: [interns] }, scope: team, tokensPerDay: 1000 }
`);
  assert.deepEqual(config.auth, {
    anonymous: false,
    adminGroups: ['admins'],
    oidc: {
      issuer: 'https://idp',
      audience: 'sekisho',
      jwks: { file: join(dir, 'keys', 'jwks.json') },
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      clockSkewMs: 5_000,
      jwksCacheTtlMs: 600_000,
      jwksMinRefetchMs: 30_000,
      userClaim: 'email',
      groupsClaim: 'groups',
      teamClaim: 'dept',
    },
  });
  assert.deepEqual(config.limits, [
    { name: 'per-user', match: {}, scope: 'user', requestsPerMinute: 60 },
    { name: 'interns', match: { groups: ['interns'] }, scope: 'team', tokensPerDay: 1000 },
  ]);
  await assert.rejects(load('limits: [ { name: a, scope: user, requestsPerMinute: 1 }, { name: a, scope: team } ]'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /"a" is already the name of limits\[0\]/);
    assert.match(error.message, /must set requestsPerMinute, tokensPerDay or both/);
    return true;
  });
});

test('inspection.roleAddresses: company role addresses load; a malformed entry is refused', async () => {
  const config = await load('inspection:\n  roleAddresses: ["security@acme.co.jp", "helpdesk@", "@alerts.acme.co.jp"]\n');
  assert.deepEqual(config.inspection.roleAddresses, ['security@acme.co.jp', 'helpdesk@', '@alerts.acme.co.jp']);
  assert.deepEqual((await load('inspection:\n  mode: report\n')).inspection.roleAddresses, []);
  await assert.rejects(load('inspection:\n  roleAddresses: ["not an address"]\n'), ConfigError);
});

test('redis: a Redis URL from the file, SEKISHO_REDIS or --redis (flag wins), the password from a secret, prefix, timeouts, failOpen; anything else is refused', async () => {
  const path = await yamlFile('redis:\n  url: redis://cache.internal:6379/2\n  password: { env: REDISPASS }\n  keyPrefix: "acme:"\n  commandTimeout: 500ms\n  failOpen: limits\n');
  const fromFile = await loadConfig({ configPath: path, env: { ...baseEnv, REDISPASS: 'r3dis' } });
  assert.deepEqual(fromFile.redis, { url: 'redis://cache.internal:6379/2', password: 'r3dis', keyPrefix: 'acme:', connectTimeoutMs: 5_000, commandTimeoutMs: 500, failOpen: 'limits' });
  assert.equal(JSON.stringify(redactConfig(fromFile)).includes('r3dis'), false, 'the password is redacted');
  const env = { ...baseEnv, REDISPASS: 'r3dis', SEKISHO_REDIS: 'redis://env:6379' };
  assert.equal((await loadConfig({ configPath: path, env })).redis.url, 'redis://env:6379');
  assert.equal((await loadConfig({ configPath: path, env, flags: { redis: 'rediss://flag:6380' } })).redis.url, 'rediss://flag:6380');
  assert.deepEqual((await loadConfig({ env: baseEnv })).redis, { url: null, keyPrefix: 'sekisho:', connectTimeoutMs: 5_000, commandTimeoutMs: 2_000, failOpen: 'none' }, 'default: not used; fail closed');
  await assert.rejects(loadConfig({ env: baseEnv, flags: { redis: 'memcached://x' } }), /--redis: must be a Redis URL/);
  await assert.rejects(loadConfig({ env: { ...baseEnv, SEKISHO_REDIS: 'http://x' } }), /SEKISHO_REDIS: must be a Redis URL/);
  await assert.rejects(loadConfig({ configPath: await yamlFile('redis:\n  url: redis://x:6379\n  failOpen: pins\n'), env: baseEnv }), /redis\.failOpen/);
  await assert.rejects(loadConfig({ configPath: path, env: baseEnv }), /redis\.password/);
});

test('store: a PostgreSQL URL from the file, SEKISHO_STORE or --store (flag wins), the password from a secret; anything else is refused', async () => {
  const path = await yamlFile('store:\n  url: postgres://sekisho@db.internal:5432/sekisho\n  password: { env: PGPASS }\n  recheckInterval: 10s\n  pool: { max: 4, statementTimeout: 2s }\n');
  const fromFile = await loadConfig({ configPath: path, env: { ...baseEnv, PGPASS: 's3cret' } });
  assert.deepEqual(fromFile.store, { url: 'postgres://sekisho@db.internal:5432/sekisho', password: 's3cret', poolMax: 4, connectTimeoutMs: 10_000, statementTimeoutMs: 2_000, idleTimeoutMs: 60_000, recheckIntervalMs: 10_000 });
  assert.equal((await loadConfig({ env: baseEnv })).store.recheckIntervalMs, 30_000, 'default re-check: 30 s');
  assert.equal(JSON.stringify(redactConfig(fromFile)).includes('s3cret'), false, 'the password is redacted');
  const env = { ...baseEnv, PGPASS: 's3cret', SEKISHO_STORE: 'postgres://env@127.0.0.1/db' };
  assert.equal((await loadConfig({ configPath: path, env })).store.url, 'postgres://env@127.0.0.1/db');
  assert.equal((await loadConfig({ configPath: path, env, flags: { store: 'postgresql://flag@127.0.0.1/db' } })).store.url, 'postgresql://flag@127.0.0.1/db');
  assert.equal((await loadConfig({ env: baseEnv })).store.url, null, 'default: SQLite in the data directory');
  await assert.rejects(loadConfig({ env: baseEnv, flags: { store: 'mysql://x' } }), /--store: must be a PostgreSQL URL/);
  await assert.rejects(loadConfig({ configPath: await yamlFile('store:\n  url: sqlite:///tmp/x\n'), env: baseEnv }), /store\.url/);
  await assert.rejects(loadConfig({ configPath: path, env: baseEnv }), /store\.password/);
});
