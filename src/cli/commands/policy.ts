import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadCommandConfig, openCommandStore } from '../command-config.ts';
import { ConfigError } from '../../config/config-error.ts';
import type { Config } from '../../config/types.ts';
import type { AuditEvent } from '../../audit/audit-event.ts';
import type { Dialect } from '../../protocols/protocol.ts';
import { protocols } from '../../protocols/index.ts';
import { Backend } from '../../backends/backend.ts';
import { Router } from '../../routing/router.ts';
import { buildDetectors } from '../../inspection/build-detectors.ts';
import { INDEX_FILE_NAME } from '../../inspection/own-code/store/rebuild-index.ts';
import { Inspector } from '../../inspection/inspector.ts';
import { requestSurfaces, type WireApi } from '../../inspection/wire-surfaces.ts';
import { readStrictJson } from '../../util/strict-json.ts';
import { compilePolicy, type CompiledPolicy } from '../../policy/compile.ts';
import { evaluatePolicy, formatDecisionHeader } from '../../policy/evaluate.ts';
import { loadPolicyFile } from '../../policy/load-policy.ts';
import { fromInspectionMode } from '../../policy/policy-source.ts';
import { kindsOf } from '../../inspection/uninspected.ts';
import { predictUnredactable } from '../../redaction/unredactable.ts';
import { internalModelProblem, zoneOfRoute } from '../../policy/model-zone.ts';
import { parseSince, replayEvents, type ReplayReport } from '../../policy/replay.ts';
import { CLIENT_TOOLS, type PolicyDocument, type PolicyFacts } from '../../policy/types.ts';
import { usageError } from '../usage-error.ts';
import { hostname } from 'node:os';
import { openChangeFeed } from '../../store/open-change-feed.ts';
import { GatewayError } from '../../errors.ts';

const help = `Usage: sekisho policy <check|test|replay|reload> [options]

  check                   Validate the policy (the config's policy section or policy file, or --policy)
  test REQUEST.json       Inspect a request body with the gateway's detectors and show the decision
  replay                  Re-decide recorded requests under a policy and report what would change
  reload                  Tell every running instance to re-read its policy file now (needs the shared
                          state: redis.url / --redis, or store.url / --store; docs/scale-out.md)

Common options:
  --config FILE           YAML configuration (env SEKISHO_CONFIG)
  --policy FILE           A policy file to use instead of the configured policy
  --json                  Machine-readable output (test, replay)

policy test options:
  --api API               messages, chat or responses (default: guessed from the body)
  --model M               Requested model (default: the body's)
  --user U  --team T  --group G (repeatable)  --key K   Who is asking (default: anonymous)
  --client-tool X         ${CLIENT_TOOLS.join(', ')} (default: other)
  --time ISO              When (default: now)

policy reload options:
  --store URL             PostgreSQL the instances share (env SEKISHO_STORE; NOTIFY when there is no Redis)
  --redis URL             Redis the instances share (env SEKISHO_REDIS; pub/sub)

policy replay options:
  --since D               How far back: 7d, 12h, 30m, or an ISO date (default 7d)
  --until D               Up to (same forms; default now)
  --data-dir DIR          Where the audit trail is (default: the configured data directory)
  --store URL             The trail in PostgreSQL, e.g. postgres://sekisho@db:5432/sekisho (env SEKISHO_STORE)
  --limit N               Changed requests listed (default 50; all are counted)

Exit status: 0 ok, 1 shared state unreachable (reload), 2 invalid policy, configuration or usage.
`;

