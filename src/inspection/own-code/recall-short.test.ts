import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { lookupText } from './lookup.ts';
import { createOwnCodeDetector, isLicenceText } from './own-code-detector.ts';
import { preprocessPrompt } from './preprocess-prompt.ts';
import { splitBlocks } from './split-blocks.ts';

/**
 * Short pastes (10 lines) and the wrappers around them: prose paragraphs, licence headers, regions below
 * the line floor, long lines. Each case was a miss or a false positive in eval:owncode.
 */

function index(files: Record<string, string>) {
  const b = new OwnCodeIndexBuilder();
  for (const [path, text] of Object.entries(files)) b.addFile('acme', path, text);
  for (let i = 0; i < 6; i++) b.addFile('acme', `util${i}.ts`, `export function add${i}(a: number, b: number): number {\n  return a + b * ${i};\n}\n`);
  return b.build();
}

const WORDS = 'the a request handler returns value when cache is empty and we retry after timeout but customer sees error page again so I think'.split(' ');
function paragraph(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length] ?? 'the');
  // Wrapped at ~60 columns, as a mail client or a chat box would.
  return out.join(' ').replace(/(.{1,60})(?: |$)/g, '$1\n').trim();
}

const QUOTA = [
  'export function remainingQuota(account: Account, now: Date): number {',
  '  const windowStart = startOfBillingWindow(account.plan, now);',
  '  const used = account.usage.filter((u) => u.at >= windowStart).reduce((n, u) => n + u.units, 0);',
  '  if (account.plan.unlimited) return Number.POSITIVE_INFINITY;',
  '  const granted = account.plan.units + account.credits.reduce((n, c) => n + c.units, 0);',
  '  return Math.max(0, granted - used);',
  '}',
  '',
  'export const QUOTA_WARNING_SHARE = 0.9;',
  '',
].join('\n');

test('prose paragraphs around an unfenced paste are blocks of their own (the paste is most of its block)', () => {
  const message = `${paragraph(1, 60)}\n\n${paragraph(2, 50)}\n\n${QUOTA}\n${paragraph(3, 70)}\n\n${paragraph(4, 40)}`;
  const blocks = splitBlocks(message);
  const code = blocks.filter((b) => b.text.includes('remainingQuota'));
  assert.ok(code.length > 0);
  for (const b of code) assert.ok(!b.text.includes(paragraph(2, 50)) && !b.text.includes(paragraph(3, 70)), JSON.stringify(b.text));
  const idx = index({ 'billing/quota.ts': `// Quota arithmetic.\n${QUOTA}export function unrelated(): void {}\n` });
  assert.equal(lookupText(idx, message)[0]?.file.path, 'billing/quota.ts');
});

test('prose inside a file (docstring, POD, block comment) is not cut out of the code around it', () => {
  const python = 'def load(path):\n    """Load the file.\n\nThis paragraph of the docstring reads like prose and has many words.\n\n    """\n    return open(path).read()\n';
  assert.equal(splitBlocks(python).filter((b) => b.family === 'generic' && b.text.startsWith('This paragraph')).length, 0);
  const perl = 'sub foo {\n  return 1;\n}\n\n=head1 DESCRIPTION\n\nThis module does a number of useful things for you and more.\n\n=cut\n\nsub bar {\n  return 2;\n}\n';
  assert.equal(new Set(splitBlocks(perl).map((b) => b.start)).size, 1);
  const c = 'int x;\n/*\nThis comment paragraph reads like prose and has many words too.\n*/\nint y;\n';
  assert.equal(new Set(splitBlocks(c).map((b) => b.start)).size, 1);
});

test('a token region below the line floor does not hide a longer line run, nor win over another file', () => {
  // Ten lines of which five carry evidence; the exact channel's chain alone spans fewer than 6 lines.
  const file = [
    'function arrayParser(def, refs) {',
    '    const res = { type: "array" };',
    '    if (def.minLength) {',
    "        setResponseValueAndErrors(res, 'minItems', def.minLength.value, def.minLength.message, refs);",
    '    }',
    '    if (def.maxLength) {',
    "        (0, errorMessages_1.setResponseValueAndErrors)(res, 'maxItems', def.maxLength.value, def.maxLength.message, refs);",
    '    }',
    '    if (def.exactLength) {',
    "        (0, errorMessages_1.setResponseValueAndErrors)(res, 'minItems', def.exactLength.value, def.exactLength.message, refs);",
    "        (0, errorMessages_1.setResponseValueAndErrors)(res, 'maxItems', def.exactLength.value, def.exactLength.message, refs);",
    '    }',
    '    return res;',
    '}',
  ].join('\n');
  // Fourteen generated siblings with the same structure (other names and literals): its structure
  // fingerprints are pruned, so only the exact channel (a 5-line chain) and the line channel remain.
  const files: Record<string, string> = { 'parsers/array.js': file };
  for (let i = 0; i < 14; i++) files[`other/p${i}.js`] = file.replace(/def/g, `d${i}`).replace(/res/g, `r${i}`).replace(/Items/g, `Things${i}`).replace(/Length/g, `Len${i}`).replace(/refs/g, `q${i}`);
  const idx = index(files);
  const paste = file.split('\n').slice(4, 14).join('\n');
  const found = lookupText(idx, paste);
  assert.equal(found[0]?.file.path, 'parsers/array.js');
  assert.ok((found[0]?.endLine ?? 0) - (found[0]?.startLine ?? 0) + 1 >= 6);
});

