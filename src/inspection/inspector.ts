import { UNDECODED_RULE_ID } from './decode/types.ts';
import type { IncomingHttpHeaders } from 'node:http';
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { ConversationRequest } from '../conversation/index.ts';
import type { Detector } from './detector.ts';
import type { Detection, Finding, Location } from './finding.ts';
import { collectSurfaces, type Segment, type Surfaces, type Uninspected } from './surfaces.ts';
import {
  BLOCK, CHAIN_EDGE, CHAIN_SKIPS, MAX_CHAINS, MAX_PAIR_SCANS, MIN_VALUE, PAIR_CHARS, PAIR_PIECES, STRIDE, WHITESPACE,
  joinedRuns, joinedSpanRuns, jsonLeaves, openHead, openTail, pieceAt, type Edges, type JsonLeaf, type RunPiece, type Span,
} from './joined-runs.ts';

/** Surfaces whose adjacent segments are read as one by the model, so a value can be split across them. */
const JOINABLE = new Set(['system', 'message-text', 'tool-result', 'tool-call-arguments', 'prompt', 'reasoning']);

/**
 * Who wrote a joinable segment, coarse and fine: a conversation resent whole interleaves the client's
 * side (user text, tool results) with the model's (answers, tool calls, reasoning), so a value split
 * over user turns has the assistant's `Noted.` between its pieces in the request's order. Each side,
 * and each kind of text on a side, is also joined on its own (see #scanBoundaries). Views are numbered
 * (side, then side and kind) rather than named: this runs for every segment of every request.
 */
const MODEL = 0;
const CLIENT = 1;
const CLIENT_TEXT = 2;
const CLIENT_TOOL_RESULT = 3;
/** The model's text per joinable surface, each a view of its own. */
const MODEL_BY_SURFACE = new Map([...JOINABLE].map((surface, i) => [surface, 4 + i]));

/**
 * The sequences of segments joined for split values: every joinable segment in request order, each
 * side's segments (see above) and each kind of text on a side, skipping what the others wrote. A
 * segment is in at most three views, so the cost stays linear; a view equal to one already listed
 * (a side with one kind of text) is left out.
 */
export function joinedViews(segments: Segment[]): Segment[][] {
  const all: Segment[] = [];
  // Lists in order of first use (as a Map's insertion order would give them).
  const byVoice: Array<Segment[] | undefined> = [];
  const order: number[] = [];
  const put = (voice: number, segment: Segment): void => {
    const list = byVoice[voice];
    if (list === undefined) {
      byVoice[voice] = [segment];
      order.push(voice);
    } else list.push(segment);
  };
  for (const segment of segments) {
    const surface = segment.location.surface;
    if (!JOINABLE.has(surface) || segment.text.length === 0) continue;
    all.push(segment);
    const byModel = segment.byModel === true || surface === 'tool-call-arguments' || surface === 'reasoning';
    put(byModel ? MODEL : CLIENT, segment);
    put(byModel ? (MODEL_BY_SURFACE.get(surface) as number) : surface === 'tool-result' ? CLIENT_TOOL_RESULT : CLIENT_TEXT, segment);
  }
  const views: Segment[][] = [all];
  for (const voice of order) {
    const view = byVoice[voice] as Segment[];
    if (view.length < 2 || views.some((v) => v.length === view.length && v[0] === view[0] && v[v.length - 1] === view[view.length - 1])) continue;
    views.push(view);
  }
  return views;
}

/** Where split findings go, and which were already placed (blocks and bare sequences overlap). */
interface SplitSink {
  detections: PlacedDetection[];
  findings: Finding[];
  seen: Set<string>;
  segments: Segment[];
  /** Position of each segment in the request (names a piece's segment in `seen` keys), made on first use. */
  index: Map<Segment, number> | undefined;
}

/** One chain of a start (see #scanChains): its pieces and its span in the start's text. */
interface PlacedChain {
  pieces: RunPiece[];
  at: number;
  end: number;
}

