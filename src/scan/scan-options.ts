import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { InspectionConfig } from '../config/types.ts';
import { defaultInspection } from '../config/defaults.ts';
import { parseSize } from '../config/parse-size.ts';
import type { Confidence } from '../inspection/finding.ts';

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
  minConfidence: Confidence;
  maxFileSize: number;
  baseline?: string;
  writeBaseline?: string;
  /** Also look for company code with the own-code index (`sekisho index add`). */
  ownCode: boolean;
  /** Where the own-code index lives (default: the gateway's data directory). */
  dataDir?: string;
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
export function parseScanArgs(argv: string[], cwd: string): ScanOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      stdin: { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'show-values': { type: 'boolean', default: false },
      rules: { type: 'string', multiple: true, default: [] },
      builtin: { type: 'boolean', default: true },
      pii: { type: 'boolean', default: true },
      'high-entropy': { type: 'boolean', default: false },
      'decode-depth': { type: 'string' },
      'min-confidence': { type: 'string', default: 'low' },
      'max-file-size': { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      'own-code': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    allowNegative: true,
    strict: true,
  });
  if (!FORMATS.includes(values.format)) throw new Error(`--format must be text, json or sarif, got "${values.format}"`);
  if (!CONFIDENCES.includes(values['min-confidence'])) throw new Error(`--min-confidence must be low, medium or high, got "${values['min-confidence']}"`);
  const inspection = defaultInspection();
  if (values['decode-depth'] !== undefined) {
    const depth = Number(values['decode-depth']);
    if (!/^[0-9]+$/.test(values['decode-depth']) || depth > 4) throw new Error(`--decode-depth must be a whole number from 0 to 4, got "${values['decode-depth']}"`);
    inspection.decodeDepth = depth;
  }
  inspection.rules = { builtin: values.builtin, files: values.rules.map((f) => resolve(cwd, f)), highEntropy: values['high-entropy'] };
  inspection.pii = values.pii;
  const paths = [...positionals];
  if (values.stdin && !paths.includes('-')) paths.push('-');
  if (paths.length === 0) paths.push('.');
  const options: ScanOptions = {
    help: values.help,
    paths,
    format: values.format as ReportFormat,
    showValues: values['show-values'],
    inspection,
    minConfidence: values['min-confidence'] as Confidence,
    maxFileSize: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : readSize(values['max-file-size']),
    ownCode: values['own-code'],
  };
  if (values['data-dir'] !== undefined) options.dataDir = resolve(cwd, values['data-dir']);
  if (values.output !== undefined) options.output = resolve(cwd, values.output);
  if (values.baseline !== undefined) options.baseline = resolve(cwd, values.baseline);
  if (values['write-baseline'] !== undefined) options.writeBaseline = resolve(cwd, values['write-baseline']);
  return options;
}

/** `--max-file-size`: bytes, or a size with a unit like the config file's (`512KiB`, `10MB`). */
function readSize(text: string): number {
  try {
    return parseSize(/^[0-9]+$/.test(text) ? Number(text) : text);
  } catch (err) {
    throw new Error(`--max-file-size: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
