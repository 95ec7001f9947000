import type { Detector } from '../detector.ts';
import type { Detection } from '../finding.ts';
import type { OwnCodeIndex } from './own-code-index.ts';

/**
 * Where the gateway gets the own-code index in force, and how it learns of a new one. Two small
 * interfaces, so a shared store can replace the data directory (issue 13: several instances, one
 * `sekisho index add`, fanned out through Redis pub/sub or PostgreSQL NOTIFY):
 *
 * - `IndexChangeFeed` only says "the index may have changed" (a file watch plus polling now; a pub/sub
 *   message later). It carries no data: the source re-checks, so a lost or duplicated signal costs a
 *   check, never a wrong index.
 * - `OwnCodeIndexSource` holds the index in force (`current`), loads a new one off the request path when
 *   told, and swaps it in with one assignment: a request reads `current` once per scan and inspection is
 *   synchronous, so it sees the old index or the new one, never a mix or a half-built one. Listeners are
 *   called synchronously right after a swap (the inspector drops its result cache there, before any
 *   request can be inspected against the new index).
 */

/** One index in memory and what is known of it. */
export interface LoadedIndex {
  index: OwnCodeIndex;
  detector: Detector;
  /** Where it was read from (a file path, or a store's name for it). */
  path: string;
  /** First 32 hex digits of the SHA-256 of the image. */
  sha256: string;
  /** The generation the store recorded for this image (`sekisho index add | rm` increment it); null when unknown. */
  generation: number | null;
  builtAt: string | null;
  loadedAt: string;
  loadMs: number;
  bytes: number;
  files: number;
  repositories: number;
}

export interface OwnCodeIndexStatus {
  /** `loaded`; `none` (nothing indexed); `failed` (an index exists but none could be loaded: own-code inspection blocks). */
  state: 'loaded' | 'none' | 'failed';
  generation: number | null;
  loadedAt: string | null;
  builtAt: string | null;
  sha256: string | null;
  files: number;
  repositories: number;
  bytes: number;
  loadMs: number | null;
  /** Indexes swapped in since start (the first load counts). */
  loads: number;
  /** The newest generation the store announces, when it is not the one in force (a load pending or failed). */
  latestGeneration?: number;
  /** The last load that failed, until one succeeds (the previous index stays in force). */
  lastError?: { message: string; at: string };
}

export interface IndexChangeFeed {
  /** `onChange` is called, possibly more than once, after the index may have changed. */
  subscribe(onChange: () => void): () => void;
  close(): void;
}

export interface OwnCodeIndexSource {
  readonly current: LoadedIndex | undefined;
  status(): OwnCodeIndexStatus;
  /** Called synchronously after each swap, and on becoming `failed`, with what is now in force (undefined: no index). */
  subscribe(listener: (current: LoadedIndex | undefined) => void): () => void;
  /** Checks now; resolves true when something new is in force. Calls are serialised. */
  reload(): Promise<boolean>;
  /** Starts listening to the change feed. */
  start(): void;
  close(): void;
}

/**
 * The gateway's own-code detector: scans with whatever index is in force at the call. With no index,
 * nothing is found — unless the source is `failed` (an index was built but none could be loaded), when
 * it throws, and the inspection stage blocks the request (docs/security.md: an inspector that fails
 * blocks).
 */
export function reloadingOwnCodeDetector(source: OwnCodeIndexSource): Detector {
  return {
    name: 'own-code',
    scan(text: string): Detection[] {
      const loaded = source.current;
      if (loaded !== undefined) return loaded.detector.scan(text);
      const status = source.status();
      if (status.state === 'failed') throw new Error(`own-code index could not be loaded: ${status.lastError?.message ?? 'unknown error'}`);
      return [];
    },
  };
}
