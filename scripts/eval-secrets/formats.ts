/**
 * Credential formats, written from the vendors' documented token shapes (prefixes, lengths, alphabets,
 * checksums) — not from any scanner's rules. Each format generates random well-formed values and can
 * check that a value is well formed (the generator's own test uses it).
 */
import { ALNUM, BASE32, BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, type Random } from './random.ts';
import { b64, b64url, base58check, base58checkValid, githubChecksum, hs256Jwt } from './encodings.ts';

export type Family =
  | 'cloud'
  | 'source-host'
  | 'messaging'
  | 'payments'
  | 'ai'
  | 'observability'
  | 'saas'
  | 'private-key'
  | 'jwt'
  | 'crypto-wallet'
  | 'connection-url'
  | 'assignment'
  | 'auth-header'
  | 'credential-file';

export interface Format {
  id: string;
  family: Family;
  /** The variable name people give it (used by placements). */
  name: string;
  /** Without a distinctive prefix the value is only a secret next to its name: placements keep the name. */
  context?: boolean;
  /** The value spans lines (keys, certificates): placed whole, JSON-escaped or as a YAML block. */
  multiline?: boolean;
  gen(r: Random): string;
  wellFormed(value: string): boolean;
}

const re = (pattern: RegExp) => (v: string) => pattern.test(v);
const f = (id: string, family: Family, name: string, gen: (r: Random) => string, pattern: RegExp, extra: Partial<Format> = {}): Format => ({ id, family, name, gen, wellFormed: re(pattern), ...extra });

const ghClassic = (prefix: string) => (r: Random): string => {
  const body = r.chars(BASE62, 30);
  return `${prefix}${body}${githubChecksum(body)}`;
};
const ghValid = (v: string): boolean => /^gh[pousr]_[A-Za-z0-9]{36}$/.test(v) && githubChecksum(v.slice(4, 34)) === v.slice(34);

/** A PEM block from random DER-looking bytes (a real key's length, 64-column lines). */
function pem(r: Random, label: string, bytes: number, headers = ''): string {
  const der = Uint8Array.from([0x30, 0x82, (bytes >> 8) & 0xff, bytes & 0xff, ...r.bytes(bytes)]);
  const body = b64(der).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${headers}${body}\n-----END ${label}-----`;
}

function openssh(r: Random): string {
  const blob = Uint8Array.from([...Buffer.from('openssh-key-v1\0'), ...r.bytes(380)]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64(blob).match(/.{1,70}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`;
}

function putty(r: Random): string {
  const pub = b64(Uint8Array.from([0, 0, 0, 11, ...Buffer.from('ssh-ed25519'), 0, 0, 0, 32, ...r.bytes(32)]));
  const priv = b64(Uint8Array.from([0, 0, 0, 32, ...r.bytes(32)]));
  return ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', `Comment: ed25519-key-2026${r.chars(DIGITS, 4)}`, 'Public-Lines: 2', ...pub.match(/.{1,64}/g)!, 'Private-Lines: 1', priv, `Private-MAC: ${r.chars(HEX, 64)}`].join('\n');
}

function pgp(r: Random): string {
  const body = b64(Uint8Array.from([0x95, 0x03, 0xc6, ...r.bytes(600)])).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${body}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
}

function jwkPrivate(r: Random): string {
  const k = (n: number): string => b64url(r.bytes(n));
  return JSON.stringify({ kty: 'EC', crv: 'P-256', x: k(32), y: k(32), d: k(32), kid: r.uuid() });
}

function jwt(r: Random): string {
  const now = 1_760_000_000 + r.int(30_000_000);
  const payload = r.chance(0.5)
    ? { sub: r.uuid(), name: 'Hanako Suzuki', role: 'admin', iat: now, exp: now + 3600 }
    : { iss: 'https://auth.acme-corp.dev/', aud: 'api', sub: `user_${r.chars(ALNUM, 12)}`, scope: 'read write', iat: now };
  return hs256Jwt({ alg: 'HS256', typ: 'JWT' }, payload, r.bytes(32));
}

function wif(r: Random): string {
  return base58check(Uint8Array.from([0x80, ...r.bytes(32), ...(r.chance(0.5) ? [0x01] : [])]));
}

const words = ['orders', 'billing', 'inventory', 'analytics', 'users', 'reports'];
const hosts = ['db.internal.acme-corp.dev', '10.20.3.14', 'pg-prod-1.cluster-abc123.eu-west-1.rds.amazonaws.com', 'mysql.staging.svc.cluster.local', 'cache-01.acme.io'];
const user = (r: Random): string => r.pick(['app', 'admin', 'svc_reporting', 'deploy', 'etl_user', 'root']);

