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
  /** A diff's hunks removed lines (blanked here): `preprocessPrompt(original, 'pre')` reads the pre-image. */
  removed?: boolean;
  /** Offset in the original text of the character at `offset` in `text` (`text.length` maps to the end). */
  toOriginal(offset: number): number;
}

const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
/**
 * A line-number gutter: `     12\t` (cat -n, nl, Claude Code), `12→`, `12: ` / `12:` (opencode), `12|` /
 * `12 | `, `L12:`, `L12 ` (GitHub-style line anchors), and grep -n's `path:12:` / `path-12-` (context lines) with or without a path.
 */
const GUTTER = /^[ \t]*(?:[\w@+-]*[./][\w./@+-]*[:-](?=\d{1,7}[:-]))?L?\d{1,7}(?:\t|→|: |:$| ?\| ?|(?<=[:-]\d{1,7})[:-]|(?<=L\d{1,7})(?: |$))/;
const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
/** Codex's `apply_patch` envelope: its hunks start with a bare `@@` or `@@ context`. */
const PATCH_HUNK = /^@@(?: .*)?$/;
const DIFF_HEADER = /^(?:diff --git |index [0-9a-f]+\.\.|--- |\+\+\+ |new file mode|deleted file mode|similarity index|rename (?:from|to) )/;
const PATCH_HEADER = /^\*\*\* (?:Begin Patch|End Patch|Add File: |Update File: |Delete File: |Move to: |End of File)/;
const PATCH_OPENS_HUNK = /^\*\*\* (?:Add File|Update File|Move to): /;

/**
 * The prompt as the detector reads it. JSON-escaped text (a tool call that writes a file sends its
 * content as `"...\n..."`) is unescaped first, then tool framing is removed; offsets map back through both.
 */
export function preprocessPrompt(original: string, image: 'post' | 'pre' = 'post'): CleanText {
  const unescaped = unescapeJson(original);
  if (!unescaped) return stripFraming(original, image);
  const inner = stripFraming(unescaped.text, image);
  return { text: inner.text, removed: inner.removed, toOriginal: (o) => unescaped.toOriginal(inner.toOriginal(o)) };
}

/** Tool framing: ANSI codes, gutters, unified diffs and apply_patch envelopes (see the file comment). */
/**
 * `image`: of a diff, the post-image (context and added lines; removed lines blanked) or the pre-image
 * (context and removed lines; added lines blanked) — an edit of a company file shows the file as it is
 * in its context and `-` lines.
 */
function stripFraming(original: string, image: 'post' | 'pre' = 'post'): CleanText {
  const hasAnsi = original.includes('\x1b');
  const hasPatch = original.includes('*** Begin Patch');
  const hasDiff = hasPatch || original.includes('@@ -');
  const gutters = countGutterLines(original) >= 3;
  if (!hasAnsi && !hasDiff && !gutters) return { text: original, toOriginal: (o) => o };

  // Kept text is always a slice of `original`: consecutive slices that continue each other are joined
  // into one run (a gutter-stripped file is one run per line, not three pieces), so the final join is of
  // runs, and the offset map holds one entry per run (the same mapping: a run is copied linearly).
  const pieces: string[] = [];
  const cleanStarts: number[] = [];
  const origStarts: number[] = [];
  let cleanLength = 0;
  let runStart = -1;
  let runEnd = -1;
  const emit = (origStart: number, length: number): void => {
    if (length === 0) return;
    if (origStart !== runEnd) {
      if (runEnd > runStart) pieces.push(original.slice(runStart, runEnd));
      cleanStarts.push(cleanLength);
      origStarts.push(origStart);
      runStart = origStart;
      runEnd = origStart;
    }
    runEnd += length;
    cleanLength += length;
  };
  let inHunk = false;
  let removed = false;
  const drops = image === 'pre' ? '+' : '-';
  const keeps = image === 'pre' ? '-' : '+';
  for (let ls = 0; ls <= original.length; ) {
    let le = original.indexOf('\n', ls);
    if (le < 0) le = original.length;
    // Visible segments of the line (ANSI escapes removed), as [origStart, text]; only a line with ANSI
    // codes has more than one (the others take the `plain` path below, without the array).
    const segs: [number, string][] = [];
    const line = original.slice(ls, le);
    const plain = !(hasAnsi && line.includes('\x1b'));
    if (!plain) {
      let last = 0;
      for (const m of line.matchAll(ANSI)) {
        if (m.index > last) segs.push([ls + last, line.slice(last, m.index)]);
        last = m.index + m[0].length;
      }
      if (last < line.length) segs.push([ls + last, line.slice(last)]);
    }
    let visible = plain ? line : segs.map((s) => s[1]).join('');
    let cut = 0;
    if (gutters) {
      const g = GUTTER.exec(visible);
      if (g) cut = g[0].length;
    }
    let drop = false;
    if (hasDiff) {
      const body = visible.slice(cut);
      if (HUNK.test(body) || (hasPatch && PATCH_HUNK.test(body))) {
        inHunk = true;
        drop = true;
      } else if (hasPatch && PATCH_HEADER.test(body)) {
        inHunk = PATCH_OPENS_HUNK.test(body);
        drop = true;
      } else if (DIFF_HEADER.test(body)) {
        inHunk = false;
        drop = true;
      } else if (inHunk) {
        const c = body[0];
        if (c === '-') removed = true;
        if (c === drops) drop = true;
        else if (c === keeps || c === ' ') cut += 1;
        else if (body.length > 0 && c !== '\\') inHunk = false;
      }
    }
    if (!drop && plain) {
      if (cut < line.length) emit(ls + cut, line.length - cut);
    } else if (!drop) {
      for (const [start, s] of segs) {
        if (cut >= s.length) {
          cut -= s.length;
          continue;
        }
        emit(start + cut, s.length - cut);
        cut = 0;
      }
    }
    if (le < original.length) emit(le, 1);
    visible = '';
    ls = le + 1;
  }
  if (runEnd > runStart) pieces.push(original.slice(runStart, runEnd));
  const text = pieces.join('');
  return { text, removed, toOriginal: mapper(cleanStarts, origStarts, text.length, original.length) };
}

