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
