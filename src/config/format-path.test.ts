import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProblem, formatPath } from './format-path.ts';

test('formatPath writes keys, indexes and quoted odd keys', () => {
  assert.equal(formatPath([]), '');
  assert.equal(formatPath(['backends', 1, 'type']), 'backends[1].type');
  assert.equal(formatPath(['backends', 0, 'headers', 'X-Tenant']), 'backends[0].headers["X-Tenant"]');
  assert.equal(formatPath([0]), '[0]');
});

test('describeProblem joins "must" sentences with a space and others with a colon', () => {
  assert.equal(describeProblem(['server', 'port'], 'must be at most 65535'), 'server.port must be at most 65535');
  assert.equal(describeProblem(['backends', 1], 'missing required key "url"'), 'backends[1]: missing required key "url"');
  assert.equal(describeProblem(['server', 'hots'], 'unknown key "hots"', true), 'server: unknown key "hots"');
  assert.equal(describeProblem(['hots'], 'unknown key "hots"', true), 'unknown key "hots"');
  assert.equal(describeProblem([], 'must be a mapping, got a list'), 'the config must be a mapping, got a list');
});
