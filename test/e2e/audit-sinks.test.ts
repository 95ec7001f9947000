/**
 * Audit events streamed to a SIEM: RFC 5424 syslog over UDP and over TCP (octet counting), and OTLP/HTTP
 * JSON logs, each against a real listener on loopback. A collector that is down never blocks or fails a
 * request; what cannot be delivered is counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { startHarness, healthDetails, settled } from '../support/gateway-harness.ts';
import { post, eventually } from '../support/http.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import type { AuditEvent } from '../../src/audit/audit-event.ts';

const RFC5424 = /^<(\d+)>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) (\S+) (\d+) audit - \uFEFF(.*)$/s;
const syslogDefaults = { ...DEFAULTS.audit.syslog, facility: 16 };

function parseSyslog(message: string): { pri: number; app: string; event: AuditEvent } {
  const m = RFC5424.exec(message);
  assert.ok(m, `not an RFC 5424 message: ${message.slice(0, 120)}`);
  return { pri: Number(m[1]), app: m[4]!, event: JSON.parse(m[6]!) as AuditEvent };
}

test('syslog over UDP: one RFC 5424 datagram per event, JSON message, facility and severity in PRI', async () => {
  const server = createSocket('udp4');
  const messages: string[] = [];
  server.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const h = await startHarness({ audit: { sinks: { syslog: { ...syslogDefaults, host: '127.0.0.1', port, protocol: 'udp', appName: 'sekisho-test' } } } });
  try {
    const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const bad = await post(`${h.url}/v1/chat/completions`, '{');
    await eventually(() => messages.length >= 2);
    const [first, second] = messages.map(parseSyslog);
    assert.equal(first!.event.id, res.headers.get('x-request-id'));
    assert.equal(first!.pri, 16 * 8 + 6, 'local0.info');
    assert.equal(first!.app, 'sekisho-test');
    assert.equal(second!.event.id, bad.headers.get('x-request-id'));
    assert.equal(second!.event.status, 400);
    assert.equal(typeof first!.event.seq, 'number');
  } finally {
    await h.close();
    server.close();
  }
});

test('syslog over TCP: octet-counted frames, in commit order, events queued until the connection is up', async () => {
  const frames: string[] = [];
  let pending = Buffer.alloc(0);
  const server = createTcpServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const space = pending.indexOf(0x20);
        if (space < 0) return;
        const length = Number(pending.subarray(0, space).toString('ascii'));
        assert.ok(Number.isInteger(length) && length > 0, 'frame starts with MSG-LEN SP');
        if (pending.length < space + 1 + length) return;
        frames.push(pending.subarray(space + 1, space + 1 + length).toString('utf8'));
        pending = pending.subarray(space + 1 + length);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const h = await startHarness({ audit: { sinks: { syslog: { ...syslogDefaults, host: '127.0.0.1', port, protocol: 'tcp', facility: 13 } } } });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: `hi ${i}` }] });
      ids.push(res.headers.get('x-request-id')!);
    }
    await eventually(() => frames.length >= 5);
    const events = frames.map(parseSyslog);
    assert.deepEqual(events.map((e) => e.event.id), ids, 'in commit order, none lost or split');
    assert.equal(events[0]!.pri, 13 * 8 + 6);
    assert.deepEqual(events.map((e) => e.event.seq), [1, 2, 3, 4, 5]);
  } finally {
    await h.close();
    server.close();
  }
});

test('OTLP/HTTP: JSON ExportLogsServiceRequest to <endpoint>/v1/logs with service.name and the event as body', async () => {
  const requests: Array<{ path: string; headers: Record<string, unknown>; body: unknown }> = [];
  const collector = createHttpServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const h = await startHarness({ audit: { sinks: { otlp: { endpoint, headers: { authorization: 'Bearer otlp-token' }, timeoutMs: 2_000, queueSize: 100, batchSize: 2 } } } });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] })).headers.get('x-request-id')!);
    await eventually(() => requests.flatMap(records).length >= 3, 5_000);
    assert.ok(requests.every((r) => r.path === '/v1/logs'));
    assert.equal(requests[0]!.headers['content-type'], 'application/json');
    assert.equal(requests[0]!.headers['authorization'], 'Bearer otlp-token');
    const body = requests[0]!.body as { resourceLogs: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> } }> };
    assert.deepEqual(body.resourceLogs[0]!.resource.attributes.find((a) => a.key === 'service.name')?.value, { stringValue: 'sekisho' });
    const all = requests.flatMap(records);
    assert.deepEqual(all.map((r) => (JSON.parse(r.body.stringValue) as AuditEvent).id), ids);
    const first = all[0]!;
    assert.match(first.timeUnixNano, /^\d{19}$/, 'int64 as a decimal string');
    assert.equal(first.severityNumber, 9);
    assert.ok(first.attributes.some((a) => a.key === 'sekisho.request_id' && a.value.stringValue === ids[0]));
  } finally {
    await h.close();
    collector.close();
  }
});

test('a collector that is down neither blocks nor fails requests; undelivered events are counted', async () => {
  // A port nothing listens on (bound then released).
  const probe = createTcpServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const deadPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const h = await startHarness({
    audit: {
      sinks: {
        syslog: { ...syslogDefaults, host: '127.0.0.1', port: deadPort, protocol: 'tcp', queueSize: 2 },
        otlp: { endpoint: `http://127.0.0.1:${deadPort}`, headers: {}, timeoutMs: 500, queueSize: 100, batchSize: 1 },
      },
    },
  });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await post(`${h.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(res.status, 200);
    }
    await settled(h);
    const sinkStats = async () => (await healthDetails<{ audit: { events: number; sinks: Record<string, { dropped: number; queued: number }> } }>(h.url)).audit;
    let stats = await sinkStats();
    for (const until = Date.now() + 5_000; stats.sinks.otlp!.dropped < 5 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 50));
      stats = await sinkStats();
    }
    assert.equal(stats.events, 5, 'every event is in the store');
    assert.equal(stats.sinks.syslog!.dropped, 3, 'queue of 2: the other 3 were dropped');
    assert.equal(stats.sinks.syslog!.queued, 2);
    assert.equal(stats.sinks.otlp!.dropped, 5);
    assert.ok(h.logs.some((l) => l.includes('audit sink dropped events')));
  } finally {
    await h.close();
  }
});

function records(r: { body: unknown }): Array<{ timeUnixNano: string; severityNumber: number; body: { stringValue: string }; attributes: Array<{ key: string; value: { stringValue?: string } }> }> {
  const body = r.body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> };
  return body.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((s) => s.logRecords)) as ReturnType<typeof records>;
}
