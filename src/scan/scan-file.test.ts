import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDetectors } from '../inspection/build-detectors.ts';
import type { Detector } from '../inspection/detector.ts';
import { hashValue, scanText, toContent } from './scan-file.ts';

const { detectors } = buildDetectors();
const KEY = 'AKIAIOSFODNN7EXAMPLE';

test('line and column of a finding after CRLF lines and multi-byte text (UTF-16 columns)', () => {
  const text = `# 設定ファイル 😀\r\nname = "値"\r\n鍵 😀 = ${KEY}\r\n`;
  const [f] = scanText(text, 'conf/app.ini', detectors);
  assert.ok(f);
  assert.equal(f.ruleId, 'sekisho-aws-access-key-id');
  assert.equal(f.line, 3);
  assert.equal(f.column, '鍵 😀 = '.length + 1, 'the emoji counts as two UTF-16 units');
  assert.equal(f.column, 8);
  assert.equal(f.endLine, 3);
  assert.equal(f.endColumn, f.column + KEY.length);
  assert.equal(f.fingerprint, 'conf/app.ini:sekisho-aws-access-key-id:3');
  assert.equal(f.valueHash, hashValue(KEY));
  assert.equal(f.maskedLine, '鍵 😀 = AKIA…', 'no CR in the shown line, value masked');
  assert.equal(f.rawLine, `鍵 😀 = ${KEY}`);
});

test('a base64-encoded copy is found with its encoding; spans point at the encoded text', () => {
  const encoded = Buffer.from(`aws_key=${KEY}\n`).toString('base64');
  const text = `line one\nconst blob = "${encoded}";\n`;
  const [f] = scanText(text, 'blob.js', detectors);
  assert.ok(f);
  assert.deepEqual(f.encodings, ['base64']);
  assert.equal(f.value, KEY);
  assert.equal(f.line, 2);
  assert.ok(f.column > 'const blob = "'.length && f.endColumn <= 'const blob = "'.length + encoded.length + 1);
  assert.ok(!f.maskedLine.includes(encoded));
});

test('exact duplicates from two detectors are reported once; nothing found in clean text', () => {
  const twice: Detector[] = [...detectors, ...detectors];
  assert.equal(scanText(`k=${KEY}`, 'a', twice).length, 1);
  assert.deepEqual(scanText('just some ordinary code();\n', 'a', detectors), []);
});

test('content: binary by a NUL in the first 8 KB, too large, UTF-8 with the BOM dropped', () => {
  assert.equal(toContent(new Uint8Array([0x61, 0, 0x62]), 100).kind, 'binary');
  const late = new Uint8Array(9000).fill(0x61);
  late[8500] = 0;
  assert.equal(toContent(late, 10_000).kind, 'text', 'a NUL after 8 KB does not make it binary');
  assert.equal(toContent(new Uint8Array(11), 10).kind, 'too-large');
  const bom = toContent(Buffer.from('\ufeffAKIA', 'utf8'), 100);
  assert.deepEqual(bom, { kind: 'text', text: 'AKIA' });
});
