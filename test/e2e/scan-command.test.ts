/**
 * `sekisho scan` as a real process over a real directory tree: exit codes 0 / 1 / 2, the three report
 * formats, values masked unless --show-values, .gitignore / binary / size skipping, a baseline that makes
 * the next run pass, a company --rules file, and standard input.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;
// Not one of AWS's documented EXAMPLE keys: those are reported at low confidence and do not fail a scan.
const KEY = 'AKIAZ3MNQ7RPW2XK4TLB';
const ACME = 'acme_tok_0123456789abcdef';
let dir = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scan(args: string[], options: { input?: string; cwd?: string } = {}): Run {
  const r = spawnSync(process.execPath, [bin, 'scan', ...args], { cwd: options.cwd ?? dir, input: options.input ?? '', encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sekisho-scan-'));
  const files: Record<string, string | Buffer> = {
    '.gitignore': 'ignored/\n*.log\n',
    '.env': `# local settings\nAWS_ACCESS_KEY_ID=${KEY}\n`,
    'src/blob.js': `export const blob = "${Buffer.from(`aws_key=${KEY}\n`).toString('base64')}";\n`,
    'src/clean.ts': 'export const answer = 42;\n',
    'ignored/leak.txt': `${KEY}\n`,
    'debug.log': `${KEY}\n`,
    'image.bin': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), Buffer.from(KEY)]),
    'rules/acme.toml': ['[[rules]]', 'id = "acme-internal-token"', 'description = "ACME internal token"', `regex = '''acme_tok_[a-z0-9]{16}'''`, 'keywords = ["acme_tok_"]', ''].join('\n'),
    'rules/broken.toml': '[[rules]]\nid = "x"\nregex = \'\'\'(unclosed\'\'\'\n',
    'other/config.py': `acme = "${ACME}"\n`,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('text: findings exit 1, masked, path:line:column; ignored, binary and clean files produce nothing', () => {
  const r = scan(['.env', 'src', 'image.bin']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^\.env:2:19: sekisho-aws-access-key-id \(secret, \w+\) AWS access key id$/m);
  assert.match(r.stdout, /AWS_ACCESS_KEY_ID=AKIA…/);
  assert.match(r.stdout, /^src\/blob\.js:1:\d+: sekisho-aws-access-key-id .*\[base64\]$/m);
  assert.ok(!r.stdout.includes(KEY), 'the value is never printed without --show-values');
  assert.match(r.stdout, /2 findings in 3 files, 1 binary skipped/);

  const all = scan([]);
  assert.equal(all.code, 1);
  assert.ok(!all.stdout.includes('ignored/') && !all.stdout.includes('debug.log'), '.gitignore is honoured');
  assert.ok(!all.stdout.includes('image.bin'));
  assert.ok(!all.stdout.includes(KEY));
});

test('--show-values prints the value', () => {
  const r = scan(['.env', '--show-values']);
  assert.equal(r.code, 1);
  assert.ok(r.stdout.includes(`AWS_ACCESS_KEY_ID=${KEY}`));
  assert.match(r.stdout, new RegExp(`value: ${KEY}`));
});

test('a clean file exits 0', () => {
  const r = scan(['src/clean.ts']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^0 findings in 1 file$/m);
});

test('json: findings with fingerprints and value hashes, no values', () => {
  const r = scan(['.env', 'src', '--format', 'json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as { tool: { name: string }; summary: { findings: number; files: number }; findings: Array<Record<string, unknown>> };
  assert.equal(report.tool.name, 'sekisho');
  assert.equal(report.summary.findings, 2);
  const env = report.findings.find((f) => f['path'] === '.env')!;
  assert.equal(env['line'], 2);
  assert.equal(env['column'], 19);
  assert.equal(env['endColumn'], 39);
  assert.equal(env['fingerprint'], '.env:sekisho-aws-access-key-id:2');
  assert.match(env['valueHash'] as string, /^[0-9a-f]{64}$/);
  assert.equal(env['value'], undefined);
  assert.deepEqual(report.findings.find((f) => f['path'] === 'src/blob.js')!['encodings'], ['base64']);
  assert.ok(!r.stdout.includes(KEY));
  assert.match(r.stderr, /2 findings in 3 files/);
});

test('sarif: a 2.1.0 log with one run, rules and results', () => {
  const r = scan(['.env', '--format', 'sarif']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as { version: string; $schema: string; runs: Array<{ tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>; partialFingerprints: Record<string, string> }> }> };
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'sekisho');
  assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ['sekisho-aws-access-key-id']);
  const result = run.results[0]!;
  assert.ok(['error', 'warning', 'note'].includes(result.level));
  assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uri, '.env');
  assert.deepEqual([result.locations[0]!.physicalLocation.region.startLine, result.locations[0]!.physicalLocation.region.startColumn], [2, 19]);
  assert.equal(result.partialFingerprints['sekisho/v1'], '.env:sekisho-aws-access-key-id:2');
  assert.ok(!r.stdout.includes(KEY));
});

test('--output writes the report to a file, which is not scanned itself', async () => {
  const r = scan(['--format', 'json', '--output', 'report.json', '--show-values']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { findings: Array<{ path: string; value?: string }> };
  assert.ok(report.findings.length >= 2);
  assert.ok(report.findings.every((f) => f.path !== 'report.json'));
  assert.equal(report.findings.find((f) => f.path === '.env')!.value, KEY);
  await rm(join(dir, 'report.json'));
});

test('a baseline of the current findings makes the next run exit 0; a new secret still fails it', async () => {
  const baselineDir = await mkdtemp(join(tmpdir(), 'sekisho-scan-baseline-'));
  try {
    await writeFile(join(baselineDir, '.env'), `AWS_ACCESS_KEY_ID=${KEY}\n`);
    const first = scan(['--write-baseline', 'baseline.json'], { cwd: baselineDir });
    assert.equal(first.code, 0, first.stderr);
    const baseline = await readFile(join(baselineDir, 'baseline.json'), 'utf8');
    assert.ok(!baseline.includes(KEY), 'a baseline never holds values');
    const second = scan(['--baseline', 'baseline.json'], { cwd: baselineDir });
    assert.equal(second.code, 0, second.stdout);
    assert.match(second.stdout, /0 findings in 1 file, 1 in baseline/);
    // Lines moved: still known. A second value: new.
    await writeFile(join(baselineDir, '.env'), `# moved down\n\nAWS_ACCESS_KEY_ID=${KEY}\nOTHER=AKIAJ7Q2ZK4XW5MNB3TR\n`);
    const third = scan(['--baseline', 'baseline.json', '--format', 'json'], { cwd: baselineDir });
    assert.equal(third.code, 1);
    const report = JSON.parse(third.stdout) as { summary: { baselined: number }; findings: Array<{ line: number }> };
    assert.equal(report.summary.baselined, 1);
    assert.deepEqual(report.findings.map((f) => f.line), [4]);
  } finally {
    await rm(baselineDir, { recursive: true, force: true });
  }
});

test('--rules: a company gitleaks file finds its own token, on top of the built-ins or alone', () => {
  const onTop = scan(['other', '.env', '--rules', 'rules/acme.toml', '--format', 'json']);
  assert.equal(onTop.code, 1, onTop.stderr);
  const ids = (JSON.parse(onTop.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['acme-internal-token', 'sekisho-aws-access-key-id']);
  const alone = scan(['other', '.env', '--rules', 'rules/acme.toml', '--no-builtin', '--no-pii']);
  assert.equal(alone.code, 1);
  assert.match(alone.stdout, /^other\/config\.py:1:9: acme-internal-token \(secret, medium\) ACME internal token$/m);
  assert.ok(!alone.stdout.includes('sekisho-aws'));
  assert.ok(!alone.stdout.includes(ACME));
  assert.equal(scan(['other']).code, 0, 'without the file the token is not a finding');
});

test('standard input with - or --stdin', () => {
  const dash = scan(['-'], { input: `hello\nkey=${KEY}\n` });
  assert.equal(dash.code, 1);
  assert.match(dash.stdout, /^stdin:2:5: sekisho-aws-access-key-id/m);
  const flag = scan(['--stdin', '--format', 'json'], { input: 'nothing here\n' });
  assert.equal(flag.code, 0);
  assert.equal((JSON.parse(flag.stdout) as { summary: { files: number } }).summary.files, 1);
});

test('--min-confidence and --max-file-size narrow the scan', () => {
  const r = scan(['.env', '--max-file-size', '10']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /1 too large skipped/);
  assert.equal(scan(['-', '--pii', '--min-confidence', 'high', '--fail-on', 'high'], { input: 'mail taro.yamada@gmail.com\n' }).code, 0);
  assert.equal(scan(['-', '--pii'], { input: 'mail taro.yamada@gmail.com\n' }).code, 1);
});

test('personal data only when asked: --pii or SEKISHO_SCAN_PII=1', () => {
  const input = 'contact: taro.yamada@gmail.com, 090-1234-5678\n';
  const quiet = scan(['-'], { input });
  assert.equal(quiet.code, 0, quiet.stdout);
  assert.match(quiet.stdout, /^0 findings in 1 file$/m);
  const asked = scan(['-', '--pii', '-f', 'json'], { input });
  assert.equal(asked.code, 1);
  const types = (JSON.parse(asked.stdout) as { findings: Array<{ type: string }> }).findings.map((f) => f.type);
  assert.ok(types.length >= 1 && types.every((t) => t === 'pii'), JSON.stringify(types));
  const env = spawnSync(process.execPath, [bin, 'scan', '-'], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, SEKISHO_SCAN_PII: '1' } });
  assert.equal(env.status, 1, env.stdout);
  const bad = spawnSync(process.execPath, [bin, 'scan', '-'], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, SEKISHO_SCAN_PII: 'maybe' } });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /SEKISHO_SCAN_PII/);
  assert.equal(scan(['-', '--no-pii'], { input }).code, 0);
});

test('--fail-on: findings below it are reported but do not fail; at or above it they do', () => {
  // The AWS key id is a medium finding here: it fails by default and with --fail-on low, not with high.
  const medium = scan(['.env', '-f', 'json']);
  const confidence = (JSON.parse(medium.stdout) as { findings: Array<{ confidence: string }> }).findings[0]!.confidence;
  assert.equal(medium.code, confidence === 'low' ? 0 : 1);
  const high = scan(['.env', '--fail-on', 'high']);
  assert.equal(high.code, confidence === 'high' ? 1 : 0, high.stdout);
  if (confidence !== 'high') {
    assert.match(high.stdout, /^\.env:2:19: sekisho-aws-access-key-id/m, 'still reported');
    assert.match(high.stdout, /1 below --fail-on high \(not failing\)/);
  }
  assert.equal(scan(['.env', '--fail-on', 'low']).code, 1);
  assert.equal(scan(['.env', '--fail-on', 'extreme']).code, 2);
});

test('a documentation example (hand-typed value in a docstring) is low in a scan, on worker threads too', async () => {
  // The gateway keeps it medium (build-detectors.ts documentationExamplesLow): only the scan sets it.
  const docDir = await mkdtemp(join(tmpdir(), 'sekisho-scan-doc-'));
  try {
    await writeFile(join(docDir, 'client.py'), 'def parse(uri):\n    """Parse it.\n\n        access_token=sdf23409df&state=x\n    """\n');
    for (const workers of ['0', '1']) {
      const r = scan(['.', '--workers', workers, '--min-confidence', 'low', '-f', 'json'], { cwd: docDir });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const found = (JSON.parse(r.stdout) as { findings: Array<{ ruleId?: string; rule?: string; confidence: string }> }).findings;
      assert.deepEqual(found.map((f) => f.confidence), ['low'], `workers ${workers}: ${r.stdout}`);
    }
  } finally {
    await rm(docDir, { recursive: true, force: true });
  }
});

test('worker threads and the main thread give the same report, in the same order', () => {
  const runs = ['0', '1', '3'].map((n) => scan(['.', '--workers', n, '--pii', '-f', 'json']));
  for (const r of runs) assert.equal(r.code, 1, r.stderr);
  const [first, ...rest] = runs.map((r) => r.stdout);
  for (const other of rest) assert.equal(other, first);
  const paths = (JSON.parse(first!) as { findings: Array<{ path: string }> }).findings.map((f) => f.path);
  assert.ok(paths.length >= 2);
  assert.deepEqual(paths, [...paths].sort(), 'walk order: files in name order');
  assert.equal(scan(['--workers', 'many']).code, 2);
});

test('--help exits 0; sekisho help lists the command', () => {
  const r = scan(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: sekisho scan/);
  const top = spawnSync(process.execPath, [bin, 'help'], { encoding: 'utf8' });
  assert.match(top.stdout, /^ {2}scan {7}/m);
});

test('errors exit 2 with a message on stderr', () => {
  const missing = scan(['does-not-exist']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does-not-exist: no such file or directory/);
  const broken = scan(['.env', '--rules', 'rules/broken.toml']);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /broken\.toml/);
  assert.equal(broken.stdout, '');
  const flag = scan(['--bogus']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /--bogus/);
  const badBaseline = scan(['.env', '--baseline', 'rules/acme.toml']);
  assert.equal(badBaseline.code, 2);
  assert.match(badBaseline.stderr, /--baseline/);
  assert.equal(scan(['--no-builtin']).code, 2);
  const mixed = scan(['.env', 'does-not-exist']);
  assert.equal(mixed.code, 2, 'an incomplete scan is an error even with findings');
  assert.match(mixed.stdout, /\.env:2:19/);
});
