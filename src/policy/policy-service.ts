import type { Config, RouteConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { StateStore } from '../store/ports.ts';
import { PolicySource, type PolicyStatus } from './policy-source.ts';
import { InstallationKeyMismatch, StickySessions } from './sticky-sessions.ts';
import { ConfigError } from '../config/config-error.ts';
import { internalModelProblem, zoneOfRoute } from './model-zone.ts';

/** What policy needs of the router: the route a requested model takes (the gateway passes its `Router`). */
export interface RouteLookup {
  routeFor(model: string): RouteConfig | undefined;
}

export interface PolicyServiceOptions {
  log: Logger;
  store: StateStore;
  /** The installation's key (session keys are stored as HMACs under it). */
  secretKey: Buffer;
  router: RouteLookup;
}

/**
 * The gateway's policy services, built once at start (`runtime.policy`): the policy in force (hot
 * reloaded), the sessions pinned internal, and the zone of a requested model. Throws `ConfigError`
 * at start when the policy is invalid.
 */
export class PolicyService {
  readonly source: PolicySource;
  readonly sticky: StickySessions;
  readonly #router: RouteLookup;
  readonly #zones: Map<string, 'internal' | 'external'>;

  private constructor(source: PolicySource, sticky: StickySessions, router: RouteLookup, zones: Map<string, 'internal' | 'external'>) {
    this.source = source;
    this.sticky = sticky;
    this.#router = router;
    this.#zones = zones;
  }

  static async open(config: Config, options: PolicyServiceOptions): Promise<PolicyService> {
    const zones = new Map(config.backends.map((b) => [b.name, b.zone]));
    const zoneOf = (name: string): 'internal' | 'external' | undefined => zones.get(name);
    const source = await PolicySource.open(config, {
      log: options.log,
      verify: (document) =>
        document.internalModel === undefined ? undefined : internalModelProblem(document.internalModel, options.router.routeFor(document.internalModel), zoneOf),
    });
    const sticky = new StickySessions({ pins: options.store.pins, hashKey: options.secretKey, ttlMs: config.policy.sticky.ttlMs, maxSessions: config.policy.sticky.maxSessions });
    await sticky.prune();
    // Pins shared with other instances (PostgreSQL store, Redis): they must name sessions with one key.
    if (config.store.url !== null || config.redis.url !== null) sticky.requireSharedKey();
    try {
      if (config.store.url !== null || config.redis.url !== null) await sticky.checkSharedKey();
    } catch (err) {
      if (err instanceof InstallationKeyMismatch) throw new ConfigError([{ where: null, text: err.message }]);
      // The pin store is unreachable now (Redis down): checked on first use, requests fail closed meanwhile.
      options.log.warn('sticky sessions: installation key not checked yet (pin store unreachable)', { error: err instanceof Error ? err.message : String(err) });
    }
    source.start();
    return new PolicyService(source, sticky, options.router, zones);
  }

  /** Zone of the backends a requested model is routed to (the `zone` rule condition). */
  zoneFor(model: string): 'internal' | 'external' | undefined {
    return zoneOfRoute(this.#router.routeFor(model), (name) => this.#zones.get(name));
  }

  /** Whether the requested model's route has an internal backend (where fail-closed keeps a request). */
  internalRouteFor(model: string): boolean {
    const route = this.#router.routeFor(model);
    return route !== undefined && [...route.targets, ...route.fallbacks].some((t) => this.#zones.get(t.backend) === 'internal');
  }

  status(): PolicyStatus & { pinnedSessionsCached: number } {
    return { ...this.source.status(), pinnedSessionsCached: this.sticky.cached };
  }

  close(): void {
    this.source.stop();
  }
}
