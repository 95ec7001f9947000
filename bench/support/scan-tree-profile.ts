/**
 * Where one thread's time goes on the single-file path of `sekisho scan`: building the detectors (what each
 * worker does once), reading files, decoding to text, the detectors, and placing findings (line index and
 * masked lines) — measured phase by phase over the tree's files in walk order.
 */
import { readFileSync } from 'node:fs';
import { buildDetectors } from '../../src/inspection/build-detectors.ts';
import { defaultInspection } from '../../src/config/defaults.ts';
import { LineIndex } from '../../src/scan/line-index.ts';
import { scanText, toContent } from '../../src/scan/scan-file.ts';
import { walkFiles } from '../../src/fs/walk-files.ts';

export interface PhaseProfile {
  buildDetectorsMs: number;
  walkMs: number;
  files: number;
  megabytes: number;
  readMs: number;
  decodeMs: number;
  detectMs: number;
  placeFindingsMs: number;
  lineIndexAllFilesMs: number;
}

export function profileSingleFile(root: string): PhaseProfile {
  const b0 = performance.now();
  const { detectors } = buildDetectors({ ...defaultInspection(), pii: false });
  const buildDetectorsMs = performance.now() - b0;
  const w0 = performance.now();
  const paths = walkFiles(root);
  const walkMs = performance.now() - w0;
  let readMs = 0;
  let decodeMs = 0;
  let detectMs = 0;
  let placeMs = 0;
  let lineMs = 0;
  let bytes = 0;
  for (const path of paths) {
    let t = performance.now();
    const raw = readFileSync(path);
    readMs += performance.now() - t;
    bytes += raw.length;
    t = performance.now();
    const content = toContent(raw, 5_000_000);
    decodeMs += performance.now() - t;
    if (content.kind !== 'text') continue;
    t = performance.now();
    let any = false;
    for (const d of detectors) if (d.scan(content.text).length > 0) any = true;
    detectMs += performance.now() - t;
    if (any) {
      // scanText runs the detectors again; its extra cost over them is placing the findings.
      t = performance.now();
      scanText(content.text, path, detectors);
      placeMs += performance.now() - t;
    }
    t = performance.now();
    new LineIndex(content.text);
    lineMs += performance.now() - t;
  }
  const round = (x: number): number => Math.round(x * 10) / 10;
  return { buildDetectorsMs: round(buildDetectorsMs), walkMs: round(walkMs), files: paths.length, megabytes: round(bytes / 1e6), readMs: round(readMs), decodeMs: round(decodeMs), detectMs: round(detectMs), placeFindingsMs: round(placeMs), lineIndexAllFilesMs: round(lineMs) };
}
