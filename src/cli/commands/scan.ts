import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { INDEX_FILE_NAME } from '../../inspection/own-code/store/rebuild-index.ts';
import { buildDetectors } from '../../inspection/build-detectors.ts';
import { parseBaseline, type Baseline } from '../../scan/baseline.ts';
import { runScan } from '../../scan/run-scan.ts';
import { parseScanArgs, type ScanOptions } from '../../scan/scan-options.ts';
import { summaryLine, toolVersion, type ScanReport } from '../../scan/report.ts';
import { renderText } from '../../scan/report-text.ts';
import { renderJson } from '../../scan/report-json.ts';
import { renderSarif } from '../../scan/report-sarif.ts';

const help = `Usage: sekisho scan [options] [PATH...]

Scans files and directories (default: .) for secrets and personal data with the gateway's detectors.
Directories are walked honouring .gitignore files; .git/ and node_modules/ are always skipped. A PATH
of - (or --stdin) reads standard input. Found values are masked unless --show-values is given.

Options:
  -f, --format FORMAT       text (default), json or sarif (SARIF 2.1.0)
  -o, --output FILE         Write the report to FILE instead of standard output
      --show-values         Print the found values (masked by default)
      --stdin               Scan standard input (reported as "stdin")
      --rules FILE          gitleaks-format TOML rule file, loaded on top of the built-ins (repeatable)
      --no-builtin          Use only the --rules files, not Sekisho's built-in secret rules
      --no-pii              Do not look for personal data
      --high-entropy        Also report any high-entropy string (low confidence, noisy on code)
      --decode-depth N      Layers of base64/hex/percent/escape encoding to look inside, 0-4 (default 2)
      --min-confidence LVL  Report only findings of this confidence or higher: low (default), medium, high
      --max-file-size SIZE  Skip larger files (default 5MB; bytes or e.g. 512KiB, 10MB)
      --baseline FILE       Ignore the findings listed in FILE (a --format json report)
      --write-baseline FILE Write the current findings to FILE as a baseline (without values); exits 0
      --own-code            Also report company source code found in the own-code index (sekisho index add):
                            repository:path:L12-L58 and coverage
      --data-dir DIR        Where the own-code index is (default: the gateway's data directory)
  -h, --help                Show this help

Exit status: 0 no findings, 1 findings, 2 usage, rule file or read error.
`;

/** `sekisho scan`: the gateway's detectors over files, for CI and pre-commit hooks. Returns the exit code. */
export async function scanCommand(argv: string[]): Promise<number> {
  const cwd = process.cwd();
  let options: ScanOptions;
  try {
    options = parseScanArgs(argv, cwd);
  } catch (err) {
    process.stderr.write(`sekisho scan: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(help);
    return 0;
  }
  let built;
  try {
    built = buildDetectors(options.inspection, await ownCodeOptions(options));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  for (const warning of built.warnings) process.stderr.write(`sekisho scan: warning: ${warning}\n`);
  if (built.detectors.length === 0) return fail('no detectors: --no-builtin and --no-pii leave nothing to scan with (add --rules FILE)');
  let baseline: Baseline | undefined;
  if (options.baseline !== undefined) {
    try {
      baseline = parseBaseline(readFileSync(options.baseline, 'utf8'));
    } catch (err) {
      return fail(`--baseline ${options.baseline}: ${(err as Error).message}`);
    }
  }
  const stdin = options.paths.includes('-') ? await readStdin() : undefined;
  const exclude = new Set([options.output, options.baseline, options.writeBaseline].filter((p): p is string => p !== undefined));
  const outcome = runScan({
    paths: options.paths,
    ...(stdin === undefined ? {} : { stdin }),
    cwd,
    detectors: built.detectors,
    maxFileSize: options.maxFileSize,
    minConfidence: options.minConfidence,
    exclude,
  });
  const { fresh, known } = baseline === undefined ? { fresh: outcome.findings, known: 0 } : baseline.filter(outcome.findings);
  const report: ScanReport = { toolVersion: toolVersion(), findings: fresh, stats: outcome.stats, baselined: known, showValues: options.showValues };
  const rendered = options.format === 'json' ? renderJson(report) : options.format === 'sarif' ? renderSarif(report, cwd) : renderText(report);
  try {
    if (options.writeBaseline !== undefined) {
      writeFileSync(options.writeBaseline, renderJson({ ...report, findings: outcome.findings, baselined: 0, showValues: false }));
    }
    if (options.output === undefined) process.stdout.write(rendered);
    else writeFileSync(options.output, rendered);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (options.output !== undefined || options.format !== 'text') process.stderr.write(`sekisho scan: ${summaryLine(report)}\n`);
  for (const error of outcome.errors) process.stderr.write(`sekisho scan: ${error}\n`);
  if (outcome.errors.length > 0) return 2;
  if (options.writeBaseline !== undefined) return 0;
  return fresh.length > 0 ? 1 : 0;
}

function fail(message: string): number {
  process.stderr.write(`sekisho scan: ${message}\n`);
  return 2;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `--own-code`: the index in the data directory, located as `sekisho serve` locates it (flag, then
 * SEKISHO_DATA_DIR / the config file, then the default), with the config's own-code thresholds.
 */
async function ownCodeOptions(options: ScanOptions): Promise<Parameters<typeof buildDetectors>[1]> {
  if (!options.ownCode) return {};
  const config = await loadConfig({ env: process.env, flags: options.dataDir === undefined ? {} : { dataDir: options.dataDir } });
  options.inspection.ownCode = config.inspection.ownCode;
  return { ownCodeIndexPath: join(config.dataDir, INDEX_FILE_NAME), requireOwnCode: true };
}
