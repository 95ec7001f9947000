import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { DEFAULTS } from './defaults.ts';
import { configValidator } from './load-config.ts';
import { DURATION_PATTERN, parseDuration } from './parse-duration.ts';
import { SIZE_PATTERN, parseSize } from './parse-size.ts';
import type { JsonSchema } from './validate-schema.ts';

const schema = JSON.parse(await readFile(new URL('./schema.json', import.meta.url), 'utf8')) as JsonSchema;
const defs = schema.$defs ?? {};
const prop = (node: JsonSchema | undefined, key: string): JsonSchema | undefined => node?.properties?.[key];

test('duration and size patterns are the ones the parsers use', () => {
  assert.equal(defs.duration?.anyOf?.[1]?.pattern, DURATION_PATTERN.source);
  assert.equal(defs.size?.anyOf?.[1]?.pattern, SIZE_PATTERN.source);
});

test('default annotations in the schema match the embedded defaults', () => {
  const server = defs.server;
  assert.equal(prop(server, 'host')?.default, DEFAULTS.server.host);
  assert.equal(prop(server, 'port')?.default, DEFAULTS.server.port);
  assert.equal(parseSize(prop(server, 'bodyLimit')?.default as string), DEFAULTS.server.bodyLimitBytes);
  assert.equal(parseDuration(prop(server, 'shutdownGrace')?.default as string), DEFAULTS.server.shutdownGraceMs);
  assert.equal(prop(prop(schema, 'log'), 'level')?.default, DEFAULTS.log.level);
  assert.equal(prop(prop(schema, 'log'), 'format')?.default, DEFAULTS.log.format);
  assert.equal(prop(prop(schema, 'retry'), 'attempts')?.default, DEFAULTS.retry.attempts);
  const backend = defs.backend;
  assert.equal(prop(backend, 'zone')?.default, DEFAULTS.zone);
  assert.equal(prop(backend, 'maxConnections')?.default, DEFAULTS.maxConnections);
  const timeouts = prop(backend, 'timeouts');
  assert.equal(parseDuration(prop(timeouts, 'connect')?.default as string), DEFAULTS.timeouts.connectMs);
  assert.equal(parseDuration(prop(timeouts, 'firstByte')?.default as string), DEFAULTS.timeouts.firstByteMs);
  assert.equal(parseDuration(prop(timeouts, 'idle')?.default as string), DEFAULTS.timeouts.idleMs);
  const health = prop(backend, 'health');
  assert.equal(parseDuration(prop(health, 'interval')?.default as string), DEFAULTS.health.intervalMs);
  assert.equal(parseDuration(prop(health, 'timeout')?.default as string), DEFAULTS.health.timeoutMs);
  assert.equal(prop(health, 'failuresToEject')?.default, DEFAULTS.health.failuresToEject);
});

test('the documented example file is valid', async () => {
  const example = parse(`
server: { host: 127.0.0.1, port: 8787, bodyLimit: 32MiB, shutdownGrace: 30s }
dataDir: /var/lib/sekisho
log: { level: info, format: json }
retry: { attempts: 2 }
backends:
  - name: vllm-a
    type: openai
    url: http://10.0.0.5:8000/v1
    zone: internal
    apiKey: { env: VLLM_KEY }
    headers: { X-Tenant: { env: TENANT }, X-Plain: value }
    apis: [chat, completions, embeddings]
    timeouts: { connect: 5s, firstByte: 300s, idle: 120s }
    health: { enabled: true, path: /models, interval: 10s, timeout: 2s, failuresToEject: 3 }
    maxConnections: 64
  - { name: vllm-b, type: openai, url: "http://10.0.0.6:8000/v1" }
  - { name: ollama, type: openai, url: "http://127.0.0.1:11434/v1", apiKey: { file: /run/secrets/key } }
routes:
  - match: "claude-*"
    targets: [ { backend: vllm-a, model: qwen2.5-coder-32b }, { backend: vllm-b, model: qwen2.5-coder-32b } ]
    fallbacks: [ { backend: ollama, model: "qwen2.5-coder:7b" } ]
`) as unknown;
  assert.deepEqual((await configValidator())(example), []);
});

