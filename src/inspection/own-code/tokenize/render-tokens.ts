import { TokenKind, type TokenStream } from './token-stream.ts';

/**
 * A readable form of a token stream for tests and debugging: `line:kind:text`, with the structure-channel
 * view in brackets for normalised tokens, e.g. `3:id:total[ID]`, `3:kw:return`, `4:str:"a"[STR]`.
 */
export function renderTokens(text: string, tokens: TokenStream): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens.kind[i];
    const src = text.slice(tokens.start[i], tokens.end[i]);
    const line = tokens.line[i];
    if (kind === TokenKind.keyword) out.push(`${line}:kw:${src}`);
    else if (kind === TokenKind.identifier) out.push(`${line}:id:${src}[ID]`);
    else if (kind === TokenKind.string) out.push(`${line}:str:${src}[STR]`);
    else if (kind === TokenKind.number) out.push(`${line}:num:${src}[NUM]`);
    else out.push(`${line}:p:${src}`);
  }
  return out;
}
