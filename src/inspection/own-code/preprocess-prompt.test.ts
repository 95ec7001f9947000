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

test('grep -n (with path, matches and context lines) and L-prefixed gutters are removed', () => {
  assert.equal(preprocessPrompt('src/a.ts:10:const a = 1;\nsrc/a.ts-11-const b = 2;\nsrc/a.ts:12:const c = 3;').text, 'const a = 1;\nconst b = 2;\nconst c = 3;');
  assert.equal(preprocessPrompt('L1: a\nL2: b\nL3: c').text, 'a\nb\nc');
  assert.equal(preprocessPrompt('x-1-y\nx-2-y\nx-3-y').text, 'x-1-y\nx-2-y\nx-3-y', 'no path, no gutter');
});

test('apply_patch envelope: headers and @@ lines dropped, + lines kept, - lines blanked', () => {
  const patch = '*** Begin Patch\n*** Add File: src/new.ts\n+export const a = 1;\n+export const b = 2;\n*** Update File: src/old.ts\n@@ function f() {\n   keep();\n-  gone();\n+  added();\n*** End Patch';
  assert.equal(preprocessPrompt(patch).text, '\n\nexport const a = 1;\nexport const b = 2;\n\n\n  keep();\n\n  added();\n');
  roundTrip(patch, 'export const b = 2;');
  roundTrip(patch, '  added();');
});

test('JSON-escaped tool-call arguments are unescaped (then framing removed), offsets map back', () => {
  const args = JSON.stringify({ file_path: 'src/x.py', content: 'def f(a):\n    return "q"\n\ndef g():\n\tpass\n' });
  const c = preprocessPrompt(args);
  assert.ok(c.text.includes('def f(a):\n    return "q"\n\ndef g():\n\tpass\n'), c.text);
  roundTrip(args, 'def g():');
  const at = c.text.indexOf('return "q"');
  assert.ok(args.startsWith('return \\"q\\"', c.toOriginal(at)));
  assert.equal(args[c.toOriginal(at + 'return "'.length)], 'q', 'an escape counts as its one decoded character');
  const patch = JSON.stringify({ input: '*** Begin Patch\n*** Add File: a.ts\n+const a = 1;\n+const b = 2;\n*** End Patch\n' });
  assert.ok(preprocessPrompt(patch).text.includes('\nconst a = 1;\nconst b = 2;\n'));
  assert.equal(preprocessPrompt('say "\\n" once\nand\nagain').text, 'say "\\n" once\nand\nagain', 'a few escapes in plain text stay');
});

test('JSON unescaping: a line break right after a backslash is escaped, not a real break; `\\\\n` is no escape', () => {
  // Four `\n` escapes; four real breaks, each after a backslash (escaped): the text reads as escaped.
  const continued = 'a\\nb\\nc\\nd\\n' + 'x \\\ny \\\nz \\\nw \\\nv';
  assert.equal(preprocessPrompt(continued).text.startsWith('a\nb\nc\nd\n'), true);
  // Escaped backslashes before `n` are not `\n` escapes: 3 of them against 4 real breaks stays raw.
  const raw = 'p\\\\nq\\\\nr\\\\ns\\\\n\\nt\\nu\\nv\n1\n2\n3\n4';
  assert.equal(preprocessPrompt(raw).text, raw);
});

test('L12 gutters (a line anchor and a space) are removed; prose mentioning L12 is left alone', () => {
  assert.equal(preprocessPrompt('L12 const a = 1;\nL13   b();\nL14\nL15 }').text, 'const a = 1;\n  b();\n\n}');
  assert.equal(preprocessPrompt('See L12 and L13 here\nand L14 there\nok').text, 'See L12 and L13 here\nand L14 there\nok');
});

test('JSON-escaped tool-call arguments: structural quotes become line breaks, escaped quotes stay quotes', () => {
  const call = JSON.stringify({ file_path: 'src/a.ts', content: 'const a = "x";\nconst b = 2;\nconst c = 3;\nreturn a;' });
  const c = preprocessPrompt(call);
  const lines = c.text.split('\n');
  assert.ok(lines.includes('const a = "x";'), JSON.stringify(c.text));
  assert.ok(lines.includes('return a;'), JSON.stringify(c.text));
  roundTrip(call, 'const b = 2;');
});
