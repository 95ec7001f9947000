import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRequestId } from './request-id.ts';

// opencode resends a refused request when its error message or body matches this (its own rule).
const OPENCODE_RETRY = /429|500|502|503|504|524/i;

test('request ids keep their shape and never hold a digit run opencode reads as a retryable status', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const id = newRequestId();
    assert.match(id, /^req_[0-9a-f]{24}$/);
    assert.doesNotMatch(id, OPENCODE_RETRY);
    ids.add(id);
  }
  assert.equal(ids.size, 20_000);
});
