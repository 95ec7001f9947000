import { safeForTerminal } from './mask.ts';
import { summaryLine, type ScanReport } from './report.ts';

/**
 * The human format: one block per finding, `path:line:column`, so terminals and editors can jump to it,
 * then the line with values masked (unmasked, plus the value, with `--show-values`), then a summary.
 */
export function renderText(report: ScanReport): string {
  let out = '';
  for (const f of report.findings) {
    const via = f.encodings === undefined ? '' : ` [${f.encodings.join(' → ')}]`;
    const about = f.description === undefined ? '' : ` ${f.description}`;
    out += `${safeForTerminal(f.path)}:${f.line}:${f.column}: ${f.ruleId} (${f.type}, ${f.confidence})${about}${via}\n`;
    out += `    ${report.showValues ? f.rawLine : f.maskedLine}\n`;
    if (report.showValues) out += `    value: ${safeForTerminal(f.value)}\n`;
  }
  if (report.findings.length > 0) out += '\n';
  return out + summaryLine(report) + '\n';
}
