/**
 * Held-out credential formats (issue 10): written for this set only, from the documented token formats
 * (prefixes, lengths, alphabets, checksums, decoded structure) — not from our rules, not from
 * scripts/eval-secrets (which the rules were tuned on), and not from any scanner's rule or test file.
 * Each format says whether its value is known by its own shape (`prefixed`) or only next to a name
 * (`named`: the placements then always name the vendor and a credential word).
 */
import { ALNUM, BASE58, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, type Random } from '../eval-secrets/random.ts';
import { b64, b64url, base58check, githubChecksum } from '../eval-secrets/encodings.ts';

export type HeldoutFamily = 'cloud' | 'source-host' | 'messaging' | 'payments' | 'ai' | 'observability' | 'saas' | 'private-key' | 'jwt' | 'crypto';

export interface HeldoutFormat {
  id: string;
  family: HeldoutFamily;
  /** The vendor word people put in names (`sendgrid`, `datadog`). */
  vendor: string;
  /** Known only next to a name that spells the vendor (and a credential word). */
  named?: boolean;
  /** Spans lines (PEM, PuTTY): placed only in multi-line-capable placements. */
  multiline?: boolean;
  gen(r: Random): string;
}

const HEXU = '0123456789ABCDEF';
const B32 = UPPER + '234567';
const f = (id: string, family: HeldoutFamily, vendor: string, gen: (r: Random) => string, extra: Partial<HeldoutFormat> = {}): HeldoutFormat => ({ id, family, vendor, gen, ...extra });
const uuid = (r: Random): string => r.uuid();

function pemBody(r: Random, bytes: number, lead: string): string {
  const raw = Buffer.concat([Buffer.from(lead, 'hex'), Buffer.from(r.bytes(bytes))]);
  return b64(raw).match(/.{1,64}/g)!.join('\n');
}
function pem(label: string, bytes: number, lead: string) {
  return (r: Random): string => `-----BEGIN ${label}-----\n${pemBody(r, bytes, lead)}\n-----END ${label}-----`;
}
function openssh(r: Random): string {
  const blob = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), Buffer.from('0000000'.replace(/./g, '\0'), 'latin1'), Buffer.from('none', 'latin1'), Buffer.from(r.bytes(360))]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64(blob).match(/.{1,70}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`;
}
function putty(r: Random): string {
  const pub = b64(r.bytes(51)).match(/.{1,64}/g)!;
  const priv = b64(r.bytes(48)).match(/.{1,64}/g)!;
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    `Comment: ed25519-key-2024${r.chars(DIGITS, 4)}`,
    `Public-Lines: ${pub.length}`,
    ...pub,
    `Private-Lines: ${priv.length}`,
    ...priv,
    `Private-MAC: ${r.chars(HEX, 64)}`,
  ].join('\n');
}
function pgp(r: Random): string {
  const body = b64(Buffer.concat([Buffer.from([0x95, 0x03, 0xc6]), Buffer.from(r.bytes(700))])).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${body}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
}
function jwt(r: Random): string {
  const alg = r.pick(['HS256', 'RS256', 'ES256', 'HS512']);
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: r.chars(DIGITS, 10), name: 'svc-' + r.chars(LOWER, 6), iat: 1_700_000_000 + r.int(50_000_000), ...(r.chance(0.5) ? { scope: 'read write' } : {}) }));
  return `${head}.${body}.${b64url(r.bytes(alg === 'HS256' ? 32 : alg === 'HS512' ? 64 : 256))}`;
}
function wif(r: Random): string {
  const payload = Buffer.concat([Buffer.from([0x80]), Buffer.from(r.bytes(32)), Buffer.from([1])]);
  return base58check(payload);
}
function xprv(r: Random): string {
  const payload = Buffer.concat([Buffer.from('0488ade4', 'hex'), Buffer.from([0]), Buffer.alloc(4), Buffer.alloc(4), Buffer.from(r.bytes(32)), Buffer.from([0]), Buffer.from(r.bytes(32))]);
  return base58check(payload);
}
function github(prefix: string) {
  return (r: Random): string => {
    const body = r.chars(ALNUM, 30);
    return `${prefix}${body}${githubChecksum(body)}`;
  };
}
function npmToken(r: Random): string {
  const body = r.chars(ALNUM, 30);
  return `npm_${body}${githubChecksum(body)}`;
}
function pypi(r: Random): string {
  const mac = Buffer.concat([Buffer.from([2, 1, 8]), Buffer.from('pypi.org', 'latin1'), Buffer.from([2, 0x25]), Buffer.from(r.bytes(60))]);
  return `pypi-${b64url(mac)}`;
}
function discordBot(r: Random): string {
  const id = `${r.between(1, 9)}${r.chars(DIGITS, 17)}`;
  return `${b64url(id).replace(/=+$/, '')}.${r.chars(BASE64URL, 6)}.${r.chars(BASE64URL, 38)}`;
}
function grafanaCloud(r: Random): string {
  const json = JSON.stringify({ o: r.chars(DIGITS, 6), n: 'stack-' + r.chars(DIGITS, 6) + '-hm-read', k: r.chars(ALNUM, 24), m: { r: 'prod-us-east-0' } });
  return `glc_${b64(json).replace(/=+$/, '')}`;
}
function sentryOrg(r: Random): string {
  const json = JSON.stringify({ iat: 1_700_000_000 + r.int(9_000_000), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme-' + r.chars(LOWER, 4) });
  return `sntrys_${b64(json).replace(/=+$/, '')}_${r.chars(BASE64.slice(0, 62), 43)}`;
}
function onePassword(r: Random): string {
  const json = JSON.stringify({ signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r.chars(BASE64URL, 22) }, email: r.chars(LOWER, 10) + '@1passwordserviceaccounts.com', srpX: r.chars(HEX, 64), muk: { alg: 'A256GCM', ext: true, k: r.chars(BASE64URL, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: 'A3-' + r.chars(UPPER + DIGITS, 6), deviceUuid: r.chars(LOWER + DIGITS, 26) });
  return `ops_${b64(json).replace(/=+$/, '')}`;
}
function azureConn(r: Random): string {
  return `DefaultEndpointsProtocol=https;AccountName=st${r.chars(LOWER + DIGITS, 10)};AccountKey=${b64(r.bytes(64))};EndpointSuffix=core.windows.net`;
}
function azureSas(r: Random): string {
  const sig = encodeURIComponent(b64(r.bytes(32)));
  return `https://st${r.chars(LOWER, 8)}.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-03-01T00:00:00Z&st=2025-03-01T00:00:00Z&spr=https&sig=${sig}`;
}
function dockerAuths(r: Random): string {
  return b64(`${r.pick(['deploy', 'ci-bot', 'robot$builder'])}:${r.chars(ALNUM, 20)}`);
}

