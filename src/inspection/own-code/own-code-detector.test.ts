import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createOwnCodeDetector } from './own-code-detector.ts';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { DEFAULT_LOOKUP_OPTIONS, lookupText } from './lookup.ts';
import type { Detection } from '../finding.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, FIXTURES), 'utf8');
const FILES = [
  ['acme-billing', 'invoice.go'],
  ['acme-billing', 'ledger.py'],
  ['acme-billing', 'schema.sql'],
  ['acme-ops', 'rotate-logs.sh'],
] as const;

function buildIndex() {
  const b = new OwnCodeIndexBuilder();
  for (const [repo, path] of FILES) b.addFile(repo, path, read(`${repo}/${path}`));
  return b.build();
}
const index = buildIndex();
const detector = createOwnCodeDetector(index);

/** Lines a..b (1-based, inclusive) of a fixture. */
const lines = (file: string, a: number, b: number): string => read(file).split('\n').slice(a - 1, b).join('\n');

function expectFound(prompt: string, file: string, confidence?: 'high' | 'medium'): Detection {
  const found = detector.scan(prompt);
  assert.equal(found.length, 1, `expected one region of ${file}, got ${JSON.stringify(found.map((d) => d.description))}`);
  const d = found[0]!;
  assert.equal(d.type, 'own-code');
  assert.equal(d.ruleId, 'own-code');
  assert.match(d.description ?? '', new RegExp(`^${file.replace(/[/.]/g, '\\$&').replace(/\\\//, ':')}:L\\d+-L\\d+ \\(coverage [01]\\.\\d\\d\\)$`));
  assert.equal(d.value, prompt.slice(d.start, d.end));
  if (confidence) assert.equal(d.confidence, confidence, d.description);
  return d;
}

const go15 = lines('acme-billing/invoice.go', 46, 60);
const py30 = lines('acme-billing/ledger.py', 33, 62);

test('verbatim 15 and 30 lines are found with file, line range and high confidence', () => {
  const d = expectFound(go15, 'acme-billing/invoice.go', 'high');
  const [, a, b] = /:L(\d+)-L(\d+)/.exec(d.description ?? '') ?? [];
  assert.ok(Number(a) >= 44 && Number(a) <= 50 && Number(b) >= 56 && Number(b) <= 61, d.description);
  expectFound(py30, 'acme-billing/ledger.py', 'high');
  expectFound(lines('acme-billing/schema.sql', 33, 47), 'acme-billing/schema.sql', 'high');
  expectFound(lines('acme-ops/rotate-logs.sh', 15, 40), 'acme-ops/rotate-logs.sh', 'high');
});

