import type { Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import { AhoCorasick } from './aho-corasick.ts';
import { CompiledAllowlist } from './compiled-allowlist.ts';
import { gitleaksLine } from './gitleaks-line.ts';
import { compileRe2 } from './re2-pattern.ts';
import type { Re2Pattern } from './re2-pattern.ts';
import type { AllowlistSpec, RuleSpec } from './rule-set.ts';
import { shannonEntropy } from './shannon-entropy.ts';

export interface SecretScannerOptions {
  /**
   * Skip matches whose line contains `gitleaks:allow`, as gitleaks does. Off by default: in a gateway
   * the text comes from whoever writes the prompt, and the marker would be a one-word bypass.
   */
  honorGitleaksAllow?: boolean;
}

/** Where the fragment comes from, when known (a file read by a tool, a commit). */
export interface FragmentInfo {
  path?: string;
  commit?: string;
}

interface CompiledRule {
  spec: RuleSpec;
  regex: Re2Pattern | undefined;
  path: Re2Pattern | undefined;
  allowlists: CompiledAllowlist[];
}

/**
 * Why: the secrets detector of the inspection stage. It makes gitleaks' call on every rule — keyword
 * prefilter, regex, secretGroup, entropy, global then rule allowlists — so a company's gitleaks config
 * means the same here, and adds a confidence per rule. Keyword gating is exact gitleaks semantics (a rule
 * runs on the whole text when any of its keywords occurs anywhere); speed comes from one Aho–Corasick
 * pass for all keywords and from the regex layer's DFA gate, not from narrowing the text.
 */
export class SecretScanner implements Detector {
  readonly name = 'secrets';
  readonly #rules: CompiledRule[];
  readonly #global: CompiledAllowlist[];
  readonly #keywords: AhoCorasick | undefined;
  /** For each rule, the indexes of its keywords in the automaton. */
  readonly #ruleKeywords: number[][];
  readonly #options: SecretScannerOptions;

  constructor(rules: RuleSpec[], globalAllowlists: AllowlistSpec[] = [], options: SecretScannerOptions = {}) {
    this.#options = options;
    const seen = new Set<string>();
    this.#rules = rules.map((spec) => {
      if (seen.has(spec.id)) throw new Error(`secret rules: duplicate rule id "${spec.id}"`);
      seen.add(spec.id);
      const owner = `rule "${spec.id}"`;
      return {
        spec,
        regex: spec.regex === undefined ? undefined : compileRe2(spec.regex, `${owner} regex`),
        path: spec.path === undefined ? undefined : compileRe2(spec.path, `${owner} path`),
        allowlists: spec.allowlists.map((a, i) => new CompiledAllowlist(a, `${owner} allowlist #${i + 1}`)),
      };
    });
    this.#global = globalAllowlists.map((a, i) => new CompiledAllowlist(a, `global allowlist #${i + 1}`));
    const index = new Map<string, number>();
    this.#ruleKeywords = rules.map((r) =>
      [...new Set(r.keywords.map((k) => k.toLowerCase()).filter((k) => k !== ''))].map((k) => {
        let i = index.get(k);
        if (i === undefined) index.set(k, (i = index.size));
        return i;
      }),
    );
    this.#keywords = index.size > 0 ? new AhoCorasick([...index.keys()]) : undefined;
  }

  scan(text: string): Detection[] {
    return this.scanFragment(text, {});
  }

  /** Like `scan`, with the file path / commit that path rules and path allowlists need. */
  scanFragment(text: string, info: FragmentInfo): Detection[] {
    const out: Detection[] = [];
    if (this.#global.some((a) => a.allowsLocation(info.path, info.commit))) return out;
    const present = this.#keywords?.present(text.toLowerCase());
    for (let r = 0; r < this.#rules.length; r++) {
      const rule = this.#rules[r] as CompiledRule;
      const kws = this.#ruleKeywords[r] as number[];
      if (kws.length > 0 && !kws.some((k) => present?.[k] === 1)) continue;
      this.#detectRule(rule, text, info, out);
    }
    return out;
  }

  #detectRule(rule: CompiledRule, text: string, info: FragmentInfo, out: Detection[]): void {
    const spec = rule.spec;
    if (rule.allowlists.some((a) => a.allowsLocation(info.path, info.commit))) return;
    if (rule.path !== undefined) {
      const pathMatches = info.path !== undefined && rule.path.test(info.path);
      if (rule.regex === undefined) {
        if (pathMatches) out.push(pathFinding(spec));
        return;
      }
      // Path unknown (a prompt, a tool result without a file name): the regex alone decides.
      if (info.path !== undefined && !pathMatches) return;
    }
    const regex = rule.regex;
    if (regex === undefined) return;
    for (const [ms, me] of regex.findAll(text)) {
      let s = ms;
      let e = me;
      while (s < e && text.charCodeAt(s) === 10) s++;
      while (e > s && text.charCodeAt(e - 1) === 10) e--;
      const match = text.slice(s, e);
      const [ls, le] = gitleaksLine(text, ms, me);
      const line = text.slice(ls, le);
      if (this.#options.honorGitleaksAllow === true && line.includes('gitleaks:allow')) continue;
      let vs = s;
      let ve = e;
      const groups = regex.exec(match);
      if (groups !== null && groups.length >= 2) {
        if (spec.secretGroup > 0) {
          const g = groups[spec.secretGroup];
          if (g === undefined) continue;
          [vs, ve] = g === null ? [s, s] : [s + g[0], s + g[1]];
        } else {
          const g = groups.slice(1).find((x) => x !== null && x[1] > x[0]);
          if (g != null) [vs, ve] = [s + g[0], s + g[1]];
        }
      }
      const value = text.slice(vs, ve);
      if (spec.entropy !== 0 && shannonEntropy(value) <= spec.entropy) continue;
      const cand = { secret: value, match, line, path: info.path, commit: info.commit };
      if (this.#global.some((a) => a.allows(cand))) continue;
      if (rule.allowlists.some((a) => a.allows(cand))) continue;
      const confidence = spec.refine === undefined ? spec.confidence : spec.refine({ value, text, start: s, end: e });
      if (confidence === null) continue;
      out.push({
        type: 'secret',
        ruleId: spec.id,
        confidence,
        start: s,
        end: e,
        valueStart: vs,
        valueEnd: ve,
        value,
        ...(spec.description === undefined ? {} : { description: spec.description }),
      });
    }
  }
}

/** A path-only rule (e.g. a PKCS#12 file) reports the file itself: an empty span at the start of the text. */
function pathFinding(spec: RuleSpec): Detection {
  return {
    type: 'secret',
    ruleId: spec.id,
    confidence: spec.confidence,
    start: 0,
    end: 0,
    valueStart: 0,
    valueEnd: 0,
    value: '',
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}
