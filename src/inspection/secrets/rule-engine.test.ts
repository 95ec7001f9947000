import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretScanner } from './rule-engine.ts';
import { allowlist } from './rule-set.ts';
import type { RuleSpec } from './rule-set.ts';

function r(extra: Partial<RuleSpec>): RuleSpec {
  return { id: 'r', regex: 'x', secretGroup: 0, entropy: 0, keywords: [], tags: [], allowlists: [], confidence: 'medium', ...extra };
}

test('keywords gate the rule, case-insensitively', () => {
  const s = new SecretScanner([r({ regex: 'tok_[0-9]{4}', keywords: ['TOK_'] })]);
  assert.equal(s.scan('tok_1234').length, 1);
  const gated = new SecretScanner([r({ regex: '[0-9]{4}', keywords: ['pin'] })]);
  assert.equal(gated.scan('1234').length, 0);
  assert.equal(gated.scan('PIN 1234').length, 1);
});

test('secret is the first non-empty group unless secretGroup is set; spans are UTF-16', () => {
  const text = '😀 key=(abc)';
  const [d] = new SecretScanner([r({ regex: 'key=\\((x*)(a?b?c?)\\)' })]).scan(text);
  assert.equal(d?.value, 'abc');
  assert.equal(text.slice(d?.valueStart, d?.valueEnd), 'abc');
  assert.equal(text.slice(d?.start, d?.end), 'key=(abc)');
  assert.equal(d?.type, 'secret');
  const [g] = new SecretScanner([r({ regex: '(k)ey=\\((\\w+)\\)', secretGroup: 2 })]).scan(text);
  assert.equal(g?.value, 'abc');
});

test('entropy must be strictly above the threshold', () => {
  const s = new SecretScanner([r({ regex: 'v=(\\w+)', entropy: 1 })]);
  assert.equal(s.scan('v=abab').length, 0); // exactly 1 bit
  assert.equal(s.scan('v=abcd').length, 1);
});

test('allowlists: targets, stopwords, AND/OR, global first', () => {
  const base = { regex: 'k=(\\w+)' };
  const scan = (a: Parameters<typeof allowlist>[0], text: string, global = false): number =>
    (global ? new SecretScanner([r(base)], [allowlist(a)]) : new SecretScanner([r({ ...base, allowlists: [allowlist(a)] })])).scanFragment(text, { path: 'src/a.ts' }).length;
  assert.equal(scan({ regexes: ['^abc$'] }, 'k=abc'), 0);
  assert.equal(scan({ regexes: ['^k='] }, 'k=abc'), 1); // secret target by default
  assert.equal(scan({ regexes: ['^k='], regexTarget: 'match' }, 'k=abc'), 0);
  assert.equal(scan({ regexes: ['sample'], regexTarget: 'line' }, 'k=abc // sample'), 0);
  assert.equal(scan({ stopwords: ['B'] }, 'k=abc'), 0);
  assert.equal(scan({ stopwords: ['zz'] }, 'k=abc'), 1);
  assert.equal(scan({ condition: 'AND', stopwords: ['b'], paths: ['\\.md$'] }, 'k=abc'), 1);
  assert.equal(scan({ condition: 'AND', stopwords: ['b'], paths: ['\\.ts$'] }, 'k=abc'), 0);
  assert.equal(scan({ condition: 'OR', stopwords: ['zz'], paths: ['\\.ts$'] }, 'k=abc'), 0);
  assert.equal(scan({ regexes: ['^abc$'] }, 'k=abc', true), 0);
  // Joined like gitleaks: a mid-pattern (?i) reaches later regexes of the same list.
  assert.equal(scan({ regexes: ['(?i)^x', 'abc'] }, 'k=ABC'), 0);
});

test('path rules: path-only rules need a path; regex rules skip other files, run when the path is unknown', () => {
  const p12 = new SecretScanner([r({ id: 'p12', regex: undefined, path: '\\.p12$' })]);
  assert.equal(p12.scanFragment('', { path: 'cert.p12' }).length, 1);
  assert.equal(p12.scan('').length, 0);
  const tf = new SecretScanner([r({ regex: 'pw=(\\w+)', path: '\\.tf$' })]);
  assert.equal(tf.scanFragment('pw=abc', { path: 'main.tf' }).length, 1);
  assert.equal(tf.scanFragment('pw=abc', { path: 'main.go' }).length, 0);
  assert.equal(tf.scan('pw=abc').length, 1);
});

test('gitleaks:allow is ignored unless asked for', () => {
  const rules = [r({ regex: 'k=(\\w+)' })];
  assert.equal(new SecretScanner(rules).scan('k=abc # gitleaks:allow').length, 1);
  assert.equal(new SecretScanner(rules, [], { honorGitleaksAllow: true }).scan('k=abc # gitleaks:allow').length, 0);
});