/** `sekisho policy`: check, test and replay policies. Returns the exit code. */
export async function policyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        policy: { type: 'string' },
        json: { type: 'boolean' },
        api: { type: 'string' },
        model: { type: 'string' },
        user: { type: 'string' },
        team: { type: 'string' },
        group: { type: 'string', multiple: true },
        key: { type: 'string' },
        'client-tool': { type: 'string' },
        time: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        'data-dir': { type: 'string' },
        store: { type: 'string' },
        redis: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(help);
    return 0;
  }
  try {
    const config = await loadCommandConfig({ config: stringOption(values.config), 'data-dir': stringOption(values['data-dir']), store: stringOption(values.store), redis: stringOption(values.redis) });
    if (sub === 'reload') return await announceReload(config);
    const loaded = await loadPolicy(config, values.policy as string | undefined);
    switch (sub) {
      case 'check':
        return check(loaded);
      case 'test':
        return testRequest(config, loaded, positionals, values);
      case 'replay':
        return await replay(config, loaded, values);
      default:
        return usage(`unknown subcommand "${sub}"`);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sekisho policy: invalid policy or configuration\n  ${err.message.replaceAll('\n', '\n  ')}\n`);
      return 2;
    }
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
}

/**
 * `sekisho policy reload`: bumps the policy epoch in the shared state and broadcasts it; every instance
 * re-reads its own policy file and reports the hash now in force (see `/healthz` → `fanOut`). Exit 0 when
 * announced, 1 when the shared state cannot be reached, 2 when there is none configured.
 */
async function announceReload(config: Config): Promise<number> {
  const feed = await openChangeFeed({ store: config.store, redis: config.redis });
  if (feed === undefined) {
    return usage('nothing to tell: no shared state is configured (store.url / --store or redis.url / --redis). A single gateway reloads its policy file by itself, or on POST /admin/v1/policy/reload');
  }
  try {
    const epoch = await feed.announce('policy', `cli:${hostname()}:${process.pid}`);
    process.stdout.write(`policy reload announced to every instance (${feed.location}, change ${epoch}); each re-reads its policy file and reports its hash (/healthz → fanOut)\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`sekisho policy: could not reach the shared state at ${feed.location}: ${err instanceof GatewayError ? (err.info.reason ?? err.message) : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await feed.close().catch(() => {});
  }
}

class UsageError extends Error {}

function usage(message: string): number {
  return usageError('policy', message);
}

interface LoadedPolicy {
  policy: CompiledPolicy;
  /** Where it came from, for messages. */
  source: string;
  zoneFor: (model: string) => 'internal' | 'external' | undefined;
  /** The model's route has an internal backend (where fail-closed keeps a request). */
  internalRoute: (model: string) => boolean;
}

/** The policy to use: `--policy FILE`, else the configured file, else the inline section, else inspection.mode. */
async function loadPolicy(config: Config, override: string | undefined): Promise<LoadedPolicy> {
  const fallback = config.inspection.mode === 'redact' ? 'redact' : 'allow';
  const file = override ?? config.policy.file ?? undefined;
  let document: PolicyDocument;
  let source: string;
  if (file !== undefined) {
    document = (await loadPolicyFile(file, fallback)).document;
    source = file;
  } else {
    document = config.policy.document ?? fromInspectionMode(config);
    source = config.policy.document ? `${config.source ?? 'config'} (policy section)` : `inspection.mode ${config.inspection.mode} (no policy section)`;
  }
  const backends = new Map(config.backends.map((b) => [b.name, new Backend(b)]));
  const router = new Router(config.routes, backends);
  for (const b of backends.values()) b.close();
  const zones = new Map(config.backends.map((b) => [b.name, b.zone]));
  const zoneOf = (name: string): 'internal' | 'external' | undefined => zones.get(name);
  if (document.internalModel !== undefined) {
    const problem = internalModelProblem(document.internalModel, router.routeFor(document.internalModel), zoneOf);
    if (problem !== undefined) throw new ConfigError([{ where: file ?? 'policy', text: problem }]);
  }
  const internalRoute = (model: string): boolean => {
    const route = router.routeFor(model);
    return route !== undefined && [...route.targets, ...route.fallbacks].some((t) => zoneOf(t.backend) === 'internal');
  };
  return { policy: compilePolicy(document), source, zoneFor: (model) => zoneOfRoute(router.routeFor(model), zoneOf), internalRoute };
}

function check({ policy, source }: LoadedPolicy): number {
  const d = policy.document;
  process.stdout.write(
    `policy OK: ${source}\n  ${d.rules.length} rule${d.rules.length === 1 ? '' : 's'} (first match wins), default ${d.default}` +
      `${d.monitor ? ', monitor mode (nothing enforced)' : ''}${d.internalModel ? `, internalModel ${d.internalModel}` : ''}, hash ${policy.hash}\n`,
  );
  for (const rule of d.rules) process.stdout.write(`  - ${rule.name}: ${rule.action}${rule.monitor ? ' (monitor)' : ''}\n`);
  return 0;
}

const DIALECTS: Record<string, Dialect> = { messages: 'anthropic-messages', chat: 'openai-chat', responses: 'openai-responses' };

function testRequest(config: Config, loaded: LoadedPolicy, positionals: string[], values: Record<string, unknown>): number {
  if (positionals.length !== 1) throw new UsageError('policy test needs one REQUEST.json');
  const path = positionals[0]!;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
  // Read as the gateway reads a body: JSON two parsers could read differently is refused there too.
  const read = readStrictJson(bytes);
  if (!read.ok) throw new UsageError(`${path}: the gateway would refuse this body (400): ${read.error.message}`);
  const body = read.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError(`${path}: not a JSON object`);
  const api = typeof values.api === 'string' ? values.api : guessApi(body as Record<string, unknown>);
  const dialect = DIALECTS[api];
  if (!dialect) throw new UsageError(`--api must be messages, chat or responses, got "${api}"`);
  const parsed = protocols[dialect].parseRequest(body);
  if (!parsed.ok) throw new UsageError(`${path}: not a valid ${api} request: ${parsed.param ? `${parsed.param}: ` : ''}${parsed.message}`);
  const clientTool = typeof values['client-tool'] === 'string' ? values['client-tool'] : 'other';
  if (!(CLIENT_TOOLS as readonly string[]).includes(clientTool)) throw new UsageError(`--client-tool must be one of ${CLIENT_TOOLS.join(', ')}`);
  const time = typeof values.time === 'string' ? new Date(values.time) : new Date();
  if (Number.isNaN(time.getTime())) throw new UsageError(`--time must be an ISO date, got "${String(values.time)}"`);

  const built = buildDetectors(config.inspection, { ownCodeIndexPath: join(config.dataDir, INDEX_FILE_NAME) });
  for (const warning of built.warnings) process.stderr.write(`sekisho policy: warning: ${warning}\n`);
  const inspection = config.inspection.mode === 'off'
    ? { findings: [], uninspected: [], detections: [] }
    : new Inspector({ detectors: built.detectors, hashKey: randomBytes(32) }).inspectSurfaces(
        // What the gateway scans: the body as it would be forwarded, every field and string of it.
        requestSurfaces({ api: api as WireApi, body }, parsed.value),
      );
  const model = typeof values.model === 'string' ? values.model : parsed.value.model;
  const zone = loaded.zoneFor(model);
  const principal: PolicyFacts['principal'] = {
    id: typeof values.key === 'string' ? `key:${values.key}` : 'anonymous',
    groups: Array.isArray(values.group) ? (values.group as string[]) : [],
    ...(typeof values.user === 'string' ? { user: values.user } : {}),
    ...(typeof values.team === 'string' ? { team: values.team } : {}),
  };
  const facts: PolicyFacts = {
    findings: inspection.findings, principal, clientTool, model, ...(zone === undefined ? {} : { zone }), time,
    uninspected: inspection.uninspected.map(kindsOf),
    unredactable: predictUnredactable(parsed.value, inspection.detections),
    internalRoute: loaded.internalRoute(model),
  };
  const result = evaluatePolicy(loaded.policy, facts, { explain: true });
  const findings = inspection.findings.map((f) => ({
    type: f.type,
    rule: f.ruleId,
    confidence: f.confidence,
    where: `${f.location.surface}${f.location.message === undefined ? '' : ` message ${f.location.message}`}${f.location.path ? ` ${f.location.path}` : ''}`,
    ...(f.description ? { description: f.description } : {}),
    ...(f.ownCode ? { ownCode: `${f.ownCode.repository}:${f.ownCode.path}:L${f.ownCode.startLine}-L${f.ownCode.endLine}` } : {}),
  }));
  const header = formatDecisionHeader(result.decision);
  if (values.json) {
    process.stdout.write(JSON.stringify({ policy: loaded.source, hash: loaded.policy.hash, api, model, zone: zone ?? null, clientTool, principal, time: time.toISOString(), findings, decision: result.decision, why: result.why, trace: result.trace, header }, null, 2) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push(`request: ${api}, model ${model} (${zone === undefined ? 'no route' : `${zone} zone`}), client tool ${clientTool}, principal ${principal.id}${principal.user ? ` (user ${principal.user})` : ''}`);
  out.push(`findings: ${findings.length === 0 ? 'none' : findings.length}`);
  if (inspection.uninspected.length > 0) out.push(`uninspected: ${inspection.uninspected.map((u) => kindsOf(u).join('/')).join(', ')}`);
  if (facts.unredactable) out.push('unredactable: a value found could not be redacted (signed reasoning or an encoded attachment)');
  for (const f of findings) out.push(`  ${f.type.padEnd(10)} ${f.rule.padEnd(28)} ${f.confidence.padEnd(6)} ${f.where}${f.ownCode ? `  ${f.ownCode}` : ''}`);
  out.push(`decision: ${result.decision.action}${result.decision.monitor ? ' (monitor mode: not enforced, allow)' : ''} — rule ${result.decision.rule}`);
  for (const why of result.why) out.push(`  because: ${why}`);
  if (result.decision.reason) out.push(`  reason shown to the developer: ${result.decision.reason}`);
  out.push('rules tried (first match wins):');
  for (const t of result.trace ?? []) out.push(`  ${t.matched ? '✓' : '✗'} ${t.rule}: ${t.why.join('; ')}`);
  if (result.decision.rule === 'default') out.push(`  no rule matched: default ${loaded.policy.document.default}`);
  out.push(`header: x-sekisho-decision: ${header}`);
  out.push('(sticky sessions are not simulated: a turn of a session already pinned internal would be route-internal)');
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** Responses bodies have `input`; Messages bodies a top-level `system` or `max_tokens` without Chat-only fields. */
function guessApi(body: Record<string, unknown>): string {
  if ('input' in body) return 'responses';
  if ('system' in body || 'anthropic_version' in body) return 'messages';
  const chatOnly = ['max_completion_tokens', 'n', 'stream_options', 'response_format', 'logprobs', 'frequency_penalty', 'presence_penalty'];
  if ('max_tokens' in body && !chatOnly.some((k) => k in body)) {
    const messages = Array.isArray(body.messages) ? body.messages : [];
    if (!messages.some((m) => typeof m === 'object' && m !== null && ['system', 'developer', 'tool'].includes(String((m as { role?: unknown }).role)))) return 'messages';
  }
  return 'chat';
}

async function replay(config: Config, loaded: LoadedPolicy, values: Record<string, unknown>): Promise<number> {
  const now = Date.now();
  const since = parseTime(typeof values.since === 'string' ? values.since : '7d', now, '--since');
  const until = values.until === undefined ? undefined : parseTime(String(values.until), now, '--until');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit must be a whole number');
  const dbPath = join(config.dataDir, 'sekisho.db');
  if (config.store.url === null && !existsSync(dbPath)) {
    process.stderr.write(`sekisho policy: no database at ${dbPath} (is --data-dir right?)\n`);
    return 2;
  }
  let store;
  try {
    store = await openCommandStore(config);
  } catch (err) {
    process.stderr.write(`sekisho policy: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const audit = store.audit;
    // Read in pages of the audit port, in chain order.
    const events = (async function* (): AsyncGenerator<AuditEvent> {
      let afterSeq = 0;
      for (;;) {
        const page = await audit.search({ since, ...(until === undefined ? {} : { until }), afterSeq, limit: 1000 });
        for (const row of page) yield JSON.parse(row.body) as AuditEvent;
        if (page.length < 1000) return;
        afterSeq = page.at(-1)!.seq;
      }
    })();
    const report = await replayEvents(events, { policy: loaded.policy, zoneFor: loaded.zoneFor, internalRouteFor: loaded.internalRoute, limit });
    process.stdout.write(values.json ? JSON.stringify({ source: loaded.source, since, until: until ?? null, ...report }, null, 2) + '\n' : renderReplay(report, loaded.source, since, until));
    return 0;
  } finally {
    await store.close();
  }
}

