import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from './registry.ts';
import { mergeExpositions } from './merge-exposition.ts';

function worker(requests: number, observed: number[]): string {
  const r = new Registry();
  const c = r.counter('x_requests_total', 'Requests.', ['api']);
  c.inc({ api: 'chat' }, requests);
  r.gauge('x_in_flight', 'In flight.', [], () => [[{}, requests % 3]]);
  const h = r.histogram('x_seconds', 'Durations.', ['api'], [0.1, 1]);
  for (const v of observed) h.observe({ api: 'chat' }, v);
  return r.render();
}

test('each family once, its samples from every worker together, each labelled with its worker', () => {
  const merged = mergeExpositions([
    { worker: '0', text: worker(5, [0.05]) },
    { worker: '1', text: worker(7, [0.5, 2]) },
  ]);
  const lines = merged.trimEnd().split('\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('# TYPE')), ['# TYPE x_requests_total counter', '# TYPE x_in_flight gauge', '# TYPE x_seconds histogram']);
  const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
  assert.ok(at('x_requests_total{worker="0",api="chat"} 5') > at('# TYPE x_requests_total'));
  assert.equal(at('x_requests_total{worker="1",api="chat"} 7'), at('x_requests_total{worker="0"') + 1, 'contiguous');
  assert.ok(lines.includes('x_in_flight{worker="0"} 2'));
  assert.ok(lines.includes('x_in_flight{worker="1"} 1'));
  // Histogram series stay under their family, labelled.
  assert.ok(lines.includes('x_seconds_bucket{worker="1",api="chat",le="+Inf"} 2'));
  assert.ok(lines.includes('x_seconds_count{worker="0",api="chat"} 1'));
  const histogram = lines.slice(at('# TYPE x_seconds'));
  assert.equal(histogram.filter((l) => l.startsWith('x_seconds')).length, 2 * 5);
});

test('the primary\'s own families are appended as they are; a label value with quotes is escaped', () => {
  const merged = mergeExpositions([{ worker: 'a"b', text: '# TYPE y gauge\ny 1\n' }], '# TYPE z gauge\nz 3\n');
  assert.equal(merged, '# TYPE y gauge\ny{worker="a\\"b"} 1\n# TYPE z gauge\nz 3\n');
});