test('unknown keys are refused at every level', async () => {
  const validate = await configValidator();
  const cases: [unknown, (string | number)[]][] = [
    [{ policies: {} }, ['policies']],
    [{ inspection: { level: 'x' } }, ['inspection', 'level']],
    [{ server: { listen: 1 } }, ['server', 'listen']],
    [{ log: { colour: true } }, ['log', 'colour']],
    [{ retry: { max: 1 } }, ['retry', 'max']],
    [{ backends: [{ name: 'a', type: 'openai', url: 'http://a/v1', timeout: 1 }] }, ['backends', 0, 'timeout']],
    [{ backends: [{ name: 'a', type: 'openai', url: 'http://a/v1', timeouts: { read: 1 } }] }, ['backends', 0, 'timeouts', 'read']],
    [{ backends: [{ name: 'a', type: 'openai', url: 'http://a/v1', health: { retries: 1 } }] }, ['backends', 0, 'health', 'retries']],
    [{ routes: [{ match: 'a', targets: [{ backend: 'a', weight: 1 }] }] }, ['routes', 0, 'targets', 0, 'weight']],
    [{ routes: [{ match: 'a', targets: [{ backend: 'a' }], priority: 1 }] }, ['routes', 0, 'priority']],
  ];
  for (const [value, path] of cases) {
    const errors = validate(value);
    assert.deepEqual(errors.map((e) => [e.keyword, e.path]), [['additionalProperties', path]], JSON.stringify(value));
  }
});

test('backend names, URLs and health paths are checked', async () => {
  const validate = await configValidator();
  const backend = (extra: Record<string, unknown>): unknown => ({ backends: [{ name: 'a', type: 'openai', url: 'http://a/v1', ...extra }] });
  const first = (value: unknown): string | undefined => validate(value)[0]?.message;
  assert.equal(first(backend({ name: 'Vllm A' })), 'must be a non-empty name made of lowercase letters, digits, "-" and "_"');
  assert.equal(first(backend({ url: 'http://a/v1?x=1' })), 'must be an http:// or https:// URL without query or fragment, such as http://127.0.0.1:8000/v1');
  assert.equal(first(backend({ health: { path: 'models' } })), 'must start with "/", such as /models');
  assert.equal(first(backend({ apis: ['chat', 'chat'] })), 'must not list the same item twice ("chat" appears more than once)');
  assert.equal(first(backend({ apiKey: { env: 'has space' } })), 'must be an environment variable name such as VLLM_API_KEY');
  assert.equal(first({ routes: [{ match: [], targets: [{ backend: 'a' }] }] }), 'must not be empty');
  assert.equal(first({ routes: [{ match: 'a', targets: [] }] }), 'must not be empty');
});

// --- identity and limits (governance #5) ---
test('auth and limits: defaults match, a full section validates, mistakes are located', async () => {
  const validate = await configValidator();
  const oidc = defs.oidc;
  assert.deepEqual(prop(oidc, 'algorithms')?.default, DEFAULTS.oidc.algorithms);
  assert.equal(parseDuration(prop(oidc, 'clockSkew')?.default as string), DEFAULTS.oidc.clockSkewMs);
  assert.equal(parseDuration(prop(oidc, 'jwksCacheTtl')?.default as string), DEFAULTS.oidc.jwksCacheTtlMs);
  assert.equal(parseDuration(prop(oidc, 'jwksMinRefetch')?.default as string), DEFAULTS.oidc.jwksMinRefetchMs);
  assert.equal(prop(oidc, 'userClaim')?.default, DEFAULTS.oidc.userClaim);
  assert.equal(prop(oidc, 'groupsClaim')?.default, DEFAULTS.oidc.groupsClaim);
  assert.equal(prop(defs.auth, 'anonymous')?.default, DEFAULTS.auth.anonymous);
  const full = parse(`
auth:
  anonymous: false
  adminGroups: [sekisho-admins]
  oidc:
    issuer: https://login.example.com/realms/dev
    audience: sekisho
    jwks: { url: https://login.example.com/realms/dev/protocol/openid-connect/certs }
    algorithms: [RS256, ES256]
    clockSkew: 30s
    groupsClaim: realm_access.roles
    teamClaim: department
limits:
  - { name: per-user, scope: user, requestsPerMinute: 60, tokensPerDay: 2000000 }
  - { name: interns, match: { groups: [interns] }, scope: team, tokensPerDay: 100000 }
`) as unknown;
  assert.deepEqual(validate(full), []);
  const first = (value: unknown): [string, readonly (string | number)[]] | undefined => {
    const e = validate(value)[0];
    return e && [e.message, e.path];
  };
  assert.deepEqual(first({ auth: { oidc: { issuer: 'i', audience: 'a', jwks: { url: 'https://x', file: 'y' } } } })?.[1], ['auth', 'oidc', 'jwks']);
  assert.deepEqual(first({ auth: { oidc: { issuer: 'i', audience: 'a', jwks: { file: 'y' }, algorithms: ['HS256'] } } })?.[1], ['auth', 'oidc', 'algorithms', 0]);
  assert.deepEqual(first({ limits: [{ name: 'x', scope: 'org', requestsPerMinute: 1 }] })?.[1], ['limits', 0, 'scope']);
  assert.deepEqual(first({ limits: [{ name: 'x', scope: 'user', requestsPerMinute: 0 }] })?.[1], ['limits', 0, 'requestsPerMinute']);
  assert.deepEqual(first({ auth: { anonymus: true } })?.[1], ['auth', 'anonymus']);
});
