import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { PolicyAction } from '../domain/decision.ts';
import { ConfigError } from '../config/config-error.ts';
import { compilePolicy, type CompiledPolicy } from './compile.ts';
import { loadPolicyFile } from './load-policy.ts';
import type { PolicyDocument } from './types.ts';

/** What `/healthz` shows about the policy in force. */
export interface PolicyStatus {
  /** `file`, `config` (inline section) or `inspection-mode` (no policy section). */
  source: 'file' | 'config' | 'inspection-mode';
  file?: string;
  /** Hash of the policy in force (compile.ts). */
  hash: string;
  rules: number;
  default: PolicyAction;
  monitor: boolean;
  loadedAt: string;
  /** The last reload that failed (the previous policy stayed in force), until a reload succeeds. */
  lastError?: { message: string; at: string };
}

export interface PolicySourceOptions {
  log: Logger;
  /** Problems a loaded document has against the running gateway (e.g. `internalModel` not routed internally). */
  verify?: (document: PolicyDocument) => string | undefined;
}

/**
 * The policy in force, and where it comes from. With `policy.file` the file is watched (fs.watch on
 * its directory, so editors that replace the file are seen) and also polled every `reloadInterval`,
 * debounced; `reload()` can be called directly. A new version that fails validation is rejected: the
 * last good policy stays in force, the error is logged and shown in `/healthz` until a good one loads.
 * Evaluation always reads `current` once per request, so a reload never splits one decision.
 */
export class PolicySource {
  #current: CompiledPolicy;
  #loadedAt: Date;
  #contentHash: string | undefined;
  #failedHash: string | undefined;
  #lastError: PolicyStatus['lastError'];
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #chain: Promise<boolean> = Promise.resolve(false);
  readonly #listeners = new Set<(hash: string) => void>();
  readonly #config: Config;
  readonly #options: PolicySourceOptions;

  private constructor(config: Config, options: PolicySourceOptions, initial: CompiledPolicy, contentHash: string | undefined) {
    this.#config = config;
    this.#options = options;
    this.#current = initial;
    this.#contentHash = contentHash;
    this.#loadedAt = new Date();
  }

  /** Loads the policy the config names; an invalid policy at start throws `ConfigError` (the gateway does not start). */
  static async open(config: Config, options: PolicySourceOptions): Promise<PolicySource> {
    const file = config.policy.file;
    if (file === null) {
      const document = config.policy.document ?? fromInspectionMode(config);
      verifyOrThrow(document, options, 'policy');
      return new PolicySource(config, options, compilePolicy(document), undefined);
    }
    const loaded = await loadPolicyFile(file, fallbackDefault(config));
    verifyOrThrow(loaded.document, options, file);
    return new PolicySource(config, options, compilePolicy(loaded.document), loaded.contentHash);
  }

  get current(): CompiledPolicy {
    return this.#current;
  }

  /** Starts watching and polling the policy file (nothing to do for an inline policy). */
  start(): void {
    const file = this.#config.policy.file;
    if (file === null || this.#timer) return;
    try {
      this.#watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) this.#schedule();
      });
      this.#watcher.on('error', () => this.#watcher?.close());
    } catch {
      // No notifications on this file system: polling alone still picks changes up.
    }
    this.#timer = setInterval(() => this.#schedule(), this.#config.policy.reloadIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    clearInterval(this.#timer);
    clearTimeout(this.#debounce);
    this.#timer = undefined;
  }

  /**
   * Re-reads the policy file. Resolves true when a new policy is now in force, false when the file is
   * unchanged or the new version was rejected (see `status().lastError`). Calls are serialised.
   */
  reload(): Promise<boolean> {
    this.#chain = this.#chain.then(() => this.#reload(), () => this.#reload());
    return this.#chain;
  }

  /** `listener(hash)` runs after each reload that put a new policy in force (e.g. to report it to other instances). */
  onReload(listener: (hash: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): PolicyStatus {
    const d = this.#current.document;
    const file = this.#config.policy.file;
    const status: PolicyStatus = {
      source: file !== null ? 'file' : this.#config.policy.document ? 'config' : 'inspection-mode',
      hash: this.#current.hash,
      rules: d.rules.length,
      default: d.default,
      monitor: d.monitor,
      loadedAt: this.#loadedAt.toISOString(),
    };
    if (file !== null) status.file = file;
    if (this.#lastError) status.lastError = this.#lastError;
    return status;
  }

  #schedule(): void {
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => void this.reload(), 100);
    this.#debounce.unref();
  }

  async #reload(): Promise<boolean> {
    const file = this.#config.policy.file;
    if (file === null) return false;
    let hash: string;
    try {
      hash = createHash('sha256').update(await readFile(file)).digest('hex');
    } catch (err) {
      return this.#reject(err, undefined);
    }
    if (hash === this.#contentHash) {
      // Back to the version in force (e.g. a bad edit was reverted): nothing to load, nothing wrong.
      this.#failedHash = undefined;
      this.#lastError = undefined;
      return false;
    }
    if (hash === this.#failedHash) return false;
    try {
      const loaded = await loadPolicyFile(file, fallbackDefault(this.#config));
      verifyOrThrow(loaded.document, this.#options, file);
      const previous = this.#current.hash;
      this.#current = compilePolicy(loaded.document);
      this.#contentHash = loaded.contentHash;
      this.#failedHash = undefined;
      this.#loadedAt = new Date();
      this.#lastError = undefined;
      this.#options.log.info('policy reloaded', { file, previous, hash: this.#current.hash, rules: loaded.document.rules.length });
      for (const listener of this.#listeners) listener(this.#current.hash);
      return true;
    } catch (err) {
      return this.#reject(err, hash);
    }
  }

  #reject(err: unknown, hash: string | undefined): false {
    const message = err instanceof Error ? err.message : String(err);
    this.#failedHash = hash;
    if (this.#lastError?.message === message) return false; // already reported
    this.#lastError = { message, at: new Date().toISOString() };
    this.#options.log.error('policy reload rejected; the previous policy stays in force', { file: this.#config.policy.file, hash: this.#current.hash, error: message });
    return false;
  }
}

/**
 * No policy section: behave as before policies existed (report ≙ allow, redact ≙ redact). Redact mode
 * fails closed on what it cannot read or redact; report mode enforces nothing.
 */
export function fromInspectionMode(config: Config): PolicyDocument {
  const redact = config.inspection.mode === 'redact';
  return { default: fallbackDefault(config), monitor: false, unreadable: redact ? 'fail-closed' : 'allow', rules: [] };
}

function fallbackDefault(config: Config): PolicyAction {
  return config.inspection.mode === 'redact' ? 'redact' : 'allow';
}

function verifyOrThrow(document: PolicyDocument, options: PolicySourceOptions, where: string): void {
  const problem = options.verify?.(document);
  if (problem !== undefined) throw new ConfigError([{ where, text: problem }]);
}
