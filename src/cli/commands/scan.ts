import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { BuildDetectorsOptions } from '../../inspection/build-detectors.ts';
import { failsBuild, scanExitCode } from '../../scan/exit-code.ts';
import type { ScanFinding } from '../../scan/scan-finding.ts';
import type { Detector } from '../../inspection/detector.ts';
import { parseBaseline, type Baseline } from '../../scan/baseline.ts';
import { runScan } from '../../scan/run-scan.ts';
import { chooseWorkers, defaultWorkers } from '../../scan/worker-count.ts';
import { parseScanArgs, type ScanOptions } from '../../scan/scan-options.ts';
import { summaryLine, toolVersion, type ScanReport } from '../../scan/report.ts';
import { renderTextEnd, renderTextFinding } from '../../scan/report-text.ts';
import { renderJson } from '../../scan/report-json.ts';
import { renderSarif } from '../../scan/report-sarif.ts';
import { ownCodeScan, type OwnCodeScan } from './scan-own-code.ts';
import { usageError } from '../usage-error.ts';

const help = `Usage: sekisho scan [options] [PATH...]

Scans files and directories (default: .) for secrets (and, when asked, personal data) with the gateway's
detectors, on worker threads (one fewer than the cores, at least one; none for a small scan).
Directories are walked honouring .gitignore files; .git/ and node_modules/ are always skipped. A PATH
of - (or --stdin) reads standard input. Found values are masked unless --show-values is given.

Options:
  -f, --format FORMAT       text (default), json or sarif (SARIF 2.1.0)
  -o, --output FILE         Write the report to FILE instead of standard output
      --show-values         Print the found values (masked by default)
      --stdin               Scan standard input (reported as "stdin")
      --rules FILE          gitleaks-format TOML rule file, loaded on top of the built-ins (repeatable)
      --no-builtin          Use only the --rules files, not Sekisho's built-in secret rules
      --pii                 Also look for personal data (e-mails, phones, cards, ...); off by default,
                            on with SEKISHO_SCAN_PII=1
      --high-entropy        Also report any high-entropy string (low confidence, noisy on code)
      --decode-depth N      Layers of base64/hex/percent/escape encoding to look inside, 0-4 (default 2)
      --fail-on LVL         Findings of this confidence or higher fail the scan (exit 1): low, medium
                            (default), high. Lower ones are reported when --min-confidence lets them
      --min-confidence LVL  Report only findings of this confidence or higher: low, medium (default),
                            high; never above --fail-on
      --workers N           Worker threads (default: cores - 1, at least 1, or 0 for at most 64 files
                            and 1 MiB; 0 = scan in the main thread)
      --max-file-size SIZE  Skip larger files (default 5MB; bytes or e.g. 512KiB, 10MB)
      --baseline FILE       Ignore the findings listed in FILE (a --format json report)
      --write-baseline FILE Write the current findings to FILE as a baseline (without values); exits 0
      --own-code            Also report company source code found in the own-code index (sekisho index add):
                            repository:path:L12-L58 and coverage
      --config FILE         The gateway's configuration (env SEKISHO_CONFIG): its data directory and
                            own-code settings, as the other commands read them
      --data-dir DIR        Where the own-code index is (default: the configured data directory)
  -h, --help                Show this help

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, rule file or read
error (an incomplete scan never passes).
`;

