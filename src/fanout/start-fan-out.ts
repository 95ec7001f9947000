import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { PolicySource } from '../policy/policy-source.ts';
import type { OwnCodeIndexSource } from '../inspection/own-code/index-source.ts';
import { openChangeFeed } from '../store/open-change-feed.ts';
import { ChangeFanOut } from './change-fan-out.ts';

export interface StartFanOutOptions {
  config: Config;
  log: Logger;
  policy: PolicySource;
  ownCode?: OwnCodeIndexSource;
  /** Brings the shared own-code index into this data directory before the source re-loads (fanout/shared-index.ts). */
  syncIndex?: () => Promise<boolean>;
}

/**
 * Starts fanning changes out when the deployment shares state (`redis.url`: Redis pub/sub; else
 * `store.url`: PostgreSQL LISTEN/NOTIFY); undefined for the embedded default. A policy reload this
 * instance makes on its own (its file changed) is reported at once, so `/healthz` shows divergence.
 */
export async function startFanOut(options: StartFanOutOptions): Promise<ChangeFanOut | undefined> {
  const { config, log, policy, ownCode, syncIndex } = options;
  const feed = await openChangeFeed({ store: config.store, redis: config.redis });
  if (!feed) return undefined;
  const fanOut = new ChangeFanOut({
    feed,
    log,
    recheckMs: config.store.recheckIntervalMs,
    targets: {
      reloadPolicy: () => policy.reload(),
      ...(ownCode
        ? {
            reloadIndex: async () => {
              await syncIndex?.();
              await ownCode.reload();
            },
          }
        : {}),
      ...(ownCode && syncIndex
        ? {
            checkIndex: async () => {
              if (!(await syncIndex())) return false;
              await ownCode.reload();
              return true;
            },
          }
        : {}),
      state: () => ({ policyHash: policy.current.hash, indexGeneration: ownCode?.status().generation ?? null }),
    },
  });
  policy.onReload(() => fanOut.changedLocally());
  ownCode?.subscribe(() => fanOut.changedLocally());
  if (ownCode && syncIndex) {
    // A host that was down (or new) when the index last changed catches up before it reports itself.
    await syncIndex()
      .then(() => ownCode.reload())
      .catch((err: unknown) => log.error('shared own-code index not copied at start; the local one stays in force', { error: err instanceof Error ? err.message : String(err) }));
  }
  try {
    await fanOut.start();
  } catch (err) {
    await fanOut.close().catch(() => {});
    throw err;
  }
  log.info('change fan-out started', { feed: feed.location, instance: fanOut.instance, recheckMs: config.store.recheckIntervalMs });
  return fanOut;
}
