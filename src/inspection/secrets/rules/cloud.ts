import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { HEX32, HEX64, named, PLACEHOLDER_ENTROPY, prefixed, rule, UUID } from './define.ts';

/** Cloud platforms: AWS, Google Cloud, Azure, and the other IaaS/PaaS providers. */

/** An AWS key id is high when a 40-character secret key sits within 300 characters of it. */
function awsPair({ text, start, end }: RefineInput): Confidence {
  const around = text.slice(Math.max(0, start - 300), Math.min(text.length, end + 300));
  return /(?:^|[^A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/.test(around) ? 'high' : 'medium';
}

/** High when the value (or, at 54–56 characters, its base64 decoding) has the key's shape: 40 characters of upper, lower and digits. */
function awsSecretShape({ value }: RefineInput): Confidence {
  const key = value.length === 40 ? value : Buffer.from(value, 'base64').toString('latin1');
  return /^[A-Za-z0-9/+]{40}$/.test(key) && /[A-Z]/.test(key) && /[a-z]/.test(key) && /[0-9]/.test(key) ? 'high' : 'medium';
}

/** STS session tokens are base64 of a binary blob whose first bytes are fixed per token generation. */
function awsSessionPrefix({ value }: RefineInput): Confidence {
  return /^(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)/.test(value) ? 'high' : 'medium';
}

/**
 * An Azure SAS signature (`sig=`) is reported only in a SAS query, recognised by the service version
 * (`sv=2020-…`) or the signed-resource / expiry fields on the same line; a `sig=` elsewhere is not one.
 */
function sasQuery({ text, start, end }: RefineInput): Confidence | null {
  const ls = text.lastIndexOf('\n', start) + 1;
  let le = text.indexOf('\n', end);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  return /[?&;](?:sv=\d{4}-\d{2}-\d{2}|se=\d{4}-\d{2}-\d{2}|sr=[a-z]{1,3}&)/.test(line) ? 'high' : null;
}

const B64_44 = '[A-Za-z0-9+/]{43}=';
const B64_88 = '[A-Za-z0-9+/]{86}==';

/** A bootstrap token has a digit somewhere and is not kubeadm's documented `abcdef.0123456789abcdef`. */
function kubernetesBootstrap({ value }: RefineInput): Confidence | null {
  return /[0-9]/.test(value) && /[a-z]/.test(value) && value !== 'abcdef.0123456789abcdef' ? 'medium' : null;
}

export const cloudRules: RuleSpec[] = [
  // AWS
  rule('sekisho-aws-access-key-id', 'AWS access key id', '\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b', ['akia', 'asia', 'a3t', 'abia', 'acca'], { refine: awsPair, entropy: PLACEHOLDER_ENTROPY }),
  // The secret key has no prefix of its own; its name is what marks it. Unquoted values count
  // (`~/.aws/credentials`, env files), and the value may be base64 of the key (a Kubernetes Secret's
  // `data:`), which is what gets redacted then.
  rule(
    'sekisho-aws-secret-access-key',
    'AWS secret access key assigned to its name',
    '(?i)\\b(?:aws[_.-]?)?secret[_.-]?access[_.-]?key["\']?[ \\t]*(?:=|:=|:|=>)[ \\t]*["\']?([A-Za-z0-9/+]{40}(?:[A-Za-z0-9/+]{14}==|[A-Za-z0-9/+]{16})?)(?:[^A-Za-z0-9/+=\\n]|(?m:$))',
    ['secret'],
    { entropy: 3.5, refine: awsSecretShape },
  ),
  named('sekisho-aws-session-token', 'AWS STS session token assigned to its name', 'session[_-]?token|security[_-]?token', '[A-Za-z0-9/+]{100,}={0,2}', ['session_token', 'session-token', 'sessiontoken', 'security_token', 'security-token', 'securitytoken'], { anyName: true, entropy: 4, refine: awsSessionPrefix }),
  prefixed('sekisho-aws-session-token-blob', 'AWS STS session token (by its fixed leading bytes)', '(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{200,}={0,2}', ['iqojb3jpz2lux2vj', 'fwogzxivyxdz']),
  prefixed('sekisho-aws-bedrock-api-key', 'Amazon Bedrock API key (long-term or short-term)', '(?:ABSKQmVkcm9ja0FQSUtleS|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t)[A-Za-z0-9+/=%]{40,}', ['absk', 'bedrock-api-key-']),
  prefixed('sekisho-aws-mws-token', 'Amazon Marketplace Web Service auth token', `amzn\\.mws\\.${UUID}`, ['amzn.mws.']),
  // Google Cloud
  rule('sekisho-google-api-key', 'Google API key', '\\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_\\n-]|(?m:$))', ['aiza'], { confidence: 'high', entropy: PLACEHOLDER_ENTROPY }),
  rule('sekisho-gcp-service-account-key-id', 'Google Cloud service-account key JSON (private_key_id)', String.raw`"private_key_id"[ \t]*:[ \t]*"([0-9a-f]{40})"`, ['private_key_id'], { confidence: 'high' }),
  prefixed('sekisho-google-oauth-client-secret', 'Google OAuth client secret', 'GOCSPX-[0-9A-Za-z_-]{28}', ['gocspx-']),
  prefixed('sekisho-google-oauth-refresh-token', 'Google OAuth refresh token', '1//0[0-9A-Za-z_-]{40,}', ['1//0'], { confidence: 'medium', entropy: 4 }),
  prefixed('sekisho-google-oauth-access-token', 'Google OAuth access token', String.raw`ya29\.[0-9A-Za-z_-]{30,}`, ['ya29.'], { confidence: 'medium', entropy: 4 }),
  prefixed('sekisho-firebase-cloud-messaging-key', 'Firebase Cloud Messaging server key', 'AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{134}', [':apa91b']),
  // Azure
  rule('sekisho-azure-storage-account-key', 'Azure storage / Cosmos DB account key in a connection string (AccountKey=)', `(?i:AccountKey)=(${B64_88})`, ['accountkey='], { confidence: 'high' }),
  named('sekisho-azure-storage-key', 'Azure storage account key assigned to an Azure/storage name', 'azure|storage[_-]?account|cosmos', B64_88, ['azure', 'storage_account', 'storageaccount', 'storage-account', 'cosmos']),
  rule('sekisho-azure-shared-access-key', 'Azure Service Bus / Event Hubs / IoT Hub / Relay shared access key in a connection string', `(?i:SharedAccessKey)=(${B64_44})`, ['sharedaccesskey='], { confidence: 'high' }),
  rule('sekisho-azure-access-key-connection-string', 'Azure SignalR / Web PubSub / App Configuration key in a connection string', String.raw`(?i:Endpoint)=https://[0-9A-Za-z.-]+;(?:(?i:AccessKey)=|(?i:Id)=[^;\s]{1,64};(?i:Secret)=)([A-Za-z0-9+/]{42,43}=)`, ['endpoint=https://'], { confidence: 'high' }),
  rule('sekisho-azure-sas-token', 'Azure shared access signature (sig= in a SAS query)', String.raw`[?&;]sig=([A-Za-z0-9%+/]{40,100}(?:%3[Dd]|=){0,2})`, ['sig='], { refine: sasQuery }),
  rule('sekisho-azure-entra-client-secret', 'Microsoft Entra ID (Azure AD) application client secret', String.raw`(?:(?m:^)|[^0-9A-Za-z_~.\n-])([0-9A-Za-z_~.-]{3}[0-9]Q~[0-9A-Za-z_~.-]{31,34})(?:[^0-9A-Za-z_~.\n-]|(?m:$))`, ['q~'], { confidence: 'high', entropy: 3.5 }),
  named('sekisho-azure-cognitive-key', 'Azure OpenAI / Cognitive Services / Maps key assigned to an Azure name', 'azure|cognitive|openai_api_key', HEX32, ['azure', 'cognitive']),
  named('sekisho-azure-function-key', 'Azure Functions key assigned to its name', 'functions?[_-]?key|x-functions-key', '[0-9A-Za-z_-]{54}==', ['functions_key', 'functions-key', 'function_key', 'function-key', 'functionkey', 'functionskey'], { anyName: true }),
  // Alibaba, Tencent, IBM, SoftLayer, Oracle
  prefixed('sekisho-alibaba-access-key-id', 'Alibaba Cloud AccessKey ID', 'LTAI[0-9A-Za-z]{12,20}', ['ltai'], { entropy: 3 }),
  named('sekisho-alibaba-access-key-secret', 'Alibaba Cloud AccessKey secret assigned to its name', 'alibaba|aliyun|alicloud|access[_-]?key[_-]?secret', '[0-9A-Za-z]{30}', ['alibaba', 'aliyun', 'alicloud', 'access_key_secret', 'accesskeysecret', 'access-key-secret'], { entropy: 3.5 }),
  prefixed('sekisho-tencent-secret-id', 'Tencent Cloud SecretId', 'AKID[0-9A-Za-z]{32}', ['akid'], { entropy: 3.5 }),
  named('sekisho-tencent-secret-key', 'Tencent Cloud SecretKey assigned to a Tencent name', 'tencent|qcloud|tccli', '[0-9A-Za-z]{32}', ['tencent', 'qcloud', 'tccli'], { entropy: 3.5 }),
  named('sekisho-ibm-cloud-api-key', 'IBM Cloud IAM API key assigned to an IBM / apikey name', String.raw`apikey|iam[_-]?api[_-]?key|ic[_-]api[_-]key|(?:ibm|bluemix)(?:[0-9a-z_.-]*|[ \t][0-9a-z_.-]{1,24}[ \t])(?:key|token|secret)`, '[0-9A-Za-z_-]{44}', ['ibm', 'bluemix', '"apikey"', "'apikey'", 'iam_api', 'iam-api', 'iamapi', 'ic_api_key', 'ic-api-key'], { anyName: true, entropy: 4 }),
  named('sekisho-ibm-cos-hmac-secret', 'IBM Cloud Object Storage HMAC secret access key (48 hex)', String.raw`secret[_.-]?access[_.-]?key`, '[0-9a-f]{48}', ['secret_access_key', 'secret-access-key', 'secretaccesskey', 'secret.access.key'], { anyName: true }),
  named('sekisho-softlayer-api-key', 'IBM SoftLayer API key assigned to a SoftLayer name', String.raw`softlayer[0-9a-z_.-]*(?:key|pass|pwd|token|secret)|sl[_-]?api[_-]?key|slapi[_-]?key|sl[_-](?:key|pass|pwd)`, '[0-9a-z]{64}', ['softlayer', 'sl_', 'sl-', 'slapi'], { anyName: true }),
  // The key in the URL's user info, or as the path segment after the API version (SOAP/REST/XML-RPC endpoints).
  rule('sekisho-softlayer-url-credentials', 'IBM SoftLayer API URL with the API key (user info, or the path after the API version)', String.raw`https?://(?:[^:@/\s]{1,64}:([0-9a-f]{64})@api\.(?:service\.)?softlayer\.com|api\.(?:service\.)?softlayer\.com/(?:soap|rest|xmlrpc)/v3(?:\.1)?/([0-9a-z]{64})(?:[^0-9a-z\n]|(?m:$)))`, ['softlayer.com'], { confidence: 'high' }),
  named('sekisho-oracle-cloud-secret', 'Oracle Cloud (OCI) auth token or customer secret key assigned to an OCI name', 'oci[_.-]|oracle', String.raw`[A-Za-z0-9+/=:;<>()[\]{}._#!-]{20,44}`, ['oci_', 'oci-', 'oci.', 'oracle'], { entropy: 3.5 }),
  // DigitalOcean, Linode, Hetzner, Vultr, Scaleway
  prefixed('sekisho-digitalocean-token', 'DigitalOcean personal access, OAuth or refresh token', 'do[opr]_v1_[0-9a-f]{64}', ['dop_v1_', 'doo_v1_', 'dor_v1_']),
  named('sekisho-digitalocean-spaces-secret', 'DigitalOcean Spaces secret key assigned to its name', String.raw`(?:do|digitalocean)[_-]?spaces[0-9a-z_.-]*(?:key|secret)|spaces[_-](?:secret|access)[_-]?key`, '[A-Za-z0-9+/]{43}', ['do_spaces', 'dospaces', 'do-spaces', 'digitalocean', 'spaces_secret', 'spaces-secret', 'spaces_access', 'spaces-access'], { anyName: true, entropy: 3.5 }),
  named('sekisho-linode-token', 'Linode / Akamai personal access token assigned to a Linode name', 'linode', HEX64, ['linode']),
  named('sekisho-hetzner-token', 'Hetzner Cloud API token assigned to a Hetzner name', 'hcloud|hetzner', '[0-9A-Za-z]{64}', ['hcloud', 'hetzner'], { entropy: 3.5 }),
  named('sekisho-vultr-api-key', 'Vultr API key assigned to a Vultr name', 'vultr', '[0-9A-Z]{36}', ['vultr']),
  named('sekisho-scaleway-secret-key', 'Scaleway secret key assigned to a Scaleway name', 'scw|scaleway', UUID, ['scw', 'scaleway']),
  // PaaS
  named('sekisho-heroku-api-key', 'Heroku API key (UUID) assigned to a Heroku name', 'heroku', UUID, ['heroku']),
  prefixed('sekisho-heroku-api-key-v2', 'Heroku API key (HRKU- format)', 'HRKU-AA[0-9A-Za-z_-]{58}', ['hrku-aa']),
  prefixed('sekisho-fly-token', 'Fly.io macaroon or organisation token', String.raw`(?:fm1[ar]_|fm2_)[A-Za-z0-9+/_=-]{100,}|fo1_[0-9A-Za-z_-]{43}`, ['fm1a_', 'fm1r_', 'fm2_', 'fo1_'], { entropy: 3.5 }),
  prefixed('sekisho-vercel-token', 'Vercel personal, integration, app or API key token (prefixed format)', 'vc[pikar]_[0-9A-Za-z]{24,80}', ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], { entropy: 3.5 }),
  named('sekisho-vercel-legacy-token', 'Vercel access token (24 characters) assigned to a Vercel name', 'vercel', '[0-9A-Za-z]{24}', ['vercel'], { entropy: 3.5 }),
  prefixed('sekisho-netlify-token', 'Netlify personal access token', 'nfp_[0-9A-Za-z]{36}', ['nfp_'], { entropy: 3.5 }),
  named('sekisho-netlify-legacy-token', 'Netlify access token assigned to a Netlify name', 'netlify', '[0-9A-Za-z_-]{43,45}', ['netlify'], { entropy: 3.5 }),
  prefixed('sekisho-render-api-key', 'Render API key', 'rnd_[0-9A-Za-z]{32}', ['rnd_'], { entropy: 3.5 }),
  named('sekisho-railway-token', 'Railway API token assigned to a Railway name', 'railway', UUID, ['railway']),
  prefixed('sekisho-supabase-token', 'Supabase personal access token or secret API key', 'sbp_[0-9a-f]{40}|sb_secret_[0-9A-Za-z_-]{31,64}', ['sbp_', 'sb_secret_']),
  prefixed('sekisho-planetscale-token', 'PlanetScale service token, password or OAuth token', 'pscale_(?:tkn|pw|oauth)_[0-9A-Za-z_.=-]{32,64}', ['pscale_']),
  prefixed('sekisho-neon-api-key', 'Neon API key', 'napi_[0-9a-z]{64}', ['napi_']),
  // Cloudflare
  prefixed('sekisho-cloudflare-api-token', 'Cloudflare user or account API token (scannable format)', 'cf(?:ut|at)_[0-9A-Za-z]{40}[0-9A-Za-z_-]{4,12}', ['cfut_', 'cfat_'], { entropy: 3.5 }),
  prefixed('sekisho-cloudflare-global-api-key', 'Cloudflare global API key (scannable format)', 'cfk_[0-9A-Za-z]{40}[0-9A-Za-z_-]{4,12}', ['cfk_'], { entropy: 3.5 }),
  named('sekisho-cloudflare-legacy-api-key', 'Cloudflare global API key (37–45 hex) assigned to a Cloudflare name', String.raw`cloudflare[0-9a-z_.-]*key|cf[_-]api[_-]key|x-auth-key`, '[0-9a-f]{37,45}', ['cloudflare', 'cf_api', 'cf-api', 'x-auth-key'], { anyName: true }),
  named('sekisho-cloudflare-legacy-api-token', 'Cloudflare API token (40 characters) assigned to a Cloudflare name', 'cloudflare|cf_api|cf-api|cf_token|cf_account', '[0-9A-Za-z_-]{40}', ['cloudflare', 'cf_api', 'cf-api', 'cf_token', 'cf_account'], { entropy: 3.5 }),
  prefixed('sekisho-cloudflare-origin-ca-key', 'Cloudflare Origin CA key', String.raw`v1\.0-[0-9a-f]{24}-[0-9a-f]{146}`, ['v1.0-']),
  // Others
  prefixed('sekisho-yandex-api-key', 'Yandex Cloud API key', 'AQVN[0-9A-Za-z_-]{35,38}', ['aqvn'], { entropy: 3.5 }),
  prefixed('sekisho-defined-networking-key', 'Defined Networking (managed Nebula) API key', 'dnkey-[0-9A-Z]{26}-[0-9A-Z]{52}', ['dnkey-']),
  // Six and sixteen lower-case alphanumerics: any dotted identifier could have the shape, so only on a
  // line that says kubeadm or bootstrap token, and only with a digit in it (identifiers rarely have one).
  rule('sekisho-kubernetes-bootstrap-token', 'Kubernetes bootstrap token (kubeadm join --token, bootstrap-token Secret)', String.raw`(?:(?m:^)|[^0-9A-Za-z_.\n-])([0-9a-z]{6}\.[0-9a-z]{16})(?:[^0-9A-Za-z_.\n-]|(?m:$))`, ['kubeadm', '--token', 'bootstrap-token', 'bootstrap_token', 'bootstraptoken'], { keywordInMatch: true, reach: 512, lineFilter: /[0-9a-z]{6}\.[0-9a-z]{16}/, refine: kubernetesBootstrap }),
  prefixed('sekisho-aiven-token', 'Aiven API / personal token', 'AVNU_[0-9A-Za-z+/=]{64,}', ['avnu_'], { entropy: 4 }),
];