test('reformatted: indentation and line breaks changed', () => {
  const reindented = go15.replace(/^\t+/gm, (t) => '    '.repeat(t.length)).replace(/\{\n\s*return/g, '{ return');
  expectFound(reindented, 'acme-billing/invoice.go', 'high');
  const sql = lines('acme-billing/schema.sql', 33, 47).toLowerCase().replace(/\s+/g, ' ');
  expectFound(sql, 'acme-billing/schema.sql');
});

test('identifiers renamed: found on structure alone, medium confidence', () => {
  const renamed = go15.replace(/\bitem\b/g, 'it').replace(/\btax\b/g, 'acc').replace(/\brate\b/g, 'pct').replace(/\binv\b/g, 'recv').replace(/\bline\b/g, 'amt').replace(/\bTaxCents\b/g, 'ComputeTax').replace(/\btaxRates\b/g, 'rates').replace(/\bInvoice\b/g, 'Bill').replace(/\bItems\b/g, 'Rows').replace(/\bTaxClass\b/g, 'Kind');
  expectFound(renamed, 'acme-billing/invoice.go', 'medium');
  const py = py30.replace(/\bentry\b/g, 'rec').replace(/\bposting\b/g, 'leg').replace(/\b_balances\b/g, '_totals').replace(/\bLedgerError\b/g, 'BookError').replace(/\bentry_id\b/g, 'rid').replace(/\baccount\b/g, 'acct');
  expectFound(py, 'acme-billing/ledger.py');
});

test('comments removed and added', () => {
  const noComments = go15.replace(/^\s*\/\/.*\n/gm, '');
  expectFound(noComments, 'acme-billing/invoice.go', 'high');
  const moreComments = py30.replace(/:\n/g, ':  # step\n');
  expectFound(moreComments, 'acme-billing/ledger.py', 'high');
});

test('inside a unified diff', () => {
  const body = py30.split('\n');
  const diff = ['diff --git a/ledger.py b/ledger.py', '--- a/ledger.py', '+++ b/ledger.py', '@@ -33,30 +33,31 @@ class Ledger:']
    .concat(body.map((l, i) => (i === 10 ? `-${l}\n+${l}  # fixed` : ` ${l}`)))
    .join('\n');
  expectFound(`Please review:\n\n${diff}\n`, 'acme-billing/ledger.py');
});

test('inside line-numbered tool results (Claude Code and opencode gutters)', () => {
  const claude = go15.split('\n').map((l, i) => `${String(46 + i).padStart(6)}\t${l}`).join('\n');
  const d = expectFound(claude, 'acme-billing/invoice.go', 'high');
  assert.ok(claude.slice(d.start, d.end).includes('\t'), 'span is in the original text');
  const opencode = py30.split('\n').map((l, i) => `${String(33 + i).padStart(5, '0')}: ${l}`).join('\n');
  expectFound(`<file>\n${opencode}\n</file>`, 'acme-billing/ledger.py');
});

test('embedded in unrelated prose, with and without a fence', () => {
  const prose = 'Hi! Our billing totals look wrong since Tuesday. Here is the code we use, can you spot the bug?\n\n';
  const d = expectFound(`${prose}${go15}\n\nThanks, and please keep it short.`, 'acme-billing/invoice.go');
  assert.ok(d.start >= prose.length - 2);
  expectFound(`${prose}\`\`\`go\n${go15}\n\`\`\`\nThanks.`, 'acme-billing/invoice.go');
  const both = `${prose}\`\`\`python\n${py30}\n\`\`\`\nand\n\`\`\`\n${go15}\n\`\`\``;
  assert.deepEqual(detector.scan(both).map((x) => x.description?.split(':')[1]), ['ledger.py', 'invoice.go']);
});

test('negatives: unrelated code of similar size and common idioms are not reported', () => {
  const unrelated = [
    `function debounce(fn, wait) {\n  let timer = null;\n  return function (...args) {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn.apply(this, args), wait);\n  };\n}\n\nexport async function fetchJson(url, { retries = 3 } = {}) {\n  for (let attempt = 0; attempt <= retries; attempt++) {\n    try {\n      const res = await fetch(url);\n      if (!res.ok) throw new Error(\`HTTP \${res.status}\`);\n      return await res.json();\n    } catch (err) {\n      if (attempt === retries) throw err;\n      await new Promise((r) => setTimeout(r, 2 ** attempt * 100));\n    }\n  }\n}\n`,
    `def parse_args(argv):\n    parser = argparse.ArgumentParser(description="resize images")\n    parser.add_argument("src")\n    parser.add_argument("--width", type=int, default=800)\n    parser.add_argument("--quality", type=int, default=85)\n    return parser.parse_args(argv)\n\n\ndef main(argv=None):\n    args = parse_args(argv)\n    for path in sorted(Path(args.src).glob("*.jpg")):\n        with Image.open(path) as im:\n            ratio = args.width / im.width\n            im.resize((args.width, int(im.height * ratio))).save(path.with_suffix(".small.jpg"), quality=args.quality)\n        print("resized", path)\n`,
    `package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\nfunc main() {\n\tfor i, arg := range os.Args[1:] {\n\t\tfmt.Println(i, strings.ToUpper(arg))\n\t}\n\tfor i := 0; i < len(os.Args); i++ {\n\t\tfmt.Println(os.Args[i])\n\t}\n}\n`,
    `// Copyright 2026 Acme Corp. Internal use only.\n# Copyright 2026 Acme Corp. Internal use only.\n-- Copyright 2026 Acme Corp. Internal use only.\n`,
    `SELECT id, name FROM users WHERE id = $1;\nSELECT COUNT(*) FROM orders WHERE customer_id = $1 AND status = 'open';\nUPDATE users SET name = $2 WHERE id = $1;\n`,
  ];
  for (const text of unrelated) assert.deepEqual(detector.scan(text), [], text.slice(0, 60));
});

test('results are cached per text and returned as fresh objects', () => {
  const a = detector.scan(go15);
  const b = detector.scan(go15);
  assert.deepEqual(a, b);
  assert.notEqual(a[0], b[0]);
});

/** Fresh code the index has never seen: a dozen ordinary lines of a different program. */
const OTHER_PY = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? `def helper_${i}(value, scale=${i}):` : i % 4 === 3 ? `    return total_${i} + offset_${i}` : `    total_${i} = value * scale + ${i * 7} - len(str(value))`)).join('\n');

