/**
 * Shapes shared by the decoders. A decoder turns one encoded run of a "parent" text (the original
 * prompt, or an outer decoded view) into a `Layer`: the decoded text plus a way back to parent offsets.
 * Layers compose, so a view two decodings deep still maps to a span of the original request text.
 */

/** Names used in `Detection.encodings`, outermost first. `escape` covers JSON/JS `\uXXXX`, `\xHH`, `\n`; `entity` HTML `&#NN;`. */
export type EncodingName = 'base64' | 'base64url' | 'base32' | 'hex' | 'percent' | 'escape' | 'entity' | 'quoted-printable' | 'numbers';

/** A half-open UTF-16 span `[start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** One decoding of one encoded run, in the coordinates of the text it was found in. */
export interface Layer {
  encoding: EncodingName;
  text: string;
  /** Parent span covering the encoded characters that produced decoded `[start, end)`; never smaller. */
  toParent(start: number, end: number): Span;
}

/**
 * Decoded content that detectors should also see. `toOriginal` maps decoded offsets to the span of the
 * ORIGINAL text that encodes them: the smallest span of whole encoding units (base64 4-char groups,
 * `%XX` triplets, escapes) that holds every encoded byte of the range; `start`/`end` is the whole run.
 */
export interface DecodedView extends Span {
  text: string;
  /** Outermost first, e.g. ['base64', 'percent'] = percent-encoded text inside base64. */
  encodings: EncodingName[];
  toOriginal(start: number, end: number): Span;
}

export interface ExpandOptions {
  /** Layers peeled at most (2 = base64 of base64 is found, a third layer is not). Default 2. */
  maxDepth?: number;
  /** Decoded bytes per call (the per-request budget), over all layers. Default 4 MiB. */
  maxDecodedBytes?: number;
  /** Encoded runs decoded per call, over all layers. Default 20 000. */
  maxCandidates?: number;
}

/** What one `expandEncoded` call did; `exhausted` means some encoded content was left undecoded. */
export interface DecodeStats {
  candidates: number;
  decodedBytes: number;
  views: number;
  exhausted: boolean;
  /**
   * Spans of the ORIGINAL text holding encoded content that was not decoded: past the budget (from the
   * first candidate left undecoded to the end of the text it sat in), or a further base64/hex layer of
   * text below the deepest layer peeled. Empty when everything encoded was read.
   */
  undecoded: Span[];
}

/**
 * The rule id of the detection `withDecoding` reports for undecoded content (scan-encoded.ts): not a
 * value but a place Sekisho could not read. The inspector turns it into an `uninspected` entry of kind
 * `encoded`, so policy treats it like an image it cannot read (fail closed for external backends).
 */
export const UNDECODED_RULE_ID = 'sekisho-undecoded';

/** Mutable per-call budget, shared by every decoder of one call. */
export class Budget {
  readonly stats: DecodeStats = { candidates: 0, decodedBytes: 0, views: 0, exhausted: false, undecoded: [] };
  private remaining: number;
  private candidatesLeft: number;

  constructor(maxBytes: number, maxCandidates: number) {
    this.remaining = maxBytes;
    this.candidatesLeft = maxCandidates;
  }

  /** Claims one candidate slot; false once the cap is reached (and marks the call exhausted). */
  candidate(): boolean {
    if (this.candidatesLeft <= 0) {
      this.stats.exhausted = true;
      return false;
    }
    this.candidatesLeft--;
    this.stats.candidates++;
    return true;
  }

  /** Grants up to `wanted` decoded bytes; a short grant marks the call exhausted. */
  take(wanted: number): number {
    const granted = wanted <= this.remaining ? wanted : this.remaining;
    if (granted < wanted) this.stats.exhausted = true;
    this.remaining -= granted;
    this.stats.decodedBytes += granted;
    return granted;
  }

  /** Returns bytes that were granted but not used (e.g. a blob recognised as an image). */
  refund(bytes: number): void {
    this.remaining += bytes;
    this.stats.decodedBytes -= bytes;
  }
}
