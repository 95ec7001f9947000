/**
 * Chains fingerprint matches into regions: same indexed file, prompt positions increasing, file lines
 * roughly increasing (a reformatted or partly edited copy keeps the order of its code), gaps up to a
 * limit on both sides. A fingerprint can hit one file several times (repeated code); each hit is tried
 * against the open chains of that file and joins the first that accepts it.
 */

import type { MatchList } from './match-list.ts';

export interface Match {
  /** Index of the prompt fingerprint, its first token, and where the index saw it. */
  fp: number;
  pos: number;
  file: number;
  line: number;
  span: number;
  /** Evidence this hit adds to a chain (default 1). */
  weight?: number;
  /**
   * A *floating* hit: the value occurs in the file at some line after `after` that the index did not
   * keep (it keeps the first maxPerFile postings of a value per file). It never starts a chain; it joins
   * an open chain whose diagonal (`lastLine + pos − lastPos`) lies beyond `after`, at that line.
   */
  after?: number;
}

export interface Chain {
  file: number;
  firstPos: number;
  lastPos: number;
  startLine: number;
  endLine: number;
  lastLine: number;
  /** Distinct prompt fingerprints in the chain, and the sum of their weights. */
  matched: number;
  weight: number;
  lastFp: number;
}

const BACKTRACK_LINES = 3;
/** Open chains per file: as many as one fingerprint may have postings in a file (maxPerFile). */
const OPEN_CHAINS = 8;

/**
 * `diagonal`: positions are prompt *lines* (the line channel), so a verbatim copy keeps
 * `file line − prompt line` constant; a hit joins the open chain whose offset it keeps best (then the
 * closest step). A line repeated in the file gives its first prompt occurrence hits at each copy; by
 * closest step alone a later hit could join the chain of the wrong copy and split the paste in two
 * (eval:owncode: 10-line verbatim pastes with a repeated `__classPrivateFieldGet(…)` line).
 */
export function chainMatches(matches: Match[], maxGapTokens: number, maxGapLines: number, diagonal = false): Chain[] {
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
    // Join the open chain this hit continues most closely (smallest forward step in the file's lines):
    // code repeated inside a file gives a fingerprint several hits, and each belongs with the chain
    // that runs along its own copy. A chain that already took this fingerprint is not offered it again.
    let best: Chain | undefined;
    let bestStep = Infinity;
    let taken = false;
    if (m.after !== undefined) {
      joinFloating(open, m, maxGapTokens);
      continue;
    }
    for (const c of open) {
      if (c.lastFp === m.fp) {
        taken = true;
        continue;
      }
      if (m.pos - c.lastPos > maxGapTokens) continue;
      if (m.line < c.lastLine - BACKTRACK_LINES || m.line - c.lastLine > maxGapLines) continue;
      let step = m.line >= c.lastLine ? m.line - c.lastLine : maxGapLines + c.lastLine - m.line;
      if (diagonal) step += 4 * maxGapLines * Math.abs(m.line - m.pos - (c.lastLine - c.lastPos));
      if (step < bestStep) {
        best = c;
        bestStep = step;
      }
    }
    if (best) {
      best.matched++;
      best.weight += m.weight ?? 1;
      best.lastFp = m.fp;
      best.lastPos = m.pos;
      best.lastLine = m.line;
      best.startLine = Math.min(best.startLine, m.line);
      best.endLine = Math.max(best.endLine, m.line + m.span);
      continue;
    }
    if (taken && open.length >= OPEN_CHAINS) continue; // another copy of a hit already chained: no room to start one
    open.push({ file: m.file, firstPos: m.pos, lastPos: m.pos, startLine: m.line, endLine: m.line + m.span, lastLine: m.line, matched: 1, weight: m.weight ?? 1, lastFp: m.fp });
    if (open.length > OPEN_CHAINS) {
      // Retire the chain that advanced least recently.
      let oldest = 0;
      for (let i = 1; i < open.length; i++) if ((open[i]?.lastPos ?? 0) < (open[oldest]?.lastPos ?? 0)) oldest = i;
      done.push(...open.splice(oldest, 1));
    }
  }
  done.push(...open);
  return done;
}

/** A floating hit (see Match.after) joins the open chain it continues on the diagonal, if any. */
function joinFloating(open: Chain[], m: Match, maxGapTokens: number): void {
  let best: Chain | undefined;
  for (const c of open) {
    if (c.lastFp === m.fp || m.pos <= c.lastPos || m.pos - c.lastPos > maxGapTokens) continue;
    if (c.lastLine + (m.pos - c.lastPos) <= (m.after ?? 0)) continue;
    if (!best || c.lastPos > best.lastPos) best = c;
  }
  if (!best) return;
  const line = best.lastLine + (m.pos - best.lastPos);
  best.matched++;
  best.weight += m.weight ?? 1;
  best.lastFp = m.fp;
  best.lastPos = m.pos;
  best.lastLine = line;
  best.endLine = Math.max(best.endLine, line + m.span);
}

/** The open chains of `chainMatchList`, one slot per chain (it never re-enters itself). */
const OPEN = {
  oFirstPos: new Int32Array(OPEN_CHAINS + 1),
  oLastPos: new Int32Array(OPEN_CHAINS + 1),
  oStartLine: new Int32Array(OPEN_CHAINS + 1),
  oEndLine: new Int32Array(OPEN_CHAINS + 1),
  oLastLine: new Int32Array(OPEN_CHAINS + 1),
  oMatched: new Int32Array(OPEN_CHAINS + 1),
  oWeight: new Float64Array(OPEN_CHAINS + 1),
  oLastFp: new Int32Array(OPEN_CHAINS + 1),
};

