/**
 * Custom dictionary patterns are JavaScript regular expressions (V8 syntax, flags limited to `i`, `m`,
 * `s`, `u`), run by a backtracking engine. Why this check: a quantified group that itself contains a
 * quantifier (`(a+)+`, `(\w*)*`, `(x{1,9}){2,}`) backtracks exponentially on a near-miss, and a
 * backreference makes matching NP-hard; either would let one prompt stall the gateway. Both are
 * rejected with a message naming the offending position. Not caught: overlapping alternatives under a
 * quantifier (`(a|a)+`) and quadratic shapes (`\w+@` on a long word): keep patterns anchored on
 * distinctive literals.
 */

/** Throws an Error with a clear message when `source` is unsafe to run on untrusted text. */
export function assertSafeRegex(id: string, source: string): void {
  const groups: Array<{ start: number; quantified: boolean }> = [];
  let lastAtomWasQuantifiedGroup = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        throw new Error(`dictionary pattern "${id}": backreferences are not allowed (at ${i})`);
      }
      i++;
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (c === '[') {
      i = skipClass(source, i);
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (c === '(') {
      groups.push({ start: i, quantified: false });
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    if (c === ')') {
      const group = groups.pop();
      if (group === undefined) throw new Error(`dictionary pattern "${id}": unbalanced ")" at ${i}`);
      lastAtomWasQuantifiedGroup = group.quantified;
      if (group.quantified && groups.length > 0) groups[groups.length - 1]!.quantified = true;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier > 0) {
      if (lastAtomWasQuantifiedGroup) {
        throw new Error(
          `dictionary pattern "${id}": nested quantifier at ${i} (a repeated group that itself repeats, like (a+)+) can take exponential time; rewrite without the outer repetition`,
        );
      }
      if (groups.length > 0) groups[groups.length - 1]!.quantified = true;
      i += quantifier - 1;
      if (source[i + 1] === '?') i++; // lazy
      lastAtomWasQuantifiedGroup = false;
      continue;
    }
    lastAtomWasQuantifiedGroup = false;
  }
  if (groups.length > 0) throw new Error(`dictionary pattern "${id}": unbalanced "(" at ${groups[0]!.start}`);
}

/** Length of a repeating quantifier at `i` (`*`, `+`, `{n,}`, `{n,m}` with m > 1), else 0. `?` and {0,1} never nest badly. */
function quantifierAt(source: string, i: number): number {
  const c = source[i];
  if (c === '*' || c === '+') return 1;
  if (c !== '{') return 0;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
  if (m === null) return 0;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return max > 1 ? m[0].length : 0;
}

function skipClass(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']' && j > i + 1) return j;
  }
  return source.length;
}
