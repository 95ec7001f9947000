import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AhoCorasick } from './aho-corasick.ts';
import { keywordWindows } from './rule-engine.ts';

/**
 * The windows as first written (a tuple per hit, sorted by start, then merged in one sweep): the reference
 * `keywordWindows` must agree with, whatever the hits (it now sorts starts and ends apart, natively).
 */
function reference(text: string, kws: number[], ends: Array<number[] | null | undefined>, patterns: readonly string[], width: number, lineOnly: boolean, ruleReach?: number): Array<[number, number]> | undefined {
  const n = text.length;
  const pad = lineOnly ? 0 : width;
  const reach = lineOnly ? Math.min(2 * width, ruleReach ?? Infinity) : width;
  const cores: Array<[number, number]> = [];
  for (const k of kws) {
    const list = ends[k];
    if (list === null) return undefined;
    if (list === undefined) continue;
    const len = (patterns[k] as string).length;
    for (const e of list) cores.push([Math.max(0, e - len - pad), Math.min(n, e + pad)]);
  }
  cores.sort((a, b) => a[0] - b[0]);
  const groups: number[] = [];
  for (const [s, e] of cores) {
    const last = groups.length - 1;
    if (last > 0 && s <= (groups[last] as number)) {
      if (e > (groups[last] as number)) groups[last] = e;
    } else groups.push(s, e);
  }
  const merged: Array<[number, number]> = [];
  for (let g = 0; g < groups.length; g += 2) {
    const a = groups[g] as number;
    const b = groups[g + 1] as number;
    const prevEnd = g > 0 ? (groups[g - 1] as number) : 0;
    const nextStart = g + 2 < groups.length ? (groups[g + 2] as number) : n;
    let s: number;
    let nl = -1;
    for (let i = a - 1; i >= Math.max(a - reach, prevEnd); i--) if (text.charCodeAt(i) === 10) { nl = i; break; }
    if (nl >= 0) s = nl + 1;
    else if (a - reach <= prevEnd) s = prevEnd;
    else s = lineOnly ? a - reach : a;
    let e: number;
    let nx = -1;
    for (let i = b; i < Math.min(b + reach + 1, nextStart); i++) if (text.charCodeAt(i) === 10) { nx = i; break; }
    if (nx >= 0) e = nx + 1;
    else if (b + reach >= nextStart) e = nextStart;
    else e = lineOnly ? b + reach : b;
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** Deterministic pseudo-random numbers (the test must fail the same way every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

test('keyword windows: the same spans as sorting a tuple per hit, for any mix of keywords, widths and lines', () => {
  const patterns = ['key', 'token', 'pass', 'ab', 'secret_key', 'k'];
  const ac = new AhoCorasick(patterns);
  const words = ['key', 'token', 'pass', 'ab', 'secret_key', 'k', 'x', 'zz', ' ', ' ', '\n', '= ', '"', 'KEY', 'Token', 'abab'];
  const random = rng(20261207);
  let compared = 0;
  for (let round = 0; round < 3000; round++) {
    let text = '';
    const pieces = 1 + Math.floor(random() * 120);
    for (let i = 0; i < pieces; i++) {
      const w = words[Math.floor(random() * words.length)] as string;
      text += random() < 0.05 ? w.repeat(1 + Math.floor(random() * 40)) : w;
    }
    const hits = ac.hitsIgnoringCase(text, random() < 0.1 ? 3 : 4096);
    const subset = patterns.map((_, i) => i).filter(() => random() < 0.6);
    const width = [1, 2, 5, 16, 64][Math.floor(random() * 5)] as number;
    const lineOnly = random() < 0.5;
    const reach = random() < 0.3 ? 1 + Math.floor(random() * 20) : undefined;
    const got = keywordWindows(text, subset, hits.ends, ac, width, lineOnly, reach);
    const want = reference(text, subset, hits.ends, patterns, width, lineOnly, reach);
    assert.deepEqual(got, want, `round ${round}: ${JSON.stringify({ text, subset, width, lineOnly, reach })}`);
    if (want !== undefined && want.length > 1) compared++;
  }
  assert.ok(compared > 500, `only ${compared} rounds had several windows`);
});