/** A start's chains waiting for a batch scan: its cache key and where its text begins in the batch. */
interface PendingChains {
  key: number[];
  lines: PlacedChain[];
  offset: number;
}

/** A detection with where it was made; holds the plaintext value, so it never leaves the process. */
export interface PlacedDetection {
  detection: Detection;
  location: Location;
  /** The scanned string the detection's spans refer to. */
  text: string;
}

export interface InspectionResult {
  /** Safe to log and persist: values replaced by keyed hashes. */
  findings: Finding[];
  /** In-process only: what redaction needs. */
  detections: PlacedDetection[];
  uninspected: Uninspected[];
  /** Segments scanned and how many came from the cache (coding agents resend the whole history each turn). */
  segments: number;
  cached: number;
}

export interface InspectorOptions {
  detectors: Detector[];
  /** Key of the HMAC that stands in for values in findings (per installation). */
  hashKey: Buffer;
  /** Scanned strings whose results are remembered (about; see `ResultCache`); 0 disables the cache. */
  cacheEntries?: number;
  /** UTF-16 units of long scanned strings the cache may hold (it keeps them to compare); default 16 M. */
  cacheChars?: number;
}

/** Strings shorter than this are their own cache key. */
const SHORT = 128;

/** What the cache remembers about one scanned string (a segment, or the window around a boundary). */
interface Scanned {
  /** Number of this result; a boundary is keyed by the numbers of its two segments. */
  readonly id: number;
  /** The scanned text, for long strings (their key is only a sample of them; a hit needs equality). */
  readonly text: string | undefined;
  readonly detections: Detection[];
  /** Keyed hashes of the detections' values, made on first use. */
  hashes: string[] | undefined;
  /** For tool-call arguments: the string values of the JSON text (see `jsonLeaves`), made on first use. */
  leaves?: JsonLeaf[];
  /** How the whole segment can take part in a chain, made on first use. */
  edges?: Edges;
}

/**
 * Runs every detector over every content surface of a request. Results are cached per scanned string,
 * so a follow-up turn that resends 150 KB of history costs only its new content plus one comparison of
 * each old segment with the text the cache holds for it (memcmp speed, no hashing of the content).
 * A detector that throws propagates: the pipeline blocks the request (fail closed).
 */
export class Inspector {
  readonly #detectors: Detector[];
  /** Imported once: importing the raw key on every HMAC cost ~9 µs per finding. */
  readonly #hashKey: KeyObject;
  #cache: ResultCache | undefined;
  readonly #cacheSize: [number, number];
  #nextId = 1;

  constructor(options: InspectorOptions) {
    this.#detectors = options.detectors;
    this.#hashKey = createSecretKey(options.hashKey);
    const entries = options.cacheEntries ?? 20_000;
    this.#cacheSize = [entries, options.cacheChars ?? 16_000_000];
    this.#cache = entries > 0 ? new ResultCache(entries, this.#cacheSize[1]) : undefined;
  }

