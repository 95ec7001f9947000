import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScanArgs, DEFAULT_MAX_FILE_SIZE } from './scan-options.ts';
import { defaultInspection } from '../config/defaults.ts';

test('defaults: scan ., text, the gateway default inspection settings', () => {
  const o = parseScanArgs([], '/w');
  assert.deepEqual(o.paths, ['.']);
  assert.equal(o.format, 'text');
  assert.equal(o.showValues, false);
  assert.equal(o.minConfidence, 'low');
  assert.equal(o.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  assert.deepEqual(o.inspection, defaultInspection());
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
