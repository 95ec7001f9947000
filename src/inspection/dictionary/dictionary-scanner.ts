import type { Confidence, Detection } from '../finding.ts';
import type { Detector } from '../detector.ts';
import type { DictionaryConfig } from './dictionary-config.ts';
import { AhoCorasick } from '../secrets/aho-corasick.ts';
import { asScanText, normalizeForScan, toOriginalSpan } from '../normalize/normalize-for-scan.ts';
import { assertSafeRegex } from './regex-safety.ts';

/**
 * The `dictionary` detector: company terms (code names, customers, internal hosts) and custom patterns.
 * Text and terms are folded the same way (NFKC, see normalize-for-scan.ts) so full-width forms match.
 * One Aho–Corasick pass (shared with the secrets engine) tells which terms occur at all; only those are
 * then located, so clean text costs one pass whatever the dictionary size. Why build once: the automaton
 * and the compiled patterns are reused for every request.
 */

interface Term {
  id: string;
  value: string; // folded; lower-cased unless case-sensitive
  wholeWord: boolean;
  hostname: 'none' | 'exact' | 'suffix';
  confidence: Confidence;
}

interface Pattern {
  id: string;
  regex: RegExp;
  confidence: Confidence;
}

const HOSTNAME = /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const MAX_HOST = 253;

/** Why: config is checked once at start-up; a bad pattern fails loudly there, not per request. */
/** `normalized`: the text given to `scan` is already normalised (the detector runs behind `withNormalization`). */
export function createDictionaryScanner(config: DictionaryConfig, options: { normalized?: boolean } = {}): Detector {
  const insensitive: Term[] = [];
  const sensitive: Term[] = [];
  for (const term of config.terms) {
    if (term.id === '') throw new Error('dictionary term: empty id');
    for (const raw of term.values) {
      const folded = normalizeForScan(raw).text;
      const lower = folded.toLowerCase();
      const hostname = HOSTNAME.test(lower) ? (lower.startsWith('*.') ? 'suffix' : 'exact') : 'none';
      const caseSensitive = term.caseSensitive === true && hostname === 'none';
      const value = hostname === 'suffix' ? lower.slice(2) : caseSensitive ? folded : lower;
      if (value.trim() === '') throw new Error(`dictionary term "${term.id}": empty value`);
      const entry: Term = { id: term.id, value, wholeWord: term.wholeWord !== false, hostname, confidence: term.confidence ?? 'medium' };
      (caseSensitive ? sensitive : insensitive).push(entry);
    }
  }
  const patterns: Pattern[] = (config.patterns ?? []).map((p) => {
    assertSafeRegex(p.id, p.regex);
    const flags = p.flags ?? '';
    if (!/^[imsu]*$/.test(flags)) throw new Error(`dictionary pattern "${p.id}": flags may only use i, m, s, u`);
    let regex: RegExp;
    try {
      regex = new RegExp(p.regex, flags + 'g');
    } catch (error) {
      throw new Error(`dictionary pattern "${p.id}": invalid JavaScript regex: ${(error as Error).message}`);
    }
    return { id: p.id, regex, confidence: p.confidence ?? 'medium' };
  });
  const lowerAc = insensitive.length > 0 ? new AhoCorasick(insensitive.map((t) => t.value)) : undefined;
  const exactAc = sensitive.length > 0 ? new AhoCorasick(sensitive.map((t) => t.value)) : undefined;

  return {
    name: 'dictionary',
    scan(original: string): Detection[] {
      const scan = options.normalized === true ? asScanText(original) : normalizeForScan(original);
      const text = scan.text;
      const spans: Array<{ id: string; start: number; end: number; confidence: Confidence; description: string }> = [];
      const locate = (ac: AhoCorasick | undefined, terms: Term[], haystack: string): void => {
        if (ac === undefined) return;
        const found = ac.present(haystack);
        for (let k = 0; k < terms.length; k++) {
          if (found[k] !== 1) continue;
          const term = terms[k]!;
          for (let at = haystack.indexOf(term.value); at !== -1; at = haystack.indexOf(term.value, at + 1)) {
            const span = accept(text, term, at, at + term.value.length);
            if (span !== undefined) spans.push({ id: term.id, ...span, confidence: term.confidence, description: span.description });
          }
        }
      };
      locate(lowerAc, insensitive, foldCase(text));
      locate(exactAc, sensitive, text);
      for (const p of patterns) {
        p.regex.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = p.regex.exec(text)) !== null) {
          if (m[0].length === 0) {
            p.regex.lastIndex++;
            continue;
          }
          spans.push({ id: p.id, start: m.index, end: m.index + m[0].length, confidence: p.confidence, description: 'dictionary pattern' });
        }
      }
      spans.sort((a, b) => a.start - b.start || b.end - a.end);
      const out: Detection[] = [];
      let lastEnd = -1;
      for (const s of spans) {
        if (s.start < lastEnd) continue; // overlapping hit of another term: keep the first, longest
        lastEnd = s.end;
        const o = toOriginalSpan(scan, s.start, s.end);
        const value = original.slice(o.start, o.end);
        out.push({ type: 'dictionary', ruleId: s.id, confidence: s.confidence, start: o.start, end: o.end, valueStart: o.start, valueEnd: o.end, value, description: s.description });
      }
      return out;
    },
  };
}

/** Lower-cases without moving offsets (falls back per code unit in the rare case lengths differ). */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const l = text[i]!.toLowerCase();
    out += l.length === 1 ? l : text[i]!;
  }
  return out;
}

function accept(text: string, term: Term, start: number, end: number): { start: number; end: number; description: string } | undefined {
  if (term.hostname !== 'none') {
    if (isHostChar(text.charCodeAt(end)) || (text.charCodeAt(end) === 46 && isHostChar(text.charCodeAt(end + 1)))) return undefined;
    const before = text.charCodeAt(start - 1);
    if (before === 46 && term.hostname === 'suffix') {
      let s = start - 1;
      while (s > 0 && start - s < MAX_HOST && (isHostChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 46)) s--;
      if (s === start - 1 || isHostChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 46) return undefined;
      return { start: s, end, description: 'internal hostname' };
    }
    if (isHostChar(before) || before === 46) return undefined;
    return { start, end, description: 'internal hostname' };
  }
  if (term.wholeWord) {
    if (isWordChar(text.charCodeAt(start)) && isWordChar(text.charCodeAt(start - 1))) return undefined;
    if (isWordChar(text.charCodeAt(end - 1)) && isWordChar(text.charCodeAt(end))) return undefined;
  }
  return { start, end, description: 'dictionary term' };
}

function isHostChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 45;
}

const WORD = /[\p{L}\p{N}_]/u;
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Letters and digits of scripts written with spaces; CJK has no word boundaries to respect. */
function isWordChar(c: number): boolean {
  if (Number.isNaN(c)) return false;
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95;
  const ch = String.fromCharCode(c);
  return WORD.test(ch) && !NO_SPACES.test(ch);
}
