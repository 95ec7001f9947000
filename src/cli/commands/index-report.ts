import { existsSync, statSync } from 'node:fs';
import { loadIndexFile } from '../../inspection/own-code/index-file.ts';
import type { RepoSummary } from '../../inspection/own-code/store/own-code-store.ts';
import type { IndexGeneration } from '../../inspection/own-code/store/index-generation.ts';

/** What `sekisho index ls` and `sekisho index stats` print. Plain aligned text: read by people. */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

export function formatRepoTable(repos: readonly RepoSummary[]): string {
  if (repos.length === 0) return 'no repositories indexed (add one with: sekisho index add PATH)\n';
  const rows = [
    ['NAME', 'KIND', 'FILES', 'LINES', 'UPDATED', 'HEAD', 'ROOT'],
    ...repos.map((r) => [r.name, r.kind, formatCount(r.files), formatCount(r.lines), r.updatedAt.replace(/\.\d+Z$/, 'Z'), r.gitHead?.slice(0, 12) ?? '-', r.root]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const right = new Set([2, 3]);
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}

export function describeIndexFile(repos: readonly RepoSummary[], indexPath: string): string {
  const own = repos.filter((r) => r.kind === 'own');
  const commons = repos.filter((r) => r.kind === 'commons');
  const sum = (rs: readonly RepoSummary[], key: 'files' | 'lines' | 'fingerprints'): number => rs.reduce((n, r) => n + r[key], 0);
  const lines = [
    ['repositories', `${own.length} company, ${commons.length} commons`],
    ['files', `${formatCount(sum(own, 'files'))} company (${formatCount(sum(own, 'lines'))} lines), ${formatCount(sum(commons, 'files'))} commons (${formatCount(sum(commons, 'lines'))} lines)`],
    ['fingerprints', `${formatCount(sum(own, 'fingerprints'))} company, ${formatCount(sum(commons, 'fingerprints'))} commons (stored per file in sekisho.db)`],
  ];
  if (!existsSync(indexPath)) lines.push(['index file', `none (${indexPath})`]);
  else {
    const index = loadIndexFile(indexPath, false);
    const size = statSync(indexPath).size;
    const o = index.options;
    const s = index.stats;
    const fileTable = index.files.reduce((n, f) => n + 64 + 2 * (f.repository.length + f.path.length), 0);
    lines.push(
      ['index file', `${indexPath}, ${formatBytes(size)}, ${formatCount(index.files.length)} files, ${formatCount(s.totalLines)} lines`],
      ['parameters', `structure k=${o.k} w=${o.w}, identifiers k=${o.identifierK} w=${o.identifierW}`],
      ['postings', `${formatCount(index.structure.count)} structure, ${formatCount(index.identifiers.count)} identifier`],
      ['pruned', `${formatCount(s.prunedStructure)} structure, ${formatCount(s.prunedIdentifiers)} identifier fingerprints (in too many files: idioms)`],
      ['commons', `${formatCount(s.commonsSubtracted)} fingerprints subtracted`],
      ['memory', `~${formatBytes(size + fileTable)} in the gateway (the file as one buffer plus the file table; ${index.bytesPerLine().toFixed(0)} bytes per indexed line)`],
    );
  }
  const width = Math.max(...lines.map(([k]) => k!.length)) + 1;
  return lines.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n') + '\n';
}

/**
 * The generation line under `index ls`: what the last build wrote. A running gateway shows the
 * generation it has loaded, and when, in `/healthz` and `GET /admin/v1/own-code`; equal numbers mean
 * it is serving this build.
 */
export function describeGeneration(g: IndexGeneration | undefined): string {
  if (g === undefined) return '';
  const what = g.files > 0 ? `${formatCount(g.files)} files, sha256 ${g.sha256?.slice(0, 12) ?? '-'}` : 'empty (no index file)';
  return `\nindex generation ${g.generation}, built ${g.builtAt.replace(/\.\d+Z$/, 'Z')} (${what}); a running gateway loads it within about a second (GET /admin/v1/own-code shows what it loaded)\n`;
}
