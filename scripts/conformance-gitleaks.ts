/**
 * Why: proves that a gitleaks config means the same in Sekisho as in gitleaks. Runs every labelled case of
 * ../shared/eval/gitleaks against a scanner holding only that case's rule plus the global allowlist (how
 * gitleaks' own rule tests run), prints failures per rule, writes docs/conformance.md.
 * Usage: node scripts/conformance-gitleaks.ts [--report-only]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGitleaksTomlFile } from '../src/inspection/secrets/load-gitleaks-toml.ts';
import { SecretScanner } from '../src/inspection/secrets/rule-engine.ts';

interface Case {
  rule: string;
  text: string;
  label: 'tp' | 'fp';
  generated: boolean;
  path?: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(root, '../shared/eval/gitleaks');
const reportOnly = process.argv.includes('--report-only');

if (!existsSync(resolve(evalDir, 'cases.jsonl'))) {
  console.log(`conformance: ${evalDir} not found; nothing to check.`);
  process.exit(0);
}

const set = loadGitleaksTomlFile(resolve(evalDir, 'gitleaks.toml'));
for (const w of set.warnings) console.log(`warning: ${w}`);
const scanners = new Map<string, SecretScanner>();
function scannerFor(id: string): SecretScanner {
  let s = scanners.get(id);
  if (s === undefined) {
    const rule = set.rules.find((r) => r.id === id);
    if (rule === undefined) throw new Error(`case names unknown rule ${id}`);
    s = new SecretScanner([rule], set.allowlists, { honorGitleaksAllow: true });
    scanners.set(id, s);
  }
  return s;
}

const cases = readFileSync(resolve(evalDir, 'cases.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Case);
const failures = new Map<string, string[]>();
let passed = 0;
const started = performance.now();
for (const c of cases) {
  const found = scannerFor(c.rule).scanFragment(c.text, c.path === undefined ? {} : { path: c.path });
  const ok = c.label === 'fp' ? found.length === 0 : c.path !== undefined ? found.length === 1 : found.length > 0;
  if (ok) {
    passed++;
    continue;
  }
  const list = failures.get(c.rule) ?? [];
  list.push(`${c.label} (${found.length} findings): ${JSON.stringify(c.text.slice(0, 160))}${c.path === undefined ? '' : ` path=${c.path}`}`);
  failures.set(c.rule, list);
}
const seconds = (performance.now() - started) / 1000;
const failed = cases.length - passed;
for (const [rule, list] of [...failures].sort()) {
  console.log(`FAIL ${rule}: ${list.length}`);
  for (const line of list.slice(0, 5)) console.log(`  ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);

const lines = [
  '# Gitleaks conformance',
  '',
  'Written by `npm run conformance:gitleaks` (`scripts/conformance-gitleaks.ts`). Each case of',
  '`../shared/eval/gitleaks/cases.jsonl` runs against a `SecretScanner` holding only its rule from',
  '`../shared/eval/gitleaks/gitleaks.toml` plus the global allowlist, with `gitleaks:allow` honoured',
  '(as in gitleaks\' rule tests). A `tp` needs a finding of that rule (exactly one when the case has a',
  'path); an `fp` needs none.',
  '',
  `**${passed} passed, ${failed} failed** of ${cases.length} cases, ${set.rules.length} rules, in ${seconds.toFixed(1)} s.`,
  '',
];
if (failed > 0) {
  lines.push('| rule | failing cases |', '|---|---|');
  for (const [rule, list] of [...failures].sort()) lines.push(`| \`${rule}\` | ${list.length} |`);
  lines.push('');
}
writeFileSync(resolve(root, 'docs/conformance.md'), lines.join('\n'));
process.exit(failed > 0 && !reportOnly ? 1 : 0);
