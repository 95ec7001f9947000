import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextRules } from './context.ts';
import { needsRegex, scanAssignment } from './context-assignment-scanner.ts';
import { compileRe2 } from '../re2-pattern.ts';
import { SecretScanner } from '../rule-engine.ts';
import { builtinRules } from '../builtin-rules.ts';
import type { RuleExamples } from './examples.ts';
import { examples as context } from './context.examples.ts';
import { examples as saas } from './saas.examples.ts';
import { examples as observability } from './observability.examples.ts';
import { examples as cloud } from './cloud.examples.ts';
import { examples as aiProviders } from './ai-providers.examples.ts';
import { claudeCodeRequest } from '../../../../test/fixtures/claude-code.ts';
import { codexRequest } from '../../../../test/fixtures/codex.ts';
import { opencodeRequest } from '../../../../test/fixtures/opencode.ts';
import { codeSnippet, configFileLines, prose, seededRandom } from '../../../../test/fixtures/prose.ts';

/**
 * `sekisho-generic-assignment` is located by a hand-written matcher instead of its regex
 * (context-assignment-scanner.ts). The regex stays the definition: these tests run both over the rules'
 * examples, the request fixtures, this repository's own source and fuzzed lines built from the regex's
 * parts, and require identical matches, groups and findings.
 */

const spec = contextRules().find((r) => r.id === 'sekisho-generic-assignment');
assert.ok(spec?.regex !== undefined && spec.matcher !== undefined);
const regex = compileRe2(spec.regex, 'regex alone');

type Found = { start: number; end: number; groups: Array<[number, number] | null> | null };

/** What re2js reports on one line: every match, each with the groups `exec` gives on the match text. */
function byRegex(line: string): Found[] {
  const out: Found[] = [];
  for (const [start, end] of regex.findAll(line)) {
    const g = regex.exec(line.slice(start, end));
    out.push({ start, end, groups: g === null ? null : g.map((x) => (x === null ? null : [x[0] + start, x[1] + start])) });
  }
  return out;
}

function byMatcher(line: string): Found[] {
  const out: Found[] = [];
  for (let m = scanAssignment(line, 0); m !== null; m = scanAssignment(line, m.end)) {
    // Groups as the engine gets them: the matcher run again on the match text alone.
    const again = scanAssignment(line.slice(m.start, m.end), 0);
    out.push({ start: m.start, end: m.end, groups: again === null ? null : again.groups.map((x) => (x === null ? null : [x[0] + m.start, x[1] + m.start])) });
    assert.deepEqual(again?.groups.slice(1).map((x) => x && [x[0] + m.start, x[1] + m.start]), m.groups.slice(1), `groups on the match text alone differ: ${JSON.stringify(line)}`);
  }
  return out;
}

let compared = 0;
let withMatches = 0;
function same(text: string): void {
  // The whole text at once (the matcher reads windows of many lines) and line by line.
  if (text.includes('\n') && !needsRegex(text)) assert.deepEqual(byMatcher(text), byRegex(text), `text ${JSON.stringify(text.slice(0, 200))}`);
  for (const line of text.split('\n')) {
    if (needsRegex(line)) continue;
    const want = byRegex(line);
    assert.deepEqual(byMatcher(line), want, `line ${JSON.stringify(line)}`);
    compared++;
    if (want.length > 0) withMatches++;
  }
}

function exampleTexts(): string[] {
  const out: string[] = [];
  for (const table of [context, saas, observability, cloud, aiProviders] as RuleExamples[]) {
    for (const { positive, negative } of Object.values(table)) {
      for (const p of positive) out.push(typeof p === 'string' ? p : p.text);
      out.push(...negative);
    }
  }
  return out;
}

function fixtureTexts(): string[] {
  const bodies = [
    claudeCodeRequest({ turn: 1 }).body,
    claudeCodeRequest({ turn: 2, secretInToolResult: 'DB_PASSWORD=Zq8kLm2pWx' }).body,
    codexRequest({ mode: 'functions', turn: 2, secretInToolResult: 'export GITLAB_API_TOKEN=abcd1234efgh5678ijkl' }).body,
    codexRequest({ mode: 'code', turn: 2 }).body,
    opencodeRequest({ wire: 'chat', turn: 2 }).body,
    opencodeRequest({ wire: 'anthropic', turn: 2, secretInToolResult: "$config['db_pass'] => 'Zq8kLm2pWx';" }).body,
  ];
  const texts = bodies.map((b) => JSON.stringify(b));
  texts.push(...bodies.map((b) => JSON.stringify(b, null, 2)));
  texts.push(prose(3, 20_000), codeSnippet(5, 400), configFileLines('api_key = "q7Fz2LmX9pRt4WvB"').join('\n'));
  return texts;
}

