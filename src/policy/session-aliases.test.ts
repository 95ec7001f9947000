import { test } from 'node:test';
import assert from 'node:assert/strict';
import { responseAlias, sessionAliases } from './session-aliases.ts';

test('every session header is a name, also repeated, padded and underscore-spelled ones', () => {
  const names = sessionAliases('key:alice', { 'x-claude-code-session-id': 'a', session_id: ' b ', 'x-session-id': ['c', 'd'], 'session-id': '' }, undefined);
  assert.deepEqual(names.sort(), ['key:alice:h:a', 'key:alice:h:b', 'key:alice:h:c', 'key:alice:h:d']);
});

test("Claude Code's metadata.user_id session (string and JSON forms) names the same session as its header", () => {
  const uuid = '0d9c1b6e-7d1f-4a63-9a0e-111111111111';
  const header = sessionAliases('p', { 'x-claude-code-session-id': uuid }, undefined);
  const legacy = sessionAliases('p', {}, { metadata: { user_id: `user_abc_account_def_session_${uuid}` } });
  const json = sessionAliases('p', {}, { metadata: { user_id: JSON.stringify({ device_id: 'x', session_id: uuid }) } });
  assert.deepEqual(legacy, header);
  assert.deepEqual(json, header);
  // A user id without a session names no session (it would pin every session of the user).
  assert.deepEqual(sessionAliases('p', {}, { metadata: { user_id: 'user_abc_account_def' } }), []);
});

test('Responses conversation and previous_response_id are names; the answer id continues the chain', () => {
  const names = sessionAliases('p', {}, { conversation: { id: 'conv_1' }, previous_response_id: 'resp_9' });
  assert.ok(names.includes('p:conv:conv_1'));
  assert.ok(names.includes(responseAlias('p', 'resp_9')));
  assert.deepEqual(sessionAliases('p', {}, { conversation: 'conv_1' }), ['p:conv:conv_1']);
});

test('names are scoped to the principal and bounded', () => {
  assert.notDeepEqual(sessionAliases('alice', { 'x-session-id': 's' }, undefined), sessionAliases('bob', { 'x-session-id': 's' }, undefined));
  const many = sessionAliases('p', { 'x-session-id': Array.from({ length: 100 }, (_, i) => `s${i}`) }, undefined);
  assert.ok(many.length <= 16);
  const long = sessionAliases('p', { 'x-session-id': 'x'.repeat(10_000) }, undefined);
  assert.ok(long[0]!.length < 600);
});