/**
 * `chainMatches` over a typed match list (match-list.ts): the same chains, in the same order, from the
 * same matches — less those with fewer than `minMatched` matches, which every caller drops (a hit that
 * continues no chain starts one, so most chains are single stray hits). Open chains live in typed
 * arrays; a Chain object is made only for one that is kept. Sorts `list`.
 */
export function chainMatchList(list: MatchList, maxGapTokens: number, maxGapLines: number, diagonal = false, minMatched = 1): Chain[] {
  list.sort();
  const done: Chain[] = [];
  const { oFirstPos, oLastPos, oStartLine, oEndLine, oLastLine, oMatched, oWeight, oLastFp } = OPEN;
  let openCount = 0;
  let file = -1;
  const retire = (j: number): void => {
    if ((oMatched[j] ?? 0) >= minMatched) {
      done.push({ file, firstPos: oFirstPos[j] ?? 0, lastPos: oLastPos[j] ?? 0, startLine: oStartLine[j] ?? 0, endLine: oEndLine[j] ?? 0, lastLine: oLastLine[j] ?? 0, matched: oMatched[j] ?? 0, weight: oWeight[j] ?? 0, lastFp: oLastFp[j] ?? 0 });
    }
  };
  const { fp: fps, pos: poss, file: files, line: lines, span: spans, weight: weights, after: afters } = list;
  const floating = list.floating;
  const n = list.length;
  for (let k = 0; k < n; k++) {
    const mFile = files[k] ?? 0;
    const mFp = fps[k] ?? 0;
    const mPos = poss[k] ?? 0;
    const mLine = lines[k] ?? 0;
    if (mFile !== file) {
      for (let j = 0; j < openCount; j++) retire(j);
      openCount = 0;
      file = mFile;
    }
    if (floating && (afters[k] ?? -1) >= 0) {
      // A floating hit (Match.after): `joinFloating` over the slots — it joins the open chain with the
      // latest position whose diagonal lies beyond `after`, at that line, and never starts one.
      const after = afters[k] ?? 0;
      let best = -1;
      for (let j = 0; j < openCount; j++) {
        const lastPos = oLastPos[j] ?? 0;
        if (oLastFp[j] === mFp || mPos <= lastPos || mPos - lastPos > maxGapTokens) continue;
        if ((oLastLine[j] ?? 0) + (mPos - lastPos) <= after) continue;
        if (best < 0 || lastPos > (oLastPos[best] ?? 0)) best = j;
      }
      if (best < 0) continue;
      const line = (oLastLine[best] ?? 0) + (mPos - (oLastPos[best] ?? 0));
      oMatched[best]!++;
      oWeight[best]! += weights[k] ?? 1;
      oLastFp[best] = mFp;
      oLastPos[best] = mPos;
      oLastLine[best] = line;
      if (line + (spans[k] ?? 0) > (oEndLine[best] ?? 0)) oEndLine[best] = line + (spans[k] ?? 0);
      continue;
    }
    let best = -1;
    let bestStep = Infinity;
    let taken = false;
    for (let j = 0; j < openCount; j++) {
      if (oLastFp[j] === mFp) {
        taken = true;
        continue;
      }
      const lastPos = oLastPos[j] ?? 0;
      const lastLine = oLastLine[j] ?? 0;
      if (mPos - lastPos > maxGapTokens) continue;
      if (mLine < lastLine - BACKTRACK_LINES || mLine - lastLine > maxGapLines) continue;
      let step = mLine >= lastLine ? mLine - lastLine : maxGapLines + lastLine - mLine;
      if (diagonal) step += 4 * maxGapLines * Math.abs(mLine - mPos - (lastLine - lastPos));
      if (step < bestStep) {
        best = j;
        bestStep = step;
      }
    }
    const w = weights[k] ?? 1;
    const mEnd = mLine + (spans[k] ?? 0);
    if (best >= 0) {
      oMatched[best]!++;
      oWeight[best]! += w;
      oLastFp[best] = mFp;
      oLastPos[best] = mPos;
      oLastLine[best] = mLine;
      if (mLine < (oStartLine[best] ?? 0)) oStartLine[best] = mLine;
      if (mEnd > (oEndLine[best] ?? 0)) oEndLine[best] = mEnd;
      continue;
    }
    if (taken && openCount >= OPEN_CHAINS) continue;
    const j = openCount++;
    oFirstPos[j] = mPos;
    oLastPos[j] = mPos;
    oStartLine[j] = mLine;
    oEndLine[j] = mEnd;
    oLastLine[j] = mLine;
    oMatched[j] = 1;
    oWeight[j] = w;
    oLastFp[j] = mFp;
    if (openCount > OPEN_CHAINS) {
      // Retire the chain that advanced least recently (the first such), keeping the others' order.
      let oldest = 0;
      for (let i = 1; i < openCount; i++) if ((oLastPos[i] ?? 0) < (oLastPos[oldest] ?? 0)) oldest = i;
      retire(oldest);
      for (let i = oldest + 1; i < openCount; i++) {
        oFirstPos[i - 1] = oFirstPos[i] ?? 0;
        oLastPos[i - 1] = oLastPos[i] ?? 0;
        oStartLine[i - 1] = oStartLine[i] ?? 0;
        oEndLine[i - 1] = oEndLine[i] ?? 0;
        oLastLine[i - 1] = oLastLine[i] ?? 0;
        oMatched[i - 1] = oMatched[i] ?? 0;
        oWeight[i - 1] = oWeight[i] ?? 0;
        oLastFp[i - 1] = oLastFp[i] ?? 0;
      }
      openCount--;
    }
  }
  for (let j = 0; j < openCount; j++) retire(j);
  return done;
}