  /**
   * Forgets every remembered result: a detector now finds other things (a new own-code index was swapped
   * in), so a string scanned before must be scanned again. Inspection is synchronous, so no request is
   * half inspected when this runs.
   */
  clearCache(): void {
    if (this.#cache !== undefined) this.#cache = new ResultCache(this.#cacheSize[0], this.#cacheSize[1]);
  }

  get detectorNames(): string[] {
    return this.#detectors.map((d) => d.name);
  }

  /** Inspects the canonical conversation's surfaces (surfaces.ts): `sekisho scan`-style callers and benches. */
  inspect(request: ConversationRequest, headers?: IncomingHttpHeaders): InspectionResult {
    return this.inspectSurfaces(collectSurfaces(request, headers));
  }

  /** Inspects given segments (the gateway passes the strings of the request as forwarded: wire-surfaces.ts). */
  inspectSurfaces(surfaces: Surfaces): InspectionResult {
    const detections: PlacedDetection[] = [];
    const findings: Finding[] = [];
    const counter = { cached: 0 };
    const scanned = new Map<Segment, Scanned>();
    let uninspected = surfaces.uninspected;
    for (const segment of surfaces.segments) {
      const result = this.#scanSegment(segment.text, counter);
      scanned.set(segment, result);
      const list = result.detections;
      if (list.length === 0) continue;
      const hashes = this.#hashes(result);
      for (let i = 0; i < list.length; i++) {
        const detection = list[i] as Detection;
        // Not a value: encoded content the decoders left unread. Listed for policy like an image it cannot read.
        if (detection.ruleId === UNDECODED_RULE_ID) {
          if (uninspected === surfaces.uninspected) uninspected = [...uninspected];
          uninspected.push({ location: segment.location, kind: 'encoded', content: 'encoded' });
          continue;
        }
        detections.push({ detection, location: segment.location, text: segment.text });
        findings.push(finding(detection, segment.location, hashes[i] as string));
      }
    }
    this.#scanBoundaries(surfaces.segments, scanned, detections, findings, counter);
    return { findings, detections, uninspected, segments: surfaces.segments.length, cached: counter.cached };
  }

  /**
   * A value split across adjacent content segments — two text blocks (`AKIAIOSFOD` + `NN7EXAMPLE`), a
   * token in five blocks of eight characters, pieces in consecutive messages, pieces in user turns with
   * assistant turns or tool calls between them — is found by scanning the joined runs (see `joinedRuns`)
   * of each view (`joinedViews`: all joinable text, then each side and each kind of text on its own) and
   * keeping matches that cross a boundary between pieces. A match is
   * reported by the block whose first STRIDE characters hold its start (the last block: wherever it
   * starts), so each split value is reported once. The finding points at where it starts and continues;
   * redaction gets every piece (each becomes a placeholder).
   * Cost: every character of a run is scanned at most twice, so linear whatever the number of segments.
   * A block's result is cached under the numbers of the segment results it was built from (each number
   * stands for exactly one text) and its two cut points, so an unchanged block costs a lookup: a follow-up
   * turn that appends rescans only the last block of a run.
   */
  #scanBoundaries(segments: Segment[], scanned: Map<Segment, Scanned>, detections: PlacedDetection[], findings: Finding[], counter: { cached: number }): void {
    const split: SplitSink = { detections, findings, seen: new Set(), segments, index: undefined };
    for (const view of joinedViews(segments)) this.#scanRuns(joinedRuns(view, () => true), scanned, split, counter);
    const units = splitUnits(segments, scanned);
    for (const view of argumentViews(units)) this.#scanRuns(joinedSpanRuns(view), scanned, split, counter);
    this.#scanBarePieces(segments, scanned, split, counter);
    this.#scanChains(units, scanned, split, counter);
  }

