/**
 * Model-name globs: `*` matches any run of characters, `?` one character, everything else literally
 * (case-sensitive, as model names are). Compiled once to an anchored RegExp with no backtracking hazards
 * beyond what `.*` between literals gives (patterns come from the operator's config, not from requests).
 */
export function compileGlob(pattern: string): RegExp {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(source + '$', 's');
}

/** True when a pattern has no wildcard: an exact model name that `/v1/models` can list. */
export function isLiteralPattern(pattern: string): boolean {
  return !pattern.includes('*') && !pattern.includes('?');
}
