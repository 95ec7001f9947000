import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDetectors } from '../build-detectors.ts';
import { Budget } from './types.ts';
import { decodeHexdump, findHexdumpRegions } from './hexdump.ts';
import type { Span } from './types.ts';

const TOKEN = 'ghp_' + 'Zq8vR2mXkT4pLw9YbN0cHj7sUe1GdA5fQiOy';

function hexdumpC(text: string): string {
  const b = Buffer.from(text);
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = [...b.subarray(o, o + 16)];
    const hex = row.map((x) => x.toString(16).padStart(2, '0'));
    const ascii = row.map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    out.push(`${o.toString(16).padStart(8, '0')}  ${hex.slice(0, 8).join(' ').padEnd(23)}  ${hex.slice(8).join(' ').padEnd(23)}  |${ascii}|`);
  }
  return out.join('\n') + '\n' + b.length.toString(16).padStart(8, '0');
}

function xxd(text: string): string {
  const b = Buffer.from(text);
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const pairs: string[] = [];
    for (let i = 0; i < row.length; i += 2) pairs.push(row.subarray(i, i + 2).toString('hex'));
    out.push(`${o.toString(16).padStart(8, '0')}: ${pairs.join(' ').padEnd(39)}  ${[...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('')}`);
  }
  return out.join('\n');
}

test('an odd-length xxd dump keeps its last byte (a 2-digit final group) and UTF-8 text decodes as UTF-8', () => {
  const text = `申請者のマイナンバー：123456789018`;
  const regions: Span[] = [];
  const dump = xxd(text);
  findHexdumpRegions(dump, regions);
  assert.equal(decodeHexdump(dump, regions[0]!, new Budget(1 << 20, 100))?.text, text);
});

test('hexdump -C and xxd regions decode to the dumped bytes across lines', () => {
  for (const dump of [hexdumpC(`GITHUB_TOKEN=${TOKEN}\n`), xxd(`GITHUB_TOKEN=${TOKEN}\n`)]) {
    const regions: Span[] = [];
    findHexdumpRegions(`$ dump .env\n${dump}\n$ `, regions);
    assert.equal(regions.length, 1);
    const layer = decodeHexdump(`$ dump .env\n${dump}\n$ `, regions[0]!, new Budget(1 << 20, 100));
    assert.equal(layer?.text, `GITHUB_TOKEN=${TOKEN}\n`);
  }
});

test('a key in a hex dump is found and its span covers every hex digit and gutter character of it', () => {
  const [detector] = buildDetectors().detectors;
  for (const dump of [hexdumpC(`GITHUB_TOKEN=${TOKEN}\n`), xxd(`GITHUB_TOKEN=${TOKEN}\n`)]) {
    const text = `$ hexdump -C .env\n${dump}\n`;
    const found = detector!.scan(text).filter((d) => d.type === 'secret');
    assert.ok(found.length > 0, 'found');
    // Redact every finding's span: nothing of the token may remain, neither as hex nor in the gutter.
    let left = text;
    for (const d of [...found].sort((a, b) => b.valueStart - a.valueStart)) left = left.slice(0, d.valueStart) + '#'.repeat(d.valueEnd - d.valueStart) + left.slice(d.valueEnd);
    const gutters = left.split('\n').map((l) => l.slice(l.search(/ {2}[^ 0-9a-f]|\|/) + 1)).join('');
    for (let i = 0; i + 4 <= TOKEN.length; i += 4) {
      assert.ok(!gutters.includes(TOKEN.slice(i, i + 4)), `gutter keeps ${TOKEN.slice(i, i + 4)}`);
      assert.ok(!left.replace(/\s/g, '').includes(Buffer.from(TOKEN.slice(i, i + 4)).toString('hex')), 'hex kept');
    }
  }
});

test('hex-looking lines that are not a dump (a table of ids) make no region of one line', () => {
  const regions: Span[] = [];
  findHexdumpRegions('deadbeef  01 02 03 04\nnot a dump line', regions);
  assert.equal(regions.length, 0);
});
