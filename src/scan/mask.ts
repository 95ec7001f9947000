/**
 * What a person sees of a found value. Why: scan output lands in CI logs and terminals that are kept and
 * shared, so by default it must not become a second copy of the secret. A value keeps at most its first
 * 4 characters (fewer for short values, e.g. 2 of a 6-character one) followed by `…`.
 */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  const keep = Math.min(4, Math.floor(chars.length / 3));
  return chars.slice(0, keep).join('') + '…';
}

/** A UTF-16 span of the text that holds a value. */
export interface Span {
  start: number;
  end: number;
}

/** Longest line shown; longer lines (minified code) are cut around the finding. */
const MAX_SHOWN = 160;
const BEFORE_FOCUS = 40;

/**
 * The line [lineStart, lineEnd) of `text` for display: every value span touching it is masked (not only
 * the finding's own — a second secret on the same line must not leak either), control characters are
 * made visible-safe, and a long line is cut to a window around `focus` (an offset in `text`).
 */
export function maskedLine(text: string, lineStart: number, lineEnd: number, spans: readonly Span[], focus: number, mask = true): string {
  const touching = spans
    .filter((s) => s.start < lineEnd && s.end > lineStart)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of touching) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  let out = '';
  let at = lineStart;
  let focusOut = 0;
  for (const s of mask ? merged : []) {
    const from = Math.max(s.start, lineStart);
    if (focus >= at && focus < from) focusOut = out.length + (focus - at);
    out += text.slice(at, from);
    if (focus >= from && focus < s.end) focusOut = out.length;
    out += s.start >= lineStart ? maskValue(text.slice(s.start, s.end)) : '…';
    at = Math.min(s.end, lineEnd);
  }
  if (focus >= at) focusOut = out.length + (focus - at);
  out += text.slice(at, lineEnd);
  return window(safeForTerminal(out), focusOut);
}

function window(line: string, focus: number): string {
  if (line.length <= MAX_SHOWN) return line;
  const from = Math.max(0, Math.min(focus - BEFORE_FOCUS, line.length - MAX_SHOWN));
  const to = from + MAX_SHOWN;
  return (from > 0 ? '…' : '') + line.slice(from, to) + (to < line.length ? '…' : '');
}

/** Control characters (ANSI escapes in a file must not drive the terminal) become `�`; tabs stay. */
export function safeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