test('three long lines in order in one file, spanning 6+ lines, are enough for a short paste; two are not', () => {
  const file = [
    'm = {',
    "  endpoint: 'The Bedrock endpoint must be either mantle or runtime in this region',",
    '};',
    '',
    'h = {',
    "  retry: 'Retry the request after the quota window has been reset by the operator',",
    '};',
    '',
    "f = 'Contact the platform team when the gateway refuses a request';",
    '',
    'x(m, h, f)',
  ].join('\n');
  const idx = index({ 'internal/messages.ts': file });
  // Three lines of ≥ 48 characters, the rest short: 3 × 1½ ≥ 4.
  assert.equal(lookupText(idx, file.split('\n').slice(1, 10).join('\n'))[0]?.file.path, 'internal/messages.ts');
  assert.deepEqual(lookupText(idx, file.split('\n').slice(1, 7).join('\n')), []);
});

const APACHE = `# Copyright 2021 Example Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.`;

test('a licence header shared with an indexed file is not own code; the code under it still is', () => {
  assert.equal(isLicenceText(APACHE, 0, APACHE.length), true);
  assert.equal(isLicenceText(QUOTA, 0, QUOTA.length), false);
  const idx = index({ 'deploy/schema.yaml': `${APACHE}\n\nschema:\n  type: object\n`, 'billing/quota.ts': `${APACHE.replace(/^#/gm, '//')}\n${QUOTA}` });
  const detector = createOwnCodeDetector(idx);
  assert.deepEqual(detector.scan(`${APACHE}\n\nimport os\n\nprint(os.getcwd())\n`), []);
  const withCode = detector.scan(`${APACHE.replace(/^#/gm, '//')}\n${QUOTA}`);
  assert.equal(withCode.length, 1);
  assert.match(withCode[0]?.description ?? '', /billing\/quota\.ts/);
});

test('a paste deep in a file whose lines repeat more often than the index keeps per file is found', () => {
  // Four lines (`path: rel,` …) occur 12 times; the index keeps the first 8 of each per file.
  const blocks = Array.from({ length: 12 }, (_, i) => [`  async step${i}(rel: string): Promise<void> {`, `    this.log.info('finished step number ${i} of the upload', {`, '      path: rel,', '      store: this.storeId,', '      region: this.region,', '      retries: this.maxRetries,', '    });', '  }', ''].join('\n'));
  const file = ['export class Uploader {', ...blocks, '}'].join('\n');
  const idx = index({ 'tools/uploader.ts': file });
  const lines = file.split('\n');
  const at = lines.findIndex((l) => l.includes('step11('));
  const paste = lines.slice(at, at + 8).join('\n');
  assert.equal(lookupText(idx, paste)[0]?.file.path, 'tools/uploader.ts');
});

test('a tool call writing a file: the content\'s first and last lines are not glued to the JSON around them', () => {
  const idx = index({ 'billing/quota.ts': `// Quota arithmetic.\n${QUOTA}export function unrelated(): void {}\n` });
  // Ten lines whose evidence is mostly at both ends.
  const paste = QUOTA.split('\n').slice(1, 6).join('\n');
  const call = JSON.stringify({ file_path: 'src/quota.ts', content: paste });
  const found = createOwnCodeDetector(idx).scan(call);
  assert.equal(found.length, 1);
  assert.match(found[0]?.description ?? '', /billing\/quota\.ts/);
  // The span maps back into the JSON text, inside the content string.
  assert.ok((found[0]?.start ?? 0) > call.indexOf('"content"'));
});

test('an edit diff of a company file: the pre-image (context and removed lines) is looked up too', () => {
  const idx = index({ 'billing/quota.ts': `// Quota arithmetic.\n${QUOTA}export function unrelated(): void {}\n` });
  const lines = QUOTA.split('\n');
  // Every line but the first replaced: the post-image alone holds nothing of the file.
  const body = lines.flatMap((l, i) => (i > 0 && l.trim() !== '' ? [`-${l}`, `+  // TODO: line ${i} rewritten`] : [` ${l}`]));
  const diff = ['diff --git a/billing/quota.ts b/billing/quota.ts', '--- a/billing/quota.ts', '+++ b/billing/quota.ts', `@@ -2,${lines.length} +2,${lines.length} @@`, ...body].join('\n');
  const found = createOwnCodeDetector(idx).scan(diff);
  assert.equal(found.length, 1);
  assert.match(found[0]?.description ?? '', /billing\/quota\.ts/);
  // The span maps into the diff text, over the removed lines.
  assert.ok(diff.slice(found[0]?.start ?? 0, found[0]?.end ?? 0).includes('-  const windowStart = startOfBillingWindow'));
  // The post-image alone finds nothing.
  assert.deepEqual(lookupText(idx, preprocessPrompt(diff).text), []);
});
