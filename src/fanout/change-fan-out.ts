import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChangeFeedPort, ChangeKind, ChangeNotice, InstanceReport } from '../store/ports.ts';
import type { Logger } from '../log.ts';
import { CHANGE_KINDS } from '../store/change-notice.ts';

/** Default period of the re-check against the shared store. */
export const DEFAULT_RECHECK_MS = 30_000;

/** What this instance does when a kind of change is announced, and what it has in force. */
export interface FanOutTargets {
  /** Re-reads the policy file (resolves whether a new policy is in force). */
  reloadPolicy(): Promise<unknown>;
  /** Re-loads the own-code index (absent: own-code inspection is off). */
  reloadIndex?: () => Promise<unknown>;
  /** At each re-check: brings a newer shared index in and loads it; true when it did (absent: no shared index). */
  checkIndex?: () => Promise<boolean>;
  /** What is in force now, for the instance report. */
  state(): { policyHash: string; indexGeneration: number | null };
}

export interface FanOutOptions {
  feed: ChangeFeedPort;
  targets: FanOutTargets;
  log: Logger;
  /** Re-check period (default 30 s); reports older than three periods count as gone. */
  recheckMs?: number;
}

/** What `/healthz` shows about the fan-out. */
export interface FanOutStatus {
  ok: boolean;
  location: string;
  instance: string;
  /** Epochs this instance has acted on. */
  epochs: Record<ChangeKind, number>;
  lastCheckAt: string | null;
  lastError?: string;
  /** Live instances as last read from the shared store (this one included). */
  instances: InstanceReport[];
  /** Instances whose policy hash differs from this one's (their file differs, or a reload failed there). */
  policyDivergent: string[];
}

/**
 * Fans changes out between the instances of one deployment. `announce(kind)` acts here, then bumps the
 * kind's epoch in the shared store and broadcasts it; every instance that hears a notice with an epoch
 * above the one it acted on acts (re-reads its policy file, re-loads its own-code index) and reports what
 * it now has in force. Every `recheckMs` each instance reads the epochs (a notice lost to a disconnected
 * subscriber is caught there) and reports itself, so `/healthz` lists the live instances and the ones
 * whose policy hash differs. Acting is idempotent (a reload of an unchanged file changes nothing), so a
 * duplicated notice costs a check, never a wrong state.
 *
 * Gateway keys need nothing here: every request reads its key from the shared store (nothing is cached
 * per instance), so a revocation is in force on every instance at its next request.
 */
export class ChangeFanOut {
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #o: FanOutOptions;
  readonly #seen: Record<ChangeKind, number> = { policy: 0, keys: 0, index: 0 };
  readonly #recheckMs: number;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #ok = true;
  #lastError: string | undefined;
  #lastCheckAt: string | null = null;
  #instances: InstanceReport[] = [];
  #closed = false;

  constructor(options: FanOutOptions) {
    this.#o = options;
    this.#recheckMs = Math.max(100, options.recheckMs ?? DEFAULT_RECHECK_MS);
  }

  /**
   * Takes the current epochs as acted on (this instance has just loaded everything), subscribes, reports
   * itself and starts the re-check. A shared store unreachable now does not stop the start: the re-check
   * tries again.
   */
  async start(): Promise<void> {
    try {
      Object.assign(this.#seen, await this.#o.feed.epochs());
    } catch (err) {
      this.#failed(err);
    }
    await this.#o.feed.subscribe((notice) => this.#heard(notice)).catch((err: unknown) => this.#failed(err));
    await this.#report();
    this.#timer = setInterval(() => void this.recheck(), this.#recheckMs);
    this.#timer.unref();
  }

  /**
   * An operator's change the caller has just applied here (admin API reload): bumps the epoch and tells
   * every instance. Resolves with the new epoch; rejects when the shared store cannot be reached (then
   * no epoch was written and no other instance acts: the caller reports the failure).
   */
  async announce(kind: ChangeKind): Promise<number> {
    const epoch = await this.#o.feed.announce(kind, this.instance);
    await this.#serial(async () => {
      if (epoch > this.#seen[kind]) this.#seen[kind] = epoch;
    });
    void this.#report();
    return epoch;
  }

