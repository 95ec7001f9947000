import type { RuleSpec } from '../rule-set.ts';

/** Observability and incident tooling: Datadog, New Relic, Sentry, Grafana, PagerDuty, … */

export const observabilityRules: RuleSpec[] = [];
