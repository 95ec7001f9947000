/**
 * `sekisho serve` as a real process: it starts on embedded defaults with --upstream, logs where it
 * listens, serves, finishes in-flight requests on SIGTERM and exits 0; a bad config stops it at start
 * with the file, line and problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { post } from '../support/http.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

interface Running {
  child: ChildProcess;
  url: string;
  stderr: string[];
  exit: Promise<number | null>;
}

async function serve(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stderr.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'sekisho listening' && entry.url) resolve(entry.url);
        } catch {
          // not a JSON log line
        }
      }
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening:\n${stderr.join('\n')}`)));
    setTimeout(() => reject(new Error('did not start in time')), 10_000).unref();
  });
  return { child, url, stderr, exit };
}

test('serve on embedded defaults with --upstream, then a graceful SIGTERM finishes the in-flight request', async () => {
  const fake = await startFakeUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'sekisho-serve-'));
  try {
    const gw = await serve(['--port', '0', '--upstream', fake.baseUrl, '--data-dir', dataDir, '--upstream-model', 'qwen-coder']);
    assert.match(gw.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok((await stat(join(dataDir, 'sekisho.db'))).isFile(), 'state lives in the data directory');
    // It looked at the backend before listening and learned its native APIs (backend-probe.test.ts).
    const checked = gw.stderr.map((l) => JSON.parse(l) as { msg?: string; learned?: string[] }).find((l) => l.msg === 'backend checked');
    assert.deepEqual(checked?.learned, ['messages', 'count_tokens', 'responses']);

    const ok = await post(`${gw.url}/v1/messages`, { model: 'claude-opus-5-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.status, 200);
    assert.equal((fake.lastRequest()!.json as { model: string }).model, 'qwen-coder');

    // A request still waiting on the backend when SIGTERM arrives must complete.
    fake.enqueue({ kind: 'delay', ms: 600, then: { kind: 'text', text: 'finished after SIGTERM' } });
    const inFlight = post(`${gw.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'slow' }] });
    await new Promise((r) => setTimeout(r, 150));
    gw.child.kill('SIGTERM');
    const done = await inFlight;
    assert.equal(done.status, 200);
    assert.equal((done.json as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, 'finished after SIGTERM');
    assert.equal(await gw.exit, 0);
    assert.ok(gw.stderr.some((l) => l.includes('"shutting down"')));
    await assert.rejects(fetch(`${gw.url}/healthz`), 'no longer listening');
  } finally {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('environment variables configure the server (SEKISHO_*)', async () => {
  const fake = await startFakeUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'sekisho-serve-'));
  try {
    const gw = await serve([], { SEKISHO_PORT: '0', SEKISHO_UPSTREAM: fake.baseUrl, SEKISHO_DATA_DIR: dataDir });
    const health = await fetch(`${gw.url}/healthz`);
    assert.equal(health.status, 200);
    gw.child.kill('SIGTERM');
    assert.equal(await gw.exit, 0);
  } finally {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a bad config file stops the start with file, line and what is wrong; no secret is printed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-cfg-'));
  try {
    const file = join(dir, 'sekisho.yaml');
    await writeFile(
      file,
      ['server:', '  port: 8080', 'backends:', '  - name: local', '    type: openia', '    url: http://127.0.0.1:9/v1', '    apiKey: { env: LOCAL_KEY }', ''].join('\n'),
    );
    const child = spawn(process.execPath, [bin, 'serve', '--config', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOCAL_KEY: 'sk-local-supersecret-123' },
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /sekisho\.yaml:5:11/);
    assert.match(err, /openai, anthropic/);
    assert.ok(!err.includes('sk-local-supersecret-123'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--help and unknown flags', async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.once('exit', (code) => resolve({ code, out }));
    });
  const help = await run(['serve', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /--upstream URL/);
  const bad = await run(['serve', '--prot', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.out, /Unknown option '--prot'/);
});
