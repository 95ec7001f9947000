import { parseArgs } from 'node:util';
import { pickSubcommand } from '../subcommand.ts';
import { existsSync, readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { DATA_DIR_OPTIONS, loadCommandConfig, openCommandStore } from '../command-config.ts';
import type { Config } from '../../config/types.ts';
import type { AuditPort, EventQuery, EventRow } from '../../audit/audit-store.ts';
import type { AuditEvent } from '../../audit/audit-event.ts';
import { verifyTrail } from '../../audit/verify.ts';
import { defaultSigningKeyPath, loadSigningKey, publicKeyPath, readPublicKey } from '../../audit/signing-key.ts';
import { openTranscript, parseTranscriptKey } from '../../audit/transcript-cipher.ts';
import { purgeTrail, PurgeRefused } from '../../audit/trail.ts';
import { toCef } from '../../audit/cef.ts';
import { formatEventLine, formatVerify, parseTimeArg } from './audit-report.ts';
import { usageError } from '../usage-error.ts';

const help = `Usage: sekisho audit <command> [options]

Reads the tamper-evident audit trail in the data directory, or in PostgreSQL with --store (one event per
request; docs/audit.md, docs/scale-out.md).

Commands:
  verify               Recompute the hash chain and check every signed checkpoint. Names the first
                       modified, deleted, inserted or reordered event, or a truncation.
                       Exit status: 0 intact, 1 tampered, 2 error.
  tail                 The latest events (-n, default 20); --follow keeps printing new ones
  search               Events matching filters (--since, --until, --principal, --decision, --rule)
  export               Events as JSON lines or CEF on stdout (--format jsonl|cef, --since, --until)
  transcript REQ_ID    Decrypt the captured request body of one event (needs the transcript key)
  purge                Delete events older than --before, behind a signed anchor (the rest still verifies)

Options:
  --public-key FILE    verify: Ed25519 public key (PEM) to check signatures with; repeatable.
                       Default: the public key beside the signing key.
  --since TIME         ISO 8601 date or date-time, or an age: 15m, 24h, 7d
  --until TIME         same, exclusive
  --principal ID       e.g. key:ci-bot, oidc:alice@example.com
  --decision ACTION    allow, redact, route-internal, block, refused
  --rule NAME          policy rule name, or a finding's rule id (aws-access-token, pii-email, ...)
  --limit N            search: at most N events (default 100)
  -n N                 tail: how many (default 20)
  --follow             tail: keep printing new events
  --json               tail/search: the event JSON, one per line
  --format FORMAT      export: jsonl (default) or cef
  --before TIME        purge: delete events that arrived before this time
  --key-file FILE      transcript: the transcript key (default: audit.transcripts.key of the config)
  --config FILE        YAML configuration (env SEKISHO_CONFIG)
  --data-dir DIR       State directory (env SEKISHO_DATA_DIR)
  --store URL          The trail in PostgreSQL, e.g. postgres://sekisho@db:5432/sekisho (env SEKISHO_STORE)
  -h, --help           Show this help
`;

const COMMANDS = ['verify', 'tail', 'search', 'export', 'transcript', 'purge'];

/** `sekisho audit verify | tail | search | export | transcript | purge`. Returns the exit code. */
export async function auditCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'public-key': { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
        principal: { type: 'string' },
        decision: { type: 'string' },
        rule: { type: 'string' },
        limit: { type: 'string' },
        n: { type: 'string', short: 'n' },
        follow: { type: 'boolean', short: 'f', default: false },
        json: { type: 'boolean', default: false },
        format: { type: 'string', default: 'jsonl' },
        before: { type: 'string' },
        'key-file': { type: 'string' },
        ...DATA_DIR_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const picked = pickSubcommand(positionals, values.help, { names: COMMANDS, listed: COMMANDS.join(', ') }, help, usage);
  if (typeof picked === 'number') return picked;
  const { command, args } = picked;
  if (command === 'transcript' && args.length !== 1) return usage('transcript needs one REQ_ID');
  if (command !== 'transcript' && args.length > 0) return usage(`${command} takes no arguments`);
  if (!['jsonl', 'cef'].includes(values.format)) return usage(`--format must be jsonl or cef, got "${values.format}"`);
  if (command === 'purge' && values.before === undefined) return usage('purge needs --before TIME');

  let config: Config;
  let query: EventQuery;
  try {
    config = await loadCommandConfig(values);
    query = {
      ...(values.since !== undefined ? { since: parseTimeArg(values.since) } : {}),
      ...(values.until !== undefined ? { until: parseTimeArg(values.until) } : {}),
      ...(values.principal !== undefined ? { principal: values.principal } : {}),
      ...(values.decision !== undefined ? { decision: values.decision } : {}),
      ...(values.rule !== undefined ? { rule: values.rule } : {}),
    };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  if (config.store.url === null && !existsSync(config.dataDir)) return fail(`no data directory at ${config.dataDir} (pass --data-dir or --config)`);
  let state;
  try {
    state = await openCommandStore(config);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const store = state.audit;
  const keyPath = config.audit.signingKey ?? defaultSigningKeyPath(config.dataDir);
  try {
    switch (command) {
      case 'verify':
        return await verify(store, values['public-key'] ?? [], keyPath);
      case 'tail':
        return await tail(store, positiveInt(values.n, 20, '-n'), values.follow, values.json);
      case 'search':
        for (const row of await store.search({ ...query, limit: positiveInt(values.limit, 100, '--limit') })) process.stdout.write(render(row, values.json));
        return 0;
      case 'export':
        return await exportEvents(store, query, values.format as 'jsonl' | 'cef');
      case 'transcript':
        return await transcript(store, args[0]!, values['key-file'], config);
      default: {
        const before = new Date(parseTimeArg(values.before!));
        const result = await purgeTrail(store, loadSigningKey(keyPath), before);
        process.stdout.write(
          result.anchor
            ? `purged ${result.events} events and ${result.transcripts} transcripts before ${before.toISOString()}; signed anchor at seq ${result.anchor.seq}\n`
            : `nothing to purge before ${before.toISOString()}\n`,
        );
        return 0;
      }
    }
  } catch (err) {
    if (err instanceof PurgeRefused) {
      process.stderr.write(`sekisho audit: ${err.message}\n  Run "sekisho audit verify" and keep this database as evidence.\n`);
      return 1;
    }
    return fail(err instanceof Error ? err.message : String(err));
  } finally {
    await state.close();
  }
}

async function verify(store: AuditPort, keyFiles: string[], signingKeyPath: string): Promise<number> {
  const keys: KeyObject[] = [];
  if (keyFiles.length > 0) {
    for (const f of keyFiles) keys.push(readPublicKey(f));
  } else {
    const pub = publicKeyPath(signingKeyPath);
    if (existsSync(pub)) keys.push(readPublicKey(pub));
    else if (existsSync(signingKeyPath)) keys.push(readPublicKey(signingKeyPath));
    else return fail(`no public key at ${pub}: pass --public-key FILE`);
  }
  // Checkpoints first: one signed while the events are read covers only events already there.
  const checkpoints = await store.checkpoints();
  const result = await verifyTrail(store.range(0), checkpoints, keys);
  process.stdout.write(formatVerify(result));
  return result.ok ? 0 : 1;
}

async function tail(store: AuditPort, n: number, follow: boolean, json: boolean): Promise<number> {
  const rows = (await store.search({ limit: n, newestFirst: true })).reverse();
  for (const row of rows) await write(render(row, json));
  if (!follow) return 0;
  let last = rows.at(-1)?.seq ?? (await store.head()).seq;
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  while (!stop) {
    await new Promise((r) => setTimeout(r, 500));
    for (const row of await store.search({ afterSeq: last, limit: 1000 })) {
      await write(render(row, json));
      last = row.seq;
    }
  }
  return 0;
}

async function exportEvents(store: AuditPort, query: EventQuery, format: 'jsonl' | 'cef'): Promise<number> {
  const version = packageVersion();
  let after = 0;
  for (;;) {
    const batch = await store.search({ ...query, afterSeq: after, limit: 1000 });
    if (batch.length === 0) return 0;
    for (const row of batch) await write(format === 'cef' ? toCef(JSON.parse(row.body) as AuditEvent, version) + '\n' : row.body + '\n');
    after = batch.at(-1)!.seq;
  }
}

async function transcript(store: AuditPort, id: string, keyFile: string | undefined, config: Config): Promise<number> {
  const key = keyFile !== undefined ? parseTranscriptKey(readFileSync(keyFile, 'utf8')) : config.audit.transcripts.key;
  if (!key) return fail('no transcript key: pass --key-file FILE or set audit.transcripts.key in the config');
  const sealed = await store.transcript(id);
  if (!sealed) return fail(`no transcript for ${id} (capture off at the time, not forwarded upstream, or purged)`);
  const text = openTranscript(id, sealed, key);
  process.stderr.write(`transcript of ${id}: ${sealed.bytes} bytes${sealed.truncated ? ' (truncated at the size cap)' : ''}, captured ${sealed.time}\n`);
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  return 0;
}

function render(row: EventRow, json: boolean): string {
  return json ? row.body + '\n' : formatEventLine(JSON.parse(row.body) as AuditEvent) + '\n';
}

/** Writes to stdout, waiting when the pipe is full (exports can be large). */
function write(text: string): Promise<void> {
  return process.stdout.write(text) ? Promise.resolve() : new Promise((r) => process.stdout.once('drain', () => r()));
}

function positiveInt(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return n;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function usage(message: string): number {
  return usageError('audit', message);
}

function fail(message: string): number {
  process.stderr.write(`sekisho audit: ${message}\n`);
  return 2;
}