  /** Joined runs, each scanned in overlapping blocks (BLOCK characters every STRIDE). */
  #scanRuns(runs: RunPiece[][], scanned: Map<Segment, Scanned>, split: SplitSink, counter: { cached: number }): void {
    for (const run of runs) {
      const last = run[run.length - 1] as RunPiece;
      const length = last.base + (last.to - last.from);
      for (let start = 0; ; start += STRIDE) {
        const end = Math.min(length, start + BLOCK);
        const isLast = end === length;
        this.#scanBlock(run, start, end, isLast, scanned, split, counter);
        if (isLast) break;
      }
    }
  }

  /**
   * Chains of pieces with unrelated segments skipped between them (see CHAIN_SKIPS in joined-runs.ts).
   * Each start's chains are one text (each chain on its own line), cached under the spans they were built
   * from, so a follow-up turn rescans only the starts whose chains reach its new segments. The starts not
   * in the cache are scanned together in batches of about BLOCK characters (a scan's fixed cost is most
   * of a short one's), and the batch's findings are split back to the starts they came from.
   */
  #scanChains(units: Span[], scanned: Map<Segment, Scanned>, split: SplitSink, counter: { cached: number }): void {
    const n = units.length;
    if (n < 3) return;
    const edges: Edges[] = new Array<Edges>(n);
    for (let k = 0; k < n; k++) {
      const u = units[k] as Span;
      edges[k] = edgesOf(u, scanned);
    }
    let chains = 0;
    let at = 0;
    let pending: PendingChains[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      let text = '';
      for (const start of pending) {
        for (const line of start.lines) {
          text += '\n';
          for (const p of line.pieces) text += p.segment.text.slice(p.from, p.to);
        }
      }
      const batch = this.#scan(`${text}\n`, undefined).detections;
      for (const start of pending) {
        const o = start.offset;
        const own: Detection[] = [];
        for (const d of batch) {
          const vs = d.valueStart - o;
          const ve = d.valueEnd - o;
          if (!start.lines.some((line) => vs >= line.at && ve <= line.end)) continue;
          own.push(o === 0 ? d : { ...d, start: d.start - o, end: d.end - o, valueStart: vs, valueEnd: ve });
        }
        const result: Scanned = { id: this.#nextId++, text: undefined, detections: own, hashes: undefined };
        this.#cache?.rememberBoundary(start.key, result);
        this.#placeChains(result, start.lines, split);
      }
      at = 0;
      pending = [];
    };
    for (let i = 0; i + 2 < n; i++) {
      if (!(edges[i] as Edges).tail) continue;
      // Counted first, built only when scanned or when the cached result has findings to place: a follow-up
      // turn finds most starts in the cache with nothing in them.
      const { end: j, lines: count } = chainLines(units, edges, i, undefined);
      if (count === 0) continue;
      chains += count;
      if (chains > MAX_CHAINS) throw new Error(`more than ${MAX_CHAINS} chains of content blocks to inspect for split values`);
      // The spans visited name the start's text exactly: -2, then (id, from, to) of each.
      const key: number[] = [-2];
      for (let k = i; k < j; k++) {
        const u = units[k] as Span;
        key.push((scanned.get(u.segment) as Scanned).id, u.from, u.to);
      }
      const hit = this.#cache?.boundary(key);
      if (hit !== undefined) counter.cached++;
      if (hit !== undefined && hit.detections.length === 0) continue;
      const lines: RunPiece[][] = [];
      chainLines(units, edges, i, lines);
      // Each chain on its own line of the start's text, pieces rebased to that text.
      const placed: PlacedChain[] = [];
      let local = 0;
      for (const line of lines) {
        local += 1;
        const pieces = line.map((p) => ({ ...p, base: local + p.base }));
        const last = pieces[pieces.length - 1] as RunPiece;
        const end = last.base + (last.to - last.from);
        placed.push({ pieces, at: local, end });
        local = end;
      }
      if (hit !== undefined) {
        this.#placeChains(hit, placed, split);
        continue;
      }
      pending.push({ key, lines: placed, offset: at });
      at += local;
      if (at >= BLOCK) flush();
    }
    flush();
  }

  /** Places a start's chain findings: each line keeps what lies wholly inside it. */
  #placeChains(result: Scanned, lines: PlacedChain[], split: SplitSink): void {
    if (result.detections.length === 0) return;
    for (const line of lines) this.#placeAll(result, line.pieces, 0, split, (d) => d.valueStart >= line.at && d.valueEnd <= line.end);
  }

  /** Every sequence of 2 to PAIR_PIECES consecutive bare segments, between line breaks (see PAIR_PIECES). */
  #scanBarePieces(segments: Segment[], scanned: Map<Segment, Scanned>, split: SplitSink, counter: { cached: number }): void {
    const chain = segments.filter((s) => JOINABLE.has(s.location.surface) && s.text.length > 0);
    const bare = chain.map((s) => s.text.length <= PAIR_CHARS && !WHITESPACE.test(s.text));
    let scans = 0;
    for (let a = 0; a + 1 < chain.length; a++) {
      if (!bare[a] || !bare[a + 1]) continue;
      const pieces: RunPiece[] = [];
      let length = 0;
      // -1, then the ids of the pieces' results (block keys start with a cut point, never negative).
      const ids: number[] = [-1];
      for (let b = a; b < chain.length && bare[b] && b - a < PAIR_PIECES; b++) {
        const segment = chain[b] as Segment;
        if (length + segment.text.length > PAIR_CHARS) break;
        pieces.push({ segment, from: 0, to: segment.text.length, base: 1 + length });
        length += segment.text.length;
        ids.push((scanned.get(segment) as Scanned).id);
        if (pieces.length < 2 || length < MIN_VALUE) continue;
        if (++scans > MAX_PAIR_SCANS) throw new Error(`more than ${MAX_PAIR_SCANS} combinations of short content blocks to inspect for split values`);
        let result = this.#cache?.boundary(ids);
        if (result !== undefined) counter.cached++;
        else {
          result = this.#scan(`\n${pieces.map((p) => p.segment.text).join('')}\n`, undefined);
          this.#cache?.rememberBoundary(ids.slice(), result);
        }
        this.#placeAll(result, pieces, 0, split);
      }
    }
  }

  /** Places the detections of a joined scan that cross a piece boundary (`shift`: scan offset 0 in piece coordinates). */
  #placeAll(result: Scanned, pieces: RunPiece[], shift: number, split: SplitSink, keep?: (d: Detection) => boolean): void {
    const list = result.detections;
    if (list.length === 0) return;
    const hashes = this.#hashes(result);
    for (let i = 0; i < list.length; i++) {
      const d = list[i] as Detection;
      if (keep !== undefined && !keep(d)) continue;
      if (d.ruleId === UNDECODED_RULE_ID) continue; // each segment's own scan reports what it left undecoded
      const vs = shift + d.valueStart;
      const ve = shift + d.valueEnd;
      const from = pieceAt(pieces, vs);
      const to = pieceAt(pieces, ve - 1);
      if (from === to) continue; // inside one segment: its own scan found it
      const head = pieces[from] as RunPiece;
      const tail = pieces[to] as RunPiece;
      const index = (split.index ??= new Map(split.segments.map((segment, k) => [segment, k])));
      const at = `${d.ruleId}:${index.get(head.segment)}:${head.from + vs - head.base}:${index.get(tail.segment)}:${tail.from + ve - tail.base}`;
      if (split.seen.has(at)) continue; // the same sighting from another block or sequence
      split.seen.add(at);
      split.findings.push({ ...finding(d, head.segment.location, hashes[i] as string), continuesAt: (pieces[from + 1] as RunPiece).segment.location });
      for (let k = from; k <= to; k++) {
        const p = pieces[k] as RunPiece;
        const valueStart = p.from + (Math.max(vs, p.base) - p.base);
        const valueEnd = p.from + (Math.min(ve, p.base + (p.to - p.from)) - p.base);
        const piece = { ...d, valueStart, valueEnd, value: p.segment.text.slice(valueStart, valueEnd) };
        split.detections.push({ detection: piece, location: p.segment.location, text: p.segment.text });
      }
    }
  }

  #scanBlock(run: RunPiece[], start: number, end: number, isLast: boolean, scanned: Map<Segment, Scanned>, split: SplitSink, counter: { cached: number }): void {
    const firstPiece = pieceAt(run, start);
    const lastPiece = pieceAt(run, end - 1);
    if (firstPiece === lastPiece) return; // no boundary inside
    const first = run[firstPiece] as RunPiece;
    const lastOne = run[lastPiece] as RunPiece;
    const cutFrom = first.from + (start - first.base);
    const cutTo = lastOne.from + (end - lastOne.base);
    // The cut points and, between them, the ids of the pieces' results.
    const key: number[] = [cutFrom];
    for (let k = firstPiece; k <= lastPiece; k++) {
      const p = run[k] as RunPiece;
      // Spans of one segment (string values of tool-call arguments) differ by their bounds.
      key.push((scanned.get(p.segment) as Scanned).id, p.from, p.to);
    }
    key.push(cutTo);
    let result = this.#cache?.boundary(key);
    if (result !== undefined) counter.cached++;
    else {
      const parts: string[] = [];
      for (let k = firstPiece; k <= lastPiece; k++) {
        const p = run[k] as RunPiece;
        parts.push(p.segment.text.slice(k === firstPiece ? cutFrom : p.from, k === lastPiece ? cutTo : p.to));
      }
      result = this.#scan(parts.join(''), undefined);
      this.#cache?.rememberBoundary(key, result);
    }
    // A match starting past the overlap belongs to the next block (which holds it whole), unless none follows.
    this.#placeAll(result, run, start, split, isLast ? undefined : (d) => d.valueStart < STRIDE);
  }

  /** All detectors over one segment's text, from the cache when it holds this exact text. */
  #scanSegment(text: string, counter: { cached: number }): Scanned {
    const hit = this.#cache?.segment(text);
    if (hit !== undefined) {
      counter.cached++;
      return hit;
    }
    const result = this.#scan(text, text.length < SHORT ? undefined : text);
    this.#cache?.rememberSegment(text, result);
    return result;
  }

  #scan(text: string, keep: string | undefined): Scanned {
    const detections: Detection[] = [];
    for (const detector of this.#detectors) for (const d of detector.scan(text)) detections.push(d);
    return { id: this.#nextId++, text: keep, detections, hashes: undefined };
  }

  #hashes(result: Scanned): string[] {
    return (result.hashes ??= result.detections.map((d) => this.hashValue(d.value)));
  }

  /** The keyed hash that stands in for a value in findings. */
  hashValue(value: string): string {
    return createHmac('sha256', this.#hashKey).update(value).digest('hex');
  }
}

