/** Tables of a run: per class (cases, leaking cases, values recovered, leaks by axis), per planted kind, totals. */
import type { CaseResult } from './run.ts';

export interface ClassSummary {
  className: string;
  group: string;
  cases: number;
  leaks: number;
  recovered: number;
  unclear: number;
  noAnswer: number;
  refused: number;
  /** "leaking/cases" per axis value. */
  axes: Record<string, string>;
}

const AXES: Array<[string, (r: CaseResult) => string]> = [
  ['api', (r) => r.case.api],
  ['stream', (r) => (r.case.stream ? 'stream' : 'json')],
  ['route', (r) => (r.case.route === 'passthrough' ? 'pass' : 'xlate')],
  ['setup', (r) => (r.case.setup === 'policy' ? 'policy' : 'redact')],
];

export function summarise(results: CaseResult[], key: (r: CaseResult) => string = (r) => r.case.className): ClassSummary[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups].map(([name, rs]) => {
    const axes: Record<string, string> = {};
    for (const [, value] of AXES) {
      const values = new Map<string, [number, number]>();
      for (const r of rs) {
        const v = value(r);
        const [l, n] = values.get(v) ?? [0, 0];
        values.set(v, [l + (r.failure === 'leak' ? 1 : 0), n + 1]);
      }
      for (const [v, [l, n]] of values) axes[v] = `${l}/${n}`;
    }
    return {
      className: name,
      group: rs[0]!.case.group,
      cases: rs.length,
      leaks: rs.filter((r) => r.failure === 'leak').length,
      recovered: rs.reduce((s, r) => s + r.recovered.length, 0),
      unclear: rs.filter((r) => r.failure === 'unclear-refusal').length,
      noAnswer: rs.filter((r) => r.failure === 'no-answer').length,
      refused: rs.filter((r) => r.status >= 400 && r.forwarded === 0).length,
      axes,
    };
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const AXIS_COLUMNS = ['messages', 'chat', 'responses', 'completions', 'embeddings', 'json', 'stream', 'pass', 'xlate', 'policy', 'redact'];

export function formatReport(results: CaseResult[]): string {
  const classes = summarise(results);
  const header = ['class', 'group', 'cases', 'leaks', 'values', 'refused', 'unclear', 'no-answer', ...AXIS_COLUMNS];
  const rows = classes.map((s) => [s.className, s.group, String(s.cases), String(s.leaks), String(s.recovered), String(s.refused), String(s.unclear), String(s.noAnswer), ...AXIS_COLUMNS.map((a) => s.axes[a] ?? '-')]);
  const kinds = summarise(results, (r) => r.case.kind);
  const kindRows = kinds.map((s) => [s.className, String(s.cases), String(s.leaks), String(s.recovered)]);
  const total = summarise(results, () => 'total')[0]!;
  const leakingClasses = classes.filter((s) => s.leaks > 0).length;
  return [
    'Leaks per class (a leak: a planted value recovered from what an external backend received; axis cells: leaking/cases)',
    '',
    table(header, rows),
    '',
    'Leaks per planted kind',
    '',
    table(['kind', 'cases', 'leaks', 'values'], kindRows),
    '',
    `Total: ${total.cases} cases, ${total.leaks} leaking (${((100 * total.leaks) / Math.max(1, total.cases)).toFixed(1)}%), ${total.recovered} values recovered at the backend, ` +
      `${total.refused} refused before any backend, ${total.unclear} unclear refusals, ${total.noAnswer} without answer; ${leakingClasses} of ${classes.length} classes leak.`,
  ].join('\n');
}
