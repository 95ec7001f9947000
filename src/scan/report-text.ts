import { safeForTerminal } from './mask.ts';
import { summaryLine, type ScanReport, type SummaryFacts } from './report.ts';
import type { ScanFinding } from './scan-finding.ts';
import { renderSideBySide } from './own-code-side-by-side.ts';

/**
 * The human format: one block per finding, `path:line:column`, so terminals and editors can jump to it,
 * then the line with values masked (unmasked, plus the value, with `--show-values`), then a summary.
 */
export function renderText(report: ScanReport): string {
  let out = '';
  for (const f of report.findings) out += renderTextFinding(f, report.showValues);
  return out + renderTextEnd(report);
}

/** One finding's block; `sekisho scan` writes these as files complete. */
export function renderTextFinding(f: ScanFinding, showValues: boolean): string {
  const via = f.encodings === undefined ? '' : ` [${f.encodings.join(' → ')}]`;
  const about = f.description === undefined ? '' : ` ${f.description}`;
  let out = `${safeForTerminal(f.path)}:${f.line}:${f.column}: ${f.ruleId} (${f.type}, ${f.confidence})${about}${via}\n`;
  // Own code: the matched lines beside the company file's say more than the first line does.
  if (f.ownCodeLines !== undefined) out += renderSideBySide(f, f.ownCodeLines);
  else out += `    ${showValues ? f.rawLine : f.maskedLine}\n`;
  if (showValues) out += `    value: ${safeForTerminal(f.value)}\n`;
  return out;
}

/** After the findings: a blank line when there were any, then the summary. */
export function renderTextEnd(report: SummaryFacts): string {
  const n = 'found' in report ? report.found : report.findings.length;
  return (n > 0 ? '\n' : '') + summaryLine(report) + '\n';
}
