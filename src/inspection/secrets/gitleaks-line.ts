/**
 * Why: an allowlist with `regexTarget = "line"` and the `gitleaks:allow` marker look at "the line" of a
 * match, and gitleaks' notion of it is specific: it starts AT the newline before the match (that `\n` is
 * included), ends before the first newline at or after the match end (or at `\n`/`\r` on the last line),
 * and never ends before the match. Returns [start, end) UTF-16 offsets.
 */
export function gitleaksLine(text: string, start: number, end: number): [number, number] {
  if (text.indexOf('\n') < 0) return [0, Math.max(text.length, end)];
  const after = text.indexOf('\n', start + 1);
  if (after >= 0) {
    const lineStart = Math.max(text.lastIndexOf('\n', start), 0);
    const endNl = text.indexOf('\n', end);
    const lineEnd = endNl >= 0 ? endNl : after;
    return [lineStart, Math.max(lineEnd, end)];
  }
  const lineStart = text.lastIndexOf('\n');
  let i = end;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return [lineStart, i];
}
