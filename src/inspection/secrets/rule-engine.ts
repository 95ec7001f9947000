import type { Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import { AhoCorasick, type KeywordHits } from './aho-corasick.ts';
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
  /**
   * Half-width in UTF-16 units of the window around each keyword hit that a rule's regex runs on (the
   * window then grows to whole lines, up to twice this). 0 = whole text, gitleaks' exact semantics.
   */
  keywordWindow?: number;
  /**
   * Compile each rule's regex when the rule first runs instead of up front. For `sekisho scan`'s worker
   * threads, whose rules were already checked (built-ins by their tests, rule files when loaded): most
   * rules never run on a given set of files, and compiling ~280 regexes is most of a thread's start-up.
   */
  lazyRegexes?: boolean;
}

/** Default window half-width: far above the longest gitleaks match around its keyword (~300). */
export const DEFAULT_KEYWORD_WINDOW = 1024;
/** A rule with more keyword hits than this in one text runs on the whole text. */
const MAX_HITS_PER_KEYWORD = 4096;

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
 * means the same here, and adds a confidence per rule. Keyword gating is gitleaks' (a rule runs when any
 * of its keywords occurs in the lowercased text) widened where RE2's `(?i)` folds more than lowercasing
 * does (`ſ` as `s`, see `AhoCorasick.hitsIgnoringCase`): it may run a rule gitleaks would skip, never the
 * reverse. Speed comes from one Aho–Corasick pass for all keywords, from running a rule's regex only in
 * windows around its keyword hits (`keywordWindow`), and from the regex layer's DFA gate.
 */
export class SecretScanner implements Detector {
  readonly name = 'secrets';
  readonly #rules: CompiledRule[];
  readonly #global: CompiledAllowlist[];
  readonly #keywords: AhoCorasick | undefined;
  /** For each rule, the indexes of its keywords in the automaton. */
  readonly #ruleKeywords: number[][];
  /**
   * For each keyword, the rules it gates: with hundreds of rules a scan marks the rules whose keywords
   * occur instead of asking every rule about its keywords (most texts hit none).
   */
  readonly #keywordRules: number[][];
  /** Rules without keywords: they run on every text. */
  readonly #alwaysRules: number[];
  readonly #options: SecretScannerOptions;
  /** For each rule, a number shared by the rules with exactly the same keywords (their windows are the same). */
  readonly #keywordSetIds: number[];
  /** Rules that give way to a specific rule's finding on the same value (`RuleSpec.yieldsToSpecific`). */
  readonly #yieldingIds: Set<string>;
  readonly #yielding: boolean;
  /** Per rule, scratch marks of `scanFragment` (all 0 between scans). */
  readonly #marks: Uint8Array;
  /**
   * Per rule, its window key: which rules share windows (same keywords, same `lineOnly`, same `reach`),
   * as a number whose low bit is `lineOnly`; -1 until the rule first runs (with lazy regexes, `lineOnly`
   * is known only once the regex is compiled).
   */
  readonly #ruleWindowKeys: Int32Array;
  readonly #windowKeyIds = new Map<string, number>();
  /** Per window key: the scan that computed `#windowSpans[key]` (see `scanFragment`). */
  #windowGeneration: Float64Array = new Float64Array(0);
  #windowSpans: Array<Array<[number, number]> | undefined> = [];
  #generation = 0;

