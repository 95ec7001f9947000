import type { AuditEvent } from '../audit/audit-event.ts';
import type { PolicyAction } from '../domain/decision.ts';
import type { CompiledPolicy } from './compile.ts';
import { evaluatePolicy } from './evaluate.ts';
import type { PolicyFacts } from './types.ts';

/** A decision as a report shows it. */
export interface ReplayDecision {
  action: PolicyAction;
  enforced: PolicyAction;
  rule: string;
  monitor?: boolean;
}

/** One recorded request whose outcome the new policy would change. */
export interface ReplayChange {
  id: string;
  time: string;
  principal: string;
  model: string;
  old: ReplayDecision;
  new: ReplayDecision;
}

export interface ReplayReport {
  /** Hash of the policy replayed. */
  policy: string;
  /** Events re-decided (refused events are not: see `refused`). */
  events: number;
  /**
   * Events the gateway refused itself before policy could matter (bad credential, limits, unreadable
   * body, …: `decision.action: "refused"`). They are counted, not re-decided: a policy cannot change them.
   */
  refused: number;
  /** Events whose outcome would differ (the enforced action, or the action monitor mode records). */
  changed: number;
  /** Same outcome, decided by a different rule. */
  ruleOnly: number;
  /** Counts per `old → new` outcome, e.g. `allow → block`, `allow → allow (monitor: block)`. */
  transitions: Array<{ from: string; to: string; count: number }>;
  /** The changed events, oldest first (up to `limit`). */
  changes: ReplayChange[];
}

export interface ReplayOptions {
  policy: CompiledPolicy;
  /** Zone of a requested model under the routes in force (the recorded served zone is not what rules match). */
  zoneFor: (model: string) => 'internal' | 'external' | undefined;
  /** Whether a requested model's route has an internal backend under the routes in force (where fail-closed keeps a request). */
  internalRouteFor?: (model: string) => boolean;
  /** Most changes listed (all are counted). Default 1000. */
  limit?: number;
}

/**
 * Re-decides recorded requests under a (new) policy from what the audit trail recorded — findings
 * (without values), principal, client tool, requested model, time, the kinds of uninspected content and
 * whether a value could not be redacted — and reports what would change.
 * Sticky sessions are replayed too: once the new policy routes a session internal, its later events
 * (same recorded `session` hash) are pinned, as the gateway would have done. Events must come in
 * recording order. Requests the gateway refused itself (`decision.action: "refused"`) are counted and
 * skipped: they never reached policy, and a policy cannot change a bad credential or a rate limit.
 */
export async function replayEvents(events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>, options: ReplayOptions): Promise<ReplayReport> {
  const limit = options.limit ?? 1000;
  const pinned = new Map<string, string>();
  const transitions = new Map<string, { from: string; to: string; count: number }>();
  const report: ReplayReport = { policy: options.policy.hash, events: 0, refused: 0, changed: 0, ruleOnly: 0, transitions: [], changes: [] };
  for await (const event of events) {
    const old = event.decision;
    if (old.action === 'refused') {
      report.refused++;
      continue;
    }
    report.events++;
    const zone = options.zoneFor(event.requestedModel);
    let decided: ReplayDecision = evaluatePolicy(options.policy, {
      findings: event.findings,
      principal: event.principal,
      clientTool: event.clientTool,
      model: event.requestedModel,
      ...(zone === undefined ? {} : { zone }),
      time: new Date(event.time),
      uninspected: (event.uninspectedKinds ?? []) as PolicyFacts['uninspected'],
      unredactable: event.unredactable === true,
      internalRoute: options.internalRouteFor?.(event.requestedModel) ?? false,
    }).decision;
    if (event.session !== undefined) {
      const pin = pinned.get(event.session);
      if (pin !== undefined && decided.enforced !== 'block' && decided.enforced !== 'route-internal') {
        decided = { action: 'route-internal', enforced: 'route-internal', rule: `sticky:${pin}` };
      } else if (pin === undefined && decided.enforced === 'route-internal') {
        pinned.set(event.session, decided.rule);
      }
    }
    const from = outcome(old);
    const to = outcome(decided);
    const key = `${from}\0${to}`;
    const t = transitions.get(key) ?? { from, to, count: 0 };
    t.count++;
    transitions.set(key, t);
    if (from !== to) {
      report.changed++;
      if (report.changes.length < limit) {
        report.changes.push({ id: event.id, time: event.time, principal: event.principal.id, model: event.requestedModel, old: pick(old), new: pick(decided) });
      }
    } else if (old.rule !== decided.rule) {
      report.ruleOnly++;
    }
  }
  report.transitions = [...transitions.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return report;
}

/** What happened to the request: the enforced action, and what monitor mode withheld. */
function outcome(d: ReplayDecision): string {
  return d.monitor && d.action !== d.enforced ? `${d.enforced} (monitor: ${d.action})` : d.enforced;
}

function pick(d: ReplayDecision): ReplayDecision {
  return { action: d.action, enforced: d.enforced, rule: d.rule, ...(d.monitor ? { monitor: true } : {}) };
}

/** `7d`, `12h`, `30m` → milliseconds; undefined when not a relative duration. */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+)\s*(d|h|m)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}
