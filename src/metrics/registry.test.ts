import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from './registry.ts';

test('counters render one line per label set, with HELP and TYPE', () => {
  const r = new Registry();
  const c = r.counter('x_total', 'Things.', ['kind']);
  c.inc({ kind: 'a' });
  c.inc({ kind: 'a' }, 2);
  c.inc({ kind: 'b' });
  assert.equal(r.render(), '# HELP x_total Things.\n# TYPE x_total counter\nx_total{kind="a"} 3\nx_total{kind="b"} 1\n');
  assert.equal(c.get({ kind: 'a' }), 3);
});

test('label values escape backslash, quote and newline', () => {
  const r = new Registry();
  r.counter('y_total', 'Y.', ['rule']).inc({ rule: 'a"b\\c\nd' });
  assert.match(r.render(), /y_total\{rule="a\\"b\\\\c\\nd"\} 1/);
});

test('histograms are cumulative, with +Inf, sum and count', () => {
  const r = new Registry();
  const h = r.histogram('d_seconds', 'D.', ['api'], [0.1, 1]);
  h.observe({ api: 'chat' }, 0.05);
  h.observe({ api: 'chat' }, 0.5);
  h.observe({ api: 'chat' }, 5);
  const lines = r.render().split('\n');
  assert.ok(lines.includes('d_seconds_bucket{api="chat",le="0.1"} 1'));
  assert.ok(lines.includes('d_seconds_bucket{api="chat",le="1"} 2'));
  assert.ok(lines.includes('d_seconds_bucket{api="chat",le="+Inf"} 3'));
  assert.ok(lines.includes('d_seconds_sum{api="chat"} 5.55'));
  assert.ok(lines.includes('d_seconds_count{api="chat"} 3'));
});

test('gauges are read when scraped; names are validated and unique', () => {
  const r = new Registry();
  let n = 1;
  r.gauge('g', 'G.', [], () => [[{}, n]]);
  assert.match(r.render(), /^g 1$/m);
  n = 7;
  assert.match(r.render(), /^g 7$/m);
  assert.throws(() => r.counter('g', 'again'), /registered twice/);
  assert.throws(() => r.counter('bad-name', 'x'), /invalid metric name/);
});
