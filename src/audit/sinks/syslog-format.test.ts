import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSyslog, frameOctetCounted, headerField } from './syslog-format.ts';

test('an RFC 5424 message: PRI = facility*8 + severity, version 1, NIL structured data, BOM before a UTF-8 MSG', () => {
  const msg = formatSyslog({ facility: 16, severity: 4, time: '2025-01-02T03:04:05.678Z', appName: 'sekisho', msg: '{"a":"日本"}', hostname: 'gw-1', procId: '42' });
  assert.equal(msg.toString('utf8'), '<132>1 2025-01-02T03:04:05.678Z gw-1 sekisho 42 audit - \uFEFF{"a":"日本"}');
});

test('header fields are printable US-ASCII without spaces, bounded, "-" when empty', () => {
  assert.equal(headerField('my host\n', 255), 'myhost');
  assert.equal(headerField('', 48), '-');
  assert.equal(headerField('x'.repeat(60), 48).length, 48);
});

test('octet counting frames with the byte length, not the character count', () => {
  const m = Buffer.from('é', 'utf8');
  assert.equal(frameOctetCounted(m).toString('utf8'), '2 é');
});
