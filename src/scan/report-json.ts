import type { OwnCodeSource } from '../inspection/finding.ts';
import type { ScanFinding } from './scan-finding.ts';
import type { MatchedRange } from './own-code-side-by-side.ts';
import type { ScanReport } from './report.ts';

/** A finding as JSON: everything but the line text, and the value only when asked for. */
export interface JsonFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  type: string;
  confidence: string;
  description?: string;
  encodings?: string[];
  /** `matches`: runs of scanned-file lines paired with company-file lines (when the company file could be read). */
  ownCode?: OwnCodeSource & { matches?: MatchedRange[] };
  fingerprint: string;
  valueHash: string;
  value?: string;
}

/** `--format json`, also the baseline file format (`--write-baseline` writes it without values). */
export interface JsonReport {
  tool: { name: 'sekisho'; version: string };
  summary: { findings: number; baselined: number; files: number; bytes: number; skippedBinary: number; skippedTooLarge: number };
  findings: JsonFinding[];
}

/** Why an explicit field list: a new in-process field (the raw line) must never reach a report by accident. */
export function toJsonFinding(f: ScanFinding, showValues: boolean): JsonFinding {
  const out: JsonFinding = {
    path: f.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ruleId: f.ruleId,
    type: f.type,
    confidence: f.confidence,
    fingerprint: f.fingerprint,
    valueHash: f.valueHash,
  };
  if (f.description !== undefined) out.description = f.description;
  if (f.encodings !== undefined) out.encodings = f.encodings;
  if (f.ownCode !== undefined) out.ownCode = ownCodeWithMatches(f);
  if (showValues) out.value = f.value;
  return out;
}

/** The finding's own-code source, with the matched line ranges when they were computed. */
export function ownCodeWithMatches(f: ScanFinding): (OwnCodeSource & { matches?: MatchedRange[] }) | undefined {
  if (f.ownCode === undefined) return undefined;
  const lines = f.ownCodeLines;
  return lines !== undefined && lines.companyLines !== undefined ? { ...f.ownCode, matches: lines.matches } : f.ownCode;
}

export function buildJsonReport(report: ScanReport): JsonReport {
  return {
    tool: { name: 'sekisho', version: report.toolVersion },
    summary: { findings: report.findings.length, baselined: report.baselined, ...report.stats },
    findings: report.findings.map((f) => toJsonFinding(f, report.showValues)),
  };
}

export function renderJson(report: ScanReport): string {
  return JSON.stringify(buildJsonReport(report), null, 2) + '\n';
}
