import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inspector } from './inspector.ts';
import { buildDetectors } from './build-detectors.ts';
import { collectWireSurfaces } from './wire-surfaces.ts';
import { AWS_KEY_ID, GITHUB_TOKEN } from '../../test/support/planted-credentials.ts';

/**
 * What one inspector remembers across turns (segment results, joined blocks, chains) is reused only for
 * text proven identical: an old turn rewritten by the client — same length, same place, same neighbours —
 * must be scanned again, whatever the cache holds for the text that used to be there.
 */
const detectors = buildDetectors().detectors;
const inspector = (): Inspector => new Inspector({ detectors, hashKey: Buffer.alloc(32, 7) });

/** Clean prose of exactly `n` characters. */
function prose(n: number, seed: number): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `line ${seed}-${i}: the service restarts after the config reload. `;
  return s.slice(0, n);
}

/** `text` with `value` written over it at `at` (same length as before). */
function overwrite(text: string, at: number, value: string): string {
  return text.slice(0, at) + value + text.slice(at + value.length);
}

type Body = { model: string; max_tokens: number; messages: Array<{ role: string; content: unknown }> };

function body(turns: string[]): Body {
  return {
    model: 'm',
    max_tokens: 16,
    messages: turns.map((text, i) => (i % 2 === 0 ? { role: 'user', content: text } : { role: 'assistant', content: [{ type: 'text', text }] })),
  };
}

function inspectWire(target: Inspector, b: Body) {
  // Parsed from JSON text each turn, as the gateway does: no string is shared with the previous turn.
  return target.inspectSurfaces(collectWireSurfaces({ api: 'messages', body: JSON.parse(JSON.stringify(b)) }));
}

const rules = (r: { findings: Array<{ ruleId: string; location: { message?: number } }> }): string[] =>
  r.findings.map((f) => `${f.ruleId}@${f.location.message}`).sort();

describe('reused per-turn results are never stale', () => {
  for (const size of [60, 3000]) {
    it(`a secret written over same-length clean text in an old turn is found (${size}-character turn)`, () => {
      const turns = [prose(size, 1), prose(size, 2), prose(size, 3)];
      const ins = inspector();
      assert.deepEqual(inspectWire(ins, body(turns)).findings, [], 'clean to start with');
      const next = [...turns, prose(400, 4)];
      const warm = inspectWire(ins, body(next));
      assert.ok(warm.cached > 0, 'the unchanged history came from the cache');
      // The client rewrites the first turn: same length, the token where clean text was — for the long
      // turn away from its first and last 16 characters (which the cache's sample key reads).
      const rewritten = [overwrite(next[0]!, size < 100 ? 10 : 1507, ` ${GITHUB_TOKEN} `), ...next.slice(1)];
      assert.equal(rewritten[0]!.length, next[0]!.length);
      const after = inspectWire(ins, body(rewritten));
      assert.ok(after.findings.some((f) => f.location.message === 0 && f.ruleId.includes('github')), `found: ${rules(after)}`);
      assert.deepEqual(rules(after), rules(inspectWire(inspector(), body(rewritten))), 'as a fresh inspector reports');
    });
  }

  it('a changed earlier segment is rescanned; the unchanged ones are not', () => {
    const turns = [prose(3000, 1), prose(3000, 2), prose(3000, 3), prose(3000, 4)];
    const ins = inspector();
    const first = inspectWire(ins, body(turns));
    const same = inspectWire(ins, body(turns));
    assert.equal(same.cached >= first.segments, true, 'every segment of the same request is a hit');
    const changed = [turns[0]!, overwrite(turns[1]!, 1500, `id ${AWS_KEY_ID} `), turns[2]!, turns[3]!];
    const after = inspectWire(ins, body(changed));
    assert.ok(after.cached < same.cached, 'the changed segment (and what joins it) missed the cache');
    assert.ok(after.findings.some((f) => f.location.message === 1 && f.ruleId.includes('aws')), `found: ${rules(after)}`);
    // And back: the original text of turn 1 is clean again, from the cache or not.
    assert.deepEqual(inspectWire(ins, body(turns)).findings, []);
  });

  it('a value split over two old turns by a same-length rewrite is found (joined blocks and chains re-keyed)', () => {
    const half = GITHUB_TOKEN.length >> 1;
    const a = prose(200, 1);
    const b = prose(200, 2);
    const turns = [a, 'ok', b, 'ok', prose(300, 3)];
    const ins = inspector();
    assert.deepEqual(inspectWire(ins, body(turns)).findings, []);
    inspectWire(ins, body([...turns, 'ok', prose(300, 5)]));
    // First half at the end of turn 0, second half at the start of turn 2: the assistant's `ok` between them.
    const split = [overwrite(a, a.length - half - 1, ` ${GITHUB_TOKEN.slice(0, half)}`), 'ok', overwrite(b, 0, `${GITHUB_TOKEN.slice(half)} `), 'ok', prose(300, 3), 'ok', prose(300, 5)];
    assert.equal(split[0]!.length, a.length);
    assert.equal(split[2]!.length, b.length);
    const after = inspectWire(ins, body(split));
    assert.ok(after.findings.some((f) => f.ruleId.includes('github') && f.continuesAt !== undefined), `found: ${rules(after)}`);
    assert.deepEqual(rules(after), rules(inspectWire(inspector(), body(split))), 'as a fresh inspector reports');
  });
});
