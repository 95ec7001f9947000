/**
 * False-positive check on what real coding clients send: every request Claude Code, Codex CLI and
 * opencode sent to the recording fake (../shared/reference/clients/captures/<run>/requests/*.json), and
 * any run directories of scripts/real-clients/run.sh given as arguments (<out>/<scenario>/fake/*.json, what
 * reached the upstream, and <out>/<scenario>/tap/*.json, what the client sent in the policy scenarios),
 * goes through the gateway's inspector with every detector at every confidence tier (high-entropy rule
 * and personal data on). Findings on the values the sessions planted on purpose (the credentials in the
 * files the fake's tool call reads) are true positives and are counted apart; any other finding is a
 * false positive on the client's own content, printed with its place and context. Exits 1 on any.
 * Skips (exit 0) when ../shared is absent and no directory is given.
 *
 * Usage: node scripts/check-client-captures.ts [-v] [RUN_OUT_DIR ...]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';
import { allTiersInspector, apiOfPath, clientFindings, type ClientFinding } from '../test/clients/benign-findings.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '../shared/reference/clients/captures');
const args = process.argv.slice(2);
const verbose = args.includes('-v');
const runDirs = args.filter((a) => a !== '-v');

/** The reference captures' fake read a config.env holding AWS's documentation example credentials. */
const SHARED_PLANTED = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

interface Source { label: string; files: string[]; planted: string[] }
const sources: Source[] = [];
const jsonFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /^\d+(-.*)?\.json$/.test(f)).sort().map((f) => join(dir, f)) : [];

/** A tap record (tap-proxy.mjs: body in base64, maybe compressed) as the fake's shape: method, url, body. */
function readRecord(file: string): { method?: string; url?: string; path?: string; headers?: Record<string, string>; body?: unknown } {
  const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (typeof record.body64 !== 'string') return record;
  const raw = Buffer.from(record.body64, 'base64');
  const e = record.encoding;
  const bytes = e === 'gzip' ? gunzipSync(raw) : e === 'br' ? brotliDecompressSync(raw) : e === 'deflate' ? inflateSync(raw) : e === 'zstd' ? zstdDecompressSync(raw) : raw;
  let body: unknown;
  try { body = JSON.parse(bytes.toString('utf8')); } catch { body = undefined; }
  return { method: record.method as string, url: record.url as string, path: record.url as string, body };
}

if (existsSync(shared)) {
  for (const run of readdirSync(shared).sort()) sources.push({ label: `shared/${run}`, files: jsonFiles(join(shared, run, 'requests')), planted: SHARED_PLANTED });
}
for (const dir of runDirs) {
  // A run.sh output directory: the planted files live in <out>/repo; each scenario has its fake/ log.
  const repo = join(dir, 'repo');
  const planted = [...SHARED_PLANTED];
  if (existsSync(repo)) {
    for (const f of readdirSync(repo)) {
      const p = join(repo, f);
      if (statSync(p).isFile() && /\.(env|pem|key)$|secret/.test(f)) planted.push(...readFileSync(p, 'utf8').split('\n').filter((l) => l.length > 0));
    }
  }
  for (const s of readdirSync(dir).sort()) {
    const own = join(dir, s, 'planted.txt');
    const extra = existsSync(own) ? readFileSync(own, 'utf8').split('\n').filter((l) => l.length > 0) : [];
    if (existsSync(join(dir, s, 'fake'))) sources.push({ label: `${dir}/${s}`, files: jsonFiles(join(dir, s, 'fake')), planted: [...planted, ...extra] });
    if (existsSync(join(dir, s, 'tap'))) sources.push({ label: `${dir}/${s}/tap`, files: jsonFiles(join(dir, s, 'tap')), planted: [...planted, ...extra] });
  }
}
if (sources.length === 0) {
  console.log(`check:client-captures: ${shared} not found (no ../shared beside the project) and no run directory given; skipped.`);
  process.exit(0);
}

const inspector = allTiersInspector();
let requests = 0;
let truePositives = 0;
const falsePositives: Array<ClientFinding & { file: string }> = [];
const byRule = new Map<string, number>();
for (const source of sources) {
  for (const file of source.files) {
    const record = readRecord(file);
    const api = apiOfPath(record.path ?? record.url ?? '');
    if (record.method !== 'POST' || api === undefined || typeof record.body !== 'object' || record.body === null) continue;
    requests++;
    const search = (record.url ?? '').includes('?') ? (record.url ?? '').slice((record.url ?? '').indexOf('?')) : undefined;
    const findings = clientFindings(inspector, api, record.body, { headers: record.headers ?? {}, ...(search ? { search } : {}), expected: source.planted });
    for (const f of findings) {
      if (f.expected) truePositives++;
      else {
        falsePositives.push({ ...f, file: `${source.label}/${file.split('/').pop()}` });
        const key = `${f.ruleId}/${f.confidence}`;
        byRule.set(key, (byRule.get(key) ?? 0) + 1);
      }
    }
    if (verbose) console.log(`${source.label}/${file.split('/').pop()}: ${findings.length} finding(s)`);
  }
}
for (const f of falsePositives) console.log(`FP ${f.ruleId} (${f.confidence}) ${f.file} ${f.where}: ${f.excerpt}`);
const rules = [...byRule].map(([k, n]) => `${k} x${n}`).join(', ');
console.log(
  `check:client-captures: ${requests} client requests from ${sources.length} runs, all tiers + PII: ` +
    `${falsePositives.length} false positive(s)${rules ? ` (${rules})` : ''}, ${truePositives} finding(s) on planted values`,
);
process.exit(falsePositives.length > 0 ? 1 : 0);
