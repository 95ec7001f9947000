/**
 * Child process of `bench:index`: the query side alone, so its memory is not mixed with the builder's.
 * Reads the prompts (JSON file), notes RSS, loads the index file, notes RSS again, then times the
 * own-code detector: uncached 150 KB prompts scanned whole and per segment, a follow-up turn (history
 * cached, one new segment; every segment a freshly parsed string, as a new request body gives) and an
 * identical prompt again. Prints one JSON line on stdout.
 *
 *   node bench/support/owncode-query.ts <index file> <prompts.json> <warm-up count>
 */
import { readFileSync } from 'node:fs';
import { loadIndexFile } from '../../src/inspection/own-code/index-file.ts';
import { createOwnCodeDetector } from '../../src/inspection/own-code/own-code-detector.ts';

interface PromptSet {
  prompts: string[][];
  followUps: string[];
}

const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const [indexPath, promptsPath, warmArg] = process.argv.slice(2);
if (!indexPath || !promptsPath) throw new Error('usage: owncode-query.ts <index> <prompts.json> <warm-up>');
const warm = Number(warmArg ?? 10);
const set = JSON.parse(readFileSync(promptsPath, 'utf8')) as PromptSet;
globalThis.gc?.();
const before = rssMb();
let t0 = performance.now();
const index = loadIndexFile(indexPath);
const loadMs = performance.now() - t0;
globalThis.gc?.();
const afterLoad = rssMb();

const time = (fn: () => void): number => {
  const s = performance.now();
  fn();
  return performance.now() - s;
};
/** CPU time of this thread (user + system), ms: less sensitive than wall time to other processes' load. */
const cpu = (fn: () => void): number => {
  const s = process.threadCpuUsage();
  fn();
  const d = process.threadCpuUsage(s);
  return (d.user + d.system) / 1000;
};
const whole: number[] = [];
const perSegment: number[] = [];
const followUp: number[] = [];
const identical: number[] = [];
const wholeCpu: number[] = [];
const followUpCpu: number[] = [];
let findings = 0;
let wholeFindings = 0;
t0 = performance.now();
set.prompts.forEach((segments, i) => {
  // Whole prompt as one text, on a fresh detector: nothing of it can be cached.
  const one = createOwnCodeDetector(index);
  const text = segments.join('\n\n');
  let w = 0;
  const wc = cpu(() => (w = time(() => (wholeFindings += one.scan(text).length))));
  const again = JSON.parse(JSON.stringify(text)) as string;
  const ident = time(() => one.scan(again));
  // Per segment, as the gateway scans a request: a fresh detector, then the next turn on the same one.
  const d = createOwnCodeDetector(index);
  const s = time(() => {
    for (const seg of segments) findings += d.scan(seg).length;
  });
  // The next turn arrives as a new request body: every segment is a freshly parsed string (equal
  // content, a different object), as JSON.parse of a real request gives — not the objects scanned above,
  // whose cached string hashes would make the detector's cache lookups look free.
  const next = JSON.parse(JSON.stringify([...segments, set.followUps[i] ?? ''])) as string[];
  let f = 0;
  const fc = cpu(() => {
    f = time(() => {
      for (const seg of next) d.scan(seg);
    });
  });
  if (i >= warm) {
    whole.push(w);
    identical.push(ident);
    perSegment.push(s);
    followUp.push(f);
    wholeCpu.push(wc);
    followUpCpu.push(fc);
  }
});
const totalMs = performance.now() - t0;
globalThis.gc?.();
const afterQueries = rssMb();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    rssBeforeMb: before,
    rssAfterLoadMb: afterLoad,
    rssAfterQueriesMb: afterQueries,
    peakRssMb: usage.maxRSS / 1024,
    loadMs,
    totalMs,
    promptChars: set.prompts.map((p) => p.join('\n\n').length),
    segments: set.prompts.map((p) => p.length),
    whole,
    identical,
    perSegment,
    followUp,
    wholeCpu,
    followUpCpu,
    findingsPerPrompt: wholeFindings / set.prompts.length,
    segmentFindingsPerPrompt: findings / set.prompts.length,
  })}\n`,
);
