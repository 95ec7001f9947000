import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { HEX32, HEX40, HEX64, named, prefixed, rule, UUID } from './define.ts';

/** Observability and incident tooling: Datadog, New Relic, Sentry, Grafana, PagerDuty, … */

/** The JSON object encoded in a token body (after `prefix`), or null. */
function decodedJson(body: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Sentry organisation tokens are `sntrys_` + base64 JSON (`iat`, `url`, `org`) + `_` + a secret. */
function sentryOrgToken({ value }: RefineInput): Confidence {
  const json = decodedJson(value.slice('sntrys_'.length).split('_')[0] as string);
  return json !== null && 'iat' in json ? 'high' : 'medium';
}

/** Grafana's legacy API keys are base64 of `{"k":…,"n":…,"id":…}`. */
function grafanaLegacyKey({ value }: RefineInput): Confidence | null {
  const json = decodedJson(value);
  return json !== null && typeof json['k'] === 'string' ? 'high' : null;
}

/** Grafana Cloud tokens are `glc_` + base64 JSON with the key in `k`. */
function grafanaCloudToken({ value }: RefineInput): Confidence {
  const json = decodedJson(value.slice('glc_'.length));
  return json !== null && typeof json['k'] === 'string' ? 'high' : 'medium';
}

/** A DSN with a secret part (`key:secret@`, older DSNs) is a credential; a public key alone lets one send events. */
const sentryDsnSecret = ({ value }: RefineInput): Confidence => (/^https?:\/\/[0-9a-f]{32}:[0-9a-f]{32}@/.test(value) ? 'high' : 'medium');

export const observabilityRules: RuleSpec[] = [
  named('sekisho-datadog-api-key', 'Datadog API key assigned to a Datadog name', 'datadog|dd[_.-]?api', HEX32, ['datadog', 'dd_api', 'dd-api', 'ddapi', 'dd.api']),
  named('sekisho-datadog-app-key', 'Datadog application key assigned to a Datadog name', 'datadog|dd[_.-]?app', HEX40, ['datadog', 'dd_app', 'dd-app', 'ddapp', 'dd.app']),
  prefixed('sekisho-newrelic-user-key', 'New Relic user API key', 'NRAK-[0-9A-Z]{27}', ['nrak-']),
  prefixed('sekisho-newrelic-admin-key', 'New Relic admin API key', 'NRAA-[0-9a-f]{27}', ['nraa-']),
  prefixed('sekisho-newrelic-insights-key', 'New Relic Insights insert or query key', 'NRI[IQ]-[0-9A-Za-z_-]{32}', ['nrii-', 'nriq-']),
  prefixed('sekisho-newrelic-rest-key', 'New Relic REST API key', 'NRRA-[0-9a-f]{42}', ['nrra-']),
  prefixed('sekisho-newrelic-license-key', 'New Relic ingest license key', '[0-9a-f]{36}NRAL', ['nral']),
  prefixed('sekisho-newrelic-browser-key', 'New Relic browser API key', 'NRJS-[0-9a-f]{19}', ['nrjs-'], { confidence: 'medium' }),
  rule('sekisho-sentry-dsn', 'Sentry DSN (project key, with its secret when present)', String.raw`(https?://[0-9a-f]{32}(?::[0-9a-f]{32})?@[0-9A-Za-z.-]+(?::[0-9]+)?/(?:[0-9A-Za-z_-]+/)*[0-9]+)(?:[^0-9A-Za-z/\n]|(?m:$))`, ['sentry', 'dsn'], { refine: sentryDsnSecret, keywordInMatch: false }),
  prefixed('sekisho-sentry-org-token', 'Sentry organisation auth token', 'sntrys_eyJ[0-9A-Za-z+/=]{40,}_[0-9A-Za-z+/=_-]{20,}', ['sntrys_'], { refine: sentryOrgToken }),
  prefixed('sekisho-sentry-user-token', 'Sentry user auth token', `sntryu_${HEX64}`, ['sntryu_']),
  named('sekisho-sentry-legacy-auth-token', 'Sentry auth token (64 hex) assigned to a Sentry name', 'sentry', HEX64, ['sentry']),
  prefixed('sekisho-grafana-api-key', 'Grafana API key (legacy, base64 JSON)', 'eyJrIjoi[0-9A-Za-z+/]{40,}={0,2}', ['eyjrijoi'], { refine: grafanaLegacyKey }),
  prefixed('sekisho-grafana-cloud-token', 'Grafana Cloud access policy token', 'glc_[0-9A-Za-z+/]{32,}={0,2}', ['glc_'], { refine: grafanaCloudToken }),
  prefixed('sekisho-grafana-service-account-token', 'Grafana service account token', 'glsa_[0-9A-Za-z]{32}_[0-9A-Fa-f]{8}', ['glsa_']),
  named('sekisho-pagerduty-token', 'PagerDuty API or integration key assigned to a PagerDuty name', String.raw`pagerduty|pd[_.-](?:api|routing|integration)`, String.raw`(?:u\+|y_)?[0-9A-Za-z_+-]{18,20}|${HEX32}`, ['pagerduty', 'pd_api', 'pd-api', 'pd.api', 'pd_routing', 'pd.routing', 'pd_integration', 'pd.integration'], { entropy: 3.2 }),
  prefixed('sekisho-dynatrace-token', 'Dynatrace API token', String.raw`dt0[a-z][0-9]{2}\.[0-9A-Z]{24}\.[0-9A-Z]{64}`, ['dt0c01.', 'dt0s01.', 'dt0a01.', 'dt0s02.', 'dt0s16.']),
  named('sekisho-honeycomb-api-key', 'Honeycomb API key assigned to a Honeycomb name', 'honeycomb', '(?:hc[a-z]{2}[ik]_[0-9a-z]{58}|[0-9A-Za-z]{22}|[0-9a-f]{32})', ['honeycomb'], { entropy: 3.2 }),
  named('sekisho-splunk-token', 'Splunk HEC or authentication token assigned to a Splunk name', 'splunk', UUID, ['splunk']),
  named('sekisho-rollbar-token', 'Rollbar access token assigned to a Rollbar name', 'rollbar', HEX32, ['rollbar']),
  named('sekisho-bugsnag-api-key', 'Bugsnag API key assigned to a Bugsnag name', 'bugsnag', HEX32, ['bugsnag']),
  named('sekisho-opsgenie-api-key', 'Opsgenie API key assigned to an Opsgenie name', 'opsgenie', UUID, ['opsgenie']),
  prefixed('sekisho-axiom-token', 'Axiom API or personal token', `xa[ap]t-${UUID}`, ['xaat-', 'xapt-']),
  named('sekisho-sumologic-access-key', 'Sumo Logic access key assigned to a Sumo Logic name', 'sumo', '[0-9A-Za-z]{64}', ['sumo'], { entropy: 3.5 }),
  named('sekisho-elastic-api-key', 'Elastic / Elasticsearch API key assigned to an Elastic name', 'elastic', String.raw`[0-9A-Za-z+/_-]{40,}={0,2}`, ['elastic'], { entropy: 4 }),
  prefixed('sekisho-posthog-personal-api-key', 'PostHog personal API key', 'phx_[0-9A-Za-z]{43}', ['phx_']),
  named('sekisho-mixpanel-secret', 'Mixpanel API secret or service account secret assigned to a Mixpanel name', 'mixpanel', '[0-9A-Za-z]{32}', ['mixpanel'], { entropy: 3.3 }),
  named('sekisho-logzio-token', 'Logz.io shipping or API token assigned to its name', 'logz', '[0-9A-Za-z]{32}|' + UUID, ['logz'], { entropy: 3.3 }),
  named('sekisho-lightstep-token', 'Lightstep / ServiceNow Cloud Observability access token assigned to its name', 'lightstep|ls_access', '[0-9A-Za-z+/=]{84,}', ['lightstep', 'ls_access'], { entropy: 4 }),
  named('sekisho-betterstack-token', 'Better Stack (Logtail) source token assigned to its name', 'betterstack|better_stack|logtail', '[0-9A-Za-z]{24}', ['betterstack', 'better_stack', 'logtail'], { entropy: 3.3 }),
  prefixed('sekisho-maxmind-license-key', 'MaxMind GeoIP license key', '[0-9A-Za-z]{6}_[0-9A-Za-z]{29}_mmk', ['_mmk']),
];
