import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderError, renderStreamError } from './render-error.ts';
import { gatewayError } from '../../errors.ts';

test('errors before the stream use the OpenAI error body with the real API type strings', () => {
  const unknown = gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: 'gpt-9' }).info;
  unknown.requestId = 'req_42';
  assert.deepEqual(renderError(unknown), {
    status: 404,
    body: { error: {
      message: 'Model "gpt-9" is not served by this gateway (SEKISHO_ERR_UNKNOWN_MODEL, request req_42)',
      type: 'not_found_error', param: null, code: 'SEKISHO_ERR_UNKNOWN_MODEL',
    } },
  });
  const cases = [
    ['SEKISHO_ERR_INVALID_JSON', 400, 'invalid_request_error'],
    ['SEKISHO_ERR_UNAUTHENTICATED', 401, 'authentication_error'],
    ['SEKISHO_ERR_FORBIDDEN', 403, 'permission_error'],
    ['SEKISHO_ERR_BODY_TOO_LARGE', 413, 'invalid_request_error'],
    ['SEKISHO_ERR_NO_HEALTHY_BACKEND', 503, 'service_unavailable_error'],
    ['SEKISHO_ERR_UPSTREAM_TIMEOUT', 504, 'server_error'],
    ['SEKISHO_ERR_INTERNAL', 500, 'server_error'],
  ] as const;
  for (const [code, status, type] of cases) {
    const rendered = renderError(gatewayError(code, { detail: 'd' }).info);
    assert.equal(rendered.status, status, code);
    assert.equal((rendered.body['error'] as Record<string, unknown>)['type'], type, code);
  }
});

test('a mid-stream failure is response.failed followed by an error event', () => {
  const info = gatewayError('SEKISHO_ERR_UPSTREAM_ABORTED', { detail: 'socket closed' }).info;
  info.requestId = 'req_s1';
  const events = renderStreamError(info);
  assert.deepEqual(events.map((e) => e.event), ['response.failed', 'error']);
  const failed = JSON.parse(events[0]!.data) as Record<string, unknown>;
  assert.equal(failed['type'], 'response.failed');
  assert.equal(failed['sequence_number'], 0);
  const response = failed['response'] as Record<string, unknown>;
  assert.equal(response['id'], 'resp_s1');
  assert.equal(response['status'], 'failed');
  assert.deepEqual(response['error'], {
    code: 'server_error',
    message: 'The model backend stream ended early: socket closed (SEKISHO_ERR_UPSTREAM_ABORTED, request req_s1)',
  });
  assert.deepEqual(JSON.parse(events[1]!.data), {
    type: 'error', sequence_number: 1, code: 'server_error', param: null,
    message: 'The model backend stream ended early: socket closed (SEKISHO_ERR_UPSTREAM_ABORTED, request req_s1)',
  });
});

test('rate limits keep the code clients retry on', () => {
  const info = { status: 429, code: 'SEKISHO_ERR_RATE', kind: 'rate_limit' as const, message: 'Too many requests' };
  const failed = JSON.parse(renderStreamError(info)[0]!.data) as { response: { error: { code: string } } };
  assert.equal(failed.response.error.code, 'rate_limit_exceeded');
  assert.equal((renderError(info).body['error'] as Record<string, unknown>)['type'], 'rate_limit_error');
});
