/**
 * What a detector reports. Detectors work on one string and report spans in it; the inspection stage
 * adds where that string sits in the conversation (`Location`) and replaces the value by a keyed hash
 * before a finding leaves the process (audit, logs, policy replay).
 */

export type FindingType = 'secret' | 'pii' | 'dictionary' | 'own-code';

/**
 * How sure a detector is. high: a distinctive prefix plus a checksum or structure (GitHub token CRC,
 * JWT header, PEM pair, Luhn + IIN). medium: keyword + assignment + entropy. low: entropy or shape only.
 */
export type Confidence = 'high' | 'medium' | 'low';

/** A detector's raw result over one string. Holds the plaintext value: never log or persist it. */
export interface Detection {
  type: FindingType;
  /** Stable rule id, e.g. `github-pat`, `aws-access-token` (gitleaks ids are kept), `pii-email`, `jp-my-number`. */
  ruleId: string;
  confidence: Confidence;
  /** UTF-16 offsets of the whole match in the scanned string. */
  start: number;
  end: number;
  /** UTF-16 offsets of the sensitive value itself (gitleaks secretGroup); this is what redaction replaces. */
  valueStart: number;
  valueEnd: number;
  /**
   * The sensitive value as the detector read it: the normalised form of scanned.slice(valueStart, valueEnd)
   * (invisibles removed, NFKC, look-alikes folded), or the decoded one when found through decoding. In-process only.
   */
  value: string;
  /** Encodings peeled off to find it, outermost first (e.g. ['base64']); absent for plain text. */
  encodings?: string[];
  /** Short, value-free description for people, e.g. "AWS access key id". */
  description?: string;
  /** For `own-code`: which indexed file the text came from (policy and reports name it). */
  ownCode?: OwnCodeSource;
}

/** Where an `own-code` finding's text comes from: names only, no content. */
export interface OwnCodeSource {
  repository: string;
  path: string;
  /** Line range in the indexed file, 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Share of the region's fingerprints found in that file (0-1). */
  coverage: number;
}

/** Which content surface of a request a string came from. */
export type Surface =
  | 'system'
  | 'message-text'
  | 'tool-definition'
  | 'tool-call-arguments'
  | 'tool-result'
  | 'reasoning'
  | 'opaque'
  | 'prompt'
  | 'header'
  /** A structural string or an object key: ids, names, types, roles, model, stop sequences, URLs. */
  | 'field'
  /** The request's query string (raw, or a percent-decoded parameter). */
  | 'query';

/** Where in the request a detection was made. */
export interface Location {
  surface: Surface;
  /** Index into `system` (surface system) or `messages`. */
  message?: number;
  /** Index of the content part within the message. */
  part?: number;
  /** JSON path inside a structured value (tool arguments, opaque parts), or the header name. */
  path?: string;
}

/** A detection placed in the request, with the value replaced by a keyed hash. Safe to persist. */
export interface Finding extends Omit<Detection, 'value'> {
  location: Location;
  /** For a value split across content blocks or messages: where its second piece is (spans are then in the joined text). */
  continuesAt?: Location;
  /** HMAC-SHA-256 (per-installation key) of the value, hex: lets audit correlate without the plaintext. */
  valueHash: string;
}
