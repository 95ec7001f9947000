import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignLines, matchedRanges, ownCodeLines, renderSideBySide } from './own-code-side-by-side.ts';
import type { ScanFinding } from './scan-finding.ts';

test('alignment: equal lines anchor (whitespace aside), lines between are paired in order, extras stand alone', () => {
  const left = ['  int a = 1;', 'int renamed = 2;', 'return a;', 'extra();'];
  const right = ['int a = 1;', 'int b = 2;', 'log(b);', 'return a;'];
  const rows = alignLines(left, right, 10, 100);
  assert.deepEqual(rows, [
    { line: 10, companyLine: 100, same: true },
    { line: 11, companyLine: 101, same: false },
    { line: undefined, companyLine: 102, same: false },
    { line: 12, companyLine: 103, same: true },
    { line: 13, companyLine: undefined, same: false },
  ]);
  assert.deepEqual(matchedRanges(rows), [
    { line: 10, endLine: 11, companyLine: 100, companyEndLine: 101, identical: false },
    { line: 12, endLine: 12, companyLine: 103, companyEndLine: 103, identical: true },
  ]);
  assert.deepEqual(matchedRanges(alignLines(['a', '', 'b'], ['a', '', 'b'], 1, 1)), [{ line: 1, endLine: 3, companyLine: 1, companyEndLine: 3, identical: true }]);
});

test('the company side is read from the indexed repository; a changed or missing file is said so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'side-by-side-'));
  try {
    const company = 'package x\n\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n';
    mkdirSync(join(dir, 'repo', 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'repo', 'pkg', 'sum.go'), company);
    const scanned = 'see:\nfunc Sum(xs []int) int {\n  total := 0\n  for _, x := range xs {\n    total += x\n  }\n  return total\n}\n';
    const f = {
      path: 'q.md', line: 2, column: 1, endLine: 8, endColumn: 2, ruleId: 'own-code', type: 'own-code', confidence: 'high',
      ownCode: { repository: 'repo', path: 'pkg/sum.go', startLine: 3, endLine: 9, coverage: 1 },
      fingerprint: '', valueHash: '', value: '', maskedLine: '', rawLine: '',
    } as ScanFinding;
    const sha = createHash('sha256').update(company).digest('hex');
    const roots = { root: (n: string) => (n === 'repo' ? join(dir, 'repo') : undefined), sha256: () => sha };
    const lines = ownCodeLines(f, scanned, roots)!;
    assert.equal(lines.note, undefined);
    assert.deepEqual(lines.matches, [{ line: 2, endLine: 8, companyLine: 3, companyEndLine: 9, identical: true }]);
    const text = renderSideBySide(f, lines);
    assert.match(text, /^ {4}q\.md +repo:pkg\/sum\.go$/m);
    assert.match(text, /^ {4}2 {2}func Sum\(xs \[\]int\) int \{ += 3 {2}func Sum\(xs \[\]int\) int \{$/m);
    assert.match(text, /^ {4}4 {4}for _, x := range xs \{ += 5 {6}for _, x := range xs \{$/m, 'tabs shown as spaces');
    assert.equal(text.trimEnd().split('\n').length, 1 + 7);

    const changed = ownCodeLines(f, scanned, { ...roots, sha256: () => 'other' })!;
    assert.match(changed.note ?? '', /changed since it was indexed/);
    const gone = ownCodeLines(f, scanned, { root: () => join(dir, 'nowhere'), sha256: () => sha })!;
    assert.equal(gone.companyLines, undefined);
    assert.deepEqual(gone.matches, []);
    assert.match(renderSideBySide(f, gone), /cannot be read \(ENOENT\)/);
    assert.match(renderSideBySide(f, gone), /^ {4}2 {2}func Sum/m, 'the scanned lines are still shown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