/**
 * The joinable segments as spans, in request order: a tool call's arguments that are JSON become their
 * string values (so the JSON punctuation between calls does not separate pieces); every other segment
 * is one span.
 */
function splitUnits(segments: Segment[], scanned: Map<Segment, Scanned>): Span[] {
  const units: Span[] = [];
  for (const segment of segments) {
    const surface = segment.location.surface;
    if (!JOINABLE.has(surface) || segment.text.length === 0) continue;
    if (surface === 'tool-call-arguments') {
      const result = scanned.get(segment) as Scanned;
      const leaves = (result.leaves ??= jsonLeaves(segment.text));
      if (leaves.length > 0) {
        for (const leaf of leaves) if (leaf.to > leaf.from) units.push({ segment, from: leaf.from, to: leaf.to, path: leaf.path, leaf });
        continue;
      }
    }
    units.push({ segment, from: 0, to: segment.text.length });
  }
  return units;
}

/**
 * The chains of the start at unit i (see #scanChains): pieces from the start's end over the middles that
 * follow, each chain ending at a middle or at the head of a later unit once a unit was skipped. Pushes them
 * to `out` when given; returns how many there are and the unit where the walk stopped.
 */
function chainLines(units: Span[], edges: Edges[], i: number, out: RunPiece[][] | undefined): { end: number; lines: number } {
  const n = units.length;
  const a = units[i] as Span;
  const start: RunPiece = { segment: a.segment, from: Math.max(a.from, a.to - CHAIN_EDGE), to: a.to, base: 0 };
  const chain: RunPiece[] = [start];
  let lines = 0;
  let length = start.to - start.from;
  let skipped = 0;
  let j = i + 1;
  for (; j < n && skipped <= CHAIN_SKIPS && length <= PAIR_CHARS + CHAIN_EDGE; j++) {
    const u = units[j] as Span;
    const e = edges[j] as Edges;
    if (e.middle) {
      if (out !== undefined) chain.push({ segment: u.segment, from: u.from, to: u.to, base: length });
      length += u.to - u.from;
      if (skipped > 0) {
        lines++;
        out?.push(chain.slice());
      }
      continue;
    }
    if (skipped > 0 && e.head) {
      lines++;
      out?.push([...chain, { segment: u.segment, from: u.from, to: Math.min(u.to, u.from + CHAIN_EDGE), base: length }]);
    }
    skipped++;
  }
  return { end: j, lines };
}

