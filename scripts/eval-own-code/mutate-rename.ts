/**
 * Consistent renaming: every distinct identifier (as the detector's lexer sees identifiers — keywords
 * are left alone) gets one fresh name, used at every occurrence, as a developer or an obfuscating
 * assistant would rename. Fresh names never collide with each other or with keywords (they carry a
 * counter), and they differ from the originals, so the identifier channel cannot match at all.
 */
import type { LanguageFamily } from '../../src/inspection/own-code/tokenize/language-for.ts';
import { TokenKind } from '../../src/inspection/own-code/tokenize/token-stream.ts';
import { join, lex } from './tokens.ts';

const STEMS = ['acc', 'item', 'node', 'val', 'buf', 'ctx', 'res', 'opt', 'entry', 'tmp', 'data', 'ref', 'cur', 'arg', 'elem', 'part'];

export function renameIdentifiers(text: string, family: LanguageFamily, rand: () => number): string {
  const l = lex(text, family);
  const names = new Map<string, string>();
  for (const t of l.toks) {
    if (t.kind !== TokenKind.identifier) continue;
    let fresh = names.get(t.text);
    if (fresh === undefined) {
      const stem = STEMS[Math.floor(rand() * STEMS.length)] ?? 'v';
      // Keep the casing style (a class stays capitalised) so the text still reads as code.
      const cap = /^[A-Z]/.test(t.text);
      fresh = `${cap ? stem[0]?.toUpperCase() + stem.slice(1) : stem}${names.size + 1}`;
      names.set(t.text, fresh);
    }
    t.text = fresh;
  }
  return join(l);
}
