/**
 * Undoes what tools wrap around code before it reaches a prompt, so a pasted file and a tool's view of
 * it tokenise alike: ANSI colour codes, line-number gutters (Claude Code's `     12\t` and `12→`,
 * opencode's `12: `, `12|` / `12 | `), and unified-diff framing (headers, `@@` hunk lines, the one-column
 * `+`/`-`/` ` markers). Of a diff, context and added lines are kept (the post-image) and removed lines are
 * blanked, so the kept lines read as the file now is. Line structure is preserved (dropped lines become
 * empty) and every kept character maps back to its offset in the original text.
 */

export interface CleanText {
  text: string;
  /** Offset in the original text of the character at `offset` in `text` (`text.length` maps to the end). */
  toOriginal(offset: number): number;
}

const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
const GUTTER = /^[ \t]*\d{1,7}(?:\t|→|: |:$| ?\| ?)/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const DIFF_HEADER = /^(?:diff --git |index [0-9a-f]+\.\.|--- |\+\+\+ |new file mode|deleted file mode|similarity index|rename (?:from|to) )/;

export function preprocessPrompt(original: string): CleanText {
  const hasAnsi = original.includes('\x1b');
  const hasDiff = original.includes('@@ -');
  const gutters = countGutterLines(original) >= 3;
  if (!hasAnsi && !hasDiff && !gutters) return { text: original, toOriginal: (o) => o };

  const pieces: string[] = [];
  const cleanStarts: number[] = [];
  const origStarts: number[] = [];
  let cleanLength = 0;
  const emit = (origStart: number, s: string): void => {
    if (s.length === 0) return;
    cleanStarts.push(cleanLength);
    origStarts.push(origStart);
    pieces.push(s);
    cleanLength += s.length;
  };
  let inHunk = false;
  for (let ls = 0; ls <= original.length; ) {
    let le = original.indexOf('\n', ls);
    if (le < 0) le = original.length;
    // Visible segments of the line (ANSI escapes removed), as [origStart, text].
    const segs: [number, string][] = [];
    const line = original.slice(ls, le);
    if (hasAnsi && line.includes('\x1b')) {
      let last = 0;
      for (const m of line.matchAll(ANSI)) {
        if (m.index > last) segs.push([ls + last, line.slice(last, m.index)]);
        last = m.index + m[0].length;
      }
      if (last < line.length) segs.push([ls + last, line.slice(last)]);
    } else if (line.length > 0) segs.push([ls, line]);
    let visible = segs.map((s) => s[1]).join('');
    let cut = 0;
    if (gutters) {
      const g = GUTTER.exec(visible);
      if (g) cut = g[0].length;
    }
    let drop = false;
    if (hasDiff) {
      const body = visible.slice(cut);
      if (HUNK.test(body)) {
        inHunk = true;
        drop = true;
      } else if (DIFF_HEADER.test(body)) {
        inHunk = false;
        drop = true;
      } else if (inHunk) {
        const c = body[0];
        if (c === '-') drop = true;
        else if (c === '+' || c === ' ') cut += 1;
        else if (body.length > 0 && c !== '\\') inHunk = false;
      }
    }
    if (!drop) {
      for (const [start, s] of segs) {
        if (cut >= s.length) {
          cut -= s.length;
          continue;
        }
        emit(start + cut, s.slice(cut));
        cut = 0;
      }
    }
    if (le < original.length) emit(le, '\n');
    visible = '';
    ls = le + 1;
  }
  const text = pieces.join('');
  return {
    text,
    toOriginal(offset: number): number {
      if (offset >= text.length) return original.length;
      let a = 0;
      let b = cleanStarts.length - 1;
      while (a < b) {
        const m = (a + b + 1) >>> 1;
        if ((cleanStarts[m] ?? 0) <= offset) a = m;
        else b = m - 1;
      }
      return (origStarts[a] ?? 0) + offset - (cleanStarts[a] ?? 0);
    },
  };
}

function countGutterLines(text: string): number {
  let n = 0;
  for (let ls = 0, lines = 0; ls < text.length && lines < 2000 && n < 3; lines++) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    if (GUTTER.test(text.slice(ls, Math.min(le, ls + 16)))) n++;
    ls = le + 1;
  }
  return n;
}
