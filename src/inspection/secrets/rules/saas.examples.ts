import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

const opsToken = `ops_${Buffer.from(JSON.stringify({ signInAddress: 'my.1password.example', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: fake('b64url', 22, 'ops') }, email: 'bot@1passwordserviceaccounts.example', srpX: fake('hex', 64, 'srp'), muk: { alg: 'A256GCM', ext: true, k: fake('b64url', 43, 'muk'), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: 'A3-XXXXXX-XXXXXX', throttleSecret: { seed: fake('hex', 64, 'seed'), uuid: 'ABCDEF' }, deviceUuid: 'abc' })).toString('base64')}`;

export const examples: RuleExamples = {
  'sekisho-atlassian-api-token': {
    positive: [`JIRA_API_TOKEN=ATATT3xFfGF0${fake('b64url', 170, 'atatt')}=${fake('HEX', 8, 'atatt2')}`],
    negative: ['JIRA_API_TOKEN=ATATT3xFfGF0short'],
  },
  'sekisho-atlassian-legacy-api-token': {
    positive: [`JIRA_API_TOKEN=${fake('alnum', 24, 'jira')}`],
    negative: [`JIRA_PROJECT_KEY=PROJ`],
  },
  'sekisho-linear-api-key': {
    positive: [`LINEAR_API_KEY=lin_api_${fake('alnum', 40, 'linear')}`],
    negative: ['LINEAR_API_KEY=lin_api_xxxxxxxx'],
  },
  'sekisho-linear-client-secret': {
    positive: [`LINEAR_CLIENT_SECRET=${fake('hex', 32, 'lin')}`],
    negative: [`LINEAR_TEAM_ID=${fake('hex', 32, 'lin')}`],
  },
  'sekisho-notion-token': {
    positive: [`NOTION_TOKEN=ntn_${fake('digits', 11, 'ntn')}${fake('alnum', 35, 'ntn2')}`],
    negative: ['NOTION_TOKEN=ntn_short'],
  },
  'sekisho-notion-legacy-token': {
    positive: [`NOTION_API_KEY=secret_${fake('alnum', 43, 'notion')}`],
    negative: ['NOTION_API_KEY=secret_key_here'],
  },
  'sekisho-figma-token': {
    positive: [`FIGMA_TOKEN=figd_${fake('b64url', 40, 'figd')}`],
    negative: ['FIGMA_TOKEN=figd_short'],
  },
  'sekisho-figma-legacy-token': {
    positive: [`FIGMA_TOKEN=${fake('digits', 6, 'figma')}-${fakeUuid('figma')}`],
    negative: [`FIGMA_FILE=${fakeUuid('figma')}`],
  },
  'sekisho-airtable-pat': {
    positive: [`AIRTABLE_TOKEN=pat${fake('alnum', 14, 'at')}.${fake('hex', 64, 'at2')}`, `DEBUG using credential pat${fake('alnum', 14, 'at3')}.${fake('hex', 64, 'at4')} for the request`],
    negative: ['path.join(pattern, "x")', `AIRTABLE_TOKEN=pat${fake('alnum', 14, 'at')}.${fake('hex', 40, 'at2')}`],
  },
  'sekisho-airtable-api-key': {
    positive: [`AIRTABLE_API_KEY=key${fake('alnum', 14, 'atk')}`],
    negative: [`AIRTABLE_BASE_ID=app${fake('alnum', 14, 'atk')}`],
  },
  'sekisho-asana-pat': {
    // Its layout alone: version 1 holds one user id, version 2 two.
    positive: [`ASANA_ACCESS_TOKEN=2/${fake('digits', 16, 'asana')}/${fake('digits', 16, 'asana2')}:${fake('hex', 32, 'asana3')}`, `The staging job uses \`1/${fake('digits', 16, 'asana4')}:f${fake('hex', 31, 'asana5')}\` until we rotate it.`],
    negative: [`ratio = 2/${fake('digits', 16, 'asana')}:${fake('hex', 32, 'asana3')}`, `path = "1/${fake('digits', 16, 'asana4')}/${fake('hex', 32, 'asana5')}"`],
  },
  'sekisho-okta-api-token': {
    positive: [`Authorization: SSWS 00${fake('b64url', 40, 'okta')}`],
    negative: ['Authorization: SSWS ${OKTA_TOKEN}'],
  },
  'sekisho-okta-api-token-named': {
    positive: [`OKTA_API_TOKEN=00${fake('b64url', 40, 'okta2')}`],
    negative: [`OKTA_CLIENT_ID=00${fake('b64url', 40, 'okta2')}`],
  },
  'sekisho-auth0-client-secret': {
    positive: [`AUTH0_CLIENT_SECRET=${fake('b64url', 64, 'auth0')}`],
    negative: [`AUTH0_DOMAIN=${fake('b64url', 64, 'auth0')}`],
  },
  'sekisho-databricks-token': {
    positive: [`DATABRICKS_TOKEN=dapi${fake('hex', 32, 'dapi')}-2`],
    negative: ['the dose was 5 mg'],
  },
  'sekisho-snowflake-password': {
    positive: [`SNOWFLAKE_PASSWORD=${fake('alnum', 12, 'sf')}!#`],
    negative: ['SNOWFLAKE_PASSWORD=${SNOWFLAKE_PASSWORD}', `SNOWFLAKE_ACCOUNT=${fake('alnum', 12, 'sf')}`],
  },
  'sekisho-doppler-token': {
    positive: [`DOPPLER_TOKEN=dp.st.prd.${fake('alnum', 43, 'dp')}`, `DOPPLER_TOKEN=dp.pt.${fake('alnum', 43, 'dp2')}`],
    negative: ['DOPPLER_TOKEN=dp.st.xxx'],
  },
  'sekisho-1password-service-account-token': {
    positive: [{ text: `OP_SERVICE_ACCOUNT_TOKEN=${opsToken}`, value: opsToken }],
    negative: ['OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ'],
  },
  'sekisho-1password-secret-key': {
    positive: [`secret key: A3-${fake('upperalnum', 6, 'a3')}-${fake('upperalnum', 6, 'a3b')}-${fake('upperalnum', 5, 'a3c')}-${fake('upperalnum', 5, 'a3d')}-${fake('upperalnum', 5, 'a3e')}-${fake('upperalnum', 5, 'a3f')}`],
    negative: ['paper size A3-landscape'],
  },
  'sekisho-1password-connect-token': {
    positive: [`OP_CONNECT_TOKEN=eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.${fake('b64url', 120, 'opc')}.${fake('b64url', 86, 'opc2')}`],
    negative: ['OP_CONNECT_HOST=http://localhost:8080'],
  },
  'sekisho-tailscale-key': {
    positive: [`TS_AUTHKEY=tskey-auth-k${fake('alnum', 10, 'ts')}CNTRL-${fake('alnum', 33, 'ts2')}`],
    negative: ['TS_AUTHKEY=tskey-auth-XXXX'],
  },
  'sekisho-postman-api-key': {
    positive: [`POSTMAN_API_KEY=PMAK-${fake('hex', 24, 'pmak')}-${fake('hex', 34, 'pmak2')}`],
    negative: ['POSTMAN_API_KEY=PMAK-xxxx'],
  },
  'sekisho-cloudant-url-credentials': {
    positive: [`COUCH_URL=https://admin:${fake('hex', 64, 'cl')}@acct-bluemix.cloudantnosqldb.appdomain.cloud.cloudant.com`, `url = "https://acct:${fake('alnum', 24, 'cl2')}@acct.cloudant.com/db"`],
    negative: ['url = "https://acct.cloudant.com/db"'],
  },
  'sekisho-cloudant-password': {
    positive: [`CLOUDANT_PASSWORD=${fake('hex', 64, 'clp')}`, `"cloudant_apikey": "${fake('b64url', 44, 'clp2')}"`, `cl_api_key = '${fake('lower', 24, 'clp3')}'`],
    negative: [`CLOUDANT_URL=${fake('hex', 64, 'clp')}`],
  },
  'sekisho-hubspot-private-app-token': {
    positive: [`HUBSPOT_ACCESS_TOKEN=pat-na1-${fakeUuid('hub')}`],
    negative: ['HUBSPOT_ACCESS_TOKEN=pat-na1-<uuid>'],
  },
  'sekisho-hubspot-api-key': {
    positive: [`https://api.hubapi.example/contacts?hapikey=${fakeUuid('hapi')}`],
    negative: [`HUBSPOT_PORTAL=${fakeUuid('hapi')}`],
  },
  'sekisho-contentful-token': {
    positive: [`CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-${fake('b64url', 43, 'cfpat')}`],
    negative: ['CONTENTFUL_MANAGEMENT_TOKEN=CFPAT-short'],
  },
  'sekisho-contentful-delivery-token': {
    positive: [`CONTENTFUL_ACCESS_TOKEN=${fake('b64url', 43, 'cfd')}`],
    negative: [`CONTENTFUL_SPACE_ID=${fake('b64url', 43, 'cfd')}`],
  },
  'sekisho-mapbox-secret-token': {
    positive: [`MAPBOX_SECRET=sk.eyJ1IjoiZGVtbyIsImEiOiJjbGFiYyJ9.${fake('b64url', 22, 'mapbox')}`],
    negative: [`MAPBOX_TOKEN=pk.eyJ1IjoiZGVtbyIsImEiOiJjbGFiYyJ9.${fake('b64url', 22, 'mapbox')}`],
  },
  'sekisho-typeform-token': {
    positive: [`TYPEFORM_TOKEN=tfp_${fake('b64url', 44, 'tf')}_${fake('b64url', 14, 'tf2')}`],
    negative: ['TYPEFORM_TOKEN=tfp_short_x'],
  },
  'sekisho-dropbox-token': {
    positive: [`DROPBOX_ACCESS_TOKEN=sl.u.A${fake('b64url', 140, 'dbx')}`, `token = 'sl.B${fake('b64url', 136, 'dbx2')}'`],
    negative: ['import ssl.create_default_context'],
  },
  'sekisho-dropbox-legacy-token': {
    positive: [`DROPBOX_TOKEN=${fake('b64url', 11, 'dbl')}AAAAAAAAAA${fake('b64url', 43, 'dbl2')}`],
    negative: [`DROPBOX_APP_KEY_NAME=${fake('b64url', 11, 'dbl')}`],
  },
  'sekisho-zendesk-api-token': {
    positive: [`ZENDESK_API_TOKEN=${fake('alnum', 40, 'zd')}`],
    negative: [`ZENDESK_SUBDOMAIN=${fake('alnum', 40, 'zd')}`],
  },
  'sekisho-salesforce-session-token': {
    positive: [`SF_ACCESS_TOKEN=00D${fake('alnum', 15, 'sf1')}!${fake('alnum', 96, 'sf2')}`],
    negative: ['color: #00d!important'],
  },
  'sekisho-launchdarkly-key': {
    positive: [`LAUNCHDARKLY_SDK_KEY=sdk-${fakeUuid('ld')}`],
    negative: [`LAUNCHDARKLY_CLIENT_SIDE_ID=${fake('hex', 24, 'ld')}`],
  },
  'sekisho-algolia-admin-key': {
    positive: [`ALGOLIA_ADMIN_KEY=${fake('hex', 32, 'algolia')}`],
    negative: [`ALGOLIA_APP_ID=${fake('upperalnum', 10, 'algolia')}`],
  },
  'sekisho-frameio-token': {
    positive: [`FRAMEIO_TOKEN=fio-u-${fake('b64url', 64, 'fio')}`],
    negative: ['FRAMEIO_TOKEN=fio-u-short'],
  },
  'sekisho-readme-api-key': {
    positive: [`README_API_KEY=rdme_${fake('loweralnum', 70, 'rdme')}`],
    negative: ['README_API_KEY=rdme_short'],
  },
  'sekisho-prefect-api-key': {
    positive: [`PREFECT_API_KEY=pnu_${fake('alnum', 36, 'pnu')}`],
    negative: ['PREFECT_API_KEY=pnu_short'],
  },
  'sekisho-infracost-api-key': {
    positive: [`INFRACOST_API_KEY=ico-${fake('alnum', 32, 'ico')}`],
    negative: ['INFRACOST_API_KEY=ico-short'],
  },
  'sekisho-clickup-token': {
    positive: [`CLICKUP_TOKEN=pk_${fake('digits', 8, 'cu')}_${fake('upperalnum', 32, 'cu2')}`],
    negative: ['STRIPE_PUBLISHABLE=pk_live_abc'],
  },
  'sekisho-facebook-access-token': {
    positive: [`FB_ACCESS_TOKEN=EAAG${fake('alnum', 180, 'fb')}`],
    negative: ['FB_ACCESS_TOKEN=EAAGshort'],
  },
  'sekisho-facebook-app-secret': {
    positive: [`FACEBOOK_APP_SECRET=${fake('hex', 32, 'fbs')}`],
    negative: [`FACEBOOK_APP_ID=${fake('digits', 15, 'fbs')}`],
  },
  'sekisho-twitter-bearer-token': {
    positive: [`TWITTER_BEARER_TOKEN=AAAAAAAAAAAAAAAAAAAAA${fake('alnum', 30, 'tw')}%3D${fake('alnum', 50, 'tw2')}`],
    negative: [`padding = "${'A'.repeat(120)}"`],
  },
  'sekisho-twitter-secret': {
    positive: [`TWITTER_CONSUMER_SECRET=${fake('alnum', 50, 'tws')}`],
    negative: [`TWITTER_HANDLE=${fake('alnum', 15, 'tws')}`],
  },
  'sekisho-sourcegraph-token': {
    positive: [`SRC_ACCESS_TOKEN=sgp_${fake('hex', 16, 'sg')}_${fake('hex', 40, 'sg2')}`],
    negative: ['SRC_ACCESS_TOKEN=sgp_short'],
  },
  'sekisho-segment-token': {
    positive: [`SEGMENT_TOKEN=sgp_${fake('alnum', 64, 'seg')}`],
    negative: ['SEGMENT_TOKEN=sgp_x'],
  },
  'sekisho-trello-token': {
    positive: [`TRELLO_TOKEN=${fake('hex', 64, 'trello')}`],
    negative: [`TRELLO_BOARD=${fake('hex', 64, 'trello')}`],
  },
  'sekisho-fastly-api-token': {
    positive: [`FASTLY_API_TOKEN=${fake('b64url', 32, 'fastly')}`],
    negative: [`FASTLY_SERVICE_ID=${fake('b64url', 32, 'fastly')}`],
  },
  'sekisho-mongodb-atlas-private-key': {
    positive: [`MONGODB_ATLAS_PRIVATE_KEY=${fakeUuid('atlas')}`],
    negative: [`MONGODB_ATLAS_PROJECT_ID=${fakeUuid('atlas')}`],
  },
  'sekisho-confluent-api-secret': {
    positive: [`CONFLUENT_CLOUD_API_SECRET=${fake('b64', 64, 'cc')}`],
    negative: [`CONFLUENT_CLUSTER=${fake('b64', 64, 'cc')}`],
  },
  'sekisho-zoom-secret': {
    positive: [`ZOOM_CLIENT_SECRET=${fake('alnum', 32, 'zoom')}`],
    negative: [`ZOOM_ACCOUNT_ID=${fake('alnum', 32, 'zoom')}`],
  },
  'sekisho-webflow-token': {
    positive: [`WEBFLOW_API_TOKEN=${fake('hex', 64, 'wf')}`],
    negative: [`WEBFLOW_SITE_ID=${fake('hex', 64, 'wf')}`],
  },
  'sekisho-adafruit-io-key': {
    positive: [`ADAFRUIT_IO_KEY=aio_${fake('alnum', 28, 'aio')}`],
    negative: [`async def aio_${fake('lower', 28, 'aio')}():`],
  },
  'sekisho-adobe-client-secret': {
    positive: [`ADOBE_CLIENT_SECRET=p8e-${fake('alnum', 32, 'adobe')}`],
    negative: [`ADOBE_CLIENT_SECRET=p8e-${fake('alnum', 12, 'adobe')}`],
  },
  'sekisho-pangea-token': {
    positive: [`PANGEA_TOKEN=pts_${fake('lower', 32, 'pangea')}`],
    negative: [`const prompts_${fake('lower', 32, 'pangea')} = [];`],
  },
  'sekisho-zuplo-api-key': {
    positive: [`ZUPLO_API_KEY=zpka_${fake('hex', 32, 'zuplo')}_${fake('hex', 8, 'zuplo2')}`],
    negative: [`ZUPLO_API_KEY=zpka_${fake('hex', 32, 'zuplo')}`],
  },
  'sekisho-intra42-client-secret': {
    positive: [`FT_CLIENT_SECRET=s-s4t2ud-${fake('hex', 64, 'intra')}`],
    negative: [`FT_CLIENT_SECRET=s-s4t2ud-${fake('hex', 30, 'intra')}`],
  },
  'sekisho-ngrok-authtoken': {
    positive: [`NGROK_AUTHTOKEN=2${fake('alnum', 26, 'ngrok')}_${fake('alnum', 21, 'ngrok2')}`],
    negative: [`NGROK_REGION=${fake('alnum', 26, 'ngrok')}`],
  },
  'sekisho-settlemint-token': {
    positive: [`SETTLEMINT_ACCESS_TOKEN=sm_pat_${fake('alnum', 16, 'sm')}`],
    negative: ['SETTLEMINT_ACCESS_TOKEN=sm_pat_short'],
  },
  'sekisho-wireguard-private-key': {
    positive: [`WIREGUARD_PRIVATE_KEY=${fake('b64', 42, 'wg')}A=`],
    negative: [`WIREGUARD_PUBLIC_ENDPOINT=${fake('b64', 42, 'wg')}`],
  },
};
