/**
 * The clean corpus for `bench:scan`: real source text already on the machine, read into memory (never
 * written anywhere). Why real files rather than generated code: throughput and false positives both
 * depend on what real code looks like (minified bundles, JSON fixtures, docs with example keys).
 * Deterministic on one machine: each root is walked in sorted order until its byte budget is spent.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusFile {
  /** Absolute path where the text was read (used as the file name in findings and ground truth). */
  path: string;
  /** Which source it came from (`node_modules`, `python`, `share`). */
  source: string;
  text: string;
  /** UTF-8 bytes of `text`: what MB/s is measured in. */
  bytes: number;
}

export interface CorpusSource {
  name: string;
  root: string;
  /** File names taken (by ending). */
  ext: RegExp;
  /** Bytes to take from this root. */
  budget: number;
}

/** Files above this are skipped: a gateway segment is a tool result or a prompt, rarely a 9 MB bundle. */
const MAX_FILE_BYTES = 1_000_000;
const strict = new TextDecoder('utf-8', { fatal: true });

export function defaultSources(repoRoot: string, totalMb: number): CorpusSource[] {
  const mb = totalMb * 1e6;
  return [
    // The `node` package is the Node binary itself: not text.
    { name: 'node_modules', root: join(repoRoot, 'node_modules'), ext: /\.(?:[cm]?js|ts|json|md)$/, budget: Math.round(mb * 0.56) },
    { name: 'python', root: '/usr/lib/python3.11', ext: /\.py$/, budget: Math.round(mb * 0.16) },
    { name: 'python', root: '/usr/lib/python3', ext: /\.py$/, budget: Math.round(mb * 0.08) },
    { name: 'share', root: '/usr/share', ext: /\.(?:txt|md|py|pl|pm|sh|xml|conf|html|css|js|json|rb|lua|el)$/, budget: Math.round(mb * 0.2) },
  ];
}

export function collectCorpus(sources: CorpusSource[]): CorpusFile[] {
  const files: CorpusFile[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const left = { bytes: source.budget };
    walk(source.root, source, files, left, seen);
  }
  return files;
}

function walk(dir: string, source: CorpusSource, out: CorpusFile[], left: { bytes: number }, seen: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return; // missing or unreadable: that root contributes less
  }
  for (const name of names) {
    if (left.bytes <= 0) return;
    const path = join(dir, name);
    if (dir.endsWith('node_modules') && (name === 'node' || name === '.bin')) continue;
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined || st.isSymbolicLink()) continue; // symlinks would repeat files or loop
    if (st.isDirectory()) {
      walk(path, source, out, left, seen);
      continue;
    }
    if (!st.isFile() || !source.ext.test(name) || st.size === 0 || st.size > MAX_FILE_BYTES || seen.has(path)) continue;
    const raw = readFileSync(path);
    if (raw.includes(0)) continue;
    let text: string;
    try {
      text = strict.decode(raw);
    } catch {
      continue; // not UTF-8: not source text
    }
    seen.add(path);
    out.push({ path, source: source.name, text, bytes: raw.length });
    left.bytes -= raw.length;
  }
}
