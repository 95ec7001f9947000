import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRe2 } from './re2-pattern.ts';

const t = (re: string, s: string): boolean => compileRe2(re, 'test').test(s);

test('RE2 semantics where JavaScript differs', () => {
  assert.equal(t('a\\z', 'a\n'), false); // \z: very end only
  assert.equal(t('\\Aa', 'b\na'), false);
  assert.equal(t('^a$', 'b\na'), false); // ^ $ are not multiline by default
  assert.equal(t('(?m)^a$', 'b\na'), true);
  assert.equal(t('a.b', 'a\nb'), false); // . does not match \n
  assert.equal(t('(?s)a.b', 'a\nb'), true);
  assert.equal(t('^[[:alnum:]]+$', 'ab09'), true);
  assert.equal(t('[[:alnum:]]', ':'), false);
  assert.equal(t('a(?i)b', 'aB'), true); // mid-pattern flag
  assert.equal(t('a(?i)b', 'AB'), false);
  assert.equal(t('(?i)a(?-i)b', 'Ab'), true);
  assert.equal(t('(?i)a(?-i)b', 'AB'), false);
  assert.equal(t('(?i:a)b', 'AB'), false);
  assert.equal(t('\\Qa.b\\E', 'axb'), false);
  assert.equal(t('\\Qa.b\\E', 'a.b'), true);
  assert.equal(t('\\x{41}', 'A'), true);
  assert.equal(compileRe2('(?P<name>a)(b)', 'test').groupCount, 2);
  assert.equal(t('\\s', '\v'), false); // RE2 \s is [\t\n\f\r ]
});

test('spans are UTF-16 offsets', () => {
  const re = compileRe2('k(.)y', 'test');
  assert.deepEqual(re.findAll('😀k😀y k-y'), [[2, 6], [7, 10]]);
  assert.deepEqual(re.exec('k😀y'), [[0, 4], [1, 3]]);
});

test('line-local patterns scan line by line with the same results', () => {
  const re = compileRe2('key=(\\w+)', 'test');
  assert.equal(re.lineLocal, true);
  assert.deepEqual(re.findAll('x key=abc\nkey=d e\n\nkey='), [[2, 9], [10, 15]]);
  assert.equal(compileRe2('a\\sb', 'test').lineLocal, false);
  assert.equal(compileRe2('a$', 'test').lineLocal, false);
  assert.equal(compileRe2('[^x]', 'test').lineLocal, false);
});

test('bad syntax names its owner; backreferences and lookaround are not RE2', () => {
  assert.throws(() => compileRe2('(a', 'rule "x"'), /rule "x".*missing closing/);
  assert.throws(() => compileRe2('(a)\\1', 'rule "y"'), /rule "y"/);
  assert.throws(() => compileRe2('(?=a)', 'rule "z"'), /rule "z"/);
});

test('pathological inputs finish (linear time)', () => {
  const as = 'a'.repeat(1_000_000);
  assert.equal(t('(a+)+$', as + '!'), false);
  assert.equal(t('(a|aa)*b', as), false);
  assert.equal(t('(?:a*)*c', as), false);
  assert.deepEqual(compileRe2('(a+)+!', 'test').findAll('a'.repeat(20_000)), []);
  const longLine = 'x'.repeat(100_000) + ' token = "' + 'b'.repeat(100_000);
  assert.equal(t('(?i)[\\w.-]{0,50}?token[ \\t]*=[ \\t]*"([a-z]{10,})"', longLine), false);
});
