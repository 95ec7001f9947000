import { createHash } from 'node:crypto';
import type { Detector } from '../inspection/detector.ts';
import type { Detection } from '../inspection/finding.ts';
import { LineIndex } from './line-index.ts';
import { maskedLine } from './mask.ts';
import type { ScanFinding } from './scan-finding.ts';

/** Bytes looked at for a NUL to call a file binary (git and gitleaks use the same heuristic). */
export const BINARY_SNIFF_BYTES = 8192;

export type Content = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'too-large' };

/**
 * Bytes as text to scan, or why they are skipped. Decoded as UTF-8 (invalid bytes become U+FFFD, a
 * leading BOM is dropped so columns match what editors show).
 */
export function toContent(bytes: Uint8Array, maxSize: number): Content {
  if (bytes.length > maxSize) return { kind: 'too-large' };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: UTF8.decode(bytes) };
}

/** One decoder for every file (not streaming, so it keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8');

/**
 * Every detector over one file's text, as placed findings. Exact duplicates (same rule, same span) are
 * reported once; findings come out in text order.
 */
export function scanText(text: string, path: string, detectors: readonly Detector[]): ScanFinding[] {
  const seen = new Set<string>();
  const detections: Detection[] = [];
  for (const detector of detectors) {
    for (const d of detector.scan(text)) {
      const key = `${d.ruleId}\0${d.valueStart}\0${d.valueEnd}\0${d.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      detections.push(d);
    }
  }
  detections.sort((a, b) => a.valueStart - b.valueStart || a.valueEnd - b.valueEnd || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  if (detections.length === 0) return [];
  const index = new LineIndex(text);
  const spans = detections.map((d) => ({ start: d.valueStart, end: d.valueEnd }));
  return detections.map((d) => {
    const start = index.position(d.valueStart);
    const end = index.position(d.valueEnd);
    const bounds = index.lineBounds(start.line - 1);
    const finding: ScanFinding = {
      path,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ruleId: d.ruleId,
      type: d.type,
      confidence: d.confidence,
      fingerprint: `${path}:${d.ruleId}:${start.line}`,
      valueHash: hashValue(d.value),
      value: d.value,
      maskedLine: maskedLine(text, bounds.start, bounds.end, spans, d.valueStart),
      rawLine: maskedLine(text, bounds.start, bounds.end, [], d.valueStart, false),
    };
    if (d.description !== undefined) finding.description = d.description;
    if (d.encodings !== undefined && d.encodings.length > 0) finding.encodings = [...d.encodings];
    if (d.ownCode !== undefined) finding.ownCode = { ...d.ownCode };
    return finding;
  });
}

/** SHA-256 of the value's UTF-8 bytes, hex: what baselines compare (never the value itself). */
export function hashValue(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
