/**
 * `npm run bench:owncode-reload`: how long a running gateway takes to swap in a rebuilt own-code index,
 * and how long the swap holds the event loop (what requests in flight feel). A ~1 M-line index (the
 * corpus of bench:index) is written to a temporary data directory; `DataDirIndexSource.reload()` is
 * timed after each rewrite (a new file by rename, as `sekisho index add` does), while the event loop's
 * delay is sampled at 1 ms resolution. A baseline of the same sampling without a reload is taken too: on
 * a busy machine the delay is mostly other processes.
 *
 *   node bench/owncode-reload.ts            ~1 M lines, 20 reloads, writes bench/results/owncode-reload-latest.json
 *   node bench/owncode-reload.ts --quick    200 k lines, 10 reloads, writes nothing
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { OwnCodeIndexBuilder } from '../src/inspection/own-code/index-builder.ts';
import { writeIndexFile } from '../src/inspection/own-code/index-file.ts';
import { DataDirIndexSource } from '../src/inspection/own-code/data-dir-index-source.ts';
import { INDEX_FILE_NAME } from '../src/inspection/own-code/store/rebuild-index.ts';
import { defaultRoots, readSources } from './support/owncode-corpus.ts';
import { machine } from './support/processes.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, 'no-write': { type: 'boolean' } } });
const quick = args.quick === true;
const targetLines = quick ? 200_000 : 1_000_000;
const runs = quick ? 10 : 20;
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const round = (x: number): number => Number(x.toFixed(1));

const builder = new OwnCodeIndexBuilder();
let lines = 0;
for (const f of readSources(defaultRoots(root), targetLines)) {
  builder.addFile(f.repo, f.path, f.text);
  lines += f.lines;
}
const index = builder.build();
const dir = mkdtempSync(join(tmpdir(), 'sekisho-reload-bench-'));
const path = join(dir, INDEX_FILE_NAME);
writeIndexFile(path, index);
log(`index: ${lines} lines, ${(index.bytes.byteLength / 2 ** 20).toFixed(1)} MiB`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const delay = monitorEventLoopDelay({ resolution: 1 });
const source = await DataDirIndexSource.open({ path, readGeneration: () => undefined, feed: { subscribe: () => () => {}, close: () => {} } });
const reloadMs: number[] = [];
const reloadStallMs: number[] = [];
const idleStallMs: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    writeIndexFile(path, index); // a new file (inode), as every rebuild writes
    await sleep(50);
    delay.reset();
    delay.enable();
    const t = performance.now();
    if (!(await source.reload())) throw new Error('the rewritten index was not reloaded');
    reloadMs.push(performance.now() - t);
    delay.disable();
    reloadStallMs.push(delay.max / 1e6);
    delay.reset();
    delay.enable();
    await sleep(Math.max(20, reloadMs.at(-1)!));
    delay.disable();
    idleStallMs.push(delay.max / 1e6);
  }
} finally {
  source.close();
  rmSync(dir, { recursive: true, force: true });
}
const results = {
  date: new Date().toISOString(),
  machine: machine(),
  lines,
  indexBytes: index.bytes.byteLength,
  runs,
  reloadMs: { p50: round(pct(reloadMs, 50)), p90: round(pct(reloadMs, 90)), max: round(Math.max(...reloadMs)) },
  eventLoopMaxDelayDuringReloadMs: { p50: round(pct(reloadStallMs, 50)), p90: round(pct(reloadStallMs, 90)), max: round(Math.max(...reloadStallMs)) },
  eventLoopMaxDelayIdleMs: { p50: round(pct(idleStallMs, 50)), p90: round(pct(idleStallMs, 90)), max: round(Math.max(...idleStallMs)) },
};
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
if (!quick && args['no-write'] !== true) writeFileSync(join(root, 'bench/results/owncode-reload-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
