import type { ScanFinding } from './scan-finding.ts';

/**
 * Known findings to ignore (`--baseline FILE`). Why value hashes: a finding is identified by its file,
 * rule and value hash, so inserting lines above a known secret does not resurrect it, while a different
 * value on the same line is reported. Entries without a value hash (a gitleaks JSON report, whose objects
 * carry `Fingerprint`) match on the `path:ruleId:line` fingerprint alone.
 */
export class Baseline {
  readonly #byValue = new Set<string>();
  readonly #byFingerprint = new Set<string>();

  get size(): number {
    return this.#byValue.size + this.#byFingerprint.size;
  }

  add(entry: { path?: string; ruleId?: string; fingerprint?: string; valueHash?: string }): void {
    if (entry.valueHash !== undefined && entry.path !== undefined && entry.ruleId !== undefined) {
      this.#byValue.add(valueKey(entry.path, entry.ruleId, entry.valueHash));
    } else if (entry.fingerprint !== undefined) {
      this.#byFingerprint.add(entry.fingerprint);
    }
  }

  has(f: Pick<ScanFinding, 'path' | 'ruleId' | 'valueHash' | 'fingerprint'>): boolean {
    return this.#byValue.has(valueKey(f.path, f.ruleId, f.valueHash)) || this.#byFingerprint.has(f.fingerprint);
  }

  /** Splits findings into the new ones and the count of known ones. */
  filter<T extends Pick<ScanFinding, 'path' | 'ruleId' | 'valueHash' | 'fingerprint'>>(findings: readonly T[]): { fresh: T[]; known: number } {
    const fresh = findings.filter((f) => !this.has(f));
    return { fresh, known: findings.length - fresh.length };
  }
}

function valueKey(path: string, ruleId: string, valueHash: string): string {
  return `${path}\0${ruleId}\0${valueHash}`;
}

/**
 * A baseline from a file's text: this command's `--format json` report (`{ findings: [...] }`), a bare
 * array of such findings, or a gitleaks JSON report (`[{ "Fingerprint": ... }]`). Throws with a plain
 * message when it is none of these: a baseline that silently matched nothing would fail every CI run, and
 * one that silently matched everything would hide leaks.
 */
export function parseBaseline(text: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc['findings']) ? doc['findings'] : undefined;
  if (list === undefined) throw new Error('expected a sekisho JSON report ({"findings": [...]}) or an array of findings');
  const baseline = new Baseline();
  for (const [i, item] of list.entries()) {
    if (!isObject(item)) throw new Error(`findings[${i}] is not an object`);
    const entry = {
      path: str(item['path']) ?? str(item['File']),
      ruleId: str(item['ruleId']) ?? str(item['RuleID']),
      fingerprint: str(item['fingerprint']) ?? str(item['Fingerprint']),
      valueHash: str(item['valueHash']),
    };
    if (entry.fingerprint === undefined && (entry.valueHash === undefined || entry.path === undefined || entry.ruleId === undefined)) {
      throw new Error(`findings[${i}] has neither a fingerprint nor path, ruleId and valueHash`);
    }
    baseline.add(stripUndefined(entry));
  }
  return baseline;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function stripUndefined<T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k as keyof T] = v;
  return out;
}
