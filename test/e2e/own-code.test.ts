/**
 * Own-code end to end, as a user would do it: `sekisho index add` a company repository (a .gitignore,
 * a vendored copy and generated files that must be skipped), `index ls` / `stats`, re-index after a
 * commit (only the changed file is read again), `sekisho scan --own-code` on a pasted, renamed and
 * reformatted snippet (exit 1, names the original file and line range, shows the lines side by side), and a `sekisho serve` process
 * whose access log names the file — in redact mode the code is recorded, not replaced.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASTED_SNIPPET, SNIPPET_SOURCE, writeCompanyRepo } from '../support/company-repo.ts';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { post } from '../support/http.ts';
import { startServeProcess } from '../support/serve-process.ts';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
let dir = '';
let repo = '';
let dataDir = '';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SEKISHO_CONFIG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-owncode-'));
  repo = join(dir, 'acme-platform');
  dataDir = join(dir, 'data');
  await writeCompanyRepo(repo);
  await writeFile(join(dir, 'question.md'), `Why does this stall under load?\n\n\`\`\`go\n${PASTED_SNIPPET}\n\`\`\`\n`);
  await writeFile(join(dir, 'unrelated.go'), 'package main\n\nfunc main() {\n\tprintln("hello")\n}\n');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('index add / ls / stats; re-index reads only what changed', async () => {
  const added = run(['index', 'add', repo, '--data-dir', dataDir]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /^acme-platform: 3 files, \d+ lines \(3 added, 0 changed, 0 unchanged, 0 removed\); skipped 1 vendored directory, 2 generated$/m);
  assert.match(added.stdout, /^index: 3 files → .*own-code\.idx \([\d.]+ KiB, built in \d+ ms; generation 1\)$/m);

  const ls = run(['index', 'ls', '--data-dir', dataDir]);
  assert.equal(ls.code, 0);
  assert.match(ls.stdout, /^NAME\s+KIND\s+FILES\s+LINES\s+UPDATED/m);
  assert.match(ls.stdout, /^acme-platform\s+own\s+3\s+\d+\s+\d{4}-\d\d-\d\dT/m);
  assert.match(ls.stdout, /^index generation 1, built \d{4}-\d\d-\d\dT[\d:]+Z \(3 files, sha256 [0-9a-f]{12}\)/m);
  assert.equal(run(['index', 'list', '--data-dir', dataDir]).stdout, ls.stdout, 'list is ls');

  const stats = run(['index', 'stats', '--data-dir', dataDir]);
  assert.equal(stats.code, 0);
  assert.match(stats.stdout, /^files:\s+3 company/m);
  assert.match(stats.stdout, /^postings:\s+\d+ structure, \d+ identifier$/m);
  assert.match(stats.stdout, /^memory:\s+~[\d.]+ KiB/m);

  // A commit touches one file: only it is read again.
  const settle = join(repo, 'services/settlement/settle.py');
  await writeFile(settle, (await readFile(settle, 'utf8')) + '\n\ndef noop():\n    return None\n');
  const again = run(['index', 'add', repo, '--data-dir', dataDir]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /\(0 added, 1 changed, 2 unchanged, 0 removed\)/);

  const bad = run(['index', 'rm', 'no-such-repo', '--data-dir', dataDir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no indexed repository named "no-such-repo"/);
  assert.equal(run(['index', 'frobnicate', '--data-dir', dataDir]).code, 2);
});

test('scan --own-code names the original file and line range of a renamed, reformatted snippet', () => {
  const text = run(['scan', '--own-code', '--data-dir', dataDir, 'question.md', 'unrelated.go']);
  assert.equal(text.code, 1, text.stderr);
  const where = `${SNIPPET_SOURCE.repository}:${SNIPPET_SOURCE.path}`.replace(/[.]/g, '\\.');
  const m = new RegExp(`^question\\.md:\\d+:\\d+: own-code \\(own-code, (?:medium|high)\\) ${where}:L(\\d+)-L(\\d+) \\(coverage ([\\d.]+)\\)$`, 'm').exec(text.stdout);
  assert.ok(m, text.stdout);
  // Limiter.Reserve is lines 35-62 of limiter.go.
  assert.ok(Number(m[1]) >= 35 && Number(m[1]) <= 40 && Number(m[2]) >= 52 && Number(m[2]) <= 62, `${m[1]}-${m[2]}`);
  assert.match(text.stdout, /1 finding in 2 files/);
  // Side by side: the pasted lines left, limiter.go's right; the renamed lines are paired ("~"), the braces equal ("=").
  assert.match(text.stdout, /^ {4}question\.md +acme-platform:services\/quota\/limiter\.go$/m);
  assert.match(text.stdout, /^ {4} *\d+ {2}func \(q \*Throttle\) Acquire.* ~ +\d+ {2}func \(l \*Limiter\) Reserve/m);
  assert.match(text.stdout, /^ {4} *\d+ {6}\} += +\d+ {6}\}$/m);

  const json = JSON.parse(run(['scan', '--own-code', '--data-dir', dataDir, '-f', 'json', 'question.md']).stdout) as { findings: Array<{ ownCode?: { repository: string; path: string; startLine: number; coverage: number } }> };
  assert.equal(json.findings[0]?.ownCode?.path, SNIPPET_SOURCE.path);
  assert.ok((json.findings[0]?.ownCode?.coverage ?? 0) >= 0.5);
  const matches = (json.findings[0]?.ownCode as { matches?: Array<{ line: number; endLine: number; companyLine: number; companyEndLine: number }> }).matches ?? [];
  assert.ok(matches.length >= 1 && matches.every((m) => m.endLine >= m.line && m.companyLine >= 35 && m.companyEndLine <= 62), JSON.stringify(matches));
  const sarif = run(['scan', '--own-code', '--data-dir', dataDir, '-f', 'sarif', 'question.md']);
  assert.match(sarif.stdout, /"text": "code from acme-platform:services\/quota\/limiter\.go:L\d+-L\d+ \(coverage/);
  assert.match(sarif.stdout, /"matches": \[\s*\{\s*"line": \d+,\s*"endLine": \d+,\s*"companyLine": \d+/);

  assert.equal(run(['scan', 'question.md']).code, 0, 'without --own-code, nothing');
  const missing = run(['scan', '--own-code', '--data-dir', join(dir, 'empty'), 'question.md']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no own-code index/);
});

test('the gateway records an own-code finding naming the file; in redact mode the code is not replaced', async () => {
  const fake = await startFakeUpstream();
  const config = join(dir, 'sekisho.yaml');
  await writeFile(config, 'inspection:\n  mode: redact\n');
  const serve = await startServeProcess(['--config', config, '--port', '0', '--data-dir', dataDir, '--upstream', fake.baseUrl]);
  const { url, lines } = serve;
  try {
    const started = lines.find((l) => l.msg === 'sekisho listening') as { ownCode?: { bytes: number; loadMs: number; files: number } };
    assert.equal(started.ownCode?.files, 3, 'the start line reports the index');
    assert.ok((started.ownCode?.bytes ?? 0) > 0 && typeof started.ownCode?.loadMs === 'number');

    const prompt = `My AWS key is AKIAIOSFODNN7EXAMPLE. Why does this stall under load?\n\n\`\`\`go\n${PASTED_SNIPPET}\n\`\`\``;
    const res = await post(`${url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: prompt }] });
    assert.equal(res.status, 200);
    const sent = JSON.stringify(fake.lastRequest()!.json);
    assert.ok(sent.includes('q.lock.Lock(); defer q.lock.Unlock()'), 'the code goes upstream unchanged');
    assert.ok(!sent.includes('AKIAIOSFODNN7EXAMPLE'), 'the secret in the same message is redacted');

    await new Promise((r) => setTimeout(r, 100));
    const access = lines.find((l) => l.msg === 'request') as { findings?: string[]; ownCode?: string[]; redacted?: number };
    assert.ok(access.findings?.some((f) => f.startsWith('own-code:own-code:')), JSON.stringify(access));
    assert.match(access.ownCode?.[0] ?? '', /^acme-platform:services\/quota\/limiter\.go:L\d+-L\d+$/);
    assert.equal(access.redacted, 1, 'only the secret got a placeholder');
  } finally {
    await serve.stop();
    await fake.close();
  }
});
