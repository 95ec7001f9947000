import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { InspectionConfig } from '../config/types.ts';
import { defaultInspection } from '../config/defaults.ts';
import { parseSize } from '../config/parse-size.ts';
import type { Confidence } from '../inspection/finding.ts';
import { lowerConfidence } from './scan-task.ts';

export type ReportFormat = 'text' | 'json' | 'sarif';

/** The parsed command line of `sekisho scan`, paths resolved against the working directory. */
export interface ScanOptions {
  help: boolean;
  /** Files and directories; `-` is standard input. */
  paths: string[];
  format: ReportFormat;
  output?: string;
  showValues: boolean;
  inspection: InspectionConfig;
  /** Findings below this are not reported (the lower of `--min-confidence` and `--fail-on`). */
  minConfidence: Confidence;
  /** Findings at or above this make the exit code 1; the ones below are reported only. */
  failOn: Confidence;
  /** `--workers`: threads, 0 = the main thread; undefined = the command decides (one per core). */
  workers?: number;
  maxFileSize: number;
  baseline?: string;
  writeBaseline?: string;
  /** Also look for company code with the own-code index (`sekisho index add`). */
  ownCode: boolean;
  /** Where the own-code index lives (default: the gateway's data directory). */
  dataDir?: string;
  /** `--config`: the gateway's configuration file, for its data directory and own-code settings. */
  configPath?: string;
}

/** 5 MB (decimal, as sizes in the config file): larger files are mostly generated or data. */
export const DEFAULT_MAX_FILE_SIZE = 5_000_000;
const FORMATS: readonly string[] = ['text', 'json', 'sarif'];
const CONFIDENCES: readonly string[] = ['low', 'medium', 'high'];

/**
 * Flags → options. Why an InspectionConfig: the scan builds its detectors with the same `buildDetectors`
 * the gateway uses, so both find the same things for the same settings. Throws an Error with a
 * user-facing message on a bad flag (the command prints it and exits 2).
 */
export function parseScanArgs(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): ScanOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      stdin: { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'show-values': { type: 'boolean', default: false },
      rules: { type: 'string', multiple: true, default: [] },
      builtin: { type: 'boolean', default: true },
      pii: { type: 'boolean' },
      'fail-on': { type: 'string', default: 'medium' },
      workers: { type: 'string' },
      'high-entropy': { type: 'boolean', default: false },
      'decode-depth': { type: 'string' },
      'min-confidence': { type: 'string', default: 'medium' },
      'max-file-size': { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'own-code': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    allowNegative: true,
    strict: true,
  });
  if (!FORMATS.includes(values.format)) throw new Error(`--format must be text, json or sarif, got "${values.format}"`);
  if (!CONFIDENCES.includes(values['min-confidence'])) throw new Error(`--min-confidence must be low, medium or high, got "${values['min-confidence']}"`);
  if (!CONFIDENCES.includes(values['fail-on'])) throw new Error(`--fail-on must be low, medium or high, got "${values['fail-on']}"`);
  const failOn = values['fail-on'] as Confidence;
  let workers: number | undefined;
  if (values.workers !== undefined) {
    if (!/^[0-9]+$/.test(values.workers) || Number(values.workers) > 256) throw new Error(`--workers must be a whole number from 0 to 256, got "${values.workers}"`);
    workers = Number(values.workers);
  }
  const inspection = defaultInspection();
  if (values['decode-depth'] !== undefined) {
    const depth = Number(values['decode-depth']);
    if (!/^[0-9]+$/.test(values['decode-depth']) || depth > 4) throw new Error(`--decode-depth must be a whole number from 0 to 4, got "${values['decode-depth']}"`);
    inspection.decodeDepth = depth;
  }
  inspection.rules = { builtin: values.builtin, files: values.rules.map((f) => resolve(cwd, f)), highEntropy: values['high-entropy'] };
  // Why personal data is off by default: a secret scanner in CI fails builds on credentials; maintainers'
  // addresses in source headers are not leaks. `--pii` or SEKISHO_SCAN_PII=1 asks for it.
  inspection.pii = values.pii ?? envSwitch(env['SEKISHO_SCAN_PII'], 'SEKISHO_SCAN_PII');
  const paths = [...positionals];
  if (values.stdin && !paths.includes('-')) paths.push('-');
  if (paths.length === 0) paths.push('.');
  const options: ScanOptions = {
    help: values.help,
    paths,
    format: values.format as ReportFormat,
    showValues: values['show-values'],
    inspection,
    // Everything that can fail the build is reported, whatever --min-confidence says.
    minConfidence: lowerConfidence(values['min-confidence'] as Confidence, failOn),
    failOn,
    maxFileSize: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : readSize(values['max-file-size']),
    ownCode: values['own-code'],
  };
  if (workers !== undefined) options.workers = workers;
  if (values['data-dir'] !== undefined) options.dataDir = resolve(cwd, values['data-dir']);
  if (values.config !== undefined) options.configPath = resolve(cwd, values.config);
  if (values.output !== undefined) options.output = resolve(cwd, values.output);
  if (values.baseline !== undefined) options.baseline = resolve(cwd, values.baseline);
  if (values['write-baseline'] !== undefined) options.writeBaseline = resolve(cwd, values['write-baseline']);
  return options;
}

/** An on/off environment switch: 1/true/yes or 0/false/no (or unset: off). */
function envSwitch(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '') return false;
  if (/^(?:1|true|yes|on)$/i.test(value)) return true;
  if (/^(?:0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be 1 or 0 (true/false), got "${value}"`);
}

/** `--max-file-size`: bytes, or a size with a unit like the config file's (`512KiB`, `10MB`). */
function readSize(text: string): number {
  try {
    return parseSize(/^[0-9]+$/.test(text) ? Number(text) : text);
  } catch (err) {
    throw new Error(`--max-file-size: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
