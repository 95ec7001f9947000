import { RE2JS } from 're2js';

/** A match with its groups as [start, end) offsets (null for a group that did not take part); group 0 is the match. */
export interface LineMatch {
  start: number;
  end: number;
  groups: Array<[number, number] | null>;
}

/**
 * A hand-written matcher that finds exactly a line-local regex's matches (leftmost first, RE2's groups),
 * for a built-in rule whose regex is too slow to locate matches with (see `RuleSpec.matcher`).
 * `find(text, from)`: the first match at or after `from` (like the regex, never across a line break).
 * `declines(text)`: the text holds something the matcher does not handle; the regex takes it (line by
 * line, with the line filter if there is one; a rule with a matcher needs no filter).
 */
export interface LineMatcher {
  find(line: string, from: number): LineMatch | null;
  declines(line: string): boolean;
}

/**
 * Why: secret rules come from customers' gitleaks configs (Go RE2 syntax) and run on attacker-controlled
 * prompts. re2js is a pure-JS port of Go's regexp, so the syntax means exactly what it means in gitleaks
 * (`\z`, `[[:alnum:]]`, mid-pattern `(?i)`, `\Q…\E`, `\x{…}`, `(?P<n>…)`, non-multiline `^`/`$`, `.` not
 * matching `\n`) and matching is linear in the input. Its boolean `test` runs a DFA (fast); positions need
 * its NFA (slow), so callers gate with `test` and then locate matches in small pieces (see `findAll`).
 */
export class Re2Pattern {
  readonly source: string;
  /** True when no match can contain `\n` or depend on the start/end of the whole text (see `isLineLocal`). */
  readonly lineLocal: boolean;
  readonly groupCount: number;
  readonly #re: RE2JS;
  readonly #matcher: LineMatcher | undefined;

  constructor(source: string, matcher?: LineMatcher) {
    this.source = source;
    this.#re = RE2JS.compile(source);
    this.groupCount = this.#re.groupCount();
    this.lineLocal = isLineLocal(this.#re);
    if (matcher !== undefined && !this.lineLocal) throw new Error('a hand-written matcher needs a line-local regex');
    this.#matcher = matcher;
  }

  /** Whether the pattern matches anywhere in `text` (DFA, no positions). */
  test(text: string): boolean {
    return this.#re.test(text);
  }

  /**
   * Every non-empty, non-overlapping leftmost-first match as [start, end) UTF-16 offsets, as Go's
   * FindAllStringIndex reports them. For line-local patterns only lines the DFA accepts reach the NFA.
   */
  findAll(text: string, offset = 0, out: Array<[number, number]> = [], lineFilter?: RegExp): Array<[number, number]> {
    if (lineFilter !== undefined && !lineFilter.test(text)) return out;
    const matcher = this.#matcher;
    if (matcher !== undefined && lineFilter === undefined && !matcher.declines(text)) {
      // A matcher never crosses a line break (its regex is line-local): it reads the text in one go.
      for (let m = matcher.find(text, 0); m !== null && m.end > m.start; m = matcher.find(text, m.end)) out.push([m.start + offset, m.end + offset]);
      return out;
    }
    if (!this.#re.test(text)) return out;
    if (!this.lineLocal) {
      this.#collect(text, offset, out);
      return out;
    }
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      if (lineEnd > lineStart) {
        const line = text.slice(lineStart, lineEnd);
        if ((lineFilter === undefined || lineFilter.test(line)) && this.#re.test(line)) this.#collect(line, offset + lineStart, out);
      }
      lineStart = lineEnd + 1;
    }
    return out;
  }

  #collect(text: string, offset: number, out: Array<[number, number]>): void {
    const m = this.#re.matcher(text);
    while (m.find()) {
      const s = m.start(0);
      const e = m.end(0);
      if (e > s) out.push([s + offset, e + offset]);
    }
  }

  /**
   * The first match in `text` with its groups as [start, end) offsets (null for a group that did not
   * take part), or null when there is no match. Go's FindStringSubmatch, with positions.
   */
  exec(text: string): Array<[number, number] | null> | null {
    if (this.#matcher !== undefined && !this.#matcher.declines(text)) return this.#matcher.find(text, 0)?.groups ?? null;
    const m = this.#re.matcher(text);
    if (!m.find()) return null;
    const groups: Array<[number, number] | null> = [];
    for (let g = 0; g <= this.groupCount; g++) {
      const s = m.start(g);
      groups.push(s < 0 ? null : [s, m.end(g)]);
    }
    return groups;
  }
}

/** Compile RE2 syntax, turning the engine's exception into a message that names the rule. */
export function compileRe2(source: string, owner: string, matcher?: LineMatcher): Re2Pattern {
  try {
    return new Re2Pattern(source, matcher);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${owner}: invalid RE2 regex ${JSON.stringify(source)}: ${why}`, { cause: err });
  }
}

// re2js instruction opcodes and empty-width flags (the Go regexp/syntax values it mirrors).
const OP_EMPTY_WIDTH = 4;
const OP_RUNE = 8;
const OP_RUNE1 = 9;
const OP_RUNE_ANY = 10;
const EMPTY_BEGIN_TEXT = 4;
const EMPTY_END_TEXT = 8;

interface ProgInst {
  op: number;
  arg: number;
  runes: ArrayLike<number>;
}

/**
 * Reads the compiled program: a pattern is line-local when no instruction can consume `\n` and none
 * asserts the start or end of the whole text. Matching each line on its own then finds exactly the
 * matches a whole-text scan finds (`\b` and `(?m)^`/`$` see the same neighbours at a line edge).
 * Any surprise in the program's shape answers false, which only costs speed.
 */
function isLineLocal(re: RE2JS): boolean {
  const prog = (re as unknown as { re2Input?: { prog?: { inst?: unknown } } }).re2Input?.prog?.inst;
  if (!Array.isArray(prog)) return false;
  for (const raw of prog as ProgInst[]) {
    if (typeof raw?.op !== 'number') return false;
    if (raw.op === OP_RUNE_ANY) return false;
    if (raw.op === OP_EMPTY_WIDTH && (raw.arg & (EMPTY_BEGIN_TEXT | EMPTY_END_TEXT)) !== 0) return false;
    if (raw.op === OP_RUNE || raw.op === OP_RUNE1) {
      const r = raw.runes;
      if (r === null || typeof r !== 'object' || typeof r.length !== 'number') return false;
      if (r.length === 1) {
        if (r[0] === 10) return false;
        continue;
      }
      for (let i = 0; i + 1 < r.length; i += 2) if ((r[i] as number) <= 10 && 10 <= (r[i + 1] as number)) return false;
    }
  }
  return true;
}
