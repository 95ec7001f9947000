import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScanArgs, DEFAULT_MAX_FILE_SIZE } from './scan-options.ts';
import { defaultInspection } from '../config/defaults.ts';

test('defaults: scan ., text, secrets only, fail on medium, the gateway settings otherwise', () => {
  const o = parseScanArgs([], '/w');
  assert.deepEqual(o.paths, ['.']);
  assert.equal(o.format, 'text');
  assert.equal(o.showValues, false);
  assert.equal(o.minConfidence, 'medium');
  assert.equal(o.failOn, 'medium');
  assert.equal(o.workers, undefined, 'the command picks one per core');
  assert.equal(o.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  assert.deepEqual(o.inspection, { ...defaultInspection(), pii: false });
});

test('--pii, SEKISHO_SCAN_PII, --fail-on, --workers', () => {
  assert.equal(parseScanArgs(['--pii'], '/w').inspection.pii, true);
  assert.equal(parseScanArgs([], '/w', { SEKISHO_SCAN_PII: '1' }).inspection.pii, true);
  assert.equal(parseScanArgs([], '/w', { SEKISHO_SCAN_PII: 'false' }).inspection.pii, false);
  assert.equal(parseScanArgs(['--no-pii'], '/w', { SEKISHO_SCAN_PII: 'yes' }).inspection.pii, false, 'the flag wins');
  assert.throws(() => parseScanArgs([], '/w', { SEKISHO_SCAN_PII: 'sometimes' }), /SEKISHO_SCAN_PII/);
  const low = parseScanArgs(['--fail-on', 'low'], '/w');
  assert.equal(low.failOn, 'low');
  assert.equal(low.minConfidence, 'low', 'whatever can fail the build is reported');
  const high = parseScanArgs(['--fail-on', 'high', '--min-confidence', 'low'], '/w');
  assert.deepEqual([high.failOn, high.minConfidence], ['high', 'low'], 'low findings reported, only high ones fail');
  assert.equal(parseScanArgs(['--fail-on', 'medium', '--min-confidence', 'high'], '/w').minConfidence, 'medium');
  assert.equal(parseScanArgs(['--workers', '0'], '/w').workers, 0);
  assert.equal(parseScanArgs(['--workers=7'], '/w').workers, 7);
  assert.throws(() => parseScanArgs(['--workers', '-1'], '/w'), /--workers/);
  assert.throws(() => parseScanArgs(['--workers', '1000'], '/w'), /--workers/);
  assert.throws(() => parseScanArgs(['--fail-on', 'never'], '/w'), /--fail-on/);
});

test('flags become an InspectionConfig; paths resolve against the working directory', () => {
  const o = parseScanArgs(['src', '--rules', 'a.toml', '--rules=/etc/b.toml', '--no-builtin', '--no-pii', '--high-entropy', '--decode-depth', '0', '--min-confidence', 'medium', '--max-file-size', '512KiB', '-f', 'sarif', '-o', 'out.sarif', '--baseline', 'b.json', '--stdin'], '/w');
  assert.deepEqual(o.paths, ['src', '-']);
  assert.deepEqual(o.inspection.rules, { builtin: false, files: ['/w/a.toml', '/etc/b.toml'], highEntropy: true });
  assert.equal(o.inspection.pii, false);
  assert.equal(o.inspection.decodeDepth, 0);
  assert.equal(o.minConfidence, 'medium');
  assert.equal(o.maxFileSize, 512 * 1024);
  assert.equal(o.format, 'sarif');
  assert.equal(o.output, '/w/out.sarif');
  assert.equal(o.baseline, '/w/b.json');
  assert.equal(parseScanArgs(['--max-file-size', '1000'], '/w').maxFileSize, 1000);
});

test('bad flags are errors with a message', () => {
  assert.throws(() => parseScanArgs(['--format', 'xml'], '/w'), /--format/);
  assert.throws(() => parseScanArgs(['--min-confidence', 'very'], '/w'), /--min-confidence/);
  assert.throws(() => parseScanArgs(['--decode-depth', '9'], '/w'), /--decode-depth/);
  assert.throws(() => parseScanArgs(['--decode-depth', '-1'], '/w'));
  assert.throws(() => parseScanArgs(['--max-file-size', 'huge'], '/w'), /--max-file-size/);
  assert.throws(() => parseScanArgs(['--unknown'], '/w'));
});
