import { pathToFileURL } from 'node:url';
import type { Confidence, OwnCodeSource } from '../inspection/finding.ts';
import type { ScanReport } from './report.ts';
import type { MatchedRange } from './own-code-side-by-side.ts';
import { ownCodeWithMatches } from './report-json.ts';

/** The OASIS schema for SARIF 2.1.0 (errata 01), for editors and validators. */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Confidence, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

/** The subset of SARIF 2.1.0 objects we write. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
  columnKind: 'utf16CodeUnits';
  originalUriBaseIds?: Record<string, { uri: string }>;
  results: SarifResult[];
}

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  properties: { type: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number; snippet?: { text: string } };
    };
  }>;
  partialFingerprints: Record<string, string>;
  properties: { type: string; confidence: Confidence; encodings?: string[]; ownCode?: OwnCodeSource & { matches?: MatchedRange[] }; valueHash: string; value?: string };
}

/**
 * SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps). Why these choices: level from
 * confidence (high → error, medium → warning, low → note); columns in UTF-16 code units, declared in
 * `columnKind`; paths relative to the working directory under `%SRCROOT%`; `partialFingerprints` carry
 * the value hash so a dashboard tracks the same secret across line moves. Values appear only with
 * `--show-values` (as the region snippet).
 */
export function buildSarif(report: ScanReport, srcRoot?: string): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const f of report.findings) {
    let index = ruleIndex.get(f.ruleId);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.ruleId, index);
      rules.push({
        id: f.ruleId,
        // An own-code description names one file; the rule's text must hold for every result.
        shortDescription: { text: f.type === 'own-code' ? 'Source code from an indexed company repository' : (f.description ?? f.ruleId) },
        properties: { type: f.type },
      });
    }
    const via = f.encodings === undefined ? '' : ` (inside ${f.encodings.join(', ')} encoding)`;
    const region: SarifResult['locations'][number]['physicalLocation']['region'] = {
      startLine: f.line,
      startColumn: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
    };
    if (report.showValues) region.snippet = { text: f.value };
    const properties: SarifResult['properties'] = { type: f.type, confidence: f.confidence, valueHash: f.valueHash };
    if (f.encodings !== undefined) properties.encodings = f.encodings;
    if (f.ownCode !== undefined) properties.ownCode = ownCodeWithMatches(f);
    if (report.showValues) properties.value = f.value;
    results.push({
      ruleId: f.ruleId,
      ruleIndex: index,
      level: LEVEL[f.confidence],
      message: { text: f.ownCode ? `code from ${f.description ?? f.ruleId} (${f.type}, ${f.confidence} confidence)` : `${f.description ?? f.ruleId} found${via} (${f.type}, ${f.confidence} confidence)` },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(f.path), ...(srcRoot === undefined ? {} : { uriBaseId: '%SRCROOT%' }) }, region } }],
      partialFingerprints: { 'sekisho/v1': f.fingerprint, 'sekishoValueHash/v1': f.valueHash },
      properties,
    });
  }
  const run: SarifRun = {
    tool: { driver: { name: 'sekisho', version: report.toolVersion, rules } },
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (srcRoot !== undefined) run.originalUriBaseIds = { '%SRCROOT%': { uri: directoryUri(srcRoot) } };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

export function renderSarif(report: ScanReport, srcRoot?: string): string {
  return JSON.stringify(buildSarif(report, srcRoot), null, 2) + '\n';
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function toUri(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** `file://` URI of a directory, ending in `/` as SARIF requires for a base id. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
