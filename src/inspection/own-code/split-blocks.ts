import { guessLanguages, languageForLabel, type LanguageFamily } from './tokenize/language-for.ts';

/**
 * Cuts prompt text into blocks that are lexed separately: each fenced code block (its label, when it
 * names a language, picks the lexer) and the text between fences (its family guessed; text mixing
 * languages appears once per family it shows). Lexing prose with
 * a code lexer is harmless: prose yields no fingerprint that a code index holds.
 */

export interface TextBlock {
  start: number;
  text: string;
  family: LanguageFamily;
}

const FENCE = /^[ \t]*(```|~~~)[ \t]*([\w#+.-]*)[^\n]*$/gm;

/**
 * Python's dict- and list-heavy code (lexer rule tables, settings, `tokens = {` … `],`) ends its lines
 * with brackets and commas and is voted C-like; renamed, it loses the names (`self`, `None`) that would
 * tip the vote. Text that also shows what only Python writes — a raw string `r'…'` or
 * `def name(` — is lexed as Python as well (eval:owncode: renamed pygments lexers were lexed C-like only
 * and could never match).
 */
const PYTHON_ONLY = /(?:^|[\s(\[{,=])r["']|^[ \t]*def \w+\(/m;

function withPython(families: LanguageFamily[], body: string): LanguageFamily[] {
  return families.includes('python') || !PYTHON_ONLY.test(body) ? families : [...families, 'python'];
}

/**
 * A line of running prose: starts with a letter (unindented), ≥ 4 words, letters and spaces ≥ 80% of it,
 * and none of what code lines are made of — brackets and operators (`{}[]=<>;$|\\`), a call or index
 * right after a name (`f(`), a member access (`a.b`), quotes or backticks around names aside.
 */
const PROSE_LINE = /^[A-Za-z][^{}[\]=<>;$|\\\t]*$/;
const CODE_IN_PROSE = /\w\(|\w\.\w|\s(?:=|==|=>|->|&&|\|\|)\s|:$|,$/;

function proseLine(line: string, last: boolean): boolean {
  if (!PROSE_LINE.test(line) || CODE_IN_PROSE.test(line)) return false;
  let letters = 0;
  let words = 1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      letters++;
      if (line.charCodeAt(i - 1) !== 32) words++;
    } else if ((c | 32) >= 97 && (c | 32) <= 122) letters++;
  }
  return letters >= 0.8 * line.length && (last || words >= 4);
}

/**
 * Unfenced text cut at its prose paragraphs (blank-line separated, every line prose, ≥ 6 words), as
 * [start, end, isProse] pieces in order. Why: a snippet pasted without a fence into
 * a message of wrapped paragraphs was one block with the prose, and the prose's fingerprints and lines
 * — most of the block — made the paste fail the dominance rule (region-evidence.ts), which is meant
 * for code shared inside *other code* (eval:owncode, "in wrapped prose paragraphs", 10 lines: 54%).
 * Each piece is then its own block; a text with no prose paragraph is one piece.
 */
export function proseCuts(text: string, start: number, end: number): [number, number, boolean][] {
  const out: [number, number, boolean][] = [];
  let pieceStart = start;
  let para = -1;
  let paraWords = 0;
  let prose = true;
  // Prose inside a file's own text is not a message around a paste: a docstring (an odd number of triple
  // quotes so far), a block comment, Perl's POD (from a `=head1`-style line to `=cut`). Paragraphs there
  // are never cut out (without this, negatives of Perl and Python lost the code around a shared helper).
  // The markers' next occurrences are found with one indexOf each, so the pass stays linear.
  let quotes = 0;
  let inComment = false;
  let inPod = false;
  let dq = text.indexOf('"""', start);
  let sq = text.indexOf("'''", start);
  let co = text.indexOf('/*', start);
  let cc = text.indexOf('*/', start);
  for (let ls = start; ls <= end; ) {
    let le = text.indexOf('\n', ls);
    if (le < 0 || le > end) le = end;
    const inFileText = quotes % 2 === 1 || inComment || inPod;
    for (; dq >= 0 && dq < le; dq = text.indexOf('"""', dq + 3)) quotes++;
    for (; sq >= 0 && sq < le; sq = text.indexOf("'''", sq + 3)) quotes++;
    while ((co >= 0 && co < le) || (cc >= 0 && cc < le)) {
      if (co >= 0 && co < le && (cc < 0 || cc >= le || co < cc)) {
        inComment = true;
        co = text.indexOf('/*', co + 2);
      } else {
        inComment = false;
        cc = text.indexOf('*/', cc + 2);
      }
    }
    if (text.charCodeAt(ls) === 61 /* = */ && /^=[a-z]/.test(text.slice(ls, ls + 2))) inPod = !text.startsWith('=cut', ls);
    if (inFileText) {
      para = -1;
      if (le >= end) break;
      ls = le + 1;
      continue;
    }
    const blank = isBlank(text, ls, le);
    if (!blank) {
      if (para < 0) (para = ls), (prose = true), (paraWords = 0);
      // Only a line starting with a letter can be prose: others are not even sliced.
      if (prose && !isLetter(text.charCodeAt(ls))) prose = false;
      if (prose) {
        const line = text.charCodeAt(le - 1) === 13 ? text.slice(ls, le - 1) : text.slice(ls, le);
        // The last line of a paragraph may be short; a line followed by a non-blank line may not.
        let next = le >= end ? end : text.indexOf('\n', le + 1);
        if (next < 0 || next > end) next = end;
        prose = proseLine(line, le >= end || isBlank(text, le + 1, next));
        paraWords += line.split(' ').length;
      }
    }
    if (blank || le >= end) {
      if (para >= 0 && prose && paraWords >= 6) {
        if (para > pieceStart) out.push([pieceStart, para, false]);
        out.push([para, le, true]);
        pieceStart = le;
      }
      para = -1;
    }
    if (le >= end) break;
    ls = le + 1;
  }
  if (pieceStart < end) out.push([pieceStart, end, false]);
  return out;
}

function isBlank(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

function isLetter(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

export function splitBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const add = (start: number, end: number, label: string | undefined): void => {
    if (end <= start) return;
    if (label === undefined) {
      const cuts = proseCuts(text, start, end);
      if (cuts.length > 1) {
        // Prose pieces are lexed once (generic): a pasted docstring or POD paragraph is still found by the line channel.
        for (const [a, b, prose] of cuts) addBlock(a, b, undefined, prose ? 'generic' : undefined);
        return;
      }
    }
    addBlock(start, end, label);
  };
  const addBlock = (start: number, end: number, label: string | undefined, family?: LanguageFamily): void => {
    if (end <= start) return;
    const body = text.slice(start, end);
    if (body.trim() === '') return;
    const labelled = family ?? (label ? languageForLabel(label) : undefined);
    for (const f of labelled ? [labelled] : withPython(guessLanguages(body), body)) blocks.push({ start, text: body, family: f });
  };
  let outside = 0;
  let open: { marker: string; label: string; bodyStart: number } | undefined;
  for (const m of text.matchAll(FENCE)) {
    const lineEnd = m.index + m[0].length;
    if (!open) {
      add(outside, m.index, undefined);
      open = { marker: m[1] ?? '```', label: m[2] ?? '', bodyStart: Math.min(text.length, lineEnd + 1) };
    } else if (m[1] === open.marker && (m[2] ?? '') === '') {
      add(open.bodyStart, m.index, open.label);
      open = undefined;
      outside = Math.min(text.length, lineEnd + 1);
    }
  }
  if (open) add(open.bodyStart, text.length, open.label);
  else add(outside, text.length, undefined);
  return blocks;
}
