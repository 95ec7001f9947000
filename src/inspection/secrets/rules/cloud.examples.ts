import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

const b64 = (n: number, label: string): string => fake('b64', n, label);

export const examples: RuleExamples = {
  'sekisho-aws-access-key-id': {
    positive: [{ text: 'aws_access_key_id = AKIAZ3MNQ7RPW2XK4TLB', value: 'AKIAZ3MNQ7RPW2XK4TLB' }, 'ASIAZ3MNQ7RPW2XK4TLB'],
    negative: ['aws_access_key_id = AKIAZ3MNQ7RPW2XK4TLB9'],
  },
  'sekisho-aws-secret-access-key': {
    positive: [{ text: 'aws_secret_access_key = MFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tv', value: 'MFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tv' }],
    negative: ['aws_secret_access_key = MFxFkM+R5Kjp1vRt/1fjORS+6il'],
  },
  'sekisho-aws-session-token': {
    positive: [`aws_session_token = IQoJb3JpZ2luX2VjE${b64(300, 'sts')}`, `AWS_SESSION_TOKEN="${b64(180, 'sts2')}=="`],
    negative: [`aws_session_token = ${'A'.repeat(200)}`],
  },
  'sekisho-aws-session-token-blob': {
    positive: [`"SessionToken": "FwoGZXIvYXdzEBYaD${b64(250, 'sts3')}"`],
    negative: [`"SessionToken": "FwoGZXIvYXdzEBYaD${b64(40, 'sts3')}"`],
  },
  'sekisho-aws-bedrock-api-key': {
    positive: [`AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS${b64(100, 'bedrock')}`],
    negative: ['AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS'],
  },
  'sekisho-aws-mws-token': {
    positive: [`MWS_AUTH_TOKEN=amzn.mws.${fakeUuid('mws').toLowerCase()}`],
    negative: ['MWS_AUTH_TOKEN=amzn.mws.example'],
  },
  'sekisho-google-api-key': {
    positive: [{ text: 'key=AIzao-hBKqFYY-kv5ZJr3J1TWDtkwtDDb_xHKas', value: 'AIzao-hBKqFYY-kv5ZJr3J1TWDtkwtDDb_xHKas' }],
    negative: ['key=AIzao-hBKqFYY-kv5ZJr3J1TWDtkw'],
  },
  'sekisho-gcp-service-account-key-id': {
    positive: [`{"type": "service_account", "project_id": "demo", "private_key_id": "${fake('hex', 40, 'sa')}",`],
    negative: ['{"private_key_id": "REPLACE_ME"}'],
  },
  'sekisho-google-oauth-client-secret': {
    positive: [`"client_secret":"GOCSPX-${fake('b64url', 28, 'gocspx')}"`],
    negative: ['"client_secret":"GOCSPX-short"'],
  },
  'sekisho-google-oauth-refresh-token': {
    positive: [`"refresh_token": "1//0g${fake('b64url', 100, 'rt')}"`],
    negative: ['see https://example.com/1//0g'],
  },
  'sekisho-google-oauth-access-token': {
    positive: [`Authorization: Bearer ya29.a0${fake('b64url', 150, 'ya29')}`],
    negative: ['ya29.short'],
  },
  'sekisho-firebase-cloud-messaging-key': {
    positive: [`key=AAAA${fake('b64url', 7, 'fcm')}:APA91b${fake('b64url', 134, 'fcm2')}`],
    negative: [`key=AAAA${fake('b64url', 7, 'fcm')}:APA91b${fake('b64url', 40, 'fcm2')}`],
  },
  'sekisho-azure-storage-account-key': {
    positive: [`DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${b64(86, 'st')}==;EndpointSuffix=core.windows.net`],
    negative: ['DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<your key>'],
  },
  'sekisho-azure-storage-key': {
    positive: [`AZURE_STORAGE_KEY="${b64(86, 'st2')}=="`],
    negative: [`AZURE_STORAGE_KEY="${b64(40, 'st2')}"`],
  },
  'sekisho-azure-shared-access-key': {
    positive: [`Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${b64(43, 'sb')}=`],
    negative: ['Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=<key>'],
  },
  'sekisho-azure-access-key-connection-string': {
    positive: [`Endpoint=https://demo.service.signalr.net;AccessKey=${b64(43, 'sr')}=;Version=1.0;`, `Endpoint=https://demo.azconfig.io;Id=abc1-l0-s0:Xyz;Secret=${b64(43, 'ac')}=`],
    negative: ['Endpoint=https://demo.service.signalr.net;AccessKey=;Version=1.0;'],
  },
  'sekisho-azure-sas-token': {
    positive: [`https://demo.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-01-01T00:00:00Z&sig=${fake('b64', 43, 'sas').replaceAll('+', '%2B').replaceAll('/', '%2F')}%3D`],
    negative: [`https://example.com/download?file=a&sig=${fake('b64', 43, 'sas')}`],
  },
  'sekisho-azure-entra-client-secret': {
    positive: [`AZURE_CLIENT_SECRET=${fake('alnum', 3, 'entra')}8Q~${fake('b64url', 34, 'entra2')}`],
    negative: ['regex = /Q~/'],
  },
  'sekisho-azure-cognitive-key': {
    positive: [`AZURE_OPENAI_API_KEY=${fake('hex', 32, 'aoai')}`],
    negative: [`AZURE_OPENAI_DEPLOYMENT=${fake('hex', 32, 'aoai')}`],
  },
  'sekisho-azure-function-key': {
    positive: [`x-functions-key: ${fake('b64url', 54, 'func')}==`],
    negative: ['x-functions-key: <function key>'],
  },
  'sekisho-alibaba-access-key-id': {
    positive: [`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${fake('alnum', 20, 'ltai')}`],
    negative: ['ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIshort'],
  },
  'sekisho-alibaba-access-key-secret': {
    positive: [`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${fake('alnum', 30, 'alisecret')}`],
    negative: [`ALIBABA_CLOUD_REGION=${fake('alnum', 30, 'alisecret')}x`],
  },
  'sekisho-tencent-secret-id': {
    positive: [`TENCENTCLOUD_SECRET_ID=AKID${fake('alnum', 32, 'akid')}`],
    negative: ['TENCENTCLOUD_SECRET_ID=AKIDEXAMPLE'],
  },
  'sekisho-tencent-secret-key': {
    positive: [`TENCENTCLOUD_SECRET_KEY=${fake('alnum', 32, 'tcsk')}`],
    negative: [`TENCENTCLOUD_REGION=${fake('alnum', 32, 'tcsk')}`],
  },
  'sekisho-ibm-cloud-api-key': {
    positive: [`{"apikey": "${fake('b64url', 44, 'ibm')}", "iam_apikey_description": "Auto-generated"}`, `IBMCLOUD_API_KEY=${fake('b64url', 44, 'ibm2')}`, `Use this ibm cloud key ${fake('b64url', 44, 'ibm3')} for staging.`],
    negative: [`{"apikey": "${fake('b64url', 30, 'ibm')}"}`],
  },
  'sekisho-ibm-cos-hmac-secret': {
    positive: [`"cos_hmac_keys": {"access_key_id": "${fake('hex', 32, 'cos')}", "secret_access_key": "${fake('hex', 48, 'cos2')}"}`],
    negative: [`"secret_access_key": "${fake('hex', 40, 'cos2')}"`],
  },
  'sekisho-softlayer-api-key': {
    positive: [`sl_key= ${fake('hex', 64, 'sl4')}`, `slapi_key="${fake('hex', 64, 'sl5')}"`, `SL_API_KEY=${fake('hex', 64, 'sl')}`],
    negative: [`SL_USERNAME=${fake('hex', 64, 'sl')}`],
  },
  'sekisho-softlayer-url-credentials': {
    positive: [`endpoint = "https://apikey:${fake('hex', 64, 'sl2')}@api.softlayer.com/rest/v3"`, `http://api.softlayer.com/soap/v3.1/${fake('hex', 64, 'sl3')}`],
    negative: ['endpoint = "https://api.softlayer.com/rest/v3"', 'http://api.softlayer.com/soap/v3.1/SoftLayer_Account'],
  },
  'sekisho-oracle-cloud-secret': {
    positive: [`OCI_AUTH_TOKEN="${fake('b64', 20, 'oci')}<:;)"`, { text: 'oci_auth_token: [dqV2mTz]Dc;hS8xqsfS', value: '[dqV2mTz]Dc;hS8xqsfS' }, { text: 'app.oci.auth.token=][D9A+EeRnY(wHda67mz', value: '][D9A+EeRnY(wHda67mz' }],
    negative: ['OCI_AUTH_TOKEN="${OCI_AUTH_TOKEN}"'],
  },
  'sekisho-digitalocean-token': {
    positive: [`DIGITALOCEAN_TOKEN=dop_v1_${fake('hex', 64, 'do')}`],
    negative: [`DIGITALOCEAN_TOKEN=dop_v1_${fake('hex', 32, 'do')}`],
  },
  'sekisho-digitalocean-spaces-secret': {
    positive: [`SPACES_SECRET_KEY=${b64(43, 'spaces')}`],
    negative: [`SPACES_BUCKET=${b64(43, 'spaces')}`],
  },
  'sekisho-linode-token': {
    positive: [`LINODE_TOKEN=${fake('hex', 64, 'linode')}`],
    negative: [`LINODE_REGION=${fake('hex', 64, 'linode')}`],
  },
  'sekisho-hetzner-token': {
    positive: [`HCLOUD_TOKEN=${fake('alnum', 64, 'hcloud')}`],
    negative: [`HCLOUD_TOKEN=${fake('alnum', 32, 'hcloud')}`],
  },
  'sekisho-vultr-api-key': {
    positive: [`VULTR_API_KEY=${fake('upperalnum', 36, 'vultr')}`],
    negative: [`VULTR_REGION=${fake('upperalnum', 36, 'vultr')}`],
  },
  'sekisho-scaleway-secret-key': {
    positive: [`SCW_SECRET_KEY=${fakeUuid('scw')}`],
    negative: [`SCW_DEFAULT_PROJECT_ID=${fakeUuid('scw')}`],
  },
  'sekisho-heroku-api-key': {
    positive: [`HEROKU_API_KEY=${fakeUuid('heroku')}`],
    negative: [`HEROKU_APP_ID=${fakeUuid('heroku')}`],
  },
  'sekisho-heroku-api-key-v2': {
    positive: [`HEROKU_API_KEY=HRKU-AA${fake('b64url', 58, 'hrku')}`],
    negative: ['HEROKU_API_KEY=HRKU-AAshort'],
  },
  'sekisho-fly-token': {
    positive: [`FLY_API_TOKEN="FlyV1 fm2_${b64(300, 'fly')}"`, `FLY_API_TOKEN=fo1_${fake('b64url', 43, 'fo1')}`],
    negative: ['FLY_API_TOKEN="FlyV1 fm2_short"'],
  },
  'sekisho-vercel-token': {
    positive: [`VERCEL_TOKEN=vcp_${fake('alnum', 56, 'vcp')}`],
    negative: ['const vcp_handler = 1'],
  },
  'sekisho-vercel-legacy-token': {
    positive: [`VERCEL_TOKEN=${fake('alnum', 24, 'vercel')}`],
    negative: [`VERCEL_ORG_ID=${fake('alnum', 24, 'vercel')}`],
  },
  'sekisho-netlify-token': {
    positive: [`NETLIFY_AUTH_TOKEN=nfp_${fake('alnum', 36, 'nfp')}`],
    negative: [`NETLIFY_AUTH_TOKEN=nfp_${fake('alnum', 16, 'nfp')}`],
  },
  'sekisho-netlify-legacy-token': {
    positive: [`NETLIFY_AUTH_TOKEN=${fake('b64url', 43, 'netlify')}`],
    negative: [`NETLIFY_SITE_ID=${fake('b64url', 43, 'netlify')}`],
  },
  'sekisho-render-api-key': {
    positive: [`RENDER_API_KEY=rnd_${fake('alnum', 32, 'rnd')}`],
    negative: ['RENDER_API_KEY=rnd_short'],
  },
  'sekisho-railway-token': {
    positive: [`RAILWAY_TOKEN=${fakeUuid('railway')}`],
    negative: [`RAILWAY_PROJECT_ID=${fakeUuid('railway')}`],
  },
  'sekisho-supabase-token': {
    positive: [`SUPABASE_ACCESS_TOKEN=sbp_${fake('hex', 40, 'sbp')}`, `SUPABASE_SECRET_KEY=sb_secret_${fake('b64url', 32, 'sbs')}`],
    negative: ['SUPABASE_PUBLISHABLE_KEY=sb_publishable_abc'],
  },
  'sekisho-planetscale-token': {
    positive: [`PLANETSCALE_SERVICE_TOKEN=pscale_tkn_${fake('b64url', 43, 'pscale')}`],
    negative: ['PLANETSCALE_SERVICE_TOKEN=pscale_tkn_short'],
  },
  'sekisho-neon-api-key': {
    positive: [`NEON_API_KEY=napi_${fake('loweralnum', 64, 'neon')}`],
    negative: ['NEON_API_KEY=napi_short'],
  },
  'sekisho-cloudflare-api-token': {
    positive: [`CLOUDFLARE_API_TOKEN=cfut_${fake('alnum', 48, 'cfut')}`],
    negative: ['CLOUDFLARE_API_TOKEN=cfut_short'],
  },
  'sekisho-cloudflare-global-api-key': {
    positive: [`CLOUDFLARE_API_KEY=cfk_${fake('alnum', 48, 'cfk')}`],
    negative: ['CLOUDFLARE_API_KEY=cfk_short'],
  },
  'sekisho-cloudflare-legacy-api-key': {
    positive: [`-H "X-Auth-Key: ${fake('hex', 37, 'cfkey')}"`],
    negative: [`CLOUDFLARE_ZONE_ID_KEY=${fake('hex', 32, 'cfkey')}`],
  },
  'sekisho-cloudflare-legacy-api-token': {
    positive: [`CLOUDFLARE_API_TOKEN=${fake('b64url', 40, 'cftoken')}`],
    negative: [`CLOUDFLARE_API_TOKEN=${fake('b64url', 20, 'cftoken')}`],
  },
  'sekisho-cloudflare-origin-ca-key': {
    positive: [`CF_ORIGIN_CA_KEY=v1.0-${fake('hex', 24, 'oca')}-${fake('hex', 146, 'oca2')}`],
    negative: ['version: v1.0-beta'],
  },
  'sekisho-yandex-api-key': {
    positive: [`YC_API_KEY=AQVN${fake('b64url', 36, 'yc')}`],
    negative: ['YC_API_KEY=AQVNshort'],
  },
  'sekisho-defined-networking-key': {
    positive: [`DN_API_KEY=dnkey-${fake('upper', 26, 'dn')}-${fake('upper', 52, 'dn2')}`],
    negative: [`DN_API_KEY=dnkey-${fake('upper', 12, 'dn')}`],
  },
  'sekisho-kubernetes-bootstrap-token': {
    positive: ['kubeadm join 10.0.0.5:6443 --token 7k2x9q.m4p8v1z0c3n6b5t2 --discovery-token-unsafe-skip-ca-verification'],
    negative: ['kubeadm join 10.0.0.5:6443 --token abcdef.0123456789abcdef', 'kubeadm init --config cluster.kubeadm.configuration'],
  },
  'sekisho-aiven-token': {
    positive: [`AIVEN_TOKEN=AVNU_${fake('b64', 300, 'aiven')}==`],
    negative: ['AIVEN_TOKEN=AVNU_short'],
  },
};
