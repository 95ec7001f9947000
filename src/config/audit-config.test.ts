import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from './load-config.ts';
import { defaultAudit } from './defaults.ts';

const dir = await mkdtemp(join(tmpdir(), 'sekisho-audit-config-'));
after(() => rm(dir, { recursive: true, force: true }));
let n = 0;
async function load(text: string, env: NodeJS.ProcessEnv = { HOME: '/home/t' }) {
  const path = join(dir, `c${++n}.yaml`);
  await writeFile(path, text);
  return loadConfig({ configPath: path, env });
}

test('the audit section: defaults when absent', async () => {
  assert.deepEqual((await load('{}')).audit, defaultAudit());
});

test('the audit section: every setting, with the transcript key from a file and a sink header from env', async () => {
  const key = 'ab'.repeat(32);
  await writeFile(join(dir, 'transcript.key'), key + '\n');
  const config = await load(
    `
audit:
  enabled: true
  signingKey: keys/sign.pem
  checkpoint: { every: 50, interval: 10s }
  retention: 2160h
  refusalsPerMinute: 10
  transcripts: { enabled: true, key: { file: transcript.key }, maxBytes: 64KiB, retention: 168h }
  sinks:
    syslog: { host: siem.example.com, port: 6514, protocol: tcp, facility: authpriv, appName: gw }
    otlp: { endpoint: "http://otel:4318/", headers: { authorization: { env: OTLP_TOKEN } }, timeout: 2s, batchSize: 50 }
`,
    { HOME: '/home/t', OTLP_TOKEN: 'Bearer t0ken' },
  );
  assert.deepEqual(config.audit, {
    enabled: true,
    signingKey: join(dir, 'keys/sign.pem'),
    checkpoint: { everyEvents: 50, intervalMs: 10_000 },
    retentionMs: 2160 * 3_600_000,
    refusalsPerMinute: 10,
    transcripts: { enabled: true, key: Buffer.from(key, 'hex'), maxBytes: 64 * 1024, retentionMs: 168 * 3_600_000 },
    sinks: {
      syslog: { host: 'siem.example.com', port: 6514, protocol: 'tcp', facility: 10, appName: 'gw', queueSize: 10_000 },
      otlp: { endpoint: 'http://otel:4318', headers: { authorization: 'Bearer t0ken' }, timeoutMs: 2_000, queueSize: 10_000, batchSize: 50 },
    },
  });
  const shown = JSON.stringify(redactConfig(config));
  assert.ok(!shown.includes('t0ken'), 'sink headers are redacted');
  assert.ok(!shown.includes(key) && !shown.includes('"data"'), 'the transcript key is redacted');
});

test('transcripts without a key, a malformed key, and unknown keys are refused with their place', async () => {
  await assert.rejects(load('audit:\n  transcripts: { enabled: true }\n'), (e: unknown) => e instanceof ConfigError && /no key is set/.test(e.message));
  await assert.rejects(load('audit:\n  transcripts: { enabled: true, key: { env: K } }\n', { HOME: '/h', K: 'short' }), (e: unknown) => e instanceof ConfigError && /64 hex characters/.test(e.message) && !e.message.includes('short'));
  await assert.rejects(load('audit:\n  sinks: { syslog: { host: h, proto: udp } }\n'), (e: unknown) => e instanceof ConfigError && /proto/.test(e.message));
  await assert.rejects(load('audit:\n  sinks: { otlp: { endpoint: "otel:4318" } }\n'), (e: unknown) => e instanceof ConfigError && /http:\/\//.test(e.message));
});

test('default annotations of the audit schema match the embedded defaults', async () => {
  const { readFile } = await import('node:fs/promises');
  const { parseDuration } = await import('./parse-duration.ts');
  const { parseSize } = await import('./parse-size.ts');
  const { DEFAULTS } = await import('./defaults.ts');
  const { SYSLOG_FACILITIES } = await import('./syslog-facilities.ts');
  type Node = { properties?: Record<string, Node>; default?: unknown };
  const schema = JSON.parse(await readFile(new URL('./schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, Node> };
  const a = schema.$defs.audit!.properties!;
  const d = DEFAULTS.audit;
  assert.equal(a.enabled!.default, d.enabled);
  assert.equal(a.refusalsPerMinute!.default, d.refusalsPerMinute);
  assert.equal(a.checkpoint!.properties!.every!.default, d.checkpoint.everyEvents);
  assert.equal(parseDuration(a.checkpoint!.properties!.interval!.default as string), d.checkpoint.intervalMs);
  assert.equal(a.transcripts!.properties!.enabled!.default, d.transcripts.enabled);
  assert.equal(parseSize(a.transcripts!.properties!.maxBytes!.default as string), d.transcripts.maxBytes);
  const syslog = a.sinks!.properties!.syslog!.properties!;
  assert.equal(syslog.port!.default, d.syslog.port);
  assert.equal(syslog.protocol!.default, d.syslog.protocol);
  assert.equal(SYSLOG_FACILITIES[syslog.facility!.default as string], d.syslog.facility);
  assert.equal(syslog.appName!.default, d.syslog.appName);
  assert.equal(syslog.queueSize!.default, d.syslog.queueSize);
  const otlp = a.sinks!.properties!.otlp!.properties!;
  assert.equal(parseDuration(otlp.timeout!.default as string), d.otlp.timeoutMs);
  assert.equal(otlp.queueSize!.default, d.otlp.queueSize);
  assert.equal(otlp.batchSize!.default, d.otlp.batchSize);
});
