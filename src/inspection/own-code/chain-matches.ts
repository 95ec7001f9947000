/**
 * Chains fingerprint matches into regions: same indexed file, prompt positions increasing, file lines
 * roughly increasing (a reformatted or partly edited copy keeps the order of its code), gaps up to a
 * limit on both sides. A fingerprint can hit one file several times (repeated code); each hit is tried
 * against the open chains of that file and joins the first that accepts it.
 */

export interface Match {
  /** Index of the prompt fingerprint, its first token, and where the index saw it. */
  fp: number;
  pos: number;
  file: number;
  line: number;
  span: number;
}

export interface Chain {
  file: number;
  firstPos: number;
  lastPos: number;
  startLine: number;
  endLine: number;
  lastLine: number;
  /** Distinct prompt fingerprints in the chain. */
  matched: number;
  lastFp: number;
}

const BACKTRACK_LINES = 3;
const OPEN_CHAINS = 4;

export function chainMatches(matches: Match[], maxGapTokens: number, maxGapLines: number): Chain[] {
  matches.sort((a, b) => a.file - b.file || a.pos - b.pos || a.line - b.line);
  const done: Chain[] = [];
  let open: Chain[] = [];
  let file = -1;
  for (const m of matches) {
    if (m.file !== file) {
      done.push(...open);
      open = [];
      file = m.file;
    }
    let joined = false;
    for (let i = open.length - 1; i >= 0 && !joined; i--) {
      const c = open[i];
      if (!c) continue;
      if (c.lastFp === m.fp) {
        joined = true; // another hit of a fingerprint this chain already took: ignore it
        break;
      }
      if (m.pos - c.lastPos > maxGapTokens) continue;
      if (m.line < c.lastLine - BACKTRACK_LINES || m.line - c.lastLine > maxGapLines) continue;
      c.matched++;
      c.lastFp = m.fp;
      c.lastPos = m.pos;
      c.lastLine = m.line;
      c.startLine = Math.min(c.startLine, m.line);
      c.endLine = Math.max(c.endLine, m.line + m.span);
      joined = true;
    }
    if (!joined) {
      open.push({ file: m.file, firstPos: m.pos, lastPos: m.pos, startLine: m.line, endLine: m.line + m.span, lastLine: m.line, matched: 1, lastFp: m.fp });
      if (open.length > OPEN_CHAINS) {
        // Retire the chain that advanced least recently.
        let oldest = 0;
        for (let i = 1; i < open.length; i++) if ((open[i]?.lastPos ?? 0) < (open[oldest]?.lastPos ?? 0)) oldest = i;
        done.push(...open.splice(oldest, 1));
      }
    }
  }
  done.push(...open);
  return done;
}
