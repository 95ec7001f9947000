/**
 * The decision holds over a session (decision.ts): a session that policy kept internal is never served
 * by the external backend later, however the client names the session, and a model-name trick never
 * routes a request policy keeps internal to an external backend. Every case must have been served
 * internally in turn 1 (otherwise it tests nothing).
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { DECISION_CLASSES, runDecisionSuite } from './decision.ts';
import type { CaseResult } from './run.ts';

describe('adversarial decision classes: a pinned session never reaches an external backend', () => {
  let results: CaseResult[] = [];
  before(async () => {
    results = await runDecisionSuite();
  });

  for (const cls of DECISION_CLASSES) {
    test(cls.name, () => {
      const mine = results.filter((r) => r.case.className === cls.name);
      assert.ok(mine.length >= 6, `the class has cases (${mine.length})`);
      const failed = mine.filter((r) => r.failure !== undefined);
      const show = failed.slice(0, 6).map((r) => `#${r.case.id} ${r.case.api} ${r.case.stream ? 'stream' : 'json'} ${r.case.kind}: ${r.failure} — ${r.detail ?? ''}`);
      assert.equal(failed.length, 0, `${failed.length}/${mine.length} cases failed:\n${show.join('\n')}`);
    });
  }
});
