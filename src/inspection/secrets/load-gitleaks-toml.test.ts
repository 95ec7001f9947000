import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGitleaksToml } from './load-gitleaks-toml.ts';

const BASE = `
title = "base"
[allowlist]
regexes = ['''^example$''']
[[rules]]
id = "a"
regex = '''a-[0-9]{4}'''
keywords = ["A-"]
[[rules]]
id = "b"
regex = '''b-([0-9]{4})'''
secretGroup = 1
entropy = 1.5
keywords = ["b-"]
[rules.allowlist]
stopwords = ["1234"]
[[rules.allowlists]]
condition = "AND"
regexTarget = "line"
regexes = ['''test''']
paths = ['''\\.md$''']
`;

test('reads rules, legacy and plural allowlists, global allowlist', () => {
  const set = loadGitleaksToml(BASE);
  assert.equal(set.title, 'base');
  assert.deepEqual(set.rules.map((r) => r.id), ['a', 'b']);
  const b = set.rules[1];
  assert.equal(b?.secretGroup, 1);
  assert.equal(b?.entropy, 1.5);
  assert.deepEqual(set.rules[0]?.keywords, ['a-']);
  assert.equal(b?.allowlists.length, 2);
  assert.deepEqual(b?.allowlists[0]?.stopwords, ['1234']);
  assert.equal(b?.allowlists[1]?.condition, 'AND');
  assert.equal(b?.allowlists[1]?.regexTarget, 'line');
  assert.equal(set.allowlists.length, 1);
  assert.deepEqual(set.warnings, []);
  assert.equal(b?.confidence, 'medium');
});

test('unknown keys are warnings, bad regexes are errors naming the rule', () => {
  const set = loadGitleaksToml(`newKey = 1\n[[rules]]\nid = "x"\nregex = "x"\nfancy = true\n`);
  assert.deepEqual(set.warnings, ['config: unknown key "newKey" ignored', 'rule "x": unknown key "fancy" ignored']);
  assert.throws(() => loadGitleaksToml(`[[rules]]\nid = "broken"\nregex = '''(a'''\n`), /rule "broken" regex/);
  assert.throws(() => loadGitleaksToml(`[[rules]]\nid = "g"\nregex = '''a'''\nsecretGroup = 2\n`), /rule "g".*secretGroup/);
  assert.throws(() => loadGitleaksToml(`[[rules]]\nid = "n"\n`), /neither regex nor path/);
});

test('[extend] path: base rules, disabledRules, overrides merge', () => {
  const files: Record<string, string> = { '/cfg/base.toml': BASE };
  const set = loadGitleaksToml(
    `[extend]\npath = "base.toml"\ndisabledRules = ["a"]\n[[rules]]\nid = "b"\nentropy = 2.5\nkeywords = ["bee"]\n[[rules]]\nid = "c"\nregex = "c"\n[[allowlists]]\ntargetRules = ["b"]\nstopwords = ["zzz"]\n`,
    { baseDir: '/cfg', readFile: (p) => files[p] ?? '' },
  );
  assert.deepEqual(set.rules.map((r) => r.id), ['b', 'c']);
  const b = set.rules[0];
  assert.equal(b?.entropy, 2.5);
  assert.equal(b?.regex, 'b-([0-9]{4})');
  assert.deepEqual(b?.keywords, ['b-', 'bee']);
  assert.equal(b?.allowlists.length, 3);
  assert.equal(set.allowlists.length, 1);
});

test('[extend] useDefault uses the provided default set, or warns', () => {
  const def = loadGitleaksToml(BASE);
  const set = loadGitleaksToml(`[extend]\nuseDefault = true\n`, { defaultRuleSet: () => def });
  assert.equal(set.rules.length, 2);
  const none = loadGitleaksToml(`[extend]\nuseDefault = true\n[[rules]]\nid = "x"\nregex = "x"\n`);
  assert.match(none.warnings[0] ?? '', /useDefault/);
});

test('generic rules are low confidence', () => {
  const set = loadGitleaksToml(`[[rules]]\nid = "generic-api-key"\nregex = "k"\n`);
  assert.equal(set.rules[0]?.confidence, 'low');
});
