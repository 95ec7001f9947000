import type { LineMatch } from '../re2-pattern.ts';

/**
 * Why: `sekisho-generic-assignment`'s regex (context.ts, ASSIGNMENT) is the costliest rule of the set:
 * re2js finds its positions with a backtracker that visits every (instruction, position) pair of a large
 * program, ~50 µs per line its JS filter passed. This finds exactly the same matches and groups (leftmost
 * first, as RE2 reports them) by hand, in one pass over the text (like the regex, it never crosses a line
 * break, so it reads a whole keyword window at once). rules/context-scanner.test.ts runs both over the
 * rules' examples, the fixtures, this repository's source and fuzzed lines and asserts identical results.
 *
 * Why hand-matching gives RE2's answer: every choice point of the regex has at most one viable branch.
 * - NAME = `[A-Za-z0-9_.$@-]*` WORD `[A-Za-z0-9_.-]*`: nothing that may follow a name (a quote, `]`, a
 *   blank, an operator) is a name character, so the name ends where its run of name characters ends, and
 *   the word must sit after the run's last `$`/`@` (those end the second part). Every start in the run
 *   before such a word gives the same name end; the leftmost is the run's start (or where the search
 *   resumed after the previous match).
 * - The optional quote, `]`, blanks and the operator: greedy, and giving anything back leaves a character
 *   that the next part cannot take (`=>` before `=`, `===` before `==` before `=`, `:::=` before `::=`
 *   before `:=` before `:`; `?=`, `+=` and `.=` start with a character no value or name part takes).
 * - The quoted value (tried first): its class has no quote or backslash, so it runs to the closing quote.
 * - The bare value: a run of value characters (holding one that is not a letter), up to two `=`, then one
 *   of the characters that may end it, or the end of the line.
 * RE2's `(?i)` also folds U+017F (ſ) into `s` and U+212A (Kelvin) into `k`; a line holding either is left
 * to the regex (`needsRegex`).
 */

const WORD = /pass|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth|credential|creds|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|session[_.-]?key/gi;

// Code units the matcher tests.
const C_TAB = 9;
const C_LF = 10;
const C_FF = 12;
const C_CR = 13;
const C_SPACE = 32;
const C_BANG = 33;
const C_DQUOTE = 34;
const C_QUOTE = 39;
const C_PLUS = 43;
const C_MINUS = 45;
const C_DOT = 46;
const C_COLON = 58;
const C_LT = 60;
const C_EQ = 61;
const C_GT = 62;
const C_QUESTION = 63;
const C_BACKSLASH = 92;
const C_RBRACKET = 93;
const C_BACKTICK = 96;
const C_PIPE = 124;

// Character classes of the regex, for code units below 128 (everything above is in the negated classes
// and outside the positive ones).
const NAME = 1; // [A-Za-z0-9_.$@-]
const NAME_TAIL = 2; // [A-Za-z0-9_.-]
const BARE = 4; // [^\s"'`\\<>(){}\[\],;&|:=]
const LETTER = 8; // [A-Za-z_]
const QUOTED = 16; // [^"'`\s\\]
const AFTER = 32; // [ \t\r,;&|)}\]\\"'`<]
const PREFIX = 64; // [@rbuRBU]
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z0-9_.$@-]/.test(ch)) k |= NAME;
  if (/[A-Za-z0-9_.-]/.test(ch)) k |= NAME_TAIL;
  // RE2's \s is [\t\n\f\r ] (no \v), unlike JavaScript's.
  const space = c === C_TAB || c === C_LF || c === C_FF || c === C_CR || c === C_SPACE;
  if (!space && !/["'`\\<>(){}[\],;&|:=]/.test(ch)) k |= BARE;
  if (/[A-Za-z_]/.test(ch)) k |= LETTER;
  if (!space && !/["'`\\]/.test(ch)) k |= QUOTED;
  if (/[ \t\r,;&|)}\]\\"'`<]/.test(ch)) k |= AFTER;
  if (/[@rbuRBU]/.test(ch)) k |= PREFIX;
  CLASS[c] = k;
}

function cls(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  return c < 128 ? (CLASS[c] as number) : BARE | QUOTED;
}

/** Length of `\\?["'`]` at i: 2, 1, or 0 when there is none. */
function quoteAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === C_DQUOTE || c === C_QUOTE || c === C_BACKTICK) return 1;
  if (c === C_BACKSLASH) {
    const d = text.charCodeAt(i + 1);
    if (d === C_DQUOTE || d === C_QUOTE || d === C_BACKTICK) return 2;
  }
  return 0;
}

