import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayErrorInfo } from '../../conversation/index.ts';
import { gatewayError } from '../../errors.ts';
import { renderError, renderStreamError } from './render-error.ts';

test('renders gateway errors in the Messages error shape with the real type strings', () => {
  const cases: Array<[GatewayErrorInfo['kind'], string]> = [
    ['invalid_request', 'invalid_request_error'],
    ['authentication', 'authentication_error'],
    ['permission', 'permission_error'],
    ['not_found', 'not_found_error'],
    ['request_too_large', 'request_too_large'],
    ['rate_limit', 'rate_limit_error'],
    ['upstream', 'api_error'],
    ['overloaded', 'overloaded_error'],
    ['timeout', 'timeout_error'],
    ['internal', 'api_error'],
  ];
  for (const [kind, type] of cases) {
    const r = renderError({ status: 418, code: 'C', kind, message: `m-${kind}` });
    assert.equal(r.status, 418);
    assert.deepEqual(r.body, { type: 'error', error: { type, message: `m-${kind}` } });
  }
});

test('uses the registry status and carries request_id', () => {
  const info = { ...gatewayError('SEKISHO_ERR_UNKNOWN_MODEL', { model: 'gpt-9' }).info, requestId: 'req_1' };
  const r = renderError(info);
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, {
    type: 'error',
    error: { type: 'not_found_error', message: 'Model "gpt-9" is not served by this gateway' },
    request_id: 'req_1',
  });
});

test('stream errors are a single `event: error` whose data type is "error"', () => {
  const events = renderStreamError(gatewayError('SEKISHO_ERR_UPSTREAM_TIMEOUT', { detail: '30s idle' }).info);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.event, 'error');
  assert.deepEqual(JSON.parse(events[0]?.data ?? ''), {
    type: 'error',
    error: { type: 'timeout_error', message: 'The model backend did not answer in time (30s idle)' },
  });
});