  /** Compares the epochs with the shared store and acts on any this instance missed; reports itself. */
  recheck(): Promise<void> {
    return this.#serial(async () => {
      let epochs: Record<ChangeKind, number>;
      try {
        epochs = await this.#o.feed.epochs();
      } catch (err) {
        this.#failed(err);
        return;
      }
      for (const kind of CHANGE_KINDS) {
        if (epochs[kind] <= this.#seen[kind]) continue;
        this.#o.log.warn('change caught by the periodic re-check (its notice was missed)', { kind, epoch: epochs[kind], actedOn: this.#seen[kind] });
        await this.#act(kind, epochs[kind]);
      }
      // The shared index itself, too: a build whose announcement failed still bumped the generation.
      try {
        if (await this.#o.targets.checkIndex?.()) this.#o.log.warn('own-code index change caught by the periodic re-check', {});
      } catch (err) {
        this.#o.log.error('shared own-code index could not be checked', { error: err instanceof Error ? err.message : String(err) });
      }
      this.#lastCheckAt = new Date().toISOString();
    }).then(() => this.#report());
  }

  /** Reports what is in force now (after a reload this instance made on its own, e.g. its file changed). */
  changedLocally(): void {
    void this.#report();
  }

  /**
   * The status with the instance list read now (an operator's `/healthz`): another instance's reload is
   * seen at once. The shared store unreachable or slow (over 1 s): the list last read.
   */
  async liveStatus(): Promise<FanOutStatus> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const read = this.#o.feed.instances(3 * this.#recheckMs);
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 1_000)));
      const live = await Promise.race([read, timeout]);
      read.catch(() => {});
      if (live) this.#instances = live;
    } catch {
      // the list last read
    } finally {
      clearTimeout(timer);
    }
    return this.status();
  }

  status(): FanOutStatus {
    const mine = this.#o.targets.state().policyHash;
    return {
      ok: this.#ok,
      location: this.#o.feed.location,
      instance: this.instance,
      epochs: { ...this.#seen },
      lastCheckAt: this.#lastCheckAt,
      ...(this.#lastError === undefined || this.#ok ? {} : { lastError: this.#lastError }),
      instances: this.#instances,
      policyDivergent: this.#instances.filter((i) => i.policyHash !== mine).map((i) => i.instance),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#chain.catch(() => {});
    await this.#o.feed.close();
  }

  #heard(notice: ChangeNotice): void {
    void this.#serial(async () => {
      if (notice.epoch <= this.#seen[notice.kind]) return;
      await this.#act(notice.kind, notice.epoch);
    }).then(() => this.#report());
  }

  async #act(kind: ChangeKind, epoch: number): Promise<void> {
    try {
      if (kind === 'policy') await this.#o.targets.reloadPolicy();
      if (kind === 'index') await this.#o.targets.reloadIndex?.();
      // 'keys': nothing cached here; the next request reads the store.
      this.#seen[kind] = Math.max(this.#seen[kind], epoch);
      this.#o.log.info('change applied from the fan-out', { kind, epoch });
    } catch (err) {
      // Not marked as seen: the next notice or re-check tries again.
      this.#o.log.error('change from the fan-out could not be applied', { kind, epoch, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async #report(): Promise<void> {
    if (this.#closed) return;
    const ttl = 3 * this.#recheckMs;
    const report: InstanceReport = { instance: this.instance, host: hostname(), pid: process.pid, ...this.#o.targets.state(), epochs: { ...this.#seen }, at: new Date().toISOString() };
    try {
      await this.#o.feed.report(report, ttl);
      this.#instances = await this.#o.feed.instances(ttl);
      this.#ok = true;
    } catch (err) {
      this.#failed(err);
    }
  }

  #failed(err: unknown): void {
    const message = err instanceof Error ? ((err as { info?: { reason?: string } }).info?.reason ?? err.message) : String(err);
    if (this.#ok || this.#lastError !== message) this.#o.log.warn('change fan-out: shared store unreachable; re-checking every period', { error: message });
    this.#ok = false;
    this.#lastError = message;
  }

  #serial(work: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(work, work);
    return this.#chain;
  }
}
