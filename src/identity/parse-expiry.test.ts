import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpiry } from './parse-expiry.ts';

const now = new Date('2026-03-01T12:00:00Z');

test('lifetimes count from now', () => {
  assert.equal(parseExpiry('90d', now).toISOString(), '2026-05-30T12:00:00.000Z');
  assert.equal(parseExpiry('12h', now).toISOString(), '2026-03-02T00:00:00.000Z');
  assert.equal(parseExpiry('2w', now).toISOString(), '2026-03-15T12:00:00.000Z');
});

test('dates mean midnight UTC; date-times need a zone', () => {
  assert.equal(parseExpiry('2027-01-01', now).toISOString(), '2027-01-01T00:00:00.000Z');
  assert.equal(parseExpiry('2027-01-01T09:00:00+09:00', now).toISOString(), '2027-01-01T00:00:00.000Z');
});

test('typos, impossible dates and past dates are refused', () => {
  for (const bad of ['90', '90 days', '0d', '2027-02-30', '2027-01-01T09:00', '2025-01-01', 'never', '']) {
    assert.throws(() => parseExpiry(bad, now), RangeError, bad);
  }
});
