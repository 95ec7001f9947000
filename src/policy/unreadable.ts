import type { Decision } from '../domain/decision.ts';
import type { CompiledPolicy, CompiledRule } from './compile.ts';
import { describeUninspected } from './compile.ts';
import type { PolicyFacts } from './types.ts';

/** Rule names of the fail-closed default, as the decision header, errors and the audit trail show them. */
export const UNINSPECTED_RULE = 'default:uninspected';
export const UNREDACTABLE_RULE = 'default:unredactable';

/**
 * The fail-closed default for what Sekisho could not read (policy `unreadable: fail-closed`, the
 * default). After first-match-wins has decided, a request that would still leave for an external
 * backend (enforced `allow` or `redact`, requested model in the external zone) is kept internal — or
 * refused when no internal backend can serve it — when:
 *
 * - it carries uninspected content (images, PDFs, documents, audio, file references, remote URLs) that
 *   the rule that fired does not explicitly let through: only an `allow` / `redact` rule with an
 *   `uninspected` condition does, and only for entries having one of the kinds it lists; the default
 *   action never does;
 * - redaction is enforced and a value found could not be redacted (signed reasoning, an encoded
 *   payload), unless the rule that fired is an `allow` / `redact` rule with `unredactable: true`.
 *
 * `block` and `route-internal` decisions, internal-only models, and models no route serves are left as
 * they are. In monitor mode the outcome is recorded, not enforced, like any other decision.
 */
export function applyUnreadableDefault(policy: CompiledPolicy, facts: PolicyFacts, decision: Decision, fired: CompiledRule | undefined): { decision: Decision; why?: string } {
  if (policy.document.unreadable === 'allow') return { decision };
  if (decision.enforced !== 'allow' && decision.enforced !== 'redact') return { decision };
  if (facts.zone !== 'external') return { decision };
  const explicit = fired !== undefined && (fired.rule.action === 'allow' || fired.rule.action === 'redact') ? fired.rule.when : undefined;
  const allowedKinds = new Set<string>(explicit?.uninspected ?? []);
  const uncovered = (facts.uninspected ?? []).filter((kinds) => !kinds.some((k) => allowedKinds.has(k)));
  const unredactable = decision.enforced === 'redact' && facts.unredactable === true && explicit?.unredactable !== true;
  if (uncovered.length === 0 && !unredactable) return { decision };

  const internal = facts.internalRoute === true || policy.document.internalModel !== undefined;
  const action = internal ? 'route-internal' : 'block';
  const monitor = policy.document.monitor;
  const what = uncovered.length > 0 ? `content Sekisho cannot inspect (${describeUninspected(uncovered)})` : 'a sensitive value Sekisho cannot redact (it sits in signed reasoning or an encoded attachment)';
  const reason = uncovered.length > 0 ? uninspectedReason(uncovered, internal) : unredactableReason(internal);
  const guarded: Decision = {
    action,
    enforced: monitor ? decision.enforced : action,
    rule: uncovered.length > 0 ? UNINSPECTED_RULE : UNREDACTABLE_RULE,
    reason,
  };
  if (monitor) guarded.monitor = true;
  return { decision: guarded, why: `${what} would go to an external model; no rule explicitly allows it (${decision.rule} decided ${decision.action})` };
}

function uninspectedReason(entries: ReadonlyArray<readonly string[]>, internal: boolean): string {
  const kinds = describeUninspected(entries);
  const outcome = internal ? 'so it was sent to an internal model instead' : 'so it was not sent (no internal model can serve it)';
  return (
    `this request carries content Sekisho cannot inspect (${kinds}) — for example a pasted screenshot, a PDF or an uploaded file — ` +
    `and external models only receive inspected content, ${outcome}. Remove the attachment from the conversation (start a new ` +
    'conversation, or paste its text instead), or ask your security team for a policy rule that allows it'
  );
}

function unredactableReason(internal: boolean): string {
  const outcome = internal ? 'so it was sent to an internal model instead' : 'so it was not sent (no internal model can serve it)';
  return (
    'this request carries a sensitive value where Sekisho cannot replace it (inside signed model reasoning or an encoded ' +
    `attachment), ${outcome}. Remove that part of the conversation or start a new conversation`
  );
}
