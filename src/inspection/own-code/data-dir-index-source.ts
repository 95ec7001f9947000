import { watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../log.ts';
import { decodeIndex } from './index-file.ts';
import { createOwnCodeDetector, type OwnCodeDetectorOptions } from './own-code-detector.ts';
import type { IndexChangeFeed, LoadedIndex, OwnCodeIndexSource, OwnCodeIndexStatus } from './index-source.ts';
import { indexDigestHex, type IndexGeneration } from './store/index-generation.ts';

/** How often the data directory is checked when no file notification arrives. */
export const DEFAULT_INDEX_POLL_MS = 1000;
/**
 * How long a build's record may stand without its file before that is a failure: the build writes the
 * record, then the file (milliseconds later). A build that died in between must not leave the gateway
 * "pending" for good, passing requests without the own-code inspection the record says is wanted.
 */
export const PENDING_INDEX_GRACE_MS = 60_000;
/** Notifications come in bursts (temporary file, rename, store update): one check after the burst. */
const DEBOUNCE_MS = 30;

export interface DataDirIndexSourceOptions {
  /** `<dataDir>/own-code.idx`. */
  path: string;
  /** The store's generation record (`readIndexGeneration` over the gateway's store). */
  readGeneration: () => IndexGeneration | undefined;
  detector?: Partial<OwnCodeDetectorOptions>;
  log?: Logger;
  /** Default: watch the file's directory and poll every `pollMs`. */
  feed?: IndexChangeFeed;
  pollMs?: number;
  /** Default `PENDING_INDEX_GRACE_MS`. */
  pendingGraceMs?: number;
}

interface FileIdentity {
  key: string;
}

/**
 * The own-code index of one data directory, reloaded when `sekisho index add | rm` rewrites it. A check
 * opens the file, takes its identity (device, inode, size, mtime, ctime) from that open handle, and when it differs
 * from the loaded one reads it with asynchronous I/O, hashes it (WebCrypto, off the event loop),
 * wraps it (`decodeIndex`: views, no parsing) and swaps. The file is always replaced by rename, so an
 * open handle reads one whole version. A version that fails to load leaves the previous index in force
 * (logged, and in `status().lastError`); a file removed while the store still records an index is a
 * failure too (a deleted file must not silently disable own-code inspection); removed by a build that
 * indexed nothing, it unloads.
 */
export class DataDirIndexSource implements OwnCodeIndexSource {
  #current: LoadedIndex | undefined;
  #identity = 'none';
  #failing = false;
  #lastError: OwnCodeIndexStatus['lastError'];
  #latest: IndexGeneration | undefined;
  #loads = 0;
  #starting = false;
  #chain: Promise<boolean> = Promise.resolve(false);
  #unsubscribe: (() => void) | undefined;
  readonly #feed: IndexChangeFeed;
  readonly #listeners = new Set<(current: LoadedIndex | undefined) => void>();
  readonly #o: DataDirIndexSourceOptions;

  private constructor(options: DataDirIndexSourceOptions) {
    this.#o = options;
    this.#feed = options.feed ?? watchIndexFile(options.path, options.pollMs ?? DEFAULT_INDEX_POLL_MS);
  }

  /**
   * Loads the index in force at start. Throws when there is one that cannot be loaded, or when the store
   * records an index whose file is gone: the gateway does not start without the detector it was given.
   */
  static async open(options: DataDirIndexSourceOptions): Promise<DataDirIndexSource> {
    const source = new DataDirIndexSource(options);
    source.#starting = true;
    await source.reload();
    source.#starting = false;
    if (source.#failing) {
      source.close();
      throw new Error(source.#lastError?.message ?? 'own-code index could not be loaded');
    }
    return source;
  }

  get current(): LoadedIndex | undefined {
    return this.#current;
  }

  subscribe(listener: (current: LoadedIndex | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#unsubscribe ??= this.#feed.subscribe(() => void this.reload());
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#feed.close();
  }

  reload(): Promise<boolean> {
    this.#chain = this.#chain.then(
      () => this.#check(),
      () => this.#check(),
    );
    return this.#chain;
  }

  status(): OwnCodeIndexStatus {
    const c = this.#current;
    const status: OwnCodeIndexStatus = {
      state: c !== undefined ? 'loaded' : this.#failing ? 'failed' : 'none',
      // With no index, the generation in force is a build that left nothing indexed.
      generation: c?.generation ?? (c === undefined && !this.#failing && this.#latest?.files === 0 ? this.#latest.generation : null),
      loadedAt: c?.loadedAt ?? null,
      builtAt: c?.builtAt ?? null,
      sha256: c?.sha256 ?? null,
      files: c?.files ?? 0,
      repositories: c?.repositories ?? 0,
      bytes: c?.bytes ?? 0,
      loadMs: c === undefined ? null : Number(c.loadMs.toFixed(1)),
      loads: this.#loads,
    };
    const latest = this.#latest;
    if (latest !== undefined && latest.generation !== status.generation) status.latestGeneration = latest.generation;
    if (this.#lastError !== undefined) status.lastError = this.#lastError;
    return status;
  }

  async #check(): Promise<boolean> {
    try {
      return await this.#checkOrThrow();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const repeated = this.#lastError?.message === message;
      if (!repeated) this.#lastError = { message, at: new Date().toISOString() };
      if (this.#current === undefined && !this.#failing) {
        // Now `failed`: a change of what is in force too (results remembered while none was loaded must go).
        this.#failing = true;
        this.#notify(undefined);
      }
      // Logged once per distinct error: an unreadable file would otherwise log at every poll.
      const outcome = this.#current === undefined ? 'none is loaded: requests are refused until one loads' : 'the previous one stays in force';
      if (!repeated) this.#o.log?.error(`own-code index not loaded; ${outcome}`, { index: this.#o.path, error: message, generation: this.#current?.generation ?? null });
      return false;
    }
  }

  async #checkOrThrow(): Promise<boolean> {
    const started = performance.now();
    this.#latest = this.#readGeneration();
    let handle;
    try {
      handle = await open(this.#o.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return this.#missing();
    }
    let buffer: ArrayBuffer;
    let identity: FileIdentity;
    try {
      const st = await handle.stat();
      identity = { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` };
      if (identity.key === this.#identity) {
        this.#relabel();
        return false;
      }
      buffer = new ArrayBuffer(st.size);
      const bytes = new Uint8Array(buffer);
      for (let off = 0; off < st.size; ) {
        const { bytesRead } = await handle.read(bytes, off, st.size - off, off);
        if (bytesRead === 0) throw new Error('file shrank while reading');
        off += bytesRead;
      }
    } finally {
      await handle.close();
    }
    const sha256 = indexDigestHex(await crypto.subtle.digest('SHA-256', buffer));
    let index;
    try {
      index = decodeIndex(buffer);
    } catch (err) {
      const why = err instanceof Error ? err.message.replace(/^own-code index: /, '') : String(err);
      this.#identity = identity.key; // this version is bad: not read again until the file changes
      throw new Error(`own-code index ${this.#o.path}: ${why}`, { cause: err });
    }
    const detector = createOwnCodeDetector(index, this.#o.detector);
    const latest = this.#latest;
    const known = latest !== undefined && latest.sha256 === sha256;
    const loaded: LoadedIndex = {
      index,
      detector,
      path: this.#o.path,
      sha256,
      generation: known ? latest.generation : null,
      builtAt: known ? latest.builtAt : null,
      loadedAt: new Date().toISOString(),
      loadMs: performance.now() - started,
      bytes: buffer.byteLength,
      files: index.files.length,
      repositories: new Set(index.files.map((f) => f.repository)).size,
    };
    const previous = this.#current?.generation ?? null;
    this.#identity = identity.key;
    this.#swap(loaded);
    this.#o.log?.info('own-code index loaded', { index: this.#o.path, generation: loaded.generation, previous, files: loaded.files, bytes: loaded.bytes, loadMs: Number(loaded.loadMs.toFixed(1)) });
    return true;
  }

  /**
   * No file: nothing indexed (unload), or a file the store says exists is gone — a failure (keep what is
   * loaded) at run time, a refusal to start. With nothing loaded at run time it is a first build whose
   * file has not landed yet (the record is written first): pending, not a failure — for at most
   * `PENDING_INDEX_GRACE_MS` after the record, then a failure (the build died before writing its file).
   */
  #missing(): boolean {
    const latest = this.#latest;
    if (latest !== undefined && latest.files > 0) {
      // Pending only while the record is recent (an unreadable time counts as old: fail closed).
      const age = Date.now() - Date.parse(latest.builtAt);
      if (this.#current === undefined && !this.#starting && age < (this.#o.pendingGraceMs ?? PENDING_INDEX_GRACE_MS)) return false;
      if (this.#identity === 'gone') return false;
      this.#identity = 'gone';
      throw new Error(`own-code index ${this.#o.path} is missing, but generation ${latest.generation} (${latest.files} files) was built; run sekisho index add again`);
    }
    if (this.#identity === 'none') return false;
    this.#identity = 'none';
    this.#swap(undefined);
    this.#o.log?.info('own-code index unloaded: nothing is indexed', { index: this.#o.path, generation: latest?.generation ?? null });
    return true;
  }

  /** The store's record can land after the file it describes: name the generation once it does. */
  #relabel(): void {
    const c = this.#current;
    const latest = this.#latest;
    if (c === undefined || latest === undefined || c.generation === latest.generation || latest.sha256 !== c.sha256) return;
    this.#current = { ...c, generation: latest.generation, builtAt: latest.builtAt };
  }

  #swap(next: LoadedIndex | undefined): void {
    this.#current = next;
    this.#failing = false;
    this.#lastError = undefined;
    if (next !== undefined) this.#loads++;
    this.#notify(next);
  }

  #notify(next: LoadedIndex | undefined): void {
    for (const listener of this.#listeners) {
      try {
        listener(next);
      } catch (err) {
        this.#o.log?.error('own-code index listener failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  #readGeneration(): IndexGeneration | undefined {
    try {
      return this.#o.readGeneration();
    } catch {
      return this.#latest; // a busy store: the file is the truth, the label can wait
    }
  }
}

/**
 * The data directory as a change feed: `fs.watch` on the file's directory (renames of the index file
 * are seen at once), and a poll every `pollMs` for file systems without notifications and for changes
 * only the store's generation shows.
 */
export function watchIndexFile(path: string, pollMs: number): IndexChangeFeed {
  const listeners = new Set<() => void>();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  const fire = (): void => listeners.forEach((l) => l());
  const soon = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(fire, DEBOUNCE_MS);
    debounce.unref();
  };
  const stop = (): void => {
    watcher?.close();
    watcher = undefined;
    clearInterval(timer);
    clearTimeout(debounce);
    timer = undefined;
  };
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (timer === undefined) {
        try {
          const name = basename(path);
          watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
            if (file === null || file === name) soon();
          });
          watcher.on('error', () => watcher?.close());
        } catch {
          // no notifications here (or no directory yet): the poll still sees changes
        }
        timer = setInterval(fire, pollMs);
        timer.unref();
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) stop();
      };
    },
    close: stop,
  };
}