function parseTime(text: string, now: number, flag: string): string {
  const relative = parseSince(text);
  if (relative !== undefined) return new Date(now - relative).toISOString();
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} must be a duration such as 7d, 12h, 30m or an ISO date, got "${text}"`);
  return date.toISOString();
}

function renderReplay(report: ReplayReport, source: string, since: string, until: string | undefined): string {
  const out: string[] = [];
  out.push(`replayed ${report.events} recorded request${report.events === 1 ? '' : 's'} from ${since} to ${until ?? 'now'} under ${source} (hash ${report.policy})`);
  if (report.refused > 0) {
    out.push(`${report.refused} refused request${report.refused === 1 ? ' was' : 's were'} not re-decided: the gateway refused ${report.refused === 1 ? 'it' : 'them'} before policy (credential, limits, unreadable body, …; audit search --decision refused)`);
  }
  out.push(`${report.changed} would change${report.ruleOnly > 0 ? `; ${report.ruleOnly} more keep their outcome under another rule` : ''}`);
  if (report.transitions.length > 0) {
    out.push('', 'outcomes (recorded → replayed):');
    for (const t of report.transitions) out.push(`  ${String(t.count).padStart(7)}  ${t.from} → ${t.to}${t.from === t.to ? '' : '   *'}`);
  }
  if (report.changes.length > 0) {
    out.push('', 'changed requests:');
    for (const c of report.changes) {
      out.push(`  ${c.id}  ${c.time}  ${c.principal}  ${c.model}: ${c.old.enforced} (${c.old.rule}) → ${c.new.monitor ? `${c.new.enforced}, monitor ${c.new.action}` : c.new.enforced} (${c.new.rule})`);
    }
    if (report.changes.length < report.changed) out.push(`  … and ${report.changed - report.changes.length} more (--limit, or --json)`);
  }
  return out.join('\n') + '\n';
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
