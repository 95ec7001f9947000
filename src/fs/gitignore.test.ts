import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IgnoreRules, compilePattern } from './gitignore.ts';

const ignored = (text: string, path: string, isDir = false): boolean | undefined => new IgnoreRules(text).match(path, isDir);

test('blank lines and comments are no patterns; \\# is a literal #', () => {
  assert.equal(compilePattern(''), undefined);
  assert.equal(compilePattern('# comment'), undefined);
  assert.equal(ignored('\\#notes', '#notes'), true);
  assert.equal(new IgnoreRules('\n# only comments\n\n').size, 0);
});

test('a pattern without a slash matches the name at any depth', () => {
  assert.equal(ignored('*.log', 'x.log'), true);
  assert.equal(ignored('*.log', 'a/b/x.log'), true);
  assert.equal(ignored('*.log', 'x.log.txt'), undefined);
  assert.equal(ignored('build', 'src/build', true), true);
  assert.equal(ignored('build', 'src/build'), true);
});

test('a leading or middle slash anchors to the ignore file directory', () => {
  assert.equal(ignored('/build', 'build', true), true);
  assert.equal(ignored('/build', 'src/build', true), undefined);
  assert.equal(ignored('doc/*.txt', 'doc/a.txt'), true);
  assert.equal(ignored('doc/*.txt', 'x/doc/a.txt'), undefined);
  assert.equal(ignored('doc/*.txt', 'doc/sub/a.txt'), undefined, '* does not cross a slash');
});

test('a trailing slash matches directories only', () => {
  assert.equal(ignored('out/', 'out', true), true);
  assert.equal(ignored('out/', 'out', false), undefined);
  assert.equal(ignored('out/', 'a/out', true), true);
});

test('? and character classes', () => {
  assert.equal(ignored('file?.txt', 'file1.txt'), true);
  assert.equal(ignored('file?.txt', 'file10.txt'), undefined);
  assert.equal(ignored('file[0-9].txt', 'file7.txt'), true);
  assert.equal(ignored('file[!0-9].txt', 'file7.txt'), undefined);
  assert.equal(ignored('file[!0-9].txt', 'fileA.txt'), true);
  assert.equal(ignored('a[/]b', 'a/b'), undefined, 'a class never matches a slash');
  assert.equal(ignored('odd[', 'odd['), true, 'an unclosed bracket is literal');
});

test('** leading, trailing and in the middle', () => {
  assert.equal(ignored('**/foo', 'foo'), true);
  assert.equal(ignored('**/foo', 'a/b/foo'), true);
  assert.equal(ignored('**/foo/bar', 'x/foo/bar'), true);
  assert.equal(ignored('abc/**', 'abc/x/y'), true);
  assert.equal(ignored('abc/**', 'abc', true), undefined, 'abc/** is what is inside abc, not abc itself');
  assert.equal(ignored('a/**/b', 'a/b'), true);
  assert.equal(ignored('a/**/b', 'a/x/y/b'), true);
  assert.equal(ignored('a/**/b', 'z/a/x/b'), undefined);
});

test('! re-includes, the last matching pattern wins', () => {
  const rules = '*.env\n!example.env\n';
  assert.equal(ignored(rules, 'prod.env'), true);
  assert.equal(ignored(rules, 'example.env'), false);
  assert.equal(ignored('!example.env\n*.env\n', 'example.env'), true);
  assert.equal(ignored('\\!important', '!important'), true, '\\! is a literal !');
});

test('trailing spaces are trimmed unless escaped; CRLF files work', () => {
  assert.equal(ignored('secret.txt   ', 'secret.txt'), true);
  assert.equal(ignored('name\\ ', 'name '), true);
  assert.equal(ignored('a.txt\r\nb.txt\r\n', 'b.txt'), true);
});

test('regex characters in names are literal', () => {
  assert.equal(ignored('a+b(1).txt', 'a+b(1).txt'), true);
  assert.equal(ignored('a.txt', 'abtxt'), undefined);
});