export const HELDOUT_FORMATS: HeldoutFormat[] = [
  // Clouds
  f('aws-access-key-id', 'cloud', 'aws', (r) => `AKIA${r.chars(B32, 16)}`),
  f('aws-temporary-key-id', 'cloud', 'aws', (r) => `ASIA${r.chars(B32, 16)}`),
  f('aws-secret-access-key', 'cloud', 'aws_secret_access', (r) => r.chars(ALNUM + '/+', 40), { named: true }),
  f('aws-session-token', 'cloud', 'aws_session', (r) => `IQoJb3JpZ2luX2VjE${r.chars(BASE64, 300)}`, { named: true }),
  f('gcp-api-key', 'cloud', 'google', (r) => `AIza${r.chars(ALNUM + '_-', 35)}`),
  f('gcp-oauth-client-secret', 'cloud', 'google', (r) => `GOCSPX-${r.chars(ALNUM + '_-', 28)}`),
  f('azure-storage-connection-string', 'cloud', 'azure_storage', azureConn),
  f('azure-sas-url', 'cloud', 'azure_sas', azureSas),
  f('azure-client-secret', 'cloud', 'azure_client', (r) => `${r.chars(ALNUM, 3)}${r.int(10)}Q~${r.chars(ALNUM + '_~.-', 34)}`),
  f('alibaba-access-key-id', 'cloud', 'alibaba', (r) => `LTAI${r.chars(ALNUM, 20)}`),
  f('alibaba-secret', 'cloud', 'alibaba', (r) => r.chars(ALNUM, 30), { named: true }),
  f('tencent-secret-id', 'cloud', 'tencent', (r) => `AKID${r.chars(ALNUM, 32)}`),
  f('ibm-cloud-api-key', 'cloud', 'ibm_cloud', (r) => r.chars(ALNUM + '_-', 44), { named: true }),
  f('ibm-cos-hmac-secret', 'cloud', 'cos_hmac', (r) => r.chars(HEX, 48), { named: true }),
  f('softlayer-api-key', 'cloud', 'softlayer', (r) => r.chars(HEX, 64), { named: true }),
  f('digitalocean-pat', 'cloud', 'digitalocean', (r) => `dop_v1_${r.chars(HEX, 64)}`),
  f('linode-token', 'cloud', 'linode', (r) => r.chars(HEX, 64), { named: true }),
  f('heroku-api-key', 'cloud', 'heroku', uuid, { named: true }),
  f('fly-token', 'cloud', 'fly', (r) => `FlyV1 fm2_${r.chars(BASE64, 180)}`),
  f('vercel-token', 'cloud', 'vercel', (r) => r.chars(ALNUM, 24), { named: true }),
  f('netlify-token', 'cloud', 'netlify', (r) => `nfp_${r.chars(ALNUM, 36)}`),
  f('cloudflare-api-token', 'cloud', 'cloudflare', (r) => r.chars(ALNUM + '_-', 40), { named: true }),
  f('cloudflare-global-key', 'cloud', 'cloudflare', (r) => r.chars(HEX, 37), { named: true }),
  // Source hosts and registries
  f('github-classic-pat', 'source-host', 'github', github('ghp_')),
  f('github-oauth', 'source-host', 'github', github('gho_')),
  f('github-app-installation', 'source-host', 'github', github('ghs_')),
  f('github-fine-grained', 'source-host', 'github', (r) => `github_pat_11${r.chars(UPPER + DIGITS, 20)}_${r.chars(ALNUM, 59)}`),
  f('gitlab-pat', 'source-host', 'gitlab', (r) => `glpat-${r.chars(ALNUM + '_-', 20)}`),
  f('gitlab-deploy', 'source-host', 'gitlab', (r) => `gldt-${r.chars(ALNUM + '_-', 20)}`),
  f('gitlab-runner', 'source-host', 'gitlab', (r) => `glrt-${r.chars(ALNUM + '_-', 20)}`),
  f('gitlab-trigger', 'source-host', 'gitlab', (r) => `glptt-${r.chars(HEX, 40)}`),
  f('gitlab-legacy', 'source-host', 'gitlab', (r) => r.chars(ALNUM, 20), { named: true }),
  f('bitbucket-app-password', 'source-host', 'bitbucket', (r) => `ATBB${r.chars(ALNUM, 32)}`),
  f('npm-token', 'source-host', 'npm', npmToken),
  f('pypi-token', 'source-host', 'pypi', pypi),
  f('rubygems-key', 'source-host', 'rubygems', (r) => `rubygems_${r.chars(HEX, 48)}`),
  f('nuget-key', 'source-host', 'nuget', (r) => `oy2${r.chars(LOWER + DIGITS, 43)}`),
  f('dockerhub-pat', 'source-host', 'dockerhub', (r) => `dckr_pat_${r.chars(ALNUM + '_-', 27)}`),
  f('artifactory-api-key', 'source-host', 'artifactory', (r) => `AKCp8${r.chars(ALNUM, 68)}`),
  f('terraform-cloud', 'source-host', 'terraform', (r) => `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`),
  f('vault-token', 'source-host', 'vault', (r) => `hvs.CAESI${r.chars(BASE64URL, 86)}`),
  // Messaging
  f('slack-bot', 'messaging', 'slack', (r) => `xoxb-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}`),
  f('slack-user', 'messaging', 'slack', (r) => `xoxp-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(HEX, 32)}`),
  f('slack-webhook', 'messaging', 'slack', (r) => `https://hooks.slack.com/services/T${r.chars(UPPER + DIGITS, 10)}/B${r.chars(UPPER + DIGITS, 10)}/${r.chars(ALNUM, 24)}`),
  f('discord-bot', 'messaging', 'discord', discordBot),
  f('discord-webhook', 'messaging', 'discord', (r) => `https://discord.com/api/webhooks/${r.between(1, 9)}${r.chars(DIGITS, 18)}/${r.chars(ALNUM + '_-', 68)}`),
  f('telegram-bot', 'messaging', 'telegram', (r) => `${r.between(1, 9)}${r.chars(DIGITS, 9)}:AA${r.chars(ALNUM + '_-', 33)}`),
  f('teams-webhook', 'messaging', 'teams', (r) => `https://acme${r.chars(LOWER, 3)}.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.chars(HEX, 32)}/${r.uuid()}`),
  f('twilio-api-key', 'messaging', 'twilio', (r) => `SK${r.chars(HEX, 32)}`),
  f('twilio-auth-token', 'messaging', 'twilio', (r) => r.chars(HEX, 32), { named: true }),
  f('sendgrid', 'messaging', 'sendgrid', (r) => `SG.${r.chars(ALNUM + '_-', 22)}.${r.chars(ALNUM + '_-', 43)}`),
  f('mailgun', 'messaging', 'mailgun', (r) => `key-${r.chars(HEX, 32)}`),
  f('mailgun-private', 'messaging', 'mailgun', (r) => `${r.chars(HEX, 32)}-${r.chars(HEX, 8)}-${r.chars(HEX, 8)}`, { named: true }),
  f('mailchimp', 'messaging', 'mailchimp', (r) => `${r.chars(HEX, 32)}-us${r.between(1, 21)}`),
  // Payments
  f('stripe-secret', 'payments', 'stripe', (r) => `sk_live_${r.chars(ALNUM, 99)}`),
  f('stripe-restricted', 'payments', 'stripe', (r) => `rk_live_${r.chars(ALNUM, 24)}`),
  f('stripe-webhook', 'payments', 'stripe', (r) => `whsec_${r.chars(ALNUM, 32)}`),
  f('square-access', 'payments', 'square', (r) => `EAAA${r.chars(ALNUM + '_-', 60)}`),
  f('square-oauth-secret', 'payments', 'square', (r) => `sq0csp-${r.chars(ALNUM + '_-', 43)}`),
  f('braintree', 'payments', 'braintree', (r) => `access_token$production$${r.chars(LOWER + DIGITS, 16)}$${r.chars(HEX, 32)}`),
  f('paypal-secret', 'payments', 'paypal', (r) => r.chars(ALNUM + '_-', 80), { named: true }),
  f('shopify-access', 'payments', 'shopify', (r) => `shpat_${r.chars(HEX, 32)}`),
  f('shopify-shared-secret', 'payments', 'shopify', (r) => `shpss_${r.chars(HEX, 32)}`),
  f('adyen', 'payments', 'adyen', (r) => `AQE${r.chars(ALNUM, 3)}KXnKY${r.chars(ALNUM, 40)}=-${r.chars(BASE64, 43)}=-${r.chars('!-#%&*+,.0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{}~', 16)}`),
  // AI providers
  f('openai-project', 'ai', 'openai', (r) => `sk-proj-${r.chars(ALNUM + '_-', 74)}T3BlbkFJ${r.chars(ALNUM + '_-', 74)}`),
  f('openai-legacy', 'ai', 'openai', (r) => `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`),
  f('anthropic', 'ai', 'anthropic', (r) => `sk-ant-api03-${r.chars(ALNUM + '_-', 93)}AA`),
  f('gemini', 'ai', 'gemini', (r) => `AIza${r.chars(ALNUM + '_-', 35)}`),
  f('groq', 'ai', 'groq', (r) => `gsk_${r.chars(ALNUM, 52)}`),
  f('huggingface', 'ai', 'huggingface', (r) => `hf_${r.chars(UPPER + LOWER, 34)}`),
  f('cohere', 'ai', 'cohere', (r) => r.chars(ALNUM, 40), { named: true }),
  f('mistral', 'ai', 'mistral', (r) => r.chars(ALNUM, 32), { named: true }),
  f('perplexity', 'ai', 'perplexity', (r) => `pplx-${r.chars(ALNUM, 48)}`),
  f('xai', 'ai', 'xai', (r) => `xai-${r.chars(ALNUM, 80)}`),
  f('replicate', 'ai', 'replicate', (r) => `r8_${r.chars(ALNUM, 37)}`),
  f('deepseek', 'ai', 'deepseek', (r) => `sk-${r.chars(HEX, 32)}`, { named: true }),
  f('openrouter', 'ai', 'openrouter', (r) => `sk-or-v1-${r.chars(HEX, 64)}`),
  // Observability
  f('datadog-api', 'observability', 'datadog', (r) => r.chars(HEX, 32), { named: true }),
  f('datadog-app', 'observability', 'datadog', (r) => r.chars(HEX, 40), { named: true }),
  f('newrelic-user', 'observability', 'newrelic', (r) => `NRAK-${r.chars(UPPER + DIGITS, 27)}`),
  f('newrelic-license', 'observability', 'newrelic', (r) => `${r.chars(HEX, 36)}NRAL`),
  f('sentry-dsn', 'observability', 'sentry', (r) => `https://${r.chars(HEX, 32)}@o${r.chars(DIGITS, 6)}.ingest.sentry.io/${r.chars(DIGITS, 7)}`),
  f('sentry-org-token', 'observability', 'sentry', sentryOrg),
  f('sentry-user-token', 'observability', 'sentry', (r) => `sntryu_${r.chars(HEX, 64)}`),
  f('grafana-cloud', 'observability', 'grafana', grafanaCloud),
  f('grafana-service-account', 'observability', 'grafana', (r) => `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`),
  f('pagerduty', 'observability', 'pagerduty', (r) => `u+${r.chars(ALNUM + '_-', 18)}`, { named: true }),
  // SaaS
  f('atlassian', 'saas', 'atlassian', (r) => `ATATT3xFfGF0${r.chars(ALNUM + '_-', 171)}=${r.chars(HEXU, 8)}`),
  f('linear', 'saas', 'linear', (r) => `lin_api_${r.chars(ALNUM, 40)}`),
  f('notion', 'saas', 'notion', (r) => `ntn_${r.chars(DIGITS, 11)}${r.chars(ALNUM, 35)}`),
  f('figma', 'saas', 'figma', (r) => `figd_${r.chars(ALNUM + '_-', 40)}`),
  f('airtable', 'saas', 'airtable', (r) => `pat${r.chars(ALNUM, 14)}.${r.chars(HEX, 64)}`),
  f('asana', 'saas', 'asana', (r) => `2/${r.chars(DIGITS, 16)}/${r.chars(DIGITS, 16)}:${r.chars(HEX, 32)}`),
  f('okta', 'saas', 'okta', (r) => `00${r.chars(ALNUM + '_-', 40)}`, { named: true }),
  f('auth0', 'saas', 'auth0', (r) => r.chars(ALNUM + '_-', 64), { named: true }),
  f('databricks', 'saas', 'databricks', (r) => `dapi${r.chars(HEX, 32)}`),
  f('snowflake', 'saas', 'snowflake', (r) => r.password(), { named: true }),
  f('doppler', 'saas', 'doppler', (r) => `dp.st.prd.${r.chars(ALNUM, 43)}`),
  f('1password-service-account', 'saas', 'op_service_account', onePassword),
  f('tailscale', 'saas', 'tailscale', (r) => `tskey-auth-k${r.chars(ALNUM, 10)}CNTRL-${r.chars(ALNUM, 33)}`),
  f('postman', 'saas', 'postman', (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`),
  f('cloudant', 'saas', 'cloudant', (r) => r.chars(LOWER + DIGITS, 24), { named: true }),
  // Private keys, tokens, wallets
  f('pem-rsa', 'private-key', 'rsa', pem('RSA PRIVATE KEY', 600, '308204a40201000282010100'), { multiline: true }),
  f('pem-ec', 'private-key', 'ec', pem('EC PRIVATE KEY', 90, '30770201010420'), { multiline: true }),
  f('pem-pkcs8', 'private-key', 'tls', pem('PRIVATE KEY', 600, '308204be020100300d06092a864886f70d0101010500'), { multiline: true }),
  f('pem-encrypted', 'private-key', 'signing', pem('ENCRYPTED PRIVATE KEY', 700, '308205263050'), { multiline: true }),
  f('pem-dsa', 'private-key', 'dsa', pem('DSA PRIVATE KEY', 400, '308201bb020100'), { multiline: true }),
  f('openssh', 'private-key', 'ssh', openssh, { multiline: true }),
  f('putty', 'private-key', 'putty', putty, { multiline: true }),
  f('pgp', 'private-key', 'gpg', pgp, { multiline: true }),
  f('jwk-private', 'private-key', 'jwk', (r) => `{"kty":"EC","crv":"P-256","x":"${r.chars(BASE64URL, 43)}","y":"${r.chars(BASE64URL, 43)}","d":"${r.chars(BASE64URL, 43)}"}`),
  f('pkcs12-base64', 'private-key', 'pfx', (r) => `MIIKSQIBAzCCCg8GCSqGSIb3DQEHAaCCCgAEggn8${r.chars(BASE64, 400)}`),
  f('jwt', 'jwt', 'jwt', jwt),
  f('bitcoin-wif', 'crypto', 'wallet', wif),
  f('bitcoin-xprv', 'crypto', 'wallet', xprv),
  f('ethereum-private-key', 'crypto', 'eth_private', (r) => `0x${r.chars(HEX, 64)}`, { named: true }),
];

/** Values used by other families. */
export { BASE58, dockerAuths };
