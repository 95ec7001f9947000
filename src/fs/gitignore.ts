/**
 * A `.gitignore` matcher for the scan walker. Why our own: no dependency, and the scanner only needs the
 * common subset of git's rules — blank and `#` lines, `\` escapes, trailing-space trimming, `!` negation,
 * a trailing `/` (directories only), a leading or middle `/` (anchored to the file's directory), `*`,
 * `?`, `[...]` classes, and `**` (leading, trailing and between slashes). Later patterns win within a
 * file; a deeper file wins over its parents. Not supported: `core.excludesFile`, `core.ignoreCase`, and
 * git's re-inclusion quirks beyond "a file inside an ignored directory stays ignored" (the walker never
 * enters an ignored directory).
 */

interface Pattern {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** The patterns of one ignore file, matched against paths relative to that file's directory. */
export class IgnoreRules {
  readonly #patterns: Pattern[];

  constructor(text: string) {
    this.#patterns = [];
    for (const line of text.split(/\r?\n/)) {
      const pattern = compilePattern(line);
      if (pattern !== undefined) this.#patterns.push(pattern);
    }
  }

  get size(): number {
    return this.#patterns.length;
  }

  /**
   * true: ignored, false: re-included by a `!` pattern, undefined: no pattern says anything.
   * `path` is relative to the ignore file's directory, `/`-separated, without a leading `/`.
   */
  match(path: string, isDir: boolean): boolean | undefined {
    for (let i = this.#patterns.length - 1; i >= 0; i--) {
      const p = this.#patterns[i]!;
      if (p.dirOnly && !isDir) continue;
      if (p.regex.test(path)) return !p.negate;
    }
    return undefined;
  }
}

/** One line of an ignore file as a pattern; undefined for blank lines and comments. */
export function compilePattern(line: string): Pattern | undefined {
  let text = trimTrailingSpaces(line);
  if (text === '' || text.startsWith('#')) return undefined;
  let negate = false;
  if (text.startsWith('!')) {
    negate = true;
    text = text.slice(1);
  }
  let dirOnly = false;
  while (text.endsWith('/') && !text.endsWith('\\/')) {
    dirOnly = true;
    text = text.slice(0, -1);
  }
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  if (text === '') return undefined;
  let source = anchored ? '' : '(?:.*/)?';
  const segments = text.split('/');
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '**') {
      source += last ? '.+' : '(?:.*/)?';
      continue;
    }
    source += globSegment(segment) + (last ? '' : '/');
  }
  return { regex: new RegExp(`^${source}$`, 's'), negate, dirOnly };
}

/** Trailing spaces are dropped unless escaped with a backslash (git's rule). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

/** One path segment of a glob as regex source: `*` and `?` never cross a `/`. */
function globSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\' && i + 1 < segment.length) {
      out += escapeRegex(segment[++i]!);
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const cls = charClass(segment, i);
      if (cls === undefined) out += '\\[';
      else {
        out += cls.source;
        i = cls.end;
      }
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

/** `[abc]`, `[a-z]`, `[!x]` / `[^x]` starting at `start`; undefined when there is no closing `]`. */
function charClass(segment: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (segment[i] === '!' || segment[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === ']' && !first) return { source: `(?!/)[${negate ? '^' : ''}${body}]`, end: i };
    first = false;
    if (c === '\\' && i + 1 < segment.length) body += classChar(segment[++i]!);
    else if (c === '-') body += '-';
    else body += classChar(c);
  }
  return undefined;
}

/** A literal character inside a regex class. */
function classChar(c: string): string {
  return /[\]\\^[-]/.test(c) ? '\\' + c : c;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}
