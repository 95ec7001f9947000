import type { RouteConfig, RouteTarget } from '../config/types.ts';
import type { Backend } from '../backends/backend.ts';
import { compileGlob, isLiteralPattern } from '../util/match-model.ts';
import type { Candidate } from '../backends/candidate.ts';

export type { Candidate } from '../backends/candidate.ts';

interface CompiledRoute {
  patterns: RegExp[];
  config: RouteConfig;
}

/**
 * Maps a requested model name to an ordered list of candidates: the first matching route's healthy
 * targets, least-in-flight first (round robin among equals), then its healthy fallbacks in order. If
 * every candidate is unhealthy they are all returned anyway (health can be stale; trying beats failing).
 */
export class Router {
  readonly #routes: CompiledRoute[];
  readonly #backends: Map<string, Backend>;
  #turn = 0;

  constructor(routes: RouteConfig[], backends: Map<string, Backend>) {
    this.#routes = routes.map((config) => ({ config, patterns: config.match.map(compileGlob) }));
    this.#backends = backends;
  }

  /** The route for a model name, or undefined when no route matches (an unknown model). */
  routeFor(model: string): RouteConfig | undefined {
    return this.#routes.find((r) => r.patterns.some((p) => p.test(model)))?.config;
  }

  candidates(model: string): Candidate[] | undefined {
    const route = this.routeFor(model);
    if (!route) return undefined;
    const primary = this.#resolve(route.targets, model, 'primary');
    const turn = this.#turn++;
    // Stable order by in-flight count; ties rotate so equal replicas share load.
    const rotated = primary.map((c, i) => ({ c, key: (i + turn) % Math.max(primary.length, 1) }));
    rotated.sort((a, b) => a.c.backend.inFlight - b.c.backend.inFlight || a.key - b.key);
    const ordered = rotated.map((r) => r.c);
    const fallbacks = this.#resolve(route.fallbacks, model, 'fallback');
    const all = [...ordered, ...fallbacks];
    const now = Date.now();
    const healthy = all.filter((c) => c.backend.isAvailable(now));
    return healthy.length > 0 ? healthy : all;
  }

  /** Model names to advertise on `/v1/models`: literal route patterns, explicit target models, and what backends report. */
  listModels(): string[] {
    const names = new Set<string>();
    for (const { config } of this.#routes) {
      for (const p of config.match) if (isLiteralPattern(p)) names.add(p);
      const wildcard = config.match.some((p) => !isLiteralPattern(p));
      for (const t of [...config.targets, ...config.fallbacks]) {
        const backend = this.#backends.get(t.backend);
        if (!backend) continue;
        if (wildcard) {
          for (const m of backend.models) if (this.routeFor(m) === config) names.add(m);
        }
      }
    }
    return [...names].sort();
  }

  #resolve(targets: RouteTarget[], requested: string, role: Candidate['role']): Candidate[] {
    const out: Candidate[] = [];
    for (const t of targets) {
      const backend = this.#backends.get(t.backend);
      if (backend) out.push({ backend, model: t.model ?? requested, role });
    }
    return out;
  }
}