/** A unit's edges, remembered with its segment's result (whole segments) or its JSON value (leaves). */
function edgesOf(u: Span, scanned: Map<Segment, Scanned>): Edges {
  if (u.leaf?.edges !== undefined) return u.leaf.edges;
  const whole = u.from === 0 && u.to === u.segment.text.length;
  const result = scanned.get(u.segment) as Scanned;
  if (whole && result.edges !== undefined) return result.edges;
  const text = whole ? u.segment.text : u.segment.text.slice(u.from, u.to);
  const tail = openTail(text) !== '';
  const edges = { tail, head: openHead(text) !== '', middle: tail && text.length <= PAIR_CHARS && !WHITESPACE.test(text) };
  if (u.leaf !== undefined) u.leaf.edges = edges;
  else if (whole) result.edges = edges;
  return edges;
}

/**
 * One view per argument path (`content`, `edits.[].new_string`) of the tool calls' JSON arguments: that
 * argument's values across successive calls, in order — how a model writes a file in chunks, and how a
 * value is smuggled over several calls of one tool. Views with values from one call only are left out.
 */
function argumentViews(units: Span[]): Span[][] {
  const byPath = new Map<string, Span[]>();
  for (const u of units) {
    const path = u.path;
    if (path === undefined) continue;
    const list = byPath.get(path);
    if (list === undefined) byPath.set(path, [u]);
    else list.push(u);
  }
  const views: Span[][] = [];
  for (const view of byPath.values()) if (view.length > 1 && view[0]!.segment !== view[view.length - 1]!.segment) views.push(view);
  return views;
}