test('keyword windows find matches far apart in a long text, same as whole-text scanning', () => {
  const rules = [r({ regex: 'tok_[0-9]{4}', keywords: ['tok_'] }), r({ id: 'm', regex: 'key(?s:.){0,3}=(\\w+)', keywords: ['key'] })];
  const text = `${'x'.repeat(50_000)}\ntok_1234 key\n=abc ${'y '.repeat(40_000)} tok_9999\n${'z'.repeat(10_000)}key=def`;
  const windowed = new SecretScanner(rules).scan(text).map((d) => [d.ruleId, d.start, d.value]);
  const whole = new SecretScanner(rules, [], { keywordWindow: 0 }).scan(text).map((d) => [d.ruleId, d.start, d.value]);
  assert.deepEqual(windowed, whole);
  assert.equal(windowed.length, 4);
});

test('duplicate rule ids are refused', () => {
  assert.throws(() => new SecretScanner([r({}), r({})]), /duplicate rule id "r"/);
});

test('a crafted prompt does not stall the scanner', () => {
  const s = new SecretScanner([r({ regex: '(?i)[\\w.-]{0,50}?(?:key|token)[ \\t\\w.-]{0,20}[\\s\'"]{0,3}=[\\s]{0,5}([\\w.=-]{10,150})', keywords: ['key', 'token'] })]);
  const attack = 'key'.repeat(20_000) + '='.repeat(20_000) + 'a'.repeat(100_000);
  assert.ok(Array.isArray(s.scan(attack)));
});

test('keyword gate: letters RE2 (?i) folds to ASCII still run the rule, and windows stay exact', () => {
  const rules = [r({ regex: '(?i)password\\s*=\\s*"([^"]{8,})"', keywords: ['password'] }), r({ id: 'k', regex: '(?i)token:([0-9]{6})', keywords: ['token'] })];
  const s = new SecretScanner(rules);
  assert.deepEqual(s.scan('pa\u017Fsword = "hunter2hunter2"').map((d) => d.value), ['hunter2hunter2']);
  assert.deepEqual(s.scan('TO\u212AEN:123456').map((d) => d.value), ['123456']);
  // İ lowercases to two units; offsets of hits after it must still be the text's own.
  const text = `${'\u0130'.repeat(3000)} ${'x'.repeat(5000)} TOKEN:654321 ${'y'.repeat(5000)}`;
  const windowed = s.scan(text).map((d) => [d.ruleId, d.start, d.value]);
  assert.deepEqual(windowed, new SecretScanner(rules, [], { keywordWindow: 0 }).scan(text).map((d) => [d.ruleId, d.start, d.value]));
  assert.equal(windowed.length, 1);
});

test('keyword windows: a keyword as the last characters of the text, or split by a line break, is handled', () => {
  const rules = [r({ regex: 'tok_[0-9]{4}', keywords: ['tok_'] })];
  const s = new SecretScanner(rules);
  assert.equal(s.scan(`${'a'.repeat(3000)}tok_1234`).length, 1);
  assert.equal(s.scan(`tok_1234${'a'.repeat(3000)}`).length, 1);
  assert.equal(s.scan(`${'a'.repeat(3000)}tok_`).length, 0);
  assert.equal(s.scan(`to\nk_1234`).length, 0);
});

test('non-ASCII keywords keep the lowercasing path', () => {
  const s = new SecretScanner([r({ regex: 'パスワード[:：]\\s*(\\S{6,})', keywords: ['パスワード'] })]);
  assert.deepEqual(s.scan('パスワード: hunter22').map((d) => d.value), ['hunter22']);
  assert.equal(s.scan('password: hunter22').length, 0);
});

test('lazyRegexes: a rule is compiled when it first runs, with the same findings as compiled up front', () => {
  const rules = [r({ id: 'a', regex: 'tok_[0-9]{4}', keywords: ['tok_'] }), r({ id: 'bad', regex: '(unclosed', keywords: ['zzz'] })];
  assert.throws(() => new SecretScanner(rules), /rule "bad" regex: invalid RE2 regex/);
  const lazy = new SecretScanner(rules, [], { lazyRegexes: true });
  // The broken rule never ran: nothing compiled it. Once its keyword occurs, it fails with the same message.
  assert.deepEqual(lazy.scan('tok_1234 and tok_9').map((d) => d.value), ['tok_1234']);
  assert.throws(() => lazy.scan('zzz'), /rule "bad" regex: invalid RE2 regex/);
  const eager = new SecretScanner([rules[0]!]);
  const text = 'x tok_0001\n'.repeat(50);
  assert.deepEqual(new SecretScanner([rules[0]!], [], { lazyRegexes: true }).scan(text), eager.scan(text));
});
