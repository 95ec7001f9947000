/**
 * The checkpoint holds: across the whole matrix (see matrix.ts) no planted value can be recovered from
 * what an external backend received, except in the classes of KNOWN_LEAKS — and each of those must
 * still leak, so the list only ever shrinks as fixes land. Refusals must reach no backend and read as
 * an error of the client's own protocol. `npm run adversarial` prints the full tables.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { CLASSES } from './classes.ts';
import { KNOWN_LEAKS } from './known-leaks.ts';
import { formatReport } from './report.ts';
import { runSuite, type CaseResult } from './run.ts';

describe('adversarial matrix: nothing planted reaches an external backend', () => {
  let results: CaseResult[] = [];
  before(async () => {
    results = await runSuite();
    if (process.env.SEKISHO_ADVERSARIAL_REPORT === '1') console.log(formatReport(results));
  });

  const describeCase = (r: CaseResult): string => {
    const c = r.case;
    return `#${c.id} ${c.api} ${c.stream ? 'stream' : 'json'} ${c.route} ${c.setup} ${c.kind}: ${r.detail ?? r.failure}`;
  };

  test('KNOWN_LEAKS names real classes, each once', () => {
    const names = new Set(CLASSES.map((c) => c.name));
    for (const k of KNOWN_LEAKS) assert.ok(names.has(k.className), `unknown class ${k.className}`);
    assert.equal(new Set(KNOWN_LEAKS.map((k) => k.className)).size, KNOWN_LEAKS.length);
    assert.ok(results.length > 1000, `the matrix ran (${results.length} cases)`);
  });

  test('the checkpoint is not passed by refusing everything: ordinary requests reach the backend', () => {
    // Control cases carry values in places inspected since the first version: they are forwarded,
    // redacted, with an answer (only the private-key kind is blocked, by the policy setup).
    for (const setup of ['policy', 'redact-mode']) {
      const control = results.filter((r) => r.case.group === 'control' && r.case.setup === setup);
      const served = control.filter((r) => r.status === 200 && r.forwarded > 0);
      assert.ok(served.length >= control.length * 0.8, `${setup}: ${served.length}/${control.length} control cases were served`);
    }
  });

  for (const cls of CLASSES) {
    const known = KNOWN_LEAKS.find((k) => k.className === cls.name);
    test(`${cls.name}${known ? ' (known leak)' : ''}`, () => {
      const mine = results.filter((r) => r.case.className === cls.name);
      assert.ok(mine.length > 0, 'the class has cases');
      const leaks = mine.filter((r) => r.failure === 'leak');
      if (known) {
        assert.ok(leaks.length > 0, `${cls.name} no longer leaks in ${mine.length} cases: remove it from KNOWN_LEAKS`);
      } else {
        assert.equal(leaks.length, 0, `${leaks.length}/${mine.length} cases leaked:\n${leaks.slice(0, 6).map(describeCase).join('\n')}`);
      }
      const other = mine.filter((r) => r.failure !== undefined && r.failure !== 'leak');
      assert.equal(other.length, 0, `refusals that are unclear or no answer at all:\n${other.slice(0, 6).map(describeCase).join('\n')}`);
    });
  }
});
