/**
 * Runs the gateway's inspector over one client request exactly as the gateway's inspect stage would
 * (every string of the body as forwarded, the query string, the headers), with every detector on at
 * every confidence tier: the built-in secret rules plus the low-confidence high-entropy rule, and
 * personal data. Used by test/clients/benign-client-requests.test.ts (requests we write ourselves) and
 * scripts/check-client-captures.ts (requests the real clients sent, recorded in ../shared).
 *
 * A finding on what a coding client sends on its own (system prompt, tool definitions, environment
 * block, git status, attribution lines, file listings, AGENTS.md / CLAUDE.md) is a false positive: under
 * a blocking or redacting policy it would derail every session. Values the caller planted on purpose
 * (a credential in a file the session reads) are passed as `expected` and left out of the count.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { Inspector } from '../../src/inspection/inspector.ts';
import { requestSurfaces, type WireApi } from '../../src/inspection/wire-surfaces.ts';
import { protocols } from '../../src/protocols/index.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import { FORWARDED_CLIENT_HEADERS } from '../../src/backends/upstream-headers.ts';

export interface ClientFinding {
  ruleId: string;
  confidence: string;
  where: string;
  /** The matched text with a little context, for a person reading the report (benign content only). */
  excerpt: string;
  /** The value was one the caller planted (`expected`): a true positive. */
  expected: boolean;
}

const DIALECTS = { messages: 'anthropic-messages', chat: 'openai-chat', responses: 'openai-responses' } as const;

/** The API a request path names (suffix match, as the gateway routes them), or undefined. */
export function apiOfPath(path: string): WireApi | undefined {
  const p = path.split('?')[0] ?? '';
  if (p.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (p.endsWith('/messages')) return 'messages';
  if (p.endsWith('/chat/completions')) return 'chat';
  if (p.endsWith('/responses')) return 'responses';
  return undefined;
}

/** One inspector with every detector at every tier (one per process: building the rules costs ~0.1 s). */
export function allTiersInspector(): Inspector {
  const inspection = defaultInspection();
  const built = buildDetectors({ ...inspection, rules: { ...inspection.rules, highEntropy: true }, pii: true });
  return new Inspector({ detectors: built.detectors, hashKey: randomBytes(32), cacheEntries: 0 });
}

export function clientFindings(
  inspector: Inspector,
  api: WireApi,
  body: unknown,
  options: { headers?: IncomingHttpHeaders; search?: string; expected?: readonly string[] } = {},
): ClientFinding[] {
  const dialect = DIALECTS[api === 'count_tokens' ? 'messages' : (api as keyof typeof DIALECTS)];
  const parsed = dialect ? protocols[dialect].parseRequest(body) : undefined;
  const conversation = parsed?.ok ? parsed.value : undefined;
  const surfaces = requestSurfaces(
    { api, body, ...(options.search ? { search: options.search } : {}), ...(options.headers ? { headers: options.headers } : {}), forwardedHeaders: FORWARDED_CLIENT_HEADERS },
    conversation,
  );
  const expected = options.expected ?? [];
  const result = inspector.inspectSurfaces(surfaces);
  return result.detections.map(({ detection: d, location: l, text }) => {
    const raw = text.slice(d.valueStart, d.valueEnd);
    return {
      ruleId: d.ruleId,
      confidence: d.confidence,
      where: `${l.surface}${l.message === undefined ? '' : ` message ${l.message}`}${l.path ? ` ${l.path}` : ''}`,
      excerpt: JSON.stringify(text.slice(Math.max(0, d.start - 40), d.end + 40)),
      expected: expected.some((v) => v.includes(d.value) || d.value.includes(v) || v.includes(raw)),
    };
  });
}
