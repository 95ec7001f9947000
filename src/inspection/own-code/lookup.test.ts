import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { lookupText } from './lookup.ts';
import { guessLanguages } from './tokenize/language-for.ts';

/** A seeded table of numbers, as generated data files and lookup tables look. */
function table(seed: number, rows: number, perRow: number, indent: string): string {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 1000;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(indent + Array.from({ length: perRow }, () => next()).join(', ') + ',');
  return lines.join('\n');
}

test('a numeric table does not match an unrelated numeric table (repeated fingerprints count once)', () => {
  const b = new OwnCodeIndexBuilder();
  b.addFile('acme', 'tables.js', `export const WEIGHTS = [\n${table(1, 40, 12, '  ')}\n];\n`);
  for (let i = 0; i < 3; i++) b.addFile('acme', `other${i}.js`, `export function f${i}(a, b) {\n  return a + b * ${i};\n}\n`);
  const index = b.build();
  const js = `const OTHER = [\n${table(99, 30, 10, '    ')}\n];`;
  assert.deepEqual(lookupText(index, js), []);
  const py = `model = (\n${table(7, 30, 10, '    ')}\n)`;
  assert.deepEqual(lookupText(index, py), []);
  // Code next to the table is still found; a bare table has too few distinct fingerprints to name a file.
  const code = table(3, 1, 1, '').replace(/,$/, '');
  const fn = [
    'export function score(items, weights) {',
    '  let total = 0;',
    '  for (const item of items) {',
    '    const w = weights[item.kind] ?? 1;',
    '    if (item.flagged) total -= w * item.count;',
    '    else total += w * item.count;',
    '  }',
    `  return Math.round(total * ${code}) / 100;`,
    '}',
    'export function normalise(rows) {',
    '  return rows.map((r) => ({ kind: r.kind.toLowerCase(), count: Number(r.count) || 0, flagged: r.flag === "y" }));',
    '}',
  ].join('\n');
  const b2 = new OwnCodeIndexBuilder();
  b2.addFile('acme', 'score.js', `${fn}\nexport const WEIGHTS = [\n${table(1, 40, 12, '  ')}\n];\n`);
  assert.equal(lookupText(b2.build(), fn)[0]?.file.path, 'score.js');
});

test('unlabelled Python without def/if lines is guessed python (or lexed as python too)', () => {
  const body = ['    result = self.cache.get(key)', '    self.hits += 1', '    value = compute(result, None)', '    self.store[key] = value', '    return value'].join('\n');
  assert.ok(guessLanguages(body).includes('python'), String(guessLanguages(body)));
  // No sign at all: every common family is tried.
  assert.deepEqual(guessLanguages('x = y\nz = w\n'), ['generic', 'c-like', 'python']);
  // Unambiguous code keeps one family.
  assert.deepEqual(guessLanguages('const a = 1;\nlet b = 2;\nfunction f() {\n  return a;\n}\n'), ['c-like']);
});

test('a Python snippet that starts inside a docstring is still found', () => {
  const file = [
    'class Ledger:',
    '    def settle(self, entries, limit=None):',
    '        """',
    '        Settle the entries against the ledger.',
    '',
    '        Entries beyond the limit are deferred to the next run.',
    '        """',
    '        settled = []',
    '        deferred = []',
    '        for entry in entries:',
    '            if limit is not None and len(settled) >= limit:',
    '                deferred.append(entry)',
    '                continue',
    '            if entry.amount < 0 and not self.allow_credit:',
    '                raise ValueError("credit not allowed: %s" % entry.ref)',
    '            self.balance += entry.amount',
    '            settled.append(entry.ref)',
    '        self.pending.extend(deferred)',
    '        return {"settled": settled, "deferred": len(deferred), "balance": self.balance}',
    '',
  ].join('\n');
  const b = new OwnCodeIndexBuilder();
  b.addFile('acme', 'ledger.py', file);
  const index = b.build();
  // Cut from the docstring's second line: the first `"""` of the snippet closes a string.
  const snippet = file.split('\n').slice(3).join('\n');
  const found = lookupText(index, '```python\n' + snippet + '\n```');
  assert.equal(found[0]?.file.path, 'ledger.py');
});
