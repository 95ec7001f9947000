import { compileRe2 } from './re2-pattern.ts';
import type { Re2Pattern } from './re2-pattern.ts';
import type { AllowlistSpec } from './rule-set.ts';

/** What an allowlist is checked against for one finding. */
export interface AllowCandidate {
  secret: string;
  match: string;
  line: string;
  path?: string;
  commit?: string;
}

/**
 * Why: allowlists are how a gitleaks config says "this looks like a secret but is not"; getting their
 * logic exactly right (joined regexes, targets, OR/AND) is most of what separates our calls from
 * gitleaks'. Like gitleaks, each list's regexes are joined into one `(?:r1|r2|…)`, so a mid-pattern flag
 * in one regex reaches the regexes after it; the same for paths.
 */
export class CompiledAllowlist {
  readonly spec: AllowlistSpec;
  readonly #regex: Re2Pattern | undefined;
  readonly #path: Re2Pattern | undefined;
  readonly #stopwords: string[];

  constructor(spec: AllowlistSpec, owner: string) {
    this.spec = spec;
    this.#regex = spec.regexes.length > 0 ? compileRe2(`(?:${spec.regexes.join('|')})`, `${owner} regexes`) : undefined;
    this.#path = spec.paths.length > 0 ? compileRe2(`(?:${spec.paths.join('|')})`, `${owner} paths`) : undefined;
    this.#stopwords = spec.stopwords.map((w) => w.toLowerCase());
  }

  #commitAllowed(commit: string | undefined): boolean {
    return commit !== undefined && commit !== '' && this.spec.commits.includes(commit);
  }

  #pathAllowed(path: string | undefined): boolean {
    return this.#path !== undefined && path !== undefined && path !== '' && this.#path.test(path);
  }

  /** Checked before any regex runs: does this list drop everything in this file / commit? */
  allowsLocation(path: string | undefined, commit: string | undefined): boolean {
    const s = this.spec;
    if (s.condition === 'AND') {
      if (s.regexes.length > 0 || s.stopwords.length > 0) return false;
      const checks: boolean[] = [];
      if (s.commits.length > 0) checks.push(this.#commitAllowed(commit));
      if (s.paths.length > 0) checks.push(this.#pathAllowed(path));
      return checks.length > 0 && checks.every(Boolean);
    }
    return this.#commitAllowed(commit) || this.#pathAllowed(path);
  }

  /** Does this list drop the finding? */
  allows(c: AllowCandidate): boolean {
    const s = this.spec;
    const target = s.regexTarget === 'match' ? c.match : s.regexTarget === 'line' ? c.line : c.secret;
    const regexAllowed = (): boolean => this.#regex !== undefined && target !== '' && this.#regex.test(target);
    const stopword = (): boolean => {
      if (this.#stopwords.length === 0) return false;
      const lower = c.secret.toLowerCase();
      return this.#stopwords.some((w) => lower.includes(w));
    };
    if (s.condition === 'AND') {
      if (s.commits.length > 0 && !this.#commitAllowed(c.commit)) return false;
      if (s.paths.length > 0 && !this.#pathAllowed(c.path)) return false;
      if (s.regexes.length > 0 && !regexAllowed()) return false;
      if (s.stopwords.length > 0 && !stopword()) return false;
      return s.commits.length + s.paths.length + s.regexes.length + s.stopwords.length > 0;
    }
    return this.#commitAllowed(c.commit) || this.#pathAllowed(c.path) || regexAllowed() || stopword();
  }
}
