import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBaseline } from './baseline.ts';

const finding = (over: Partial<{ path: string; ruleId: string; line: number; valueHash: string }> = {}) => {
  const f = { path: '.env', ruleId: 'aws', line: 3, valueHash: 'h1', ...over };
  return { ...f, fingerprint: `${f.path}:${f.ruleId}:${f.line}` };
};

test('a sekisho JSON report: known values are ignored even when their line moves; new values are not', () => {
  const baseline = parseBaseline(JSON.stringify({ findings: [finding()] }));
  const { fresh, known } = baseline.filter([
    finding(),
    finding({ line: 10 }),
    finding({ valueHash: 'h2' }),
    finding({ path: 'other.env' }),
    finding({ ruleId: 'generic' }),
  ]);
  assert.equal(known, 2);
  assert.deepEqual(fresh.map((f) => [f.path, f.ruleId, f.line, f.valueHash]), [
    ['.env', 'aws', 3, 'h2'],
    ['other.env', 'aws', 3, 'h1'],
    ['.env', 'generic', 3, 'h1'],
  ]);
});

test('a bare array and a gitleaks report (Fingerprint only) are accepted', () => {
  assert.equal(parseBaseline(JSON.stringify([finding()])).has(finding({ line: 99 })), true);
  const gitleaks = parseBaseline(JSON.stringify([{ RuleID: 'aws', File: '.env', StartLine: 3, Fingerprint: '.env:aws:3' }]));
  assert.equal(gitleaks.has(finding({ valueHash: 'anything' })), true);
  assert.equal(gitleaks.has(finding({ line: 4 })), false);
});

test('anything else is an error, not an empty baseline', () => {
  assert.throws(() => parseBaseline('not json'), /not JSON/);
  assert.throws(() => parseBaseline('{"results": []}'), /expected a sekisho JSON report/);
  assert.throws(() => parseBaseline('[1]'), /findings\[0\] is not an object/);
  assert.throws(() => parseBaseline('[{"path": "x"}]'), /neither a fingerprint/);
  assert.equal(parseBaseline('{"findings": []}').size, 0);
});