test('10 plain lines are found; the line and the exact channel each find a copy on their own', () => {
  const py10 = lines('acme-billing/ledger.py', 38, 47);
  const d = expectFound(py10, 'acme-billing/ledger.py', 'high');
  const [, a, b] = /:L(\d+)-L(\d+)/.exec(d.description ?? '') ?? [];
  assert.ok(Number(a) >= 38 && Number(b) <= 47, d.description);
  expectFound(`Why does this raise?\n\n${py10}\n\nThe error is LedgerError.`, 'acme-billing/ledger.py', 'high');
  const only = (channel: string, text: string) => lookupText(index, text, { ...DEFAULT_LOOKUP_OPTIONS, ...(channel === 'lines' ? { minMatches: 1e9, minExactMatches: 1e9 } : { minMatches: 1e9, minLineMatches: 1e9 }) });
  assert.deepEqual(only('lines', py10).map((r) => [r.channel, r.file.path]), [['lines', 'ledger.py']], 'line channel alone');
  assert.deepEqual(only('exact', go15).map((r) => [r.channel, r.file.path]), [['exact', 'invoice.go']], 'exact channel alone');
});

test('a short shared run inside a larger block of unknown code is not reported; next to another indexed file it is', () => {
  const py8 = lines('acme-billing/ledger.py', 38, 45);
  assert.deepEqual(detector.scan(`${OTHER_PY}\n${py8}\n${OTHER_PY}`), [], 'eight lines of a company file inside 80 lines of other code');
  const both = `${lines('acme-billing/invoice.go', 46, 60)}\n\n${py8}`;
  assert.deepEqual(detector.scan(both).map((x) => x.description?.split(':')[1]).sort(), ['invoice.go', 'ledger.py']);
});

test('tool-call arguments that write a file (JSON-escaped) and apply_patch envelopes', () => {
  const write = JSON.stringify({ file_path: 'src/ledger_copy.py', content: `${py30}\n` });
  const d = expectFound(write, 'acme-billing/ledger.py', 'high');
  assert.ok(d.start > write.indexOf('"content"') && d.end <= write.length, 'span inside the escaped content');
  const patch = ['*** Begin Patch', '*** Add File: src/inv.go', ...go15.split('\n').map((l) => `+${l}`), '*** End Patch'].join('\n');
  expectFound(patch, 'acme-billing/invoice.go', 'high');
  expectFound(JSON.stringify({ input: patch }), 'acme-billing/invoice.go', 'high');
});

test('string tables: literals are on the exact channel, so a renamed table is still found', () => {
  const b = new OwnCodeIndexBuilder();
  const table = ['REGION_CODES = {', ...Array.from({ length: 14 }, (_, i) => `    "region-${(i * 37) % 101}-${['north', 'south', 'east', 'west'][i % 4]}": "zone ${String.fromCharCode(65 + i)} datacenter ${i * 13}",`), '}'].join('\n');
  b.addFile('acme', 'regions.py', `${table}\n`);
  const other = ['PRICE_LABELS = {', ...Array.from({ length: 14 }, (_, i) => `    "label-${i}": "price band ${i}",`), '}'].join('\n');
  b.addFile('acme', 'labels.py', `${other}\n`);
  const tables = createOwnCodeDetector(b.build());
  const renamed = table.replace('REGION_CODES', 'ZONES');
  assert.equal(tables.scan(renamed)[0]?.ownCode?.path, 'regions.py');
  assert.deepEqual(tables.scan(['LOOKUP = {', ...Array.from({ length: 14 }, (_, i) => `    "k${i * 3}": "value number ${i * 11}",`), '}'].join('\n')), [], 'another table of the same shape');
});