/** Whether a line must go to the regex: it holds a character RE2's case folding maps onto a word's letter. */
export function needsRegex(text: string): boolean {
  return text.indexOf('\u017f') >= 0 || text.indexOf('\u212a') >= 0;
}

/**
 * The leftmost match of ASSIGNMENT in `text` at or after `from`, with its groups (0: the match, 1: a
 * quoted value, 2: a bare value), or null. `text` must not need the regex (`needsRegex`).
 */
export function scanAssignment(text: string, from: number): LineMatch | null {
  const n = text.length;
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const w = m.index;
    // The run of name characters holding the word: the second part of the name stops at `$`/`@`.
    let q = w + m[0].length;
    let sep = -1;
    for (; q < n; q++) {
      const k = cls(text, q);
      if ((k & NAME) === 0) break;
      if ((k & NAME_TAIL) === 0) sep = q;
    }
    if (sep >= 0) {
      WORD.lastIndex = sep + 1; // a later word of the run may still qualify
      continue;
    }
    const found = afterName(text, q);
    if (found === null) {
      WORD.lastIndex = q; // no start in this run can match: they all reach the same name end
      continue;
    }
    let p = w;
    while (p > from && (cls(text, p - 1) & NAME) !== 0) p--;
    const end = (found[0] as [number, number])[1];
    found[0] = [p, end];
    return { start: p, end, groups: found };
  }
  return null;
}

/** Everything after the name, from `i`: the groups (group 0 from `i`, to the match's end), or null. */
function afterName(text: string, nameEnd: number): Array<[number, number] | null> | null {
  const n = text.length;
  let i = nameEnd;
  i += quoteAt(text, i);
  if (text.charCodeAt(i) === C_RBRACKET) i++;
  while (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB) i++;
  const c0 = text.charCodeAt(i);
  const c1 = text.charCodeAt(i + 1);
  const c2 = text.charCodeAt(i + 2);
  if (c0 === C_EQ) i += c1 === C_GT ? 2 : c1 === C_EQ ? (c2 === C_EQ ? 3 : 2) : 1;
  else if (c0 === C_COLON) i += c1 === C_EQ ? 2 : c1 === C_COLON && c2 === C_EQ ? 3 : c1 === C_COLON && c2 === C_COLON && text.charCodeAt(i + 3) === C_EQ ? 4 : 1;
  else if (c0 === C_BANG && c1 === C_EQ) i += c2 === C_EQ ? 3 : 2;
  else if ((c0 === C_QUESTION && c1 === C_QUESTION && c2 === C_EQ) || (c0 === C_PIPE && c1 === C_PIPE && c2 === C_EQ)) i += 3;
  else if ((c0 === C_QUESTION || c0 === C_PLUS || c0 === C_DOT) && c1 === C_EQ) i += 2;
  else if (c0 === C_LT && c1 === C_MINUS) i += 2;
  else return null;
  while (text.charCodeAt(i) === C_SPACE || text.charCodeAt(i) === C_TAB) i++;
  // Quoted: up to two of [@rbuRBU], a quote, the value, a quote.
  let j = i;
  if ((cls(text, j) & PREFIX) !== 0) j++;
  if ((cls(text, j) & PREFIX) !== 0) j++;
  const open = quoteAt(text, j);
  if (open > 0) {
    const vs = j + open;
    let ve = vs;
    while (ve < n && (cls(text, ve) & QUOTED) !== 0) ve++;
    const close = ve > vs ? quoteAt(text, ve) : 0;
    if (close > 0) return [[nameEnd, ve + close], [vs, ve], null];
  }
  // Bare: value characters with one that is not a letter, up to two `=`, then an end.
  let r = i;
  let other = false;
  for (; r < n; r++) {
    const k = cls(text, r);
    if ((k & BARE) === 0) break;
    if ((k & LETTER) === 0) other = true;
  }
  if (!other) return null;
  let e = r;
  if (text.charCodeAt(e) === C_EQ) e++;
  if (text.charCodeAt(e) === C_EQ) e++;
  if (e >= n || text.charCodeAt(e) === C_LF) return [[nameEnd, e], null, [i, e]];
  if ((cls(text, e) & AFTER) !== 0) return [[nameEnd, e + 1], null, [i, e]];
  return null;
}
