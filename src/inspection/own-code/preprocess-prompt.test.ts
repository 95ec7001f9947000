import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocessPrompt } from './preprocess-prompt.ts';

function roundTrip(original: string, needle: string): void {
  const c = preprocessPrompt(original);
  const at = c.text.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} in ${JSON.stringify(c.text)}`);
  const o = c.toOriginal(at);
  assert.equal(original.slice(o, o + needle.length), needle);
}

test('plain text is returned as is', () => {
  const c = preprocessPrompt('const a = 1;\n');
  assert.equal(c.text, 'const a = 1;\n');
  assert.equal(c.toOriginal(3), 3);
});

test('Claude Code, cat -n and opencode gutters are removed', () => {
  assert.equal(preprocessPrompt('     1\tline one\n     2\tline two\n     3\t\n    10\tx = 1').text, 'line one\nline two\n\nx = 1');
  assert.equal(preprocessPrompt('1: a\n2: b\n3: c').text, 'a\nb\nc');
  assert.equal(preprocessPrompt('  1→a\n  2→b\n  3→c').text, 'a\nb\nc');
  assert.equal(preprocessPrompt('1| a\n2| b\n3 | c').text, 'a\nb\nc');
  roundTrip('     1\tfoo\n     2\tbar baz\n     3\tqux', 'bar baz');
});

test('unified diff: headers and hunk lines dropped, markers stripped, removed lines blanked', () => {
  const diff = 'diff --git a/x.ts b/x.ts\nindex 1a2b3c..4d5e6f 100644\n--- a/x.ts\n+++ b/x.ts\n@@ -1,3 +1,3 @@\n a();\n-b();\n+c();\n d();';
  assert.equal(preprocessPrompt(diff).text, '\n\n\n\n\na();\n\nc();\nd();');
  roundTrip(diff, 'c();');
});

test('ANSI escapes removed with offsets kept', () => {
  const s = '\x1b[32mconst\x1b[0m x = \x1b[1;31m42\x1b[0m;\n1: \n2: \n3: ';
  const c = preprocessPrompt(s);
  assert.equal(c.text.split('\n')[0], 'const x = 42;');
  roundTrip(s, '42');
  roundTrip(s, 'const');
});
