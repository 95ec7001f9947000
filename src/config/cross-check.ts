/**
 * Checks the schema cannot express: names that must be unique, routes that must name existing
 * backends, URLs that must parse, header names that must be valid. Runs on the schema-valid file.
 */
import { closestMatch } from './closest-match.ts';
import type { RawConfig, RawTarget } from './raw-config.ts';
import type { SchemaError } from './validate-schema.ts';
import { checkPolicyDocument, DOCUMENT_KEYS } from './build-policy.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Returns the problems found, located by path like schema errors. `extraBackends` are backends that
 * will be added from the environment or flags (`upstream`), so routes may already refer to them.
 */
export function crossCheck(raw: RawConfig, extraBackends: readonly string[] = []): SchemaError[] {
  const errors: SchemaError[] = [];
  const firstIndex = new Map<string, number>();
  (raw.backends ?? []).forEach((backend, i) => {
    const seen = firstIndex.get(backend.name);
    if (seen === undefined) firstIndex.set(backend.name, i);
    else errors.push({ path: ['backends', i, 'name'], message: `"${backend.name}" is already the name of backends[${seen}]`, keyword: 'unique' });
    if (!URL.canParse(backend.url)) errors.push({ path: ['backends', i, 'url'], message: 'must be a valid URL', keyword: 'url' });
    for (const name of Object.keys(backend.headers ?? {})) {
      if (!HEADER_NAME.test(name)) {
        errors.push({ path: ['backends', i, 'headers', name], message: `"${name}" is not a valid HTTP header name`, keyword: 'headerName' });
      }
    }
    const health = backend.health;
    if (backend.type === 'anthropic' && health?.enabled === true && (health.path ?? '') === '') {
      errors.push({ path: ['backends', i, 'health'], message: 'must set "path" when health checks are enabled for an anthropic backend', keyword: 'health' });
    }
  });
  const known = [...firstIndex.keys(), ...extraBackends];
  (raw.routes ?? []).forEach((route, i) => {
    const check = (list: 'targets' | 'fallbacks', targets: RawTarget[] | undefined): void => {
      (targets ?? []).forEach((target, j) => {
        if (known.includes(target.backend)) return;
        errors.push({ path: ['routes', i, list, j, 'backend'], message: unknownBackend(target.backend, known), keyword: 'backendRef' });
      });
    };
    check('targets', route.targets);
    check('fallbacks', route.fallbacks);
  });
  // Policy: inline rules or a file, not both; then what the schema cannot say about the rules.
  if (raw.policy !== undefined) {
    const policy = raw.policy;
    if (policy.file !== undefined) {
      for (const key of DOCUMENT_KEYS) {
        if (policy[key] !== undefined) errors.push({ path: ['policy', key], message: `"${key}" cannot be set here when policy.file is set (put it in the policy file)`, keyword: 'additionalProperties' });
      }
    }
    errors.push(...checkPolicyDocument(policy, ['policy']));
  }
  errors.push(...crossCheckLimits(raw));
  return errors;
}

// --- identity and limits (governance #5) ---
/** Limit rule names are unique (counters are kept per rule) and each rule limits something. */
function crossCheckLimits(raw: RawConfig): SchemaError[] {
  const errors: SchemaError[] = [];
  const seen = new Map<string, number>();
  (raw.limits ?? []).forEach((rule, i) => {
    const first = seen.get(rule.name);
    if (first === undefined) seen.set(rule.name, i);
    else errors.push({ path: ['limits', i, 'name'], message: `"${rule.name}" is already the name of limits[${first}]`, keyword: 'unique' });
    if (rule.requestsPerMinute === undefined && rule.tokensPerDay === undefined) {
      errors.push({ path: ['limits', i], message: 'must set requestsPerMinute, tokensPerDay or both', keyword: 'limit' });
    }
  });
  return errors;
}
// --- end identity and limits ---

function unknownBackend(name: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown backend "${name}" (no backends are configured)`;
  const hint = closestMatch(name, known);
  return hint === undefined
    ? `unknown backend "${name}" (configured: ${known.join(', ')})`
    : `unknown backend "${name}" (did you mean "${hint}"?)`;
}
