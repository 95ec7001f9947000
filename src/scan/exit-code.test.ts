import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failsBuild, scanExitCode } from './exit-code.ts';

test('an incomplete scan exits 2 even with findings or a baseline written', () => {
  assert.equal(scanExitCode({ errors: 1, failing: 0, wroteBaseline: false }), 2);
  assert.equal(scanExitCode({ errors: 1, failing: 5, wroteBaseline: false }), 2);
  assert.equal(scanExitCode({ errors: 2, failing: 0, wroteBaseline: true }), 2);
});

test('findings at or above --fail-on exit 1; none exit 0; writing a baseline exits 0', () => {
  assert.equal(scanExitCode({ errors: 0, failing: 1, wroteBaseline: false }), 1);
  assert.equal(scanExitCode({ errors: 0, failing: 0, wroteBaseline: false }), 0);
  assert.equal(scanExitCode({ errors: 0, failing: 3, wroteBaseline: true }), 0);
});

test('--fail-on compares confidence tiers', () => {
  assert.equal(failsBuild({ confidence: 'low' }, 'medium'), false);
  assert.equal(failsBuild({ confidence: 'medium' }, 'medium'), true);
  assert.equal(failsBuild({ confidence: 'high' }, 'medium'), true);
  assert.equal(failsBuild({ confidence: 'medium' }, 'high'), false);
  assert.equal(failsBuild({ confidence: 'low' }, 'low'), true);
});
