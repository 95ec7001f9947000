import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { HEX32, HEX64, named, nearName, PLACEHOLDER_ENTROPY, prefixed, rule, UUID } from './define.ts';

/** SaaS and developer platforms: Atlassian, Linear, Notion, Figma, Okta, Auth0, Databricks, … */

/** 1Password service-account tokens are `ops_` + base64 JSON naming the sign-in address and keys. */
function onePasswordServiceAccount({ value }: RefineInput): Confidence {
  try {
    const json: unknown = JSON.parse(Buffer.from(value.slice('ops_'.length), 'base64').toString('utf8'));
    return json !== null && typeof json === 'object' && 'signInAddress' in json ? 'high' : 'medium';
  } catch {
    return 'medium';
  }
}

export const saasRules: RuleSpec[] = [
  prefixed('sekisho-atlassian-api-token', 'Atlassian (Jira, Confluence) API token', 'ATATT3[0-9A-Za-z_=-]{100,}', ['atatt3']),
  named('sekisho-atlassian-legacy-api-token', 'Atlassian API token (24 characters) assigned to a Jira / Confluence / Atlassian name', 'jira|confluence|atlassian', '[0-9A-Za-z]{24}', ['jira', 'confluence', 'atlassian'], { entropy: 3.5 }),
  prefixed('sekisho-linear-api-key', 'Linear API key or OAuth token', 'lin_api_[0-9A-Za-z]{40}|lin_oauth_[0-9a-f]{64}', ['lin_api_', 'lin_oauth_']),
  named('sekisho-linear-client-secret', 'Linear OAuth client secret or webhook secret assigned to a Linear name', 'linear', HEX32, ['linear']),
  prefixed('sekisho-notion-token', 'Notion integration token', 'ntn_[0-9]{11}[0-9A-Za-z]{35}', ['ntn_']),
  named('sekisho-notion-legacy-token', 'Notion integration token (secret_ format) assigned to a Notion name', 'notion', 'secret_[0-9A-Za-z]{43}', ['notion'], { anyName: true }),
  prefixed('sekisho-figma-token', 'Figma personal access token', 'figd_[0-9A-Za-z_-]{40,}', ['figd_']),
  named('sekisho-figma-legacy-token', 'Figma personal access token (legacy) assigned to a Figma name', 'figma', `[0-9]{4,6}-${UUID}`, ['figma'], { anyName: true }),
  prefixed('sekisho-airtable-pat', 'Airtable personal access token', String.raw`pat[0-9A-Za-z]{14}\.${HEX64}`, ['pat'], { lineFilter: /pat[0-9A-Za-z]{14}\.[0-9a-f]{64}/ }),
  named('sekisho-airtable-api-key', 'Airtable API key (legacy) assigned to an Airtable name', 'airtable', 'key[0-9A-Za-z]{14}', ['airtable'], { anyName: true }),
  // Asana's layout is its own (version 1: one user id; version 2: two ids; then `:` and 32 hex): known
  // without a name, high next to Asana's.
  rule('sekisho-asana-pat', 'Asana personal access token (high next to an Asana name)', String.raw`(?:(?m:^)|[^0-9A-Za-z/\n])(1/[0-9]{10,20}:[0-9a-f]{32}|2/[0-9]{10,20}/[0-9]{10,20}:[0-9a-f]{32})(?:[^0-9A-Za-z\n]|(?m:$))`, ['1/', '2/'], { refine: nearName(/asana/i, 'high', 'medium'), entropy: PLACEHOLDER_ENTROPY, lineFilter: /[12]\/[0-9]{10,20}[:/][0-9a-f]/ }),
  rule('sekisho-okta-api-token', 'Okta API token in an SSWS authorization header', String.raw`(?i:SSWS)[ \t]+(00[0-9A-Za-z_-]{40})(?:[^0-9A-Za-z_\n-]|(?m:$))`, ['ssws'], { confidence: 'high' }),
  named('sekisho-okta-api-token-named', 'Okta API token assigned to an Okta name', 'okta', '00[0-9A-Za-z_-]{40}', ['okta']),
  named('sekisho-auth0-client-secret', 'Auth0 client secret or management token assigned to an Auth0 name', 'auth0', '[0-9A-Za-z_-]{64}', ['auth0'], { entropy: 4 }),
  prefixed('sekisho-databricks-token', 'Databricks personal access token or OAuth secret', 'dapi[0-9a-f]{32}(?:-[0-9])?|dose[0-9a-f]{32}', ['dapi', 'dose'], { reach: 48 }),
  named('sekisho-snowflake-password', 'Snowflake password or token assigned to a Snowflake name', 'snowflake', String.raw`[^\s"'\x60$<>{}]{8,128}`, ['snowflake'], { entropy: 3.5 }),
  prefixed('sekisho-doppler-token', 'Doppler personal, service, service-account, CLI, SCIM or audit token', String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[0-9a-z_-]{1,40}\.)?[0-9A-Za-z]{40,44}`, ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.']),
  prefixed('sekisho-1password-service-account-token', '1Password service account token', 'ops_eyJ[0-9A-Za-z+/_-]{100,}={0,2}', ['ops_eyj'], { refine: onePasswordServiceAccount }),
  prefixed('sekisho-1password-secret-key', '1Password account Secret Key', 'A3-[0-9A-Z]{6}-(?:[0-9A-Z]{11}|[0-9A-Z]{6}-[0-9A-Z]{5})-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}', ['a3-']),
  named('sekisho-1password-connect-token', '1Password Connect token assigned to its name', 'op_connect|onepassword_connect', String.raw`eyJ[0-9A-Za-z_-]{20,}\.[0-9A-Za-z_.-]{20,}`, ['op_connect', 'onepassword_connect'], { anyName: true }),
  prefixed('sekisho-tailscale-key', 'Tailscale auth, API, OAuth client, SCIM or webhook key', 'tskey-(?:api|auth|client|scim|webhook)-[0-9A-Za-z]{6,}-[0-9A-Za-z]{16,}|tskey-[0-9A-Za-z]{6,}CNTRL-[0-9A-Za-z]{16,}', ['tskey-'], { entropy: 3.5 }),
  prefixed('sekisho-postman-api-key', 'Postman API key', 'PMAK-[0-9a-f]{24}-[0-9a-f]{34}', ['pmak-']),
  rule('sekisho-cloudant-url-credentials', 'IBM Cloudant URL with user name and password or API key', String.raw`https?://[^:@/\s"']{1,64}:([^@/\s"']{8,128})@[0-9A-Za-z.-]*\.cloudant(?:nosqldb\.appdomain)?\.com`, ['cloudant'], { confidence: 'high' }),
  named('sekisho-cloudant-password', 'IBM Cloudant password or API key assigned to a Cloudant name', String.raw`cloudant[0-9a-z_.-]*(?:key|pass|pwd|pw|secret|token)|cl[_-](?:api[_-]?)?(?:key|pass|pwd)`, String.raw`${HEX64}|[0-9a-z]{24}|[0-9A-Za-z_-]{44}`, ['cloudant', 'cl_', 'cl-'], { anyName: true }),
  prefixed('sekisho-hubspot-private-app-token', 'HubSpot private app access token', `pat-(?:na|eu|ap)[0-9]-${UUID}`, ['pat-na', 'pat-eu', 'pat-ap']),
  named('sekisho-hubspot-api-key', 'HubSpot API key (legacy) assigned to a HubSpot name', String.raw`hubspot[0-9a-z_.-]*(?:key|token)|hapikey`, UUID, ['hubspot', 'hapikey'], { anyName: true }),
  prefixed('sekisho-contentful-token', 'Contentful personal access token', 'CFPAT-[0-9A-Za-z_-]{43}', ['cfpat-']),
  named('sekisho-contentful-delivery-token', 'Contentful delivery / preview / management token assigned to its name', 'contentful', '[0-9A-Za-z_-]{43}', ['contentful'], { entropy: 3.5 }),
  prefixed('sekisho-mapbox-secret-token', 'Mapbox secret access token', String.raw`sk\.eyJ[0-9A-Za-z_-]{20,}\.[0-9A-Za-z_-]{20,}`, ['sk.eyj']),
  prefixed('sekisho-typeform-token', 'Typeform personal access token', 'tfp_[0-9A-Za-z_-]{44}_[0-9A-Za-z_-]{14}', ['tfp_']),
  prefixed('sekisho-dropbox-token', 'Dropbox short-lived access token', String.raw`sl\.(?:u\.)?[AB][0-9A-Za-z_-]{130,}`, ['sl.u.', 'sl.a', 'sl.b'], { entropy: 4 }),
  named('sekisho-dropbox-legacy-token', 'Dropbox long-lived token or app secret assigned to a Dropbox name', 'dropbox', String.raw`[0-9A-Za-z_-]{11}AAAAAAAAAA[0-9A-Za-z_-]{43}|[0-9a-z]{15}`, ['dropbox']),
  named('sekisho-zendesk-api-token', 'Zendesk API token assigned to a Zendesk name', 'zendesk', '[0-9A-Za-z]{40}', ['zendesk'], { entropy: 3.5 }),
  rule('sekisho-salesforce-session-token', 'Salesforce access / session token', String.raw`\b(00D[0-9A-Za-z]{12,15}![0-9A-Za-z._]{80,})`, ['00d'], { confidence: 'high', entropy: 4 }),
  named('sekisho-launchdarkly-key', 'LaunchDarkly SDK or API access key assigned to its name', 'launchdarkly|ld_sdk|ld_api|ld-sdk|ld-api', `(?:api|sdk|mob)-${UUID}`, ['launchdarkly', 'ld_sdk', 'ld_api', 'ld-sdk', 'ld-api'], { anyName: true }),
  named('sekisho-algolia-admin-key', 'Algolia admin or write API key assigned to an Algolia name', 'algolia', HEX32, ['algolia']),
  prefixed('sekisho-frameio-token', 'Frame.io developer token', 'fio-u-[0-9A-Za-z_=-]{64}', ['fio-u-']),
  prefixed('sekisho-readme-api-key', 'ReadMe API key', 'rdme_[0-9a-z]{70}', ['rdme_']),
  prefixed('sekisho-prefect-api-key', 'Prefect Cloud API key', 'pnu_[0-9A-Za-z]{36}', ['pnu_']),
  prefixed('sekisho-infracost-api-key', 'Infracost API key', 'ico-[0-9A-Za-z]{32}', ['ico-']),
  prefixed('sekisho-clickup-token', 'ClickUp personal API token', 'pk_[0-9]{6,10}_[0-9A-Z]{32}', ['pk_']),
  prefixed('sekisho-facebook-access-token', 'Facebook / Meta Graph API access token', 'EAA[A-Z][0-9A-Za-z]{90,}', ['eaa'], { confidence: 'medium', entropy: 4 }),
  named('sekisho-facebook-app-secret', 'Facebook / Meta app secret assigned to its name', 'facebook|fb_app|meta_app|instagram', HEX32, ['facebook', 'fb_app', 'meta_app', 'instagram']),
  prefixed('sekisho-twitter-bearer-token', 'X (Twitter) app bearer token', 'A{20,24}[0-9B-Za-z%][0-9A-Za-z%]{60,}', ['aaaaaaaaaaaaaaaaaaaa'], { confidence: 'medium', entropy: 3 }),
  named('sekisho-twitter-secret', 'X (Twitter) API secret or access token secret assigned to its name', 'twitter|x_api|consumer[_-]?secret', '[0-9A-Za-z]{45,50}', ['twitter', 'x_api', 'consumer_secret', 'consumer-secret', 'consumersecret'], { entropy: 4 }),
  prefixed('sekisho-sourcegraph-token', 'Sourcegraph access token', 'sgp_(?:[0-9a-f]{16}_)?[0-9a-f]{40}', ['sgp_']),
  prefixed('sekisho-segment-token', 'Segment public API token', 'sgp_[0-9A-Za-z]{64}', ['sgp_'], { entropy: 3.5 }),
  named('sekisho-trello-token', 'Trello API key or token assigned to a Trello name', 'trello', `${HEX64}|${HEX32}|ATTA[0-9A-Fa-f]{60,70}`, ['trello']),
  named('sekisho-fastly-api-token', 'Fastly API token assigned to a Fastly name', 'fastly', '[0-9A-Za-z_-]{32}', ['fastly'], { entropy: 3.5 }),
  named('sekisho-mongodb-atlas-private-key', 'MongoDB Atlas API private key assigned to its name', 'atlas|mongodb', UUID, ['atlas', 'mongodb']),
  named('sekisho-confluent-api-secret', 'Confluent Cloud API secret assigned to its name', 'confluent|kafka_api|sasl', '[0-9A-Za-z+/]{64}', ['confluent', 'kafka_api', 'sasl'], { entropy: 4 }),
  named('sekisho-zoom-secret', 'Zoom client / secret token assigned to a Zoom name', 'zoom[_.-]', '[0-9A-Za-z]{32}', ['zoom_', 'zoom-', 'zoom.'], { entropy: 3.5 }),
  named('sekisho-webflow-token', 'Webflow API token assigned to a Webflow name', 'webflow', HEX64, ['webflow']),
  prefixed('sekisho-adafruit-io-key', 'Adafruit IO key', 'aio_[0-9A-Za-z]{28}', ['aio_'], { lineFilter: /\baio_[0-9A-Za-z]{28}/, refine: ({ value }) => (/[A-Z]/.test(value) && /[0-9]/.test(value) ? 'high' : null) }),
  prefixed('sekisho-adobe-client-secret', 'Adobe Developer Console OAuth client secret', 'p8e-[0-9A-Za-z_-]{32}', ['p8e-']),
  prefixed('sekisho-pangea-token', 'Pangea service token', 'pts_[a-z2-7]{32}', ['pts_'], { lineFilter: /\bpts_[a-z2-7]{32}/ }),
  prefixed('sekisho-zuplo-api-key', 'Zuplo API key', 'zpka_[0-9a-f]{32}_[0-9a-f]{8}', ['zpka_']),
  prefixed('sekisho-intra42-client-secret', '42 Intra OAuth client secret', 's-s4t2(?:ud|af)-[0-9a-f]{64}', ['s-s4t2']),
  named('sekisho-ngrok-authtoken', 'ngrok authtoken or API key assigned to an ngrok name', 'ngrok', '[0-9A-Za-z]{20,32}_[0-9A-Za-z]{16,32}', ['ngrok'], { anyName: true, entropy: 3.5 }),
  prefixed('sekisho-settlemint-token', 'SettleMint personal, application or service access token', 'sm_(?:pat|aat|sat)_[0-9A-Za-z]{16}', ['sm_pat_', 'sm_aat_', 'sm_sat_']),
  // A Curve25519 private key is 32 bytes: 43 base64 characters, the last one of 16 (low bits zero), and `=`.
  named('sekisho-wireguard-private-key', 'WireGuard private key assigned to a WireGuard name', 'wireguard|wg[_-]?(?:private|priv)', '[0-9A-Za-z+/]{42}[AEIMQUYcgkosw048]=', ['wireguard', 'wg_priv', 'wg-priv', 'wgpriv'], { anyName: true, entropy: 4 }),
];