/** `sekisho scan`: the gateway's detectors over files, for CI and pre-commit hooks. Returns the exit code. */
export async function scanCommand(argv: string[]): Promise<number> {
  const cwd = process.cwd();
  let options: ScanOptions;
  try {
    options = parseScanArgs(argv, cwd, process.env);
  } catch (err) {
    return usageError('scan', (err as Error).message);
  }
  if (options.help) {
    process.stdout.write(help);
    return 0;
  }
  const { rules, pii } = options.inspection;
  if (!rules.builtin && !pii && rules.files.length === 0) return fail('no detectors: --no-builtin without --pii leaves nothing to scan with (add --rules FILE)');
  const exclude = new Set([options.output, options.baseline, options.writeBaseline].filter((p): p is string => p !== undefined));
  const workers = workerCount(options, cwd, exclude);
  let detectors: Detector[] = [];
  let buildOptions: BuildDetectorsOptions;
  let ownCode: OwnCodeScan | undefined;
  try {
    ownCode = await ownCodeScan(options);
    // Documentation examples are low in a scan of source trees (never in the gateway: build-detectors.ts).
    buildOptions = { ...ownCode?.build, documentationExamplesLow: true, reportUndecoded: false };
    // Rule files and the own-code index can fail to load or warn: checked here, before any thread starts.
    // The built-ins alone cannot; with workers they are built only in the workers (one build per core,
    // not one more on the main thread competing with them).
    if (workers === 0 || rules.files.length > 0 || options.ownCode) {
      // Imported only here: with workers and the built-ins alone, this thread never runs a detector.
      const { buildDetectors } = await import('../../inspection/build-detectors.ts');
      // In this thread with the built-ins alone, their regexes compile on first use, as in a worker (a
      // few files — a pre-commit hook — use a handful of rules; compiling all of them cost ~0.6 CPU-s).
      // Rule files are compiled now: a bad pattern fails the scan before it starts.
      const lazyRegexes = workers === 0 && rules.files.length === 0;
      const built = buildDetectors(options.inspection, lazyRegexes ? { ...buildOptions, lazyRegexes } : buildOptions);
      for (const warning of built.warnings) process.stderr.write(`sekisho scan: warning: ${warning}\n`);
      detectors = built.detectors;
    }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  let baseline: Baseline | undefined;
  if (options.baseline !== undefined) {
    try {
      baseline = parseBaseline(readFileSync(options.baseline, 'utf8'));
    } catch (err) {
      return fail(`--baseline ${options.baseline}: ${(err as Error).message}`);
    }
  }
  const stdin = options.paths.includes('-') ? await readStdin() : undefined;
  let out: Sink;
  try {
    out = openSink(options.output);
  } catch (err) {
    return fail((err as Error).message);
  }
  const text = options.format === 'text';
  const kept: ScanFinding[] = []; // JSON and SARIF only: those formats are one document
  const all: ScanFinding[] = []; // --write-baseline only
  let found = 0;
  let failing = 0;
  let known = 0;
  const onFile = (_path: string, findings: ScanFinding[]): void => {
    ownCode?.describe(findings, cwd, stdin);
    for (const f of findings) {
      if (options.writeBaseline !== undefined) all.push(f);
      if (baseline?.has(f) === true) {
        known++;
        continue;
      }
      found++;
      if (failsBuild(f, options.failOn)) failing++;
      if (text) out.write(renderTextFinding(f, options.showValues));
      else kept.push(f);
    }
  };
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  let outcome;
  try {
    outcome = await runScan({
      paths: options.paths,
      ...(stdin === undefined ? {} : { stdin }),
      cwd,
      settings: { maxFileSize: options.maxFileSize, minConfidence: options.minConfidence, keepLines: text, keepValues: options.showValues },
      exclude,
      detectors,
      workers,
      build: { inspection: options.inspection, options: buildOptions },
      signal: abort.signal,
      onFile,
    });
  } catch (err) {
    out.close();
    return fail(`scan stopped: ${(err as Error).message}`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    ownCode?.close();
  }
  const facts = { found, stats: outcome.stats, baselined: known, belowFailOn: found - failing, failOn: options.failOn };
  try {
    if (text) out.write(renderTextEnd(facts));
    else {
      const report: ScanReport = { toolVersion: toolVersion(), findings: kept, stats: outcome.stats, baselined: known, showValues: options.showValues };
      out.write(options.format === 'json' ? renderJson(report) : renderSarif(report, cwd));
    }
    out.close();
    if (options.writeBaseline !== undefined) {
      writeFileSync(options.writeBaseline, renderJson({ toolVersion: toolVersion(), findings: all, stats: outcome.stats, baselined: 0, showValues: false }));
    }
  } catch (err) {
    return fail((err as Error).message);
  }
  if (options.output !== undefined || !text) process.stderr.write(`sekisho scan: ${summaryLine(facts)}\n`);
  for (const error of outcome.errors) process.stderr.write(`sekisho scan: ${error}\n`);
  return scanExitCode({ errors: outcome.errors.length, failing, wroteBaseline: options.writeBaseline !== undefined });
}

/** Where the report goes: standard output, or a file opened (and truncated) before the scan starts. */
interface Sink {
  write(text: string): void;
  close(): void;
}

function openSink(path: string | undefined): Sink {
  if (path === undefined) return { write: (t) => void process.stdout.write(t), close: () => {} };
  const fd = openSync(path, 'w');
  let open = true;
  return {
    write: (t) => void writeSync(fd, t),
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/**
 * `--workers`, or by default none for a small scan (a pre-commit hook's few files, a small directory)
 * and one fewer than the cores for a large one (src/scan/worker-count.ts). Why not one per core: each
 * worker is a V8 isolate that loads the detectors and JIT-compiles them itself (~0.45 CPU-s of
 * optimising compilation on V8's background threads, measured per thread on the 51 MB bench tree),
 * and the main thread walks the tree and reads the files ahead for the workers (run-scan.ts). On 2
 * cores a second worker cost as much CPU as it saved: two workers were no faster than one at load 2
 * and 55% slower at load 3–4 (docs/benchmarks.md, bench:scan-tree).
 */
function workerCount(options: ScanOptions, cwd: string, exclude: ReadonlySet<string>): number {
  if (options.workers !== undefined) return options.workers;
  return chooseWorkers(options.paths, cwd, availableParallelism(), exclude);
}

export { defaultWorkers };

function fail(message: string): number {
  process.stderr.write(`sekisho scan: ${message}\n`);
  return 2;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