/** Escapes per line break below which text is not read as JSON-escaped. */
const MIN_ESCAPED_BREAKS = 3;

/**
 * JSON string escapes decoded (`\n`, `\t`, `\"`, `\\`, `\/`, `\uXXXX`, …) when the text is escaped
 * text — at least MIN_ESCAPED_BREAKS `\n` escapes and more of them than real line breaks (tool-call
 * arguments: `{"file_path": "…", "content": "import x\nfrom y…"}`, Codex's `{"input": "*** Begin
 * Patch\n…"}`). Every decoded character maps to its escape's first character. Undefined otherwise.
 */
function unescapeJson(original: string): CleanText | undefined {
  let escaped = 0;
  for (let i = original.indexOf('\\n'); i >= 0 && escaped < MIN_ESCAPED_BREAKS; i = original.indexOf('\\n', i + 2)) escaped++;
  if (escaped < MIN_ESCAPED_BREAKS) return undefined;
  // `\n` escapes against real line breaks; a backslash escapes the character after it (so `\\n` is no
  // escape, and a break right after a backslash is no break). Both counted with indexOf (native scans).
  let escapes = 0;
  let breaks = 0;
  for (let i = original.indexOf('\n'); i >= 0; i = original.indexOf('\n', i + 1)) breaks++;
  for (let i = original.indexOf('\\'); i >= 0; i = original.indexOf('\\', i + 2)) {
    const next = original.charCodeAt(i + 1);
    if (next === 110) escapes++;
    else if (next === 10) breaks--;
  }
  if (escapes <= breaks) return undefined;
  const out: string[] = [];
  const cleanStarts: number[] = [];
  const origStarts: number[] = [];
  let length = 0;
  let run = 0;
  // JSON's own quotes (escaped ones are decoded below) become line breaks, one character for one: a tool
  // call's `{"file_path":"…","content":"first line\n…\nlast line"}` otherwise glues the content's first
  // and last lines to the JSON around them, and a 10-line paste loses two of its lines (eval:owncode).
  const flush = (to: number): void => {
    if (to > run) {
      cleanStarts.push(length);
      origStarts.push(run);
      out.push(original.slice(run, to).replaceAll('"', '\n'));
      length += to - run;
    }
  };
  for (let i = original.indexOf('\\'); i >= 0 && i < original.length; i = original.indexOf('\\', i)) {
    const d = original[i + 1];
    let decoded: string | undefined;
    let width = 2;
    if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(original.slice(i + 2, i + 6))) {
      decoded = String.fromCharCode(Number.parseInt(original.slice(i + 2, i + 6), 16));
      width = 6;
    } else if (d !== undefined) decoded = JSON_ESCAPES[d];
    if (decoded === undefined) {
      i += 2;
      continue;
    }
    flush(i);
    cleanStarts.push(length);
    origStarts.push(i);
    out.push(decoded);
    length += decoded.length;
    i += width;
    run = i;
  }
  flush(original.length);
  return { text: out.join(''), toOriginal: mapper(cleanStarts, origStarts, length, original.length) };
}

const JSON_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f' };

function mapper(cleanStarts: number[], origStarts: number[], cleanLength: number, originalLength: number): (offset: number) => number {
  return (offset: number): number => {
    if (offset >= cleanLength) return originalLength;
    let a = 0;
    let b = cleanStarts.length - 1;
    while (a < b) {
      const m = (a + b + 1) >>> 1;
      if ((cleanStarts[m] ?? 0) <= offset) a = m;
      else b = m - 1;
    }
    const start = cleanStarts[a] ?? 0;
    const next = cleanStarts[a + 1] ?? cleanLength;
    // Pieces are copied runs (mapped linearly) or one decoded escape (all of it maps to the escape's start).
    return (origStarts[a] ?? 0) + Math.min(offset - start, Math.max(0, next - start - 1));
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
