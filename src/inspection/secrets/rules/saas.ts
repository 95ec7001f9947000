import type { RuleSpec } from '../rule-set.ts';

/** SaaS and developer platforms: Atlassian, Linear, Notion, Figma, Okta, Auth0, Databricks, … */

export const saasRules: RuleSpec[] = [];
