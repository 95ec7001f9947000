import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from './line-index.ts';

test('LF, CRLF and lone CR all end a line; columns are 1-based', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const index = new LineIndex(text);
  assert.deepEqual(index.position(0), { line: 1, column: 1 });
  assert.deepEqual(index.position(text.indexOf('d')), { line: 2, column: 2 });
  assert.deepEqual(index.position(text.indexOf('e')), { line: 3, column: 1 });
  assert.deepEqual(index.position(text.indexOf('h')), { line: 4, column: 2 });
  assert.deepEqual(index.position(text.length), { line: 4, column: 3 });
  assert.deepEqual(index.lineBounds(1), { start: 3, end: 5 }, 'the CRLF is not part of the line');
  assert.equal(text.slice(index.lineBounds(2).start, index.lineBounds(2).end), 'ef');
});

test('columns count UTF-16 code units: a BMP kana is 1, an emoji (surrogate pair) is 2', () => {
  const text = '日本語\r\n😀 KEY';
  const index = new LineIndex(text);
  assert.deepEqual(index.position(text.indexOf('KEY')), { line: 2, column: 4 });
  assert.deepEqual(index.position(text.indexOf('語')), { line: 1, column: 3 });
});

test('an empty text has one line', () => {
  const index = new LineIndex('');
  assert.deepEqual(index.position(0), { line: 1, column: 1 });
  assert.deepEqual(index.lineBounds(0), { start: 0, end: 0 });
});
