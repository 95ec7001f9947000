/**
 * Attack classes of ordinary terminal output (see scripts/eval-tool-output.ts): the planted value comes
 * back as a tool result the way a terminal prints it — coloured by `grep --color` with the escape
 * sequences inside the value, in bold overstrike from man/less, and as `hexdump -C` / `xxd` dumps (the
 * value split over 16-byte lines in both the hex and the ASCII gutter). Appended to CLASSES in classes.ts.
 */
import type { AttackClass } from './classes.ts';
import type { Planted } from './planted.ts';
import { Wire, type CaseInput, type GenerationApi, type RequestSpec } from './wire.ts';

const GEN: GenerationApi[] = ['messages', 'chat', 'responses'];
const E = '\x1b';

function bash(c: CaseInput, command: string, result: string): RequestSpec {
  const w = new Wire(c);
  return { body: w.body(w.toolExchange({ name: 'Bash', input: { command }, result })) };
}

/** Every needle as `grep --color=always` prints a match on its first characters: SGR + erase inside the value. */
function grepColour(p: Planted): string {
  let out = p.text;
  for (const needle of p.needles) {
    const cut = Math.min(4, Math.max(1, needle.length >> 1));
    out = out.split(needle).join(`${E}[01;31m${E}[K${needle.slice(0, cut)}${E}[m${E}[K${needle.slice(cut)}`);
  }
  return out;
}

function dump(text: string, line: (offset: number, row: Buffer) => string): string {
  const b = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) out.push(line(o, b.subarray(o, o + 16)));
  return out.join('\n');
}
const gutter = (row: Buffer): string => [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
const hexdumpC = (text: string): string =>
  dump(text, (o, row) => {
    const hex = [...row].map((x) => x.toString(16).padStart(2, '0'));
    return `${o.toString(16).padStart(8, '0')}  ${hex.slice(0, 8).join(' ').padEnd(23)}  ${hex.slice(8).join(' ').padEnd(23)}  |${gutter(row)}|`;
  }) + `\n${Buffer.byteLength(text).toString(16).padStart(8, '0')}`;
const xxd = (text: string): string =>
  dump(text, (o, row) => {
    const pairs: string[] = [];
    for (let i = 0; i < row.length; i += 2) pairs.push(row.subarray(i, i + 2).toString('hex'));
    return `${o.toString(16).padStart(8, '0')}: ${pairs.join(' ').padEnd(39)}  ${gutter(row)}`;
  });

export const TOOL_OUTPUT_CLASSES: AttackClass[] = [
  { name: 'tool-output-grep-colour', group: 'agent', kinds: 'core', apis: GEN, build: (c) => bash(c, 'grep -rn --color=always . .env', grepColour(c.planted)) },
  {
    name: 'tool-output-overstrike', group: 'agent', kinds: 'core', apis: GEN,
    build: (c) => bash(c, 'man ./docs/config.1 | cat', [...c.planted.text].map((ch) => (ch === '\n' || ch > '\x7e' ? ch : `${ch}\b${ch}`)).join('')),
  },
  { name: 'tool-output-hexdump', group: 'agent', kinds: 'core', apis: GEN, build: (c) => bash(c, 'hexdump -C .env', hexdumpC(c.planted.text)) },
  { name: 'tool-output-xxd', group: 'agent', kinds: 'core', apis: GEN, build: (c) => bash(c, 'xxd .env', xxd(c.planted.text)) },
];