  constructor(rules: RuleSpec[], globalAllowlists: AllowlistSpec[] = [], options: SecretScannerOptions = {}) {
    this.#options = options;
    this.#yieldingIds = new Set(rules.filter((r) => r.yieldsToSpecific === true).map((r) => r.id));
    this.#yielding = this.#yieldingIds.size > 0;
    const seen = new Set<string>();
    this.#rules = rules.map((spec) => {
      if (seen.has(spec.id)) throw new Error(`secret rules: duplicate rule id "${spec.id}"`);
      seen.add(spec.id);
      const owner = `rule "${spec.id}"`;
      const source = spec.regex;
      let regex: Re2Pattern | undefined = source === undefined || options.lazyRegexes === true ? undefined : compileRe2(source, `${owner} regex`, spec.matcher);
      return {
        spec,
        get regex(): Re2Pattern | undefined {
          if (regex === undefined && source !== undefined) regex = compileRe2(source, `${owner} regex`, spec.matcher);
          return regex;
        },
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
    this.#keywordRules = Array.from({ length: index.size }, () => []);
    this.#alwaysRules = [];
    this.#ruleKeywords.forEach((kws, r) => {
      if (kws.length === 0) this.#alwaysRules.push(r);
    });
    this.#ruleKeywords.forEach((kws, r) => {
      for (const k of kws) (this.#keywordRules[k] as number[]).push(r);
    });
    this.#marks = new Uint8Array(rules.length);
    this.#ruleWindowKeys = new Int32Array(rules.length).fill(-1);
    const sets = new Map<string, number>();
    this.#keywordSetIds = this.#ruleKeywords.map((kws) => {
      const key = [...kws].sort((a, b) => a - b).join(',');
      let id = sets.get(key);
      if (id === undefined) sets.set(key, (id = sets.size));
      return id;
    });
  }

  /** The window key of rule r (see `#ruleWindowKeys`). */
  #windowKey(r: number, rule: CompiledRule): number {
    const known = this.#ruleWindowKeys[r] as number;
    if (known >= 0) return known;
    const lineOnly = rule.spec.keywordInMatch === true && rule.regex?.lineLocal === true;
    const name = `${this.#keywordSetIds[r] as number}:${rule.spec.reach ?? ''}:${lineOnly ? 'l' : 'w'}`;
    let id = this.#windowKeyIds.get(name);
    if (id === undefined) {
      id = this.#windowKeyIds.size * 2 + (lineOnly ? 1 : 0);
      this.#windowKeyIds.set(name, id);
      if (id >= this.#windowGeneration.length) {
        const grown = new Float64Array(Math.max(16, id * 2 + 2));
        grown.set(this.#windowGeneration);
        this.#windowGeneration = grown;
      }
    }
    this.#ruleWindowKeys[r] = id;
    return id;
  }

  scan(text: string): Detection[] {
    return this.scanFragment(text, {});
  }

  /** Like `scan`, with the file path / commit that path rules and path allowlists need. */
  scanFragment(text: string, info: FragmentInfo): Detection[] {
    const out: Detection[] = [];
    if (this.#global.some((a) => a.allowsLocation(info.path, info.commit))) return out;
    const width = this.#options.keywordWindow ?? DEFAULT_KEYWORD_WINDOW;
    const ac = this.#keywords;
    let windows = width > 0;
    let hits: KeywordHits | undefined;
    if (ac === undefined) hits = undefined;
    else if (ac.foldsCase) {
      // ASCII keywords (all built-ins, nearly all gitleaks ones): matched on the text itself with case
      // folded in the automaton — no lowercased copy, offsets are the text's own.
      hits = ac.hitsIgnoringCase(text, windows ? MAX_HITS_PER_KEYWORD : 0);
    } else {
      // Non-ASCII keywords: gitleaks' lowercased text (plus ſ → s, as RE2's (?i) folds them). Lowercasing
      // can change lengths outside ASCII (İ → i̇); then hit offsets do not map back: no windows.
      const lower = text.toLowerCase().replaceAll('\u017f', 's');
      windows &&= lower.length === text.length;
      hits = ac.hits(lower, windows ? MAX_HITS_PER_KEYWORD : 0);
    }
    // The rules to run, in rule order: those without keywords, and those whose keywords occur.
    let order: ArrayLike<number>;
    if (hits === undefined) order = this.#alwaysRules;
    else {
      const keys = hits.keys;
      const always = this.#alwaysRules;
      if (keys !== undefined && keys.length === 0) order = always;
      else if (keys !== undefined && keys.length === 1 && always.length === 0) order = this.#keywordRules[keys[0] as number] as number[];
      else {
        // Marks instead of a Set, and a native numeric sort: a text hitting `key` or `token` runs dozens of rules.
        const marks = this.#marks;
        const picked: number[] = [...always];
        for (const r of always) marks[r] = 1;
        const add = (k: number): void => {
          for (const r of this.#keywordRules[k] as number[]) {
            if (marks[r] === 0) {
              marks[r] = 1;
              picked.push(r);
            }
          }
        };
        if (keys !== undefined) for (const k of keys) add(k);
        else {
          const found = hits.found;
          for (let k = 0; k < found.length; k++) if (found[k] === 1) add(k);
        }
        for (const r of picked) marks[r] = 0;
        order = picked.length === always.length ? always : Int32Array.from(picked).sort();
      }
    }
    // Rules with the same keywords (the context rules share theirs) share their windows: computed once per
    // scan, found by the rule's window key (a number) and this scan's generation.
    const generation = ++this.#generation;
    for (let o = 0; o < order.length; o++) {
      const r = order[o] as number;
      const rule = this.#rules[r] as CompiledRule;
      const kws = this.#ruleKeywords[r] as number[];
      let spans: Array<[number, number]> | undefined;
      if (windows && kws.length > 0 && hits !== undefined && rule.spec.wholeText !== true) {
        const key = this.#windowKey(r, rule);
        if (this.#windowGeneration[key] === generation) spans = this.#windowSpans[key];
        else {
          const lineOnly = (key & 1) === 1;
          spans = keywordWindows(text, kws, hits.ends, this.#keywords as AhoCorasick, width, lineOnly, rule.spec.reach);
          this.#windowGeneration[key] = generation;
          this.#windowSpans[key] = spans;
        }
      }
      this.#detectRule(rule, text, info, out, spans);
    }
    // Not kept past the scan (the texts' windows would stay reachable).
    this.#windowSpans.fill(undefined);
    return this.#yielding ? dropYielded(out, this.#yieldingIds) : out;
  }

  #detectRule(rule: CompiledRule, text: string, info: FragmentInfo, out: Detection[], spans?: Array<[number, number]>): void {
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
    let matches: Array<[number, number]>;
    const filter = spec.lineFilter;
    if (spans === undefined) matches = regex.findAll(text, 0, [], filter);
    else {
      matches = [];
      for (const [ws, we] of spans) regex.findAll(text.slice(ws, we), ws, matches, filter);
    }
    for (const [ms, me] of matches) {
      let s = ms;
      let e = me;
      while (s < e && text.charCodeAt(s) === 10) s++;
      while (e > s && text.charCodeAt(e - 1) === 10) e--;
      const match = text.slice(s, e);
      // The line is only needed for allowlists and `gitleaks:allow`; slicing it for every match made a
      // long line with many matches quadratic (a 2 MB prompt of `machine x password y` took seconds).
      let line: string | undefined;
      const lineOf = (): string => {
        if (line === undefined) {
          const [ls, le] = gitleaksLine(text, ms, me);
          line = text.slice(ls, le);
        }
        return line;
      };
      if (this.#options.honorGitleaksAllow === true && lineOf().includes('gitleaks:allow')) continue;
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
      if (this.#global.length > 0 || rule.allowlists.length > 0) {
        const cand = { secret: value, match, line: lineOf(), path: info.path, commit: info.commit };
        if (this.#global.some((a) => a.allows(cand))) continue;
        if (rule.allowlists.some((a) => a.allows(cand))) continue;
      }
      const confidence = spec.refine === undefined ? spec.confidence : spec.refine({ value, text, start: s, end: e, valueStart: vs, valueEnd: ve });
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

/**
 * The parts of `text` a keyword rule's regex runs on, merged and in order; undefined (= whole text) when
 * a keyword has too many hits for windows to pay.
 * - Default: around each hit, `width` units either side, widened to the line boundary when one is
 *   within another `width`.
 * - `lineOnly` (a line-local regex whose every match holds a keyword, see `RuleSpec.keywordInMatch`): the
 *   hit's own line, cut to `2 * width` units either side of the hit when the line is longer — the part of
 *   the default window that such a match can use, since it cannot cross a line break; a rule's `reach`,
 *   when given, cuts it further.
 *
 * Cost is linear in the text whatever the hits: hits whose cores overlap are handled as one group, and
 * each group searches for line breaks only between itself and its neighbour groups (a long line full of
 * keywords used to rescan the line once per hit: seconds for a crafted 4 MB prompt).
 */
export function keywordWindows(
  text: string,
  kws: number[],
  ends: Array<number[] | null | undefined>,
  ac: AhoCorasick,
  width: number,
  lineOnly: boolean,
  ruleReach?: number,
): Array<[number, number]> | undefined {
  const n = text.length;
  const pad = lineOnly ? 0 : width;
  const reach = lineOnly ? Math.min(2 * width, ruleReach ?? Infinity) : width;
  // Cores as two flat lists, starts and ends. The union of intervals only needs each list sorted on its
  // own: a group ends after the i-th smallest end exactly when the (i+1)-th smallest start lies beyond it.
  // One keyword's hits arrive in text order, so both lists are already sorted; several keywords' lists
  // are sorted natively (typed arrays: no comparator calls, no tuple per hit).
  let count = 0;
  let lists = 0;
  for (const k of kws) {
    const list = ends[k];
    if (list === null) return undefined;
    if (list === undefined) continue;
    count += list.length;
    lists++;
  }
  const starts = new Int32Array(count);
  const stops = new Int32Array(count);
  let c = 0;
  for (const k of kws) {
    const list = ends[k];
    if (list == null) continue;
    const back = (ac.patterns[k] as string).length + pad;
    for (let h = 0; h < list.length; h++) {
      const e = list[h] as number;
      starts[c] = e - back > 0 ? e - back : 0;
      stops[c] = e + pad < n ? e + pad : n;
      c++;
    }
  }
  if (lists > 1) {
    starts.sort();
    stops.sort();
  }
  // Groups of overlapping (or touching) cores: their windows' union is the window of [first start, last end].
  const groups: number[] = [];
  if (count > 0) {
    let gs = starts[0] as number;
    for (let i = 0; i + 1 < count; i++) {
      const next = starts[i + 1] as number;
      const end = stops[i] as number;
      if (next > end) {
        groups.push(gs, end);
        gs = next;
      }
    }
    groups.push(gs, stops[count - 1] as number);
  }
  const merged: Array<[number, number]> = [];
  for (let g = 0; g < groups.length; g += 2) {
    const a = groups[g] as number;
    const b = groups[g + 1] as number;
    const prevEnd = g > 0 ? (groups[g - 1] as number) : 0;
    const nextStart = g + 2 < groups.length ? (groups[g + 2] as number) : n;
    // Start: after the last line break in [a - reach, a), searched no further back than the previous group.
    let s: number;
    const nl = lastLineBreak(text, a, Math.max(a - reach, prevEnd));
    if (nl >= 0) s = nl + 1;
    else if (a - reach <= prevEnd) s = prevEnd; // a break before prevEnd (or the text start) is in the previous window
    else s = lineOnly ? a - reach : a;
    // End: after the first line break in [b, b + reach], searched no further than the next group.
    let e: number;
    const nx = firstLineBreak(text, b, Math.min(b + reach + 1, nextStart));
    if (nx >= 0) e = nx + 1;
    else if (b + reach >= nextStart) e = nextStart;
    else e = lineOnly ? b + reach : b;
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** The last `\n` in [from, before), or -1. */
function lastLineBreak(text: string, before: number, from: number): number {
  for (let i = before - 1; i >= from; i--) if (text.charCodeAt(i) === 10) return i;
  return -1;
}

/** The first `\n` in [from, before), or -1. */
function firstLineBreak(text: string, from: number, before: number): number {
  for (let i = from; i < before; i++) if (text.charCodeAt(i) === 10) return i;
  return -1;
}

/** Drops findings of yielding rules whose value overlaps a finding of another rule (few findings: quadratic is fine up to a cap). */
function dropYielded(out: Detection[], yielding: Set<string>): Detection[] {
  const specific = out.filter((d) => !yielding.has(d.ruleId));
  if (specific.length === 0 || specific.length === out.length) return out;
  specific.sort((a, b) => a.valueStart - b.valueStart);
  return out.filter((d) => {
    if (!yielding.has(d.ruleId)) return true;
    // binary search for the first specific finding ending after d starts
    let lo = 0;
    let hi = specific.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((specific[mid] as Detection).valueStart < d.valueEnd) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const s = specific[i] as Detection;
      if (s.valueEnd > d.valueStart) return false;
      if (d.valueStart - s.valueStart > 4096) break;
    }
    return true;
  });
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