function finding(detection: Detection, location: Location, valueHash: string): Finding {
  const { value: _value, ...rest } = detection;
  return { ...rest, location, valueHash };
}

/**
 * Remembered scan results, without hashing what was scanned:
 * - strings shorter than `SHORT` are their own key;
 * - longer ones are keyed by a 32-bit mix of their length and 48 sampled code units (a number: building
 *   and hashing a string key cost ~1.3 µs per segment), and the entry holds the text: a hit needs the
 *   text to be equal (one memcmp; V8 checks lengths first). Different texts with the same
 *   sample share a slot of up to `SLOT` entries (newest first) — a collision costs a rescan, never a
 *   wrong answer, and a crafted flood of them costs at most `SLOT` comparisons per lookup;
 * - boundaries are keyed by the numbers that name their text (cut points, ids of the pieces' results),
 *   mixed into 32 bits like long segments, with the numbers kept and compared on a hit.
 * Eviction is by generations: new and used entries go to the current map; when it reaches half the
 * budget (entries, or characters of kept texts) it becomes the previous one and the one before is
 * dropped. O(1) per operation, no per-hit reordering; memory stays within the budget.
 */
class ResultCache {
  readonly #entries: number;
  readonly #chars: number;
  #short = new Map<string, Scanned>();
  #oldShort = new Map<string, Scanned>();
  #long = new Map<number, Scanned[]>();
  #oldLong = new Map<number, Scanned[]>();
  #boundaries = new Map<number, BoundaryEntry[]>();
  #oldBoundaries = new Map<number, BoundaryEntry[]>();
  #count = 0;
  #keptChars = 0;

  constructor(entries: number, chars: number) {
    this.#entries = Math.max(2, entries);
    this.#chars = chars;
  }

