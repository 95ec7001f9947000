import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDetectors } from './build-detectors.ts';
import { defaultInspection } from '../config/defaults.ts';

const scanIds = (detectors: ReturnType<typeof buildDetectors>['detectors'], text: string) =>
  detectors.flatMap((d) => d.scan(text)).map((x) => x.ruleId).sort();

test('defaults: built-in secret rules and personal data, through decoding', () => {
  const { detectors, secretRules } = buildDetectors();
  assert.ok(secretRules > 5);
  assert.deepEqual(scanIds(detectors, 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE mail me: taro.yamada@example.co.jp'), ['pii-email', 'sekisho-aws-access-key-id']);
  const encoded = Buffer.from('key AKIAIOSFODNN7EXAMPLE').toString('base64');
  assert.deepEqual(scanIds(detectors, `blob: ${encoded}`), ['sekisho-aws-access-key-id']);
  assert.deepEqual(scanIds(buildDetectors({ ...defaultInspection(), decodeDepth: 0 }).detectors, `blob: ${encoded}`), []);
});

test('a company gitleaks file adds its rules on top; useDefault extends the built-ins; dictionary terms', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-rules-'));
  try {
    const file = join(dir, 'company.toml');
    await writeFile(file, ['[extend]', 'useDefault = true', '', '[[rules]]', 'id = "acme-internal-token"', 'regex = \'\'\'acme_tok_[a-z0-9]{16}\'\'\'', 'keywords = ["acme_tok_"]', ''].join('\n'));
    const { detectors } = buildDetectors({
      ...defaultInspection(),
      pii: false,
      rules: { builtin: false, files: [file], highEntropy: false },
      dictionary: { terms: [{ id: 'codename', values: ['Hayabusa'] }], patterns: [] },
    });
    assert.deepEqual(scanIds(detectors, 'token acme_tok_0123456789abcdef and AKIAIOSFODNN7EXAMPLE for project hayabusa'), [
      'acme-internal-token',
      'codename',
      'sekisho-aws-access-key-id',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a rule file that cannot be loaded names the file (the gateway refuses to start)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-rules-'));
  try {
    const file = join(dir, 'bad.toml');
    await writeFile(file, '[[rules]]\nid = "x"\nregex = \'\'\'(unclosed\'\'\'\n');
    assert.throws(() => buildDetectors({ ...defaultInspection(), rules: { builtin: true, files: [file], highEntropy: false } }), (err: Error) => err.message.includes('bad.toml') && err.message.includes('"x"'));
    assert.throws(() => buildDetectors({ ...defaultInspection(), rules: { builtin: true, files: [join(dir, 'missing.toml')], highEntropy: false } }), /missing\.toml/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('everything off: no detectors', () => {
  const { detectors } = buildDetectors({ ...defaultInspection(), pii: false, rules: { builtin: false, files: [], highEntropy: false } });
  assert.equal(detectors.length, 0);
});

test('own-code: loaded from the index file as its own detector (outside decoding); disabled, missing, required and corrupt', async () => {
  const { OwnCodeIndexBuilder } = await import('./own-code/index-builder.ts');
  const { writeIndexFile } = await import('./own-code/index-file.ts');
  const { readFile } = await import('node:fs/promises');
  const go = await readFile(new URL('./own-code/fixtures/acme-billing/invoice.go', import.meta.url), 'utf8');
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-owncode-'));
  try {
    const path = join(dir, 'own-code.idx');
    const b = new OwnCodeIndexBuilder();
    b.addFile('acme', 'invoice.go', go);
    writeIndexFile(path, b.build());
    const snippet = go.split('\n').slice(45, 60).join('\n');
    const built = buildDetectors(defaultInspection(), { ownCodeIndexPath: path });
    assert.deepEqual(built.detectors.map((d) => d.name).at(-1), 'own-code');
    assert.equal(built.ownCode?.files, 1);
    assert.ok((built.ownCode?.bytes ?? 0) > 0);
    assert.deepEqual(scanIds(built.detectors, snippet), ['own-code']);
    const strict = { ...defaultInspection(), ownCode: { ...defaultInspection().ownCode, minLines: 500 } };
    assert.deepEqual(scanIds(buildDetectors(strict, { ownCodeIndexPath: path }).detectors, snippet), [], 'thresholds come from the config');
    const off = { ...defaultInspection(), ownCode: { ...defaultInspection().ownCode, enabled: false } };
    assert.equal(buildDetectors(off, { ownCodeIndexPath: path }).ownCode, undefined);
    assert.equal(buildDetectors(defaultInspection(), { ownCodeIndexPath: join(dir, 'none.idx') }).ownCode, undefined, 'no index: no detector');
    assert.throws(() => buildDetectors(defaultInspection(), { ownCodeIndexPath: join(dir, 'none.idx'), requireOwnCode: true }), /no own-code index/);
    await writeFile(join(dir, 'bad.idx'), 'not an index. '.repeat(10));
    assert.throws(() => buildDetectors(defaultInspection(), { ownCodeIndexPath: join(dir, 'bad.idx') }), /own-code index \S*bad\.idx: not an index file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('documentation examples: medium in the gateway (the default), low only when the scan asks', () => {
  const text = '"""\npassword = "k3jf9sl2mq8x"\n"""\n';
  const tiers = (built: ReturnType<typeof buildDetectors>) => built.detectors.flatMap((d) => d.scan(text)).map((x) => `${x.ruleId}:${x.confidence}`);
  assert.deepEqual(tiers(buildDetectors()), ['sekisho-generic-assignment:medium']);
  assert.deepEqual(tiers(buildDetectors(defaultInspection(), { documentationExamplesLow: true })), ['sekisho-generic-assignment:low']);
});
