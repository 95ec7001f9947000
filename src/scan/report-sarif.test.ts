import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSarif, SARIF_SCHEMA, toUri } from './report-sarif.ts';
import type { ScanFinding } from './scan-finding.ts';
import type { ScanReport } from './report.ts';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

function finding(over: Partial<ScanFinding>): ScanFinding {
  return {
    path: '.env',
    line: 1,
    column: 19,
    endLine: 1,
    endColumn: 39,
    ruleId: 'sekisho-aws-access-key-id',
    type: 'secret',
    confidence: 'high',
    description: 'AWS access key id',
    fingerprint: '.env:sekisho-aws-access-key-id:1',
    valueHash: 'ab'.repeat(32),
    value: SECRET,
    maskedLine: 'AWS_ACCESS_KEY_ID=AKIA…',
    rawLine: `AWS_ACCESS_KEY_ID=${SECRET}`,
    ...over,
  };
}

const report = (findings: ScanFinding[], showValues = false): ScanReport => ({
  toolVersion: '1.2.3',
  findings,
  stats: { files: 2, bytes: 10, skippedBinary: 0, skippedTooLarge: 0 },
  baselined: 0,
  showValues,
});

type Obj = Record<string, unknown>;
const obj = (x: unknown, where: string): Obj => {
  assert.ok(typeof x === 'object' && x !== null && !Array.isArray(x), `${where} is an object`);
  return x as Obj;
};
const positiveInt = (x: unknown, where: string): number => {
  assert.ok(Number.isInteger(x) && (x as number) >= 1, `${where} is an integer >= 1`);
  return x as number;
};

/** The constraints of the SARIF 2.1.0 schema that apply to what we write. */
function assertValidSarif(log: unknown): void {
  const root = obj(log, 'log');
  assert.equal(root['version'], '2.1.0');
  assert.equal(root['$schema'], SARIF_SCHEMA);
  assert.ok(Array.isArray(root['runs']) && root['runs'].length === 1, 'one run');
  const run = obj(root['runs'][0], 'run');
  assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run['columnKind'] as string));
  const driver = obj(obj(run['tool'], 'tool')['driver'], 'driver');
  assert.equal(typeof driver['name'], 'string');
  assert.ok(Array.isArray(driver['rules']));
  const ruleIds = (driver['rules'] as unknown[]).map((r, i) => {
    const rule = obj(r, `rules[${i}]`);
    assert.equal(typeof rule['id'], 'string');
    assert.equal(typeof obj(rule['shortDescription'], 'shortDescription')['text'], 'string');
    return rule['id'] as string;
  });
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
  assert.ok(Array.isArray(run['results']));
  for (const [i, r] of (run['results'] as unknown[]).entries()) {
    const result = obj(r, `results[${i}]`);
    assert.equal(typeof obj(result['message'], 'message')['text'], 'string', 'message.text is required');
    assert.equal(ruleIds[result['ruleIndex'] as number], result['ruleId'], 'ruleIndex points at the rule');
    assert.ok(['none', 'note', 'warning', 'error'].includes(result['level'] as string));
    const loc = obj(obj((result['locations'] as unknown[])[0], 'location')['physicalLocation'], 'physicalLocation');
    const uri = obj(loc['artifactLocation'], 'artifactLocation')['uri'] as string;
    assert.doesNotThrow(() => new URL(uri, 'file:///root/'), 'uri is a URI reference');
    assert.ok(!/[\s\\]/.test(uri));
    const region = obj(loc['region'], 'region');
    const startLine = positiveInt(region['startLine'], 'startLine');
    const endLine = positiveInt(region['endLine'], 'endLine');
    const startColumn = positiveInt(region['startColumn'], 'startColumn');
    const endColumn = positiveInt(region['endColumn'], 'endColumn');
    assert.ok(endLine > startLine || (endLine === startLine && endColumn > startColumn), 'region is not empty or inverted');
    for (const [k, v] of Object.entries(obj(result['partialFingerprints'], 'partialFingerprints'))) assert.equal(typeof v, 'string', k);
  }
}

test('SARIF 2.1.0 shape: schema, version, driver with rules, results with level, locations and fingerprints', () => {
  const log = buildSarif(report([
    finding({}),
    finding({ path: 'dir with space/ファイル.js', line: 4, column: 3, endLine: 4, endColumn: 23, confidence: 'medium', encodings: ['base64'], fingerprint: 'x:4' }),
    finding({ ruleId: 'pii-email', type: 'pii', confidence: 'low', description: 'e-mail address', fingerprint: '.env:pii-email:2', line: 2, endLine: 2 }),
  ]), '/srv/repo');
  assertValidSarif(JSON.parse(JSON.stringify(log)));
  const run = log.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['sekisho-aws-access-key-id', 'pii-email']);
  assert.equal(run.tool.driver.version, '1.2.3');
  assert.deepEqual(run.results.map((r) => r.level), ['error', 'warning', 'note']);
  assert.equal(run.results[1]!.locations[0]!.physicalLocation.artifactLocation.uri, 'dir%20with%20space/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.js');
  assert.equal(run.results[1]!.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, 'file:///srv/repo/');
  assert.match(run.results[1]!.message.text, /base64/);
  assert.equal(run.results[0]!.partialFingerprints['sekisho/v1'], '.env:sekisho-aws-access-key-id:1');
});

test('no value in SARIF unless --show-values', () => {
  assert.ok(!JSON.stringify(buildSarif(report([finding({})]))).includes(SECRET));
  const shown = buildSarif(report([finding({})], true));
  assert.equal(shown.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.snippet?.text, SECRET);
});

test('an empty run is still valid', () => {
  const log = buildSarif(report([]));
  assertValidSarif(log);
  assert.deepEqual(log.runs[0]!.results, []);
});

test('relative paths become URI references segment by segment', () => {
  assert.equal(toUri('a/b c/#x.txt'), 'a/b%20c/%23x.txt');
  assert.equal(toUri('../up/x'), '../up/x');
});
