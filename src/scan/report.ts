import { readFileSync } from 'node:fs';
import type { ScanFinding, ScanStats } from './scan-finding.ts';

/** Everything a report format needs. Why one shape: the three formats must tell the same story. */
export interface ScanReport {
  toolVersion: string;
  findings: readonly ScanFinding[];
  stats: ScanStats;
  /** Findings left out because the baseline lists them. */
  baselined: number;
  /** Print plaintext values (`--show-values`); off by default. */
  showValues: boolean;
}

/** Sekisho's version from package.json (SARIF `tool.driver.version`, JSON `tool.version`). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** One line for people: what was scanned, found, skipped. */
export function summaryLine(report: Pick<ScanReport, 'findings' | 'stats' | 'baselined'>): string {
  const { stats } = report;
  const n = report.findings.length;
  const parts = [`${n} finding${n === 1 ? '' : 's'} in ${stats.files} file${stats.files === 1 ? '' : 's'}`];
  if (report.baselined > 0) parts.push(`${report.baselined} in baseline`);
  if (stats.skippedBinary > 0) parts.push(`${stats.skippedBinary} binary skipped`);
  if (stats.skippedTooLarge > 0) parts.push(`${stats.skippedTooLarge} too large skipped`);
  return parts.join(', ');
}
