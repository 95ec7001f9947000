import type { RouteConfig } from '../config/types.ts';

/** The zone of a backend by name (undefined for an unknown backend). */
export type ZoneOf = (backend: string) => 'internal' | 'external' | undefined;

/**
 * The zone a requested model would be served in, for the `zone` rule condition: `external` when any
 * target or fallback of its route is external (the request *could* leave the company), `internal` when
 * all are internal, undefined when no route serves the model.
 */
export function zoneOfRoute(route: RouteConfig | undefined, zoneOf: ZoneOf): 'internal' | 'external' | undefined {
  if (!route) return undefined;
  const zones = [...route.targets, ...route.fallbacks].map((t) => zoneOf(t.backend));
  if (zones.includes('external')) return 'external';
  return zones.includes('internal') ? 'internal' : undefined;
}

/**
 * Why `internalModel` cannot serve rerouted requests (its route has no internal backend), or undefined
 * when it can. Checked when a policy loads, so a typo is caught before the first sensitive request.
 */
export function internalModelProblem(model: string, route: RouteConfig | undefined, zoneOf: ZoneOf): string | undefined {
  if (!route) return `internalModel "${model}" is not served by any route`;
  const internal = [...route.targets, ...route.fallbacks].some((t) => zoneOf(t.backend) === 'internal');
  return internal ? undefined : `internalModel "${model}" is routed only to external backends`;
}
