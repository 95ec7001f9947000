import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Inspector } from './inspector.ts';
import { buildDetectors } from './build-detectors.ts';
import { collectWireSurfaces } from './wire-surfaces.ts';
import { TAIL_CHARS, joinTail, requestTail, withAnswer, withoutTail, type TurnTail } from './turn-tails.ts';

const inspector = new Inspector({ detectors: buildDetectors().detectors, hashKey: Buffer.alloc(32, 7) });
const AWS = 'AKIAQ3EGRT5X7ZPLM2WB';

/** Inspects a Responses body the way the inspect stage does, joined to `leading` when given. */
function inspectTurn(body: Record<string, unknown>, leading?: TurnTail) {
  const surfaces = collectWireSurfaces({ api: 'responses', body });
  if (leading === undefined) return { result: inspector.inspectSurfaces(surfaces), tail: requestTail(surfaces.segments, undefined) };
  const joined = joinTail(surfaces, leading);
  return { result: withoutTail(inspector.inspectSurfaces(joined.surfaces), joined.synthetic, joined.surfaces.segments), tail: requestTail(surfaces.segments, leading) };
}

test('a value cut between a turn and the next is found, and placed on the new turn only', () => {
  const first = inspectTurn({ model: 'm', instructions: 'be brief', input: `here: ${AWS.slice(0, 10)}` });
  assert.deepEqual(first.result.findings, [], 'the first piece alone is no value');
  const tail = withAnswer(first.tail, 'Noted.');
  const alone = inspectTurn({ model: 'm', instructions: 'be brief', input: `${AWS.slice(10)} ok`, previous_response_id: 'resp_1' });
  assert.deepEqual(alone.result.findings, [], 'without the tail, the second piece alone is no value either');
  const joined = inspectTurn({ model: 'm', instructions: 'be brief', input: `${AWS.slice(10)} ok`, previous_response_id: 'resp_1' }, tail);
  const aws = joined.result.findings.filter((f) => f.ruleId === 'sekisho-aws-access-key-id');
  assert.equal(aws.length, 1, JSON.stringify(joined.result.findings));
  assert.equal(aws[0]?.location.path, 'input', 'reported at the request\'s own piece');
  assert.equal(aws[0]?.continuesAt, undefined);
  // Redaction gets the new piece only; nothing refers to the synthetic tail.
  assert.deepEqual(joined.result.detections.map((d) => [d.location.path, d.detection.value]), [['input', AWS.slice(10)]]);
  assert.ok(joined.result.findings.every((f) => !String(f.location.path).startsWith('previous_response_id')));
});

test('a value inside the tail alone is not reported again, nor is a value in the answer', () => {
  const first = inspectTurn({ model: 'm', input: `key ${AWS} end` });
  assert.equal(first.result.findings.length, 1);
  const next = inspectTurn({ model: 'm', input: 'thanks', previous_response_id: 'r' }, withAnswer(first.tail, `the key ${AWS} was redacted`));
  assert.deepEqual(next.result.findings, []);
  assert.deepEqual(next.result.detections, []);
});

test('the model\'s answer ending in a piece joins with the new input', () => {
  const tail = withAnswer({ client: 'what is it?', model: '' }, `it is ${AWS.slice(0, 12)}`);
  const next = inspectTurn({ model: 'm', input: `${AWS.slice(12)} right`, previous_response_id: 'r' }, tail);
  assert.deepEqual(next.result.detections.map((d) => [d.location.path, d.detection.value]), [['input', AWS.slice(12)]]);
});

test('tails are bounded and continue across turns', () => {
  const long = 'x'.repeat(5000) + AWS.slice(0, 6);
  const t = requestTail(collectWireSurfaces({ api: 'responses', body: { model: 'm', input: long } }).segments, undefined);
  assert.equal(t.client.length, TAIL_CHARS);
  assert.ok(t.client.endsWith(AWS.slice(0, 6)));
  const t2 = requestTail(collectWireSurfaces({ api: 'responses', body: { model: 'm', input: AWS.slice(6, 12) } }).segments, t);
  assert.ok(t2.client.endsWith(AWS.slice(0, 12)), 'a three-turn cut is still joined');
  assert.equal(withAnswer(t2, 'y'.repeat(2000)).model.length, TAIL_CHARS);
});