export const FORMATS: readonly Format[] = [
  // ── clouds
  f('aws-access-key-id', 'cloud', 'AWS_ACCESS_KEY_ID', (r) => `${r.pick(['AKIA', 'ASIA'])}${r.chars(BASE32, 16)}`, /^(AKIA|ASIA)[A-Z2-7]{16}$/),
  f('aws-secret-access-key', 'cloud', 'AWS_SECRET_ACCESS_KEY', (r) => r.chars(BASE64.slice(0, 62) + '/+', 40), /^[A-Za-z0-9/+]{40}$/, { context: true }),
  f('aws-session-token', 'cloud', 'AWS_SESSION_TOKEN', (r) => `FwoGZXIvYXdzE${r.chars(BASE64, r.between(280, 360))}`, /^FwoGZXIvYXdzE[A-Za-z0-9/+]{280,}$/, { context: true }),
  f('gcp-api-key', 'cloud', 'GOOGLE_API_KEY', (r) => `AIza${r.chars(BASE64URL, 35)}`, /^AIza[A-Za-z0-9_-]{35}$/),
  f('gcp-service-account', 'cloud', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', (r) => pem(r, 'PRIVATE KEY', 1214), /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----$/, { multiline: true }),
  f('azure-storage-key', 'cloud', 'AZURE_STORAGE_CONNECTION_STRING', (r) => `DefaultEndpointsProtocol=https;AccountName=${r.pick(['acmeprod', 'stdata', 'logsarchive'])}${r.chars(DIGITS + LOWER, 4)};AccountKey=${b64(r.bytes(64))};EndpointSuffix=core.windows.net`, /^DefaultEndpointsProtocol=https;AccountName=[a-z0-9]{3,24};AccountKey=[A-Za-z0-9+/]{86}==;EndpointSuffix=core\.windows\.net$/),
  f('azure-sas', 'cloud', 'AZURE_BLOB_SAS_URL', (r) => `https://acme${r.chars(DIGITS, 3)}.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2027-01-0${r.between(1, 9)}T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(b64(r.bytes(32)))}`, /^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/\S+[?&]sig=[A-Za-z0-9%]{43,}/),
  f('azure-client-secret', 'cloud', 'AZURE_CLIENT_SECRET', (r) => `${r.chars(ALNUM, 3)}${r.chars(DIGITS, 1)}Q~${r.chars(ALNUM + '_~.-', 34)}`, /^[A-Za-z0-9]{3}\dQ~[A-Za-z0-9_~.-]{34}$/),
  f('alibaba-access-key', 'cloud', 'ALIBABA_CLOUD_ACCESS_KEY_ID', (r) => `LTAI${r.chars(ALNUM, r.pick([16, 20, 20]))}`, /^LTAI[A-Za-z0-9]{12,20}$/),
  f('alibaba-secret', 'cloud', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', (r) => r.chars(ALNUM, 30), /^[A-Za-z0-9]{30}$/, { context: true }),
  f('tencent-secret-id', 'cloud', 'TENCENTCLOUD_SECRET_ID', (r) => `AKID${r.chars(ALNUM, 32)}`, /^AKID[A-Za-z0-9]{32}$/),
  f('ibm-cloud-iam-key', 'cloud', 'IBM_CLOUD_API_KEY', (r) => r.chars(BASE64URL, 44), /^[A-Za-z0-9_-]{44}$/, { context: true }),
  f('ibm-cos-hmac', 'cloud', 'COS_HMAC_SECRET_ACCESS_KEY', (r) => r.chars(HEX, 48), /^[0-9a-f]{48}$/, { context: true }),
  f('softlayer-api-key', 'cloud', 'SOFTLAYER_API_KEY', (r) => r.chars(HEX, 64), /^[0-9a-f]{64}$/, { context: true }),
  f('oracle-oci-auth-token', 'cloud', 'OCI_AUTH_TOKEN', (r) => r.chars(ALNUM + '()<>;:.+-_#{}[]', 20), /^.{20}$/, { context: true }),
  f('digitalocean-token', 'cloud', 'DIGITALOCEAN_TOKEN', (r) => `${r.pick(['dop', 'doo', 'dor'])}_v1_${r.chars(HEX, 64)}`, /^do[por]_v1_[0-9a-f]{64}$/),
  f('linode-token', 'cloud', 'LINODE_TOKEN', (r) => r.chars(HEX, 64), /^[0-9a-f]{64}$/, { context: true }),
  f('heroku-api-key', 'cloud', 'HEROKU_API_KEY', (r) => (r.chance(0.5) ? r.uuid() : `HRKU-AA${r.chars(BASE64URL, 58)}`), /^([0-9a-f-]{36}|HRKU-AA[A-Za-z0-9_-]{58})$/, { context: true }),
  f('fly-token', 'cloud', 'FLY_API_TOKEN', (r) => `fo1_${r.chars(BASE64URL, 43)}`, /^fo1_[A-Za-z0-9_-]{43}$/),
  f('vercel-token', 'cloud', 'VERCEL_TOKEN', (r) => r.chars(ALNUM, 24), /^[A-Za-z0-9]{24}$/, { context: true }),
  f('netlify-token', 'cloud', 'NETLIFY_AUTH_TOKEN', (r) => `nfp_${r.chars(ALNUM, 36)}`, /^nfp_[A-Za-z0-9]{36}$/),
  f('cloudflare-api-token', 'cloud', 'CLOUDFLARE_API_TOKEN', (r) => r.chars(BASE64URL, 40), /^[A-Za-z0-9_-]{40}$/, { context: true }),
  f('cloudflare-global-key', 'cloud', 'CLOUDFLARE_API_KEY', (r) => r.chars(HEX, 37), /^[0-9a-f]{37}$/, { context: true }),
  f('cloudflare-origin-ca', 'cloud', 'CF_ORIGIN_CA_KEY', (r) => `v1.0-${r.chars(HEX, 24)}-${r.chars(HEX, 146)}`, /^v1\.0-[0-9a-f]{24}-[0-9a-f]{146}$/),

  // ── source hosts and registries
  f('github-pat', 'source-host', 'GITHUB_TOKEN', ghClassic('ghp_'), /^ghp_/, { wellFormed: ghValid }),
  f('github-oauth', 'source-host', 'GH_OAUTH_TOKEN', ghClassic('gho_'), /^gho_/, { wellFormed: ghValid }),
  f('github-app-token', 'source-host', 'GH_APP_INSTALLATION_TOKEN', (r) => ghClassic(r.pick(['ghs_', 'ghu_']))(r), /^gh[su]_/, { wellFormed: ghValid }),
  f('github-refresh', 'source-host', 'GITHUB_REFRESH_TOKEN', ghClassic('ghr_'), /^ghr_/, { wellFormed: ghValid }),
  f('github-fine-grained', 'source-host', 'GITHUB_PAT', (r) => `github_pat_11${r.chars(UPPER + DIGITS, 20)}_${r.chars(ALNUM, 59)}`, /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/),
  f('gitlab-pat', 'source-host', 'GITLAB_TOKEN', (r) => `glpat-${r.chars(BASE64URL, 20)}`, /^glpat-[A-Za-z0-9_-]{20}$/),
  f('gitlab-deploy', 'source-host', 'GITLAB_DEPLOY_TOKEN', (r) => `gldt-${r.chars(BASE64URL, 20)}`, /^gldt-[A-Za-z0-9_-]{20}$/),
  f('gitlab-runner', 'source-host', 'RUNNER_TOKEN', (r) => (r.chance(0.5) ? `glrt-${r.chars(BASE64URL, 20)}` : `GR1348941${r.chars(BASE64URL, 20)}`), /^(glrt-|GR1348941)[A-Za-z0-9_-]{20}$/),
  f('gitlab-trigger', 'source-host', 'CI_TRIGGER_TOKEN', (r) => `glptt-${r.chars(HEX, 40)}`, /^glptt-[0-9a-f]{40}$/),
  f('gitlab-feed', 'source-host', 'GITLAB_FEED_TOKEN', (r) => `glft-${r.chars(BASE64URL, 20)}`, /^glft-[A-Za-z0-9_-]{20}$/),
  f('gitlab-oauth-secret', 'source-host', 'GITLAB_OAUTH_SECRET', (r) => `gloas-${r.chars(HEX, 64)}`, /^gloas-[0-9a-f]{64}$/),
  f('bitbucket-app-password', 'source-host', 'BITBUCKET_APP_PASSWORD', (r) => `ATBB${r.chars(ALNUM, 32)}`, /^ATBB[A-Za-z0-9]{32}$/),
  f('npm-token', 'source-host', 'NPM_TOKEN', (r) => `npm_${r.chars(ALNUM, 36)}`, /^npm_[A-Za-z0-9]{36}$/),
  f('pypi-token', 'source-host', 'PYPI_API_TOKEN', (r) => `pypi-AgEIcHlwaS5vcmc${r.chars(BASE64URL, r.between(70, 150))}`, /^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}$/),
  f('rubygems-key', 'source-host', 'GEM_HOST_API_KEY', (r) => `rubygems_${r.chars(HEX, 48)}`, /^rubygems_[0-9a-f]{48}$/),
  f('nuget-key', 'source-host', 'NUGET_API_KEY', (r) => `oy2${r.chars(DIGITS + LOWER, 43)}`, /^oy2[a-z0-9]{43}$/),
  f('docker-hub-pat', 'source-host', 'DOCKERHUB_TOKEN', (r) => `dckr_pat_${r.chars(BASE64URL, 27)}`, /^dckr_pat_[A-Za-z0-9_-]{27}$/),
  f('artifactory-key', 'source-host', 'ARTIFACTORY_API_KEY', (r) => `AKCp${r.chars(ALNUM, 69)}`, /^AKCp[A-Za-z0-9]{69}$/),
  f('terraform-cloud', 'source-host', 'TFE_TOKEN', (r) => `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`, /^[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}$/),
  f('vault-token', 'source-host', 'VAULT_TOKEN', (r) => (r.chance(0.5) ? `hvs.${r.chars(BASE64URL, 24)}` : `hvs.CAESI${r.chars(BASE64URL, 86)}`), /^hvs\.[A-Za-z0-9_-]{24,}$/),

  // ── messaging
  f('slack-bot-token', 'messaging', 'SLACK_BOT_TOKEN', (r) => `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}`, /^xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}$/),
  f('slack-user-token', 'messaging', 'SLACK_USER_TOKEN', (r) => `xoxp-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 32)}`, /^xoxp-(\d+-){3}[0-9a-f]{32}$/),
  f('slack-app-token', 'messaging', 'SLACK_APP_TOKEN', (r) => `xapp-1-A${r.chars(UPPER + DIGITS, 10)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 64)}`, /^xapp-1-A[A-Z0-9]{10}-\d{13}-[0-9a-f]{64}$/),
  f('slack-webhook', 'messaging', 'SLACK_WEBHOOK_URL', (r) => `https://hooks.slack.com/services/T${r.chars(UPPER + DIGITS, 8)}/B${r.chars(UPPER + DIGITS, 10)}/${r.chars(ALNUM, 24)}`, /^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,10}\/B[A-Z0-9]{8,10}\/[A-Za-z0-9]{24}$/),
  f('discord-bot-token', 'messaging', 'DISCORD_BOT_TOKEN', (r) => `${b64url(String(r.between(1, 9)) + r.chars(DIGITS, 18))}.${r.chars(BASE64URL, 6)}.${r.chars(BASE64URL, 38)}`, /^[A-Za-z0-9_-]{24,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}$/),
  f('discord-webhook', 'messaging', 'DISCORD_WEBHOOK', (r) => `https://discord.com/api/webhooks/${r.between(1, 9)}${r.chars(DIGITS, 18)}/${r.chars(BASE64URL, 68)}`, /^https:\/\/discord(app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}$/),
  f('telegram-bot-token', 'messaging', 'TELEGRAM_BOT_TOKEN', (r) => `${r.between(1, 9)}${r.chars(DIGITS, r.between(7, 9))}:AA${r.chars(BASE64URL, 33)}`, /^\d{8,10}:AA[A-Za-z0-9_-]{33}$/),
  f('teams-webhook', 'messaging', 'TEAMS_WEBHOOK_URL', (r) => `https://acmecorp.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.chars(HEX, 32)}/${r.uuid()}`, /^https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}$/),
  f('twilio-api-key', 'messaging', 'TWILIO_API_KEY', (r) => `SK${r.chars(HEX, 32)}`, /^SK[0-9a-f]{32}$/),
  f('twilio-auth-token', 'messaging', 'TWILIO_AUTH_TOKEN', (r) => r.chars(HEX, 32), /^[0-9a-f]{32}$/, { context: true }),
  f('sendgrid-key', 'messaging', 'SENDGRID_API_KEY', (r) => `SG.${r.chars(BASE64URL, 22)}.${r.chars(BASE64URL, 43)}`, /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
  f('mailgun-key', 'messaging', 'MAILGUN_API_KEY', (r) => (r.chance(0.5) ? `key-${r.chars(HEX, 32)}` : `${r.chars(HEX, 32)}-${r.chars(HEX, 8)}-${r.chars(HEX, 8)}`), /^(key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})$/),
  f('mailchimp-key', 'messaging', 'MAILCHIMP_API_KEY', (r) => `${r.chars(HEX, 32)}-us${r.between(1, 21)}`, /^[0-9a-f]{32}-us\d{1,2}$/),

  // ── payments
  f('stripe-secret', 'payments', 'STRIPE_SECRET_KEY', (r) => `${r.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r.chars(ALNUM, r.pick([24, 99]))}`, /^[sr]k_(live|test)_[A-Za-z0-9]{24,99}$/),
  f('stripe-webhook-secret', 'payments', 'STRIPE_WEBHOOK_SECRET', (r) => `whsec_${r.chars(ALNUM, 32)}`, /^whsec_[A-Za-z0-9]{32}$/),
  f('square-token', 'payments', 'SQUARE_ACCESS_TOKEN', (r) => (r.chance(0.5) ? `EAAA${r.chars(BASE64URL, 60)}` : `sq0atp-${r.chars(BASE64URL, 22)}`), /^(EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})$/),
  f('square-secret', 'payments', 'SQUARE_APPLICATION_SECRET', (r) => `sq0csp-${r.chars(BASE64URL, 43)}`, /^sq0csp-[A-Za-z0-9_-]{43}$/),
  f('braintree-token', 'payments', 'BRAINTREE_ACCESS_TOKEN', (r) => `access_token$production$${r.chars(DIGITS + LOWER, 16)}$${r.chars(HEX, 32)}`, /^access_token\$production\$[a-z0-9]{16}\$[0-9a-f]{32}$/),
  f('shopify-token', 'payments', 'SHOPIFY_ACCESS_TOKEN', (r) => `${r.pick(['shpat_', 'shpca_', 'shppa_', 'shpss_'])}${r.chars(HEX, 32)}`, /^shp(at|ca|pa|ss)_[0-9a-f]{32}$/),
  f('adyen-api-key', 'payments', 'ADYEN_API_KEY', (r) => `AQE${r.chars(ALNUM, 3)}hmfxL${r.chars(ALNUM + '+/', 60)}=-${r.chars(ALNUM + '+/', 44)}=-${r.chars(ALNUM, 16)}`, /^AQE[A-Za-z0-9+/=-]{100,}/),

  // ── AI providers
  f('openai-key', 'ai', 'OPENAI_API_KEY', (r) => (r.chance(0.6) ? `sk-proj-${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}` : r.chance(0.5) ? `sk-svcacct-${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}` : `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`), /^sk-(proj-|svcacct-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}$/),
  f('anthropic-key', 'ai', 'ANTHROPIC_API_KEY', (r) => `sk-ant-${r.pick(['api03', 'admin01'])}-${r.chars(BASE64URL, 93)}AA`, /^sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA$/),
  f('gemini-key', 'ai', 'GEMINI_API_KEY', (r) => `AIza${r.chars(BASE64URL, 35)}`, /^AIza[A-Za-z0-9_-]{35}$/),
  f('groq-key', 'ai', 'GROQ_API_KEY', (r) => `gsk_${r.chars(ALNUM, 52)}`, /^gsk_[A-Za-z0-9]{52}$/),
  f('huggingface-token', 'ai', 'HF_TOKEN', (r) => (r.chance(0.8) ? `hf_${r.chars(UPPER + LOWER, 34)}` : `api_org_${r.chars(UPPER + LOWER, 34)}`), /^(hf_|api_org_)[A-Za-z]{34}$/),
  f('cohere-key', 'ai', 'COHERE_API_KEY', (r) => r.chars(ALNUM, 40), /^[A-Za-z0-9]{40}$/, { context: true }),
  f('mistral-key', 'ai', 'MISTRAL_API_KEY', (r) => r.chars(ALNUM, 32), /^[A-Za-z0-9]{32}$/, { context: true }),
  f('perplexity-key', 'ai', 'PERPLEXITY_API_KEY', (r) => `pplx-${r.chars(ALNUM, 48)}`, /^pplx-[A-Za-z0-9]{48}$/),
  f('xai-key', 'ai', 'XAI_API_KEY', (r) => `xai-${r.chars(ALNUM, 80)}`, /^xai-[A-Za-z0-9]{80}$/),
  f('replicate-token', 'ai', 'REPLICATE_API_TOKEN', (r) => `r8_${r.chars(ALNUM, 37)}`, /^r8_[A-Za-z0-9]{37}$/),
  f('deepseek-key', 'ai', 'DEEPSEEK_API_KEY', (r) => `sk-${r.chars(HEX, 32)}`, /^sk-[0-9a-f]{32}$/, { context: true }),
  f('openrouter-key', 'ai', 'OPENROUTER_API_KEY', (r) => `sk-or-v1-${r.chars(HEX, 64)}`, /^sk-or-v1-[0-9a-f]{64}$/),

  // ── observability
  f('datadog-api-key', 'observability', 'DD_API_KEY', (r) => r.chars(HEX, 32), /^[0-9a-f]{32}$/, { context: true }),
  f('datadog-app-key', 'observability', 'DD_APP_KEY', (r) => r.chars(HEX, 40), /^[0-9a-f]{40}$/, { context: true }),
  f('newrelic-user-key', 'observability', 'NEW_RELIC_API_KEY', (r) => `NRAK-${r.chars(UPPER + DIGITS, 27)}`, /^NRAK-[A-Z0-9]{27}$/),
  f('newrelic-license', 'observability', 'NEW_RELIC_LICENSE_KEY', (r) => `${r.chars(HEX, 36)}NRAL`, /^[0-9a-f]{36}NRAL$/),
  f('sentry-dsn', 'observability', 'SENTRY_DSN', (r) => `https://${r.chars(HEX, 32)}@o${r.chars(DIGITS, 6)}.ingest.${r.pick(['', 'us.', 'de.'])}sentry.io/${r.chars(DIGITS, 7)}`, /^https:\/\/[0-9a-f]{32}@o\d+\.ingest\.(us\.|de\.)?sentry\.io\/\d+$/),
  f('sentry-auth-token', 'observability', 'SENTRY_AUTH_TOKEN', (r) => (r.chance(0.5) ? `sntryu_${r.chars(HEX, 64)}` : `sntrys_${b64url(JSON.stringify({ iat: 1760000000 + r.int(1e6), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' }))}_${r.chars(BASE64URL, 43)}`), /^(sntryu_[0-9a-f]{64}|sntrys_eyJ[A-Za-z0-9_-]+_[A-Za-z0-9_-]{43})$/),
  f('grafana-token', 'observability', 'GRAFANA_TOKEN', (r) => (r.chance(0.5) ? `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}` : `glc_${b64url(JSON.stringify({ o: r.chars(DIGITS, 6), n: 'stack-deploy', k: r.chars(ALNUM, 24), m: { r: 'us' } }))}`), /^(glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}|glc_eyJ[A-Za-z0-9_-]{40,})$/),
  f('pagerduty-key', 'observability', 'PAGERDUTY_API_TOKEN', (r) => `${r.pick(['u+', 'y_', ''])}${r.chars(ALNUM + '_-', 18)}`, /^.{18,20}$/, { context: true }),

  // ── SaaS
  f('atlassian-token', 'saas', 'JIRA_API_TOKEN', (r) => `ATATT3xFfGF0${r.chars(BASE64URL, 170)}=${r.chars(HEX.toUpperCase(), 8)}`, /^ATATT3xFfGF0[A-Za-z0-9_-]{170}=[0-9A-F]{8}$/),
  f('linear-key', 'saas', 'LINEAR_API_KEY', (r) => `lin_api_${r.chars(ALNUM, 40)}`, /^lin_api_[A-Za-z0-9]{40}$/),
  f('notion-token', 'saas', 'NOTION_TOKEN', (r) => (r.chance(0.5) ? `secret_${r.chars(ALNUM, 43)}` : `ntn_${r.chars(DIGITS, 11)}${r.chars(ALNUM, 35)}`), /^(secret_[A-Za-z0-9]{43}|ntn_\d{11}[A-Za-z0-9]{35})$/),
  f('figma-token', 'saas', 'FIGMA_TOKEN', (r) => `figd_${r.chars(BASE64URL, 40)}`, /^figd_[A-Za-z0-9_-]{40}$/),
  f('airtable-pat', 'saas', 'AIRTABLE_API_KEY', (r) => `pat${r.chars(ALNUM, 14)}.${r.chars(HEX, 64)}`, /^pat[A-Za-z0-9]{14}\.[0-9a-f]{64}$/),
  f('asana-pat', 'saas', 'ASANA_ACCESS_TOKEN', (r) => (r.chance(0.5) ? `1/${r.chars(DIGITS, 16)}:${r.chars(HEX, 32)}` : `2/${r.chars(DIGITS, 16)}/${r.chars(DIGITS, 16)}:${r.chars(HEX, 32)}`), /^[12]\/\d{16}(\/\d{16})?:[0-9a-f]{32}$/),
  f('okta-token', 'saas', 'OKTA_API_TOKEN', (r) => `00${r.chars(BASE64URL, 40)}`, /^00[A-Za-z0-9_-]{40}$/, { context: true }),
  f('auth0-secret', 'saas', 'AUTH0_CLIENT_SECRET', (r) => r.chars(BASE64URL, 64), /^[A-Za-z0-9_-]{64}$/, { context: true }),
  f('databricks-token', 'saas', 'DATABRICKS_TOKEN', (r) => `dapi${r.chars(HEX, 32)}${r.chance(0.3) ? '-2' : ''}`, /^dapi[0-9a-f]{32}(-\d)?$/),
  f('snowflake-password', 'saas', 'SNOWFLAKE_PASSWORD', (r) => r.password(), /^\S{10,}$/, { context: true }),
  f('doppler-token', 'saas', 'DOPPLER_TOKEN', (r) => `dp.${r.pick(['pt', 'st', 'sa', 'ct'])}.${r.chars(ALNUM, 43)}`, /^dp\.(pt|st|sa|ct)\.[A-Za-z0-9]{43}$/),
  f('1password-service-account', 'saas', 'OP_SERVICE_ACCOUNT_TOKEN', (r) => `ops_${b64url(JSON.stringify({ signInAddress: 'acme.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: b64url(r.bytes(16)) }, email: `${r.chars(LOWER, 12)}@1passwordserviceaccounts.com`, srpX: r.chars(HEX, 64), muk: { alg: 'A256GCM', ext: true, k: b64url(r.bytes(32)), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: `A3-${r.chars(UPPER + DIGITS, 6)}-${r.chars(UPPER + DIGITS, 6)}`, throttleSecret: { seed: r.chars(HEX, 64), deviceUuid: r.chars(LOWER + DIGITS, 26) }, deviceUuid: r.chars(LOWER + DIGITS, 26) }))}`, /^ops_eyJ[A-Za-z0-9_-]{200,}$/),
  f('tailscale-key', 'saas', 'TS_AUTHKEY', (r) => `tskey-${r.pick(['auth', 'api', 'client'])}-k${r.chars(ALNUM, 10)}CNTRL-${r.chars(ALNUM, 33)}`, /^tskey-(auth|api|client)-[A-Za-z0-9]{11,}-[A-Za-z0-9]{30,}$/),
  f('postman-key', 'saas', 'POSTMAN_API_KEY', (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`, /^PMAK-[0-9a-f]{24}-[0-9a-f]{34}$/),
  f('cloudant-url', 'saas', 'CLOUDANT_URL', (r) => { const acct = `${r.uuid()}-bluemix`; return `https://${acct}:${r.chars(HEX, 64)}@${acct}.cloudantnosqldb.appdomain.cloud`; }, /^https:\/\/[0-9a-f-]+-bluemix:[0-9a-f]{64}@[0-9a-f-]+-bluemix\.cloudantnosqldb\.appdomain\.cloud$/),

  // ── private keys
  f('pem-rsa', 'private-key', 'RSA_PRIVATE_KEY', (r) => pem(r, 'RSA PRIVATE KEY', 1190), /^-----BEGIN RSA PRIVATE KEY-----\n/, { multiline: true }),
  f('pem-ec', 'private-key', 'EC_PRIVATE_KEY', (r) => pem(r, 'EC PRIVATE KEY', 117), /^-----BEGIN EC PRIVATE KEY-----\n/, { multiline: true }),
  f('pem-pkcs8', 'private-key', 'TLS_KEY', (r) => pem(r, 'PRIVATE KEY', r.pick([1214, 134, 44])), /^-----BEGIN PRIVATE KEY-----\n/, { multiline: true }),
  f('pem-encrypted', 'private-key', 'SIGNING_KEY', (r) => pem(r, 'ENCRYPTED PRIVATE KEY', 1294), /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/, { multiline: true }),
  f('pem-dsa', 'private-key', 'DSA_KEY', (r) => pem(r, 'DSA PRIVATE KEY', 443), /^-----BEGIN DSA PRIVATE KEY-----\n/, { multiline: true }),
  f('openssh-key', 'private-key', 'SSH_PRIVATE_KEY', openssh, /^-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE/, { multiline: true }),
  f('putty-key', 'private-key', 'PUTTY_KEY', putty, /^PuTTY-User-Key-File-3: ssh-ed25519\n[\s\S]*Private-Lines: 1\n/, { multiline: true }),
  f('pgp-private-key', 'private-key', 'GPG_PRIVATE_KEY', pgp, /^-----BEGIN PGP PRIVATE KEY BLOCK-----\n/, { multiline: true }),
  f('jwk-private', 'private-key', 'JWT_SIGNING_JWK', jwkPrivate, /^\{"kty":"EC","crv":"P-256","x":"[A-Za-z0-9_-]{43}","y":"[A-Za-z0-9_-]{43}","d":"[A-Za-z0-9_-]{43}"/),
  f('pkcs12-base64', 'private-key', 'KEYSTORE_P12_BASE64', (r) => b64(Uint8Array.from([0x30, 0x82, 0x0a, 0x29, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xef, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, ...r.bytes(600)])), /^MIIKKQIBAzCCCe8GCSqGSIb3DQEHA[A-Za-z0-9+/=]+$/, { context: true }),

  // ── JWTs and wallets
  f('jwt', 'jwt', 'ACCESS_TOKEN', jwt, /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
  f('eth-private-key', 'crypto-wallet', 'WALLET_PRIVATE_KEY', (r) => `0x${r.chars(HEX, 64)}`, /^0x[0-9a-f]{64}$/, { context: true }),
  f('bitcoin-wif', 'crypto-wallet', 'BTC_PRIVATE_KEY_WIF', wif, /^[5KL][1-9A-HJ-NP-Za-km-z]{50,51}$/, { wellFormed: (v) => /^[5KL][1-9A-HJ-NP-Za-km-z]{50,51}$/.test(v) && base58checkValid(v) }),

  // ── connection strings and URLs with passwords
  f('postgres-url', 'connection-url', 'DATABASE_URL', (r) => `${r.pick(['postgres', 'postgresql'])}://${user(r)}:${encodeURIComponent(r.password())}@${r.pick(hosts)}:5432/${r.pick(words)}`, /^postgres(ql)?:\/\/[^:]+:[^@]+@[^/]+\/\w+$/),
  f('mysql-url', 'connection-url', 'MYSQL_URL', (r) => `mysql://${user(r)}:${encodeURIComponent(r.password())}@${r.pick(hosts)}:3306/${r.pick(words)}`, /^mysql:\/\/[^:]+:[^@]+@/),
  f('mongodb-url', 'connection-url', 'MONGODB_URI', (r) => `mongodb+srv://${user(r)}:${encodeURIComponent(r.password())}@cluster0.${r.chars(LOWER + DIGITS, 5)}.mongodb.net/${r.pick(words)}?retryWrites=true&w=majority`, /^mongodb\+srv:\/\/[^:]+:[^@]+@/),
  f('redis-url', 'connection-url', 'REDIS_URL', (r) => `${r.pick(['redis', 'rediss'])}://${r.chance(0.5) ? 'default' : ''}:${r.chars(ALNUM, 32)}@${r.pick(hosts)}:6379/0`, /^rediss?:\/\/\w*:[A-Za-z0-9]{32}@/),
  f('amqp-url', 'connection-url', 'RABBITMQ_URL', (r) => `amqp${r.pick(['', 's'])}://${user(r)}:${encodeURIComponent(r.password())}@mq.acme-corp.dev:5672/%2F`, /^amqps?:\/\/[^:]+:[^@]+@/),
  f('ftp-url', 'connection-url', 'FTP_URL', (r) => `ftp://${user(r)}:${encodeURIComponent(r.password())}@ftp.acme-corp.dev/incoming`, /^ftp:\/\/[^:]+:[^@]+@/),
  f('https-basic-url', 'connection-url', 'PRIVATE_INDEX_URL', (r) => `https://${user(r)}:${encodeURIComponent(r.password())}@pkgs.acme-corp.dev/simple/`, /^https:\/\/[^:]+:[^@]+@/),
  f('jdbc-password', 'connection-url', 'SPRING_DATASOURCE_URL', (r) => `jdbc:postgresql://${r.pick(hosts)}:5432/${r.pick(words)}?user=${user(r)}&password=${encodeURIComponent(r.password())}`, /^jdbc:postgresql:\/\/\S+password=\S+$/),
  f('sqlserver-connection', 'connection-url', 'ConnectionStrings__Default', (r) => `Server=tcp:${r.pick(['sql-prod', 'acme-db'])}.database.windows.net,1433;Initial Catalog=${r.pick(words)};User ID=${user(r)};Password=${r.password().replace(/;/g, '')};Encrypt=True;`, /^Server=.+;Password=[^;]+;/),
];

export function formatById(id: string): Format {
  const found = FORMATS.find((x) => x.id === id);
  if (found === undefined) throw new Error(`no format ${id}`);
  return found;
}
