import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from './closest-match.ts';

test('editDistance counts swaps of neighbours as one edit', () => {
  assert.equal(editDistance('host', 'host'), 0);
  assert.equal(editDistance('hots', 'host'), 1);
  assert.equal(editDistance('prot', 'port'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('closestMatch suggests plausible typos only', () => {
  const keys = ['host', 'port', 'bodyLimit', 'shutdownGrace'];
  assert.equal(closestMatch('hots', keys), 'host');
  assert.equal(closestMatch('bodylimit', keys), 'bodyLimit');
  assert.equal(closestMatch('shutdown_grace', keys), 'shutdownGrace');
  assert.equal(closestMatch('bodyLimt', keys), 'bodyLimit');
  assert.equal(closestMatch('address', keys), undefined);
  assert.equal(closestMatch('x', ['a', 'b']), undefined);
  assert.equal(closestMatch('host', keys), undefined);
  assert.equal(closestMatch('anything', []), undefined);
});
