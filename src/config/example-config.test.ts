import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config.ts';

test('examples/sekisho.yaml is a valid configuration and means what its comments say', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-example-'));
  try {
    // The example reads a key from /run/secrets; point it at a file this test owns.
    const text = await readFile(new URL('../../examples/sekisho.yaml', import.meta.url), 'utf8');
    await writeFile(join(dir, 'key'), 'anthropic-key\n');
    await writeFile(join(dir, 'scrape-token'), 'scrape-token\n');
    await writeFile(join(dir, 'sekisho.yaml'), text.replace('/run/secrets/anthropic-compatible-key', join(dir, 'key')).replace('/run/secrets/sekisho-metrics-token', join(dir, 'scrape-token')));
    const config = await loadConfig({ configPath: join(dir, 'sekisho.yaml'), env: { VLLM_API_KEY: 'vllm-key' }, flags: {} });
    assert.equal(config.server.host, '0.0.0.0');
    // A network address only with TLS: the example must not teach plain HTTP on a network.
    assert.deepEqual(config.server.tls, { certFile: '/etc/sekisho/tls/fullchain.pem', keyFile: '/etc/sekisho/tls/privkey.pem', minVersion: 'TLSv1.2', reloadIntervalMs: 10_000 });
    assert.equal(config.server.metricsToken, 'scrape-token');
    assert.equal(config.server.bodyLimitBytes, 32 * 1024 * 1024);
    assert.deepEqual(config.backends.map((b) => [b.name, b.type, b.apiKey]), [
      ['vllm-a', 'openai', 'vllm-key'],
      ['vllm-b', 'openai', 'vllm-key'],
      ['ollama', 'openai', undefined],
      ['anthropic-compatible', 'anthropic', 'anthropic-key'],
    ]);
    assert.equal(config.backends[0]!.timeouts.firstByteMs, 300_000);
    assert.deepEqual(config.routes[0]!.match, ['claude-*', 'gpt-*', 'coder']);
    assert.deepEqual(config.routes[0]!.fallbacks, [{ backend: 'ollama', model: 'qwen2.5-coder:7b' }]);
    assert.deepEqual(config.routes[2]!.match, ['*']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
