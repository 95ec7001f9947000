import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

const sentryOrg = `sntrys_${Buffer.from(JSON.stringify({ iat: 1700000000.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'demo' })).toString('base64').replace(/=+$/, '')}_${fake('b64', 43, 'sntrys')}`;
const grafanaLegacy = Buffer.from(JSON.stringify({ k: fake('alnum', 32, 'gk'), n: 'deploy', id: 1 })).toString('base64');
const grafanaCloud = `glc_${Buffer.from(JSON.stringify({ o: '123456', n: 'stack-1-token', k: fake('alnum', 24, 'glc'), m: { r: 'prod-us-east-0' } })).toString('base64')}`;

export const examples: RuleExamples = {
  'sekisho-datadog-api-key': {
    positive: [
      `DD_API_KEY=${fake('hex', 32, 'dd')}`,
      `-H "DD-API-KEY: ${fake('hex', 32, 'dd2')}"`,
      // Typed declarations, Makefile and PHP operators, escaped JSON, the vendor's words in prose.
      `var datadogApiKey string = "${fake('hex', 32, 'dd3')}"`,
      `const DATADOG_API_KEY: &str = "${fake('hex', 32, 'dd4')}";`,
      `DATADOG_API_KEY ?= "${fake('hex', 32, 'dd5')}"`,
      `$datadogApiKey .= "${fake('hex', 32, 'dd6')}";`,
      `{\"datadog_api_key\": \"${fake('hex', 32, 'dd7')}\"}`,
      `Datadog API key: ${fake('hex', 32, 'dd8')}`,
      `datadog api key - '${fake('hex', 32, 'dd9')}'`,
    ],
    negative: [`DD_TRACE_ID=${fake('hex', 32, 'dd')}`, `datadog site ${fake('hex', 32, 'dd')}`, `var datadogTraceId string = "${fake('hex', 32, 'dd3')}"`],
  },
  'sekisho-datadog-app-key': {
    positive: [`DD_APP_KEY=${fake('hex', 40, 'dda')}`],
    negative: [`DD_APP_NAME=${fake('hex', 40, 'dda')}`],
  },
  'sekisho-newrelic-user-key': {
    positive: [`NEW_RELIC_API_KEY=NRAK-${fake('upperalnum', 27, 'nrak')}`],
    negative: ['NEW_RELIC_API_KEY=NRAK-XXXX'],
  },
  'sekisho-newrelic-admin-key': {
    positive: [`key: NRAA-${fake('hex', 27, 'nraa')}`],
    negative: ['key: NRAA-abc'],
  },
  'sekisho-newrelic-insights-key': {
    positive: [`X-Insert-Key: NRII-${fake('b64url', 32, 'nrii')}`],
    negative: ['X-Insert-Key: NRII-abc'],
  },
  'sekisho-newrelic-rest-key': {
    positive: [`X-Api-Key: NRRA-${fake('hex', 42, 'nrra')}`],
    negative: ['X-Api-Key: NRRA-abc'],
  },
  'sekisho-newrelic-license-key': {
    positive: [`NEW_RELIC_LICENSE_KEY=${fake('hex', 36, 'nral')}NRAL`],
    negative: [`NEW_RELIC_LICENSE_KEY=${fake('hex', 20, 'nral')}NRAL`],
  },
  'sekisho-newrelic-browser-key': {
    positive: [`licenseKey: "NRJS-${fake('hex', 19, 'nrjs')}"`],
    negative: ['licenseKey: "NRJS-abc"'],
  },
  'sekisho-sentry-dsn': {
    positive: [`SENTRY_DSN=https://${fake('hex', 32, 'dsn')}@o123456.ingest.us.sentry.io/4504000000000000`, `dsn: "https://${fake('hex', 32, 'dsn2')}:${fake('hex', 32, 'dsn3')}@sentry.example.com/12"`],
    negative: ['SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0'],
  },
  'sekisho-sentry-org-token': {
    // The secret after the payload is base64url (`-`, `_`).
    positive: [{ text: `SENTRY_AUTH_TOKEN=${sentryOrg}`, value: sentryOrg }, { text: `uses \`${sentryOrg}-x_Q\` until`, value: `${sentryOrg}-x_Q` }],
    negative: ['SENTRY_AUTH_TOKEN=sntrys_eyJ'],
  },
  'sekisho-sentry-user-token': {
    positive: [`SENTRY_AUTH_TOKEN=sntryu_${fake('hex', 64, 'sntryu')}`],
    negative: [`SENTRY_AUTH_TOKEN=sntryu_${fake('hex', 32, 'sntryu')}`],
  },
  'sekisho-sentry-legacy-auth-token': {
    positive: [`SENTRY_AUTH_TOKEN=${fake('hex', 64, 'sentry')}`],
    negative: [`SENTRY_RELEASE=${fake('hex', 64, 'sentry')}`],
  },
  'sekisho-grafana-api-key': {
    positive: [`Authorization: Bearer ${grafanaLegacy}`],
    negative: [`https://app.powerbi.example/view?r=${Buffer.from(JSON.stringify({ kx: 'abcdefabcdefabcdefabcdefabcdefab', t: 'x' })).toString('base64')}`],
  },
  'sekisho-grafana-cloud-token': {
    positive: [{ text: `GRAFANA_CLOUD_TOKEN=${grafanaCloud}`, value: grafanaCloud }],
    negative: ['GRAFANA_CLOUD_TOKEN=glc_short'],
  },
  'sekisho-grafana-service-account-token': {
    positive: [`GRAFANA_TOKEN=glsa_${fake('alnum', 32, 'glsa')}_${fake('hex', 8, 'glsa2')}`],
    negative: ['GRAFANA_TOKEN=glsa_abc_def'],
  },
  'sekisho-pagerduty-token': {
    positive: [`PAGERDUTY_TOKEN=u+${fake('b64url', 18, 'pd')}`, `PD_ROUTING_KEY=${fake('hex', 32, 'pd2')}`],
    negative: ['PAGERDUTY_SERVICE=P1234567890123456789'],
  },
  'sekisho-dynatrace-token': {
    positive: [`DT_API_TOKEN=dt0c01.${fake('upperalnum', 24, 'dt')}.${fake('upperalnum', 64, 'dt2')}`],
    negative: ['DT_API_TOKEN=dt0c01.ABC.DEF'],
  },
  'sekisho-honeycomb-api-key': {
    positive: [`HONEYCOMB_API_KEY=${fake('alnum', 22, 'hny')}`],
    negative: ['HONEYCOMB_DATASET=my-service-name'],
  },
  'sekisho-splunk-token': {
    positive: [`SPLUNK_HEC_TOKEN=${fakeUuid('splunk')}`],
    negative: ['SPLUNK_HEC_TOKEN=00000000-0000-0000-0000-000000000000'],
  },
  'sekisho-rollbar-token': {
    positive: [`ROLLBAR_ACCESS_TOKEN=${fake('hex', 32, 'rollbar')}`],
    negative: [`ROLLBAR_ACCESS_TOKEN=${fake('hex', 16, 'rollbar')}`],
  },
  'sekisho-bugsnag-api-key': {
    positive: [`BUGSNAG_API_KEY=${fake('hex', 32, 'bugsnag')}`],
    negative: [`BUGSNAG_RELEASE_STAGE=${fake('hex', 32, 'bugsnag')}`],
  },
  'sekisho-opsgenie-api-key': {
    positive: [`OPSGENIE_API_KEY=${fakeUuid('opsgenie')}`],
    negative: ['OPSGENIE_API_URL=https://api.opsgenie.com'],
  },
  'sekisho-axiom-token': {
    positive: [`AXIOM_TOKEN=xaat-${fakeUuid('axiom')}`],
    negative: ['AXIOM_TOKEN=xaat-short'],
  },
  'sekisho-sumologic-access-key': {
    positive: [`SUMOLOGIC_ACCESS_KEY=${fake('alnum', 64, 'sumo')}`],
    negative: [`SUMOLOGIC_ENDPOINT=${fake('alnum', 64, 'sumo')}`],
  },
  'sekisho-elastic-api-key': {
    positive: [`ELASTIC_API_KEY=${fake('b64', 60, 'elastic')}==`],
    negative: [`ELASTIC_CLOUD_ID=${fake('b64', 60, 'elastic')}==`],
  },
  'sekisho-posthog-personal-api-key': {
    positive: [`POSTHOG_PERSONAL_API_KEY=phx_${fake('alnum', 43, 'phx')}`],
    negative: [`POSTHOG_KEY=phc_${fake('alnum', 43, 'phx')}`],
  },
  'sekisho-mixpanel-secret': {
    positive: [`MIXPANEL_API_SECRET=${fake('alnum', 32, 'mixpanel')}`],
    negative: [`MIXPANEL_PROJECT=${fake('alnum', 32, 'mixpanel')}`],
  },
  'sekisho-logzio-token': {
    positive: [`LOGZIO_TOKEN=${fake('alnum', 32, 'logz')}`],
    negative: ['LOGZIO_LISTENER=listener.logz.io'],
  },
  'sekisho-lightstep-token': {
    positive: [`LIGHTSTEP_ACCESS_TOKEN=${fake('b64', 84, 'ls')}`],
    negative: ['LIGHTSTEP_ACCESS_TOKEN=<token>'],
  },
  'sekisho-betterstack-token': {
    positive: [`LOGTAIL_SOURCE_TOKEN=${fake('alnum', 24, 'bs')}`],
    negative: [`LOGTAIL_HOST=${fake('alnum', 24, 'bs')}`],
  },
  'sekisho-maxmind-license-key': {
    positive: [`MAXMIND_LICENSE_KEY=${fake('alnum', 6, 'mm')}_${fake('alnum', 29, 'mm2')}_mmk`],
    negative: [`MAXMIND_LICENSE_KEY=${fake('alnum', 6, 'mm')}_mmk`],
  },
};