  segment(text: string): Scanned | undefined {
    if (text.length < SHORT) {
      const hit = this.#short.get(text);
      if (hit !== undefined) return hit;
      const old = this.#oldShort.get(text);
      if (old !== undefined) this.#addShort(text, old);
      return old;
    }
    const key = sampleKey(text);
    const hit = find(this.#long.get(key), text);
    if (hit !== undefined) return hit;
    const old = find(this.#oldLong.get(key), text);
    if (old !== undefined) this.#addLong(key, old);
    return old;
  }

  rememberSegment(text: string, result: Scanned): void {
    if (text.length < SHORT) this.#addShort(text, result);
    else this.#addLong(sampleKey(text), result);
  }

  /** `key`: numbers naming the scanned text exactly (cut points and result ids). */
  boundary(key: number[]): Scanned | undefined {
    const h = numbersKey(key);
    const hit = findBoundary(this.#boundaries.get(h), key);
    if (hit !== undefined) return hit;
    const old = findBoundary(this.#oldBoundaries.get(h), key);
    if (old !== undefined) this.#addBoundary(h, key.slice(), old);
    return old;
  }

  /** `key` is kept: the caller must not change it afterwards. */
  rememberBoundary(key: number[], result: Scanned): void {
    this.#addBoundary(numbersKey(key), key, result);
  }

  #addBoundary(h: number, key: number[], result: Scanned): void {
    const slot = this.#boundaries.get(h);
    const entry = { key, result };
    if (slot === undefined) this.#boundaries.set(h, [entry]);
    else if (findBoundary(slot, key) === undefined) {
      slot.unshift(entry);
      if (slot.length > SLOT) slot.pop();
    }
    this.#grow(0);
  }

  #addShort(text: string, result: Scanned): void {
    this.#short.set(text, result);
    this.#grow(0);
  }

  #addLong(key: number, result: Scanned): void {
    const slot = this.#long.get(key);
    if (slot === undefined) this.#long.set(key, [result]);
    else if (!slot.includes(result)) {
      slot.unshift(result);
      if (slot.length > SLOT) slot.pop();
    }
    this.#grow((result.text as string).length);
  }

  #grow(chars: number): void {
    this.#count++;
    this.#keptChars += chars;
    if (this.#count * 2 < this.#entries && this.#keptChars * 2 < this.#chars) return;
    this.#oldShort = this.#short;
    this.#oldLong = this.#long;
    this.#oldBoundaries = this.#boundaries;
    this.#short = new Map();
    this.#long = new Map();
    this.#boundaries = new Map();
    this.#count = 0;
    this.#keptChars = 0;
  }
}

/** A remembered boundary scan and the numbers that name its text. */
interface BoundaryEntry {
  key: number[];
  result: Scanned;
}

function findBoundary(slot: BoundaryEntry[] | undefined, key: number[]): Scanned | undefined {
  if (slot === undefined) return undefined;
  for (const entry of slot) {
    const k = entry.key;
    if (k.length !== key.length) continue;
    let i = 0;
    while (i < k.length && k[i] === key[i]) i++;
    if (i === k.length) return entry.result;
  }
  return undefined;
}

/** The numbers of a boundary key mixed into 32 bits. */
function numbersKey(key: number[]): number {
  let h = Math.imul(key.length, 0x9e3779b1);
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ (key[i] as number), 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h;
}

/** Entries per sample key (see `ResultCache`). */
const SLOT = 4;

function find(slot: Scanned[] | undefined, text: string): Scanned | undefined {
  if (slot === undefined) return undefined;
  for (const entry of slot) if (entry.text === text) return entry;
  return undefined;
}

/** Length plus 16 code units from each end and 16 spread over the middle (`text.length >= SHORT`), mixed into 32 bits. */
function sampleKey(text: string): number {
  const n = text.length;
  const step = Math.floor(n / 17);
  let h = Math.imul(n, 0x9e3779b1);
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b);
    h = Math.imul(h ^ text.charCodeAt(n - 1 - i), 0xc2b2ae35);
    h = Math.imul(h ^ text.charCodeAt((i + 1) * step), 0x27d4eb2f);
    h ^= h >>> 15;
  }
  return h;
}