/** This repository's TypeScript: full of `token`, `password`, `auth` and `key` in every syntax. */
function sourceTexts(): string[] {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts')) out.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** Lines assembled from the regex's parts and near misses of each, plus raw noise from its alphabet. */
function fuzzLines(count: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const names = ['password', 'DB_PASS', 'apiKey', 'api.key', 'api-key', 'token', 'x$token', 'tok$en', 'pass@x', 'my@password', '$secret', '@auth',
    'AUTH', 'PaSsWd', 'credentials', 'creds', 'privateKey', 'private_key', 'signing.key', 'encryption-key', 'MASTER_KEY', 'sessionkey',
    'accesskey', 'access_key_id', 'author', 'passport', 'tokens', 'secret2', 'db.password.file', 'pwd', 'x-api-key', '--token', 'a.b$c.pass'];
  const quotes = ['"', "'", '`', '\\"', "\\'", '\\`', '', '', '\\', '@"', 'r"', 'b\'', 'rb"', 'bbb"', 'u`'];
  const ops = ['=', ':', '==', '===', '!=', '!==', '=>', ':=', '??=', '||=', '<-', '<', '?=', '|=', '!', '=:', ':==', '=>=', ',', '', '+=', '.=', '::=', ':::=', '::', '::::=', '+', '.', '?.=', '+==', ':.='];
  const blanks = ['', ' ', '\t', '  ', ' \t', '\v', '\f', '\u00a0'];
  const values = ['Zq8kLm2pWx', 'abc', 'x9', 'a$b', 'p@ss!', 'dXNlcjpw==', 'dXNlcjpw===', 'abc=', '12345678', 'A-1', 'tok en', 'hunter2', 'a"b', "a'b",
    'x\\y', 'Zq8k;rest', 'Zq8k,x', 'Zq8k)x', 'ab<cd', 'ab>cd', 'é1', 'ünï', '😀x', 'x\r', 'a\vb', 'a\fb', '', 'next_token', '${X}', '9', '_9', '[1]'];
  const tails = ['', '', ' ', ';', ',', ')', '}', ']', '\\', '"', "'", '<', '>', '&x', '|y', '\r', ' // comment', 'x', '=', '==', '\t#'];
  const noise = ['', ' ', 'x ', 'const ', '  - ', 'export ', '{"a":"', '\\n', '$', '(', 'f(', '<a>', '--', '[', '[\'', 'obj.', 'a=1;', '?', '&'];
  const alphabet = 'pastokenwdcrdi_.$@-"\'`\\]=:!?|<>-,;&(){}[] \t\v\f\rAZaz09éK\u00a0';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (rand() < 0.15) {
      let s = '';
      const len = 1 + Math.floor(rand() * 40);
      for (let k = 0; k < len; k++) s += rand() < 0.3 ? pick(['pass', 'token', 'key', 'auth', 'api_key']) : alphabet.charAt(Math.floor(rand() * alphabet.length));
      out.push(s);
      continue;
    }
    const q = pick(quotes);
    let line = pick(noise);
    const parts = 1 + Math.floor(rand() * 3);
    for (let p = 0; p < parts; p++) {
      line += `${pick(names)}${rand() < 0.3 ? q : ''}${rand() < 0.1 ? ']' : ''}${pick(blanks)}${pick(ops)}${pick(blanks)}${pick(quotes)}${pick(values)}${pick(quotes)}${pick(tails)}`;
      if (rand() < 0.5) line += pick(noise);
    }
    out.push(line);
  }
  return out;
}

test('the matcher finds exactly the regex matches and groups: examples, fixtures, source', () => {
  for (const t of exampleTexts()) same(t);
  for (const t of fixtureTexts()) same(t);
  for (const t of sourceTexts()) same(t);
  assert.ok(withMatches > 300, `only ${withMatches} of ${compared} lines had a match`);
});

test('the matcher finds exactly the regex matches and groups: fuzzed lines', () => {
  compared = 0;
  withMatches = 0;
  for (const line of fuzzLines(60_000, 20261207)) same(line);
  assert.ok(withMatches > 10_000, `only ${withMatches} of ${compared} lines had a match`);
});

test('findings are identical with and without the matcher (whole scanner, multi-line texts)', () => {
  const rules = builtinRules({ highEntropy: true });
  const withMatcher = new SecretScanner(rules);
  const withoutMatcher = new SecretScanner(rules.map((r) => (r.matcher === undefined ? r : { ...r, matcher: undefined })));
  const texts = [...exampleTexts(), ...fixtureTexts(), ...sourceTexts()];
  const fuzz = fuzzLines(20_000, 7);
  for (let i = 0; i < fuzz.length; i += 20) texts.push(fuzz.slice(i, i + 20).join(rand3(i)));
  let findings = 0;
  for (const t of texts) {
    const want = withoutMatcher.scan(t);
    findings += want.length;
    assert.deepEqual(withMatcher.scan(t), want, t.slice(0, 200));
  }
  assert.ok(findings > 500, `only ${findings} findings compared`);
});

test('lines the matcher declines (RE2 folds ſ into s and K into k) are matched by the regex', () => {
  const withMatcher = compileRe2(spec.regex as string, 'with matcher', spec.matcher);
  const lines = ['paſsword = "hX9kL2mQ7vR4tZ8w"', 'api_\u212aey = "hX9kL2mQ7vR4tZ8w"', 'x = 1; to\u212aen: a1b2c3d4', 'ſ password = "hX9kL2mQ7vR4tZ8w"'];
  for (const line of lines) {
    assert.ok(needsRegex(line), line);
    const want = regex.findAll(line);
    assert.ok(want.length > 0, line);
    assert.deepEqual(withMatcher.findAll(line), want, line);
    const [s, e] = want[0] as [number, number];
    assert.deepEqual(withMatcher.exec(line.slice(s, e)), regex.exec(line.slice(s, e)), line);
  }
  assert.ok(!needsRegex('password = "hX9kL2mQ7vR4tZ8w"'));
});

/** Line separators for the multi-line texts: `\n` and `\r\n`. */
function rand3(i: number): string {
  return i % 3 === 0 ? '\r\n' : '\n';
}
