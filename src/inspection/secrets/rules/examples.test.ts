import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from '../builtin-rules.ts';
import { SecretScanner } from '../rule-engine.ts';
import type { RuleExamples } from './examples.ts';
import { examples as sourceHosts } from './source-hosts.examples.ts';
import { examples as cloud } from './cloud.examples.ts';
import { examples as privateKeys } from './private-keys.examples.ts';
import { examples as messaging } from './messaging.examples.ts';
import { examples as payments } from './payments.examples.ts';
import { examples as aiProviders } from './ai-providers.examples.ts';
import { examples as observability } from './observability.examples.ts';
import { examples as saas } from './saas.examples.ts';
import { examples as sekisho } from './sekisho.examples.ts';
import { examples as context } from './context.examples.ts';

const families: Record<string, RuleExamples> = { sourceHosts, cloud, privateKeys, messaging, payments, aiProviders, observability, saas, sekisho, context };
const rules = builtinRules({ highEntropy: true });
const scanner = new SecretScanner(rules);
const all: RuleExamples = {};
for (const [family, table] of Object.entries(families)) {
  for (const [id, entry] of Object.entries(table)) {
    assert.ok(!(id in all), `${family}: examples for ${id} are given twice`);
    all[id] = entry;
  }
}

test('every built-in rule has a positive and a negative example, and every example names a rule', () => {
  const ids = new Set(rules.map((r) => r.id));
  const missing = [...ids].filter((id) => !all[id] || all[id].positive.length === 0 || all[id].negative.length === 0);
  assert.deepEqual(missing, [], 'rules without examples');
  assert.deepEqual(Object.keys(all).filter((id) => !ids.has(id)), [], 'examples for unknown rules');
});

/**
 * The findings of rule `id` on `text`. A rule that gives way to specific rules (`yieldsToSpecific`)
 * reports nothing where a vendor rule reports the same value, by design: its positive then counts as
 * found by that rule.
 */
function findingsOf(id: string, text: string): ReturnType<typeof scanner.scan> {
  const found = scanner.scan(text);
  const own = found.filter((d) => d.ruleId === id);
  const yields = rules.find((r) => r.id === id)?.yieldsToSpecific === true;
  return own.length > 0 || !yields ? own : found;
}

test('every built-in rule finds its positive examples and stays quiet on its near misses', () => {
  const failures: string[] = [];
  for (const [id, { positive, negative }] of Object.entries(all)) {
    for (const example of positive) {
      const { text, value } = typeof example === 'string' ? { text: example, value: undefined } : example;
      const hits = findingsOf(id, text);
      if (hits.length === 0) failures.push(`${id}: missed ${JSON.stringify(text)}`);
      else if (value !== undefined && !hits.some((d) => d.value === value)) failures.push(`${id}: reported ${JSON.stringify(hits.map((d) => d.value))}, want ${JSON.stringify(value)}`);
    }
    for (const text of negative) {
      if (scanner.scan(text).some((d) => d.ruleId === id)) failures.push(`${id}: false positive on ${JSON.stringify(text)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('rule metadata: stable ids, descriptions, keywords for the prefilter', () => {
  for (const r of rules) {
    assert.match(r.id, /^sekisho-[a-z0-9-]+$/, r.id);
    assert.ok(r.description && r.description.length > 0, `${r.id}: description`);
    if (r.id !== 'sekisho-high-entropy-string') assert.ok(r.keywords.length > 0, `${r.id}: keywords`);
  }
});

test('built-in rules run line by line (line-local), except the multi-line key blocks', async () => {
  const { compileRe2 } = await import('../re2-pattern.ts');
  const multiLine = new Set(['sekisho-private-key', 'sekisho-pgp-private-key', 'sekisho-ssh2-private-key', 'sekisho-putty-private-key']);
  const notLocal = rules.filter((r) => r.regex !== undefined && !multiLine.has(r.id) && !compileRe2(r.regex, r.id).lineLocal).map((r) => r.id);
  // A rule that is not line-local runs on the whole keyword window (2 KB around each hit), not its line.
  // sekisho-generic-block-assignment reads the line after a name (a YAML block, an env list entry), behind its window filter.
  assert.deepEqual(notLocal.filter((id) => id !== 'sekisho-generic-assignment' && id !== 'sekisho-high-entropy-string' && id !== 'sekisho-generic-block-assignment'), []);
});

test('positives are still found in the middle of a long minified line (keyword windows and reach)', () => {
  const filler = 'x=1;'.repeat(1500);
  const failures: string[] = [];
  // Vendor rules only: the context rules judge a value by the text around it, which the filler changes.
  for (const [id, { positive }] of Object.entries(all)) {
    if (id in context) continue;
    for (const example of positive) {
      const { text, value } = typeof example === 'string' ? { text: example, value: undefined } : example;
      if (text.includes('\n')) continue;
      const hits = findingsOf(id, `${filler} ${text} ${filler}`);
      if (hits.length === 0) failures.push(`${id}: missed in a long line`);
      else if (value !== undefined && !hits.some((d) => d.value === value)) failures.push(`${id}: reported ${JSON.stringify(hits.map((d) => d.value))} in a long line`);
    }
  }
  assert.deepEqual(failures, []);
});

test('placeholders in a vendor format are not credentials', () => {
  for (const text of ['STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'aws_access_key_id = AKIAXXXXXXXXXXXXXXXX', 'SLACK=xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx', `OPENROUTER=sk-or-v1-${'0'.repeat(64)}`, `GROQ=gsk_${'a'.repeat(52)}`]) {
    assert.deepEqual(scanner.scan(text).map((d) => d.ruleId).filter((id) => id !== 'sekisho-generic-assignment' && id !== 'sekisho-high-entropy-string'), [], text);
  }
});
