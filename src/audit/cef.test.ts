import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cefHeader, cefValue, toCef } from './cef.ts';
import type { AuditEvent } from './audit-event.ts';

test('header fields escape backslash and pipe; extension values escape backslash, equals and newlines', () => {
  assert.equal(cefHeader('a|b\\c'), 'a\\|b\\\\c');
  assert.equal(cefValue('a=b\\c|d\ne\rf'), 'a\\=b\\\\c|d\\ne\\rf');
});

test('an event becomes one CEF line with the documented mapping', () => {
  const event: AuditEvent = {
    seq: 7,
    id: 'req_abc',
    time: '2025-01-02T03:04:05.678Z',
    principal: { kind: 'key', id: 'key:alice', user: 'alice=admin', groups: [] },
    clientTool: 'codex',
    api: 'responses',
    requestedModel: 'gpt|5',
    decision: { action: 'block', enforced: 'block', rule: 'no-secrets' },
    findings: [{ type: 'secret', ruleId: 'aws-access-token', confidence: 'high', start: 0, end: 20, valueStart: 0, valueEnd: 20, location: { surface: 'message-text' }, valueHash: 'ab' }],
    uninspected: 0,
    latencyMs: 12,
    overheadMs: 1,
    status: 403,
    error: 'SEKISHO_ERR_FORBIDDEN',
  };
  const line = toCef(event, '0.1.0');
  assert.ok(line.startsWith('CEF:0|Sekisho|Sekisho|0.1.0|request-blocked|Request blocked by policy|7|'), line);
  assert.ok(!line.includes('\n'));
  const ext = line.split('|').slice(7).join('|');
  assert.match(ext, /(^| )rt=1735787045678( |$)/);
  assert.match(ext, / suser=alice\\=admin /);
  assert.match(ext, / cs1Label=rule cs1=no-secrets /);
  assert.match(ext, / cs2Label=requestedModel cs2=gpt\|5 /);
  assert.match(ext, / cn1Label=status cn1=403 /);
  assert.match(ext, / msg=findings: secret:aws-access-token$/);
  assert.doesNotMatch(ext, /cs3Label/, 'no served model: neither label nor value');
});
