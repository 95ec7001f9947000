import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDictionaryScanner } from './dictionary-scanner.ts';
import { assertSafeRegex } from './regex-safety.ts';

const scanner = createDictionaryScanner({
  terms: [
    { id: 'project-falcon', values: ['Falcon', 'プロジェクト隼'] },
    { id: 'customer', values: ['Acme Corp', '山田商事'], confidence: 'high' },
    { id: 'codename-case', values: ['ORCA'], caseSensitive: true },
    { id: 'substring-ok', values: ['zeta'], wholeWord: false },
    { id: 'internal-hosts', values: ['*.corp.example.com', 'build01.lab.internal'] },
  ],
  patterns: [{ id: 'ticket', regex: 'SEC-\\d{4,6}' }],
});

function found(text: string): Array<[string, string]> {
  return scanner.scan(text).map((d) => {
    assert.equal(text.slice(d.start, d.end), d.value);
    assert.equal(d.type, 'dictionary');
    return [d.ruleId, d.value];
  });
}

test('terms: case-insensitive, whole word by default', () => {
  assert.equal(scanner.name, 'dictionary');
  assert.deepEqual(found('the FALCON rollout; falconry is fine; falcon_x is not'), [['project-falcon', 'FALCON']]);
  assert.deepEqual(found('ask acme corp.'), [['customer', 'acme corp']]);
  assert.deepEqual(found('alphazetabeta'), [['substring-ok', 'zeta']]);
});

test('case-sensitive terms', () => {
  assert.deepEqual(found('ORCA and orca'), [['codename-case', 'ORCA']]);
});

test('Japanese names inside prose and full-width forms', () => {
  assert.deepEqual(found('本件は山田商事様の案件で、プロジェクト隼の一部です。'), [
    ['customer', '山田商事'],
    ['project-falcon', 'プロジェクト隼'],
  ]);
  assert.deepEqual(found('ＦＡＬＣＯＮの件'), [['project-falcon', 'ＦＡＬＣＯＮ']]);
});

test('hostnames: suffix wildcard matches whole host, exact host, no partial labels', () => {
  assert.deepEqual(found('curl https://ci.eu.corp.example.com/api'), [['internal-hosts', 'ci.eu.corp.example.com']]);
  assert.deepEqual(found('see corp.example.com.'), [['internal-hosts', 'corp.example.com']]);
  assert.deepEqual(found('ssh build01.lab.internal'), [['internal-hosts', 'build01.lab.internal']]);
  assert.deepEqual(found('notcorp.example.com corp.example.com.evil.io xbuild01.lab.internal'), []);
});

test('patterns: JavaScript regex', () => {
  assert.deepEqual(found('fixes SEC-12345 and SEC-1'), [['ticket', 'SEC-12345']]);
});

test('pattern validation: nested quantifiers and backreferences rejected with a clear error', () => {
  for (const bad of ['(a+)+', '(\\w*)*x', '(?:ab+){2,}', '((a)+)+', '(x)\\1']) {
    assert.throws(() => assertSafeRegex('p', bad), /nested quantifier|backreferences/, bad);
  }
  for (const ok of ['SEC-\\d{4,6}', '(?:foo|bar)+', '(ab)?c+', '[(+)]+', 'a{2}(b)*']) assertSafeRegex('p', ok);
  assert.throws(() => createDictionaryScanner({ terms: [], patterns: [{ id: 'x', regex: '(a+)+$' }] }), /dictionary pattern "x": nested quantifier/);
  assert.throws(() => createDictionaryScanner({ terms: [], patterns: [{ id: 'x', regex: '(' }] }), /dictionary pattern "x"/);
});

test('pathological input completes', () => {
  const big = createDictionaryScanner({ terms: [{ id: 'a', values: ['aaaa', '*.a.com'] }] });
  assert.ok(Array.isArray(big.scan('a'.repeat(1_000_000))));
  assert.ok(Array.isArray(big.scan('a.'.repeat(500_000) + 'a.com')));
});
