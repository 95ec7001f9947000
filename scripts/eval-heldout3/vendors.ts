/**
 * Vendor token formats of the third held-out set: prefixes, lengths, alphabets and structure as vendors
 * document them and as other scanners' suites exercise them (trufflehog detectors, Nosey Parker and
 * Kingfisher rules, gitleaks, secretlint, detect-secrets). Facts only: every value is generated here at
 * random in the format; no test string of another project is copied. `named` = the format has no prefix
 * of its own and is only a credential next to its vendor's name.
 */
import { AN, B32, B64, B64U, DIG, HX, HXU, LAN, LO, UAN, UP, b64, b64u, type Rng } from './rng.ts';

export interface VendorFormat {
  id: string;
  family: string;
  /** Words people use in the variable name (`ADAFRUIT_IO_KEY`). */
  name: string;
  named?: boolean;
  gen(r: Rng): string;
}

const v = (id: string, family: string, name: string, gen: (r: Rng) => string, named = false): VendorFormat => ({ id, family, name, gen, ...(named ? { named } : {}) });

function crc32(s: string): number {
  let c = ~0;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function base62(n: number, width: number): string {
  let out = '';
  const A = DIG + UP + LO;
  while (n > 0) {
    out = A[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}
/** BIP-173 bech32 of 8-bit data (age keys, nsec): hrp + '1' + 5-bit groups + 6-character checksum. */
function bech32(hrp: string, data: Uint8Array): string {
  const CH = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      words.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) words.push((acc << (5 - bits)) & 31);
  const polymod = (vs: number[]): number => {
    const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let chk = 1;
    for (const x of vs) {
      const top = chk >> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ x;
      for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= G[i]!;
    }
    return chk;
  };
  const hrpx = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = polymod([...hrpx, ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = [0, 1, 2, 3, 4, 5].map((i) => (mod >> (5 * (5 - i))) & 31);
  return `${hrp}1${[...words, ...check].map((w) => CH[w]).join('')}`;
}
/** GitHub's token layout: prefix + 30 base62 + CRC32 of those 30 in 6 base62 characters. */
const gh = (prefix: string) => (r: Rng): string => {
  const body = r.s(AN, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
};

export const VENDOR_FORMATS: VendorFormat[] = [
  // Source hosts, registries, CI.
  v('github-pat', 'source-host', 'github', gh('ghp_')),
  v('github-oauth', 'source-host', 'github', gh('gho_')),
  v('github-app-install', 'source-host', 'github', gh('ghs_')),
  v('github-refresh', 'source-host', 'github', gh('ghr_')),
  v('github-fine-grained', 'source-host', 'github', (r) => `github_pat_11${r.s(UAN, 20)}_${r.s(AN, 59)}`),
  v('gitlab-pat', 'source-host', 'gitlab', (r) => `glpat-${r.s(AN + '_-', 20)}`),
  v('gitlab-deploy', 'source-host', 'gitlab', (r) => `gldt-${r.s(AN + '_-', 20)}`),
  v('gitlab-runner', 'source-host', 'gitlab', (r) => `glrt-${r.s(AN + '_-', 20)}`),
  v('gitlab-trigger', 'source-host', 'gitlab', (r) => `glptt-${r.s(HX, 40)}`),
  v('bitbucket-app-password', 'source-host', 'bitbucket', (r) => `ATBB${r.s(AN, 28)}${r.s(HXU, 8)}`),
  v('npm-token', 'source-host', 'npm', (r) => `npm_${r.s(AN, 36)}`),
  v('pypi-token', 'source-host', 'pypi', (r) => `pypi-AgEIcHlwaS5vcmc${r.s(B64U, r.range(60, 120))}`),
  v('rubygems-key', 'source-host', 'rubygems', (r) => `rubygems_${r.s(HX, 48)}`),
  v('nuget-key', 'source-host', 'nuget', (r) => `oy2${r.s(LAN, 43)}`),
  v('dockerhub-pat', 'source-host', 'docker', (r) => `dckr_pat_${r.s(AN + '_-', 27)}`),
  v('crates-io-token', 'source-host', 'cargo', (r) => `cio${r.s(AN, 32)}`),
  v('clojars-token', 'source-host', 'clojars', (r) => `CLOJARS_${r.s(LAN, 60)}`),
  v('terraform-cloud', 'source-host', 'terraform', (r) => `${r.s(AN, 14)}.atlasv1.${r.s(AN, 67)}`),
  v('vault-service', 'source-host', 'vault', (r) => `hvs.${r.s(AN + '_-', 92)}`),
  v('vault-batch', 'source-host', 'vault', (r) => `hvb.${r.s(AN + '_-', 138)}`),
  v('pulumi-token', 'source-host', 'pulumi', (r) => `pul-${r.s(HX, 40)}`),
  v('buildkite-token', 'source-host', 'buildkite', (r) => `bkua_${r.s(HX, 40)}`),
  v('sonar-token', 'source-host', 'sonar', (r) => `${r.pick(['sqp_', 'squ_', 'sqa_'])}${r.s(HX, 40)}`),
  v('dbt-cloud-token', 'source-host', 'dbt', (r) => `dbtc_${r.s(B64U, 40)}`),
  v('dependency-track-key', 'source-host', 'dependency_track', (r) => `odt_${r.s(AN, 32)}`),
  // A reference token is base64 of `reftkn:01:<expiry>:<random>` (48 bytes, 64 characters).
  v('jfrog-reference', 'source-host', 'artifactory', (r) => b64(`reftkn:01:${r.s(DIG, 10)}:${r.s(AN, 27)}`)),
  v('octopus-key', 'source-host', 'octopus', (r) => `API-${r.s(UAN, 26)}`),
  v('scalingo-token', 'source-host', 'scalingo', (r) => `tk-us-${r.s(AN + '_-', 48)}`),
  v('ionic-token', 'source-host', 'ionic', (r) => `ion_${r.s(AN, 42)}`),
  v('teamcity-token', 'source-host', 'teamcity', (r) => `eyJ0eXAiOiAiVENWMiJ9.${r.s(AN + '_-', 36)}.${r.s(AN + '_-', 48)}`),
  v('sidekiq-secret', 'source-host', 'contribsys', (r) => `${r.s(HX, 8)}:${r.s(HX, 8)}`, true),
  // Cloud and hosting.
  v('aws-access-key', 'cloud', 'aws', (r) => `${r.pick(['AKIA', 'ASIA', 'ABIA', 'ACCA'])}${r.s(UP + '234567', 16)}`),
  v('aws-secret-key', 'cloud', 'aws_secret_access', (r) => r.s(AN + '+/', 40), true),
  v('gcp-api-key', 'cloud', 'google', (r) => `AIza${r.s(AN + '_-', 35)}`),
  v('gcp-oauth-secret', 'cloud', 'google', (r) => `GOCSPX-${r.s(AN + '_-', 28)}`),
  v('azure-entra-secret', 'cloud', 'azure', (r) => `${r.s(AN, 3)}8Q~${r.s(AN + '_.~-', 34)}`),
  v('alibaba-key-id', 'cloud', 'alibaba', (r) => `LTAI${r.s(AN, r.pick([12, 16, 20]))}`),
  v('tencent-secret-id', 'cloud', 'tencent', (r) => `AKID${r.s(AN, 32)}`),
  v('digitalocean-pat', 'cloud', 'digitalocean', (r) => `${r.pick(['dop_v1_', 'doo_v1_', 'dor_v1_'])}${r.s(HX, 64)}`),
  v('heroku-new', 'cloud', 'heroku', (r) => `HRKU-AA${r.s(AN + '_-', 58)}`),
  v('fly-token', 'cloud', 'fly', (r) => `fo1_${r.s(AN + '_-', 43)}`),
  v('netlify-pat', 'cloud', 'netlify', (r) => `nfp_${r.s(AN, 36)}`),
  v('vercel-token', 'cloud', 'vercel', (r) => `${r.pick(['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'])}${r.s(AN, 56)}`),
  v('render-key', 'cloud', 'render', (r) => `rnd_${r.s(AN, 32)}`),
  v('supabase-pat', 'cloud', 'supabase', (r) => `sbp_${r.s(HX, 40)}`),
  v('neon-key', 'cloud', 'neon', (r) => `napi_${r.s(LAN, 64)}`),
  v('planetscale-token', 'cloud', 'planetscale', (r) => `${r.pick(['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'])}${r.s(AN + '_-', 43)}`),
  v('linode-token', 'cloud', 'linode', (r) => r.s(HX, 64), true),
  v('hetzner-token', 'cloud', 'hcloud', (r) => r.s(AN, 64), true),
  v('cloudflare-api-token', 'cloud', 'cloudflare', (r) => r.s(AN + '_-', 40), true),
  v('cloudflare-origin-ca', 'cloud', 'cloudflare', (r) => `v1.0-${r.s(HX, 24)}-${r.s(HX, 146)}`),
  v('scaleway-secret', 'cloud', 'scaleway', (r) => r.uuid(), true),
  v('ibm-cloud-key', 'cloud', 'ibm_cloud', (r) => r.s(AN + '_-', 44), true),
  v('defined-networking', 'cloud', 'dnclient', (r) => `dnkey-${r.s(UAN, 26)}-${r.s(UAN, 52)}`),
  v('aiven-token', 'cloud', 'aiven', (r) => `AVNU_${r.s(B64, 372)}`),
  // Messaging and mail.
  v('slack-bot', 'messaging', 'slack', (r) => `xoxb-${r.s(DIG, 12)}-${r.s(DIG, 13)}-${r.s(AN, 24)}`),
  v('slack-user', 'messaging', 'slack', (r) => `xoxp-${r.s(DIG, 12)}-${r.s(DIG, 12)}-${r.s(DIG, 13)}-${r.s(HX, 32)}`),
  v('slack-app', 'messaging', 'slack', (r) => `xapp-1-A${r.s(UAN, 10)}-${r.s(DIG, 13)}-${r.s(HX, 64)}`),
  v('slack-webhook', 'messaging', 'slack', (r) => `https://hooks.slack.com/services/T${r.s(UAN, 10)}/B${r.s(UAN, 10)}/${r.s(AN, 24)}`),
  v('discord-webhook', 'messaging', 'discord', (r) => `https://discord.com/api/webhooks/${r.s(DIG, 19)}/${r.s(AN + '_-', 68)}`),
  v('discord-bot', 'messaging', 'discord', (r) => `${b64(String(r.range(1, 9)) + r.s(DIG, 17)).replace(/=+$/, '')}.${r.s(AN + '_-', 6)}.${r.s(AN + '_-', 38)}`),
  v('telegram-bot', 'messaging', 'telegram', (r) => `${r.s(DIG, r.range(9, 10))}:AA${r.s(AN + '_-', 33)}`),
  v('sendgrid-key', 'messaging', 'sendgrid', (r) => `SG.${r.s(AN + '_-', 22)}.${r.s(AN + '_-', 43)}`),
  v('mailgun-key', 'messaging', 'mailgun', (r) => `key-${r.s(HX, 32)}`),
  v('mailchimp-key', 'messaging', 'mailchimp', (r) => `${r.s(HX, 32)}-us${r.range(1, 21)}`),
  v('twilio-api-key', 'messaging', 'twilio', (r) => `SK${r.s(HX, 32)}`),
  v('twilio-auth-token', 'messaging', 'twilio', (r) => r.s(HX, 32), true),
  v('teams-webhook', 'messaging', 'teams', (r) => `https://${r.s(LO, 8)}.webhook.office.com/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${r.s(HX, 32)}/${r.uuid()}`),
  v('postmark-token', 'messaging', 'postmark', (r) => r.uuid(), true),
  v('resend-key', 'messaging', 'resend', (r) => `re_${r.s(AN, 8)}_${r.s(AN, 24)}`),
  v('brevo-key', 'messaging', 'brevo', (r) => `xkeysib-${r.s(HX, 64)}-${r.s(AN, 16)}`),
  // Payments.
  v('stripe-secret', 'payments', 'stripe', (r) => `${r.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r.s(AN, r.pick([24, 99]))}`),
  v('stripe-webhook', 'payments', 'stripe', (r) => `whsec_${r.s(AN, 32)}`),
  v('shopify-token', 'payments', 'shopify', (r) => `${r.pick(['shpat_', 'shpca_', 'shppa_', 'shpss_'])}${r.s(HX, 32)}`),
  v('square-token', 'payments', 'square', (r) => (r.int(2) === 0 ? `EAAA${r.s(AN + '_-', 60)}` : `sq0atp-${r.s(AN + '_-', 22)}`)),
  v('braintree-token', 'payments', 'braintree', (r) => `access_token$production$${r.s(LAN, 16)}$${r.s(HX, 32)}`),
  v('flutterwave-key', 'payments', 'flutterwave', (r) => `FLWSECK-${r.s(HX, 32)}-X`),
  v('razorpay-key', 'payments', 'razorpay', (r) => `rzp_live_${r.s(AN, 14)}`),
  v('lob-key', 'payments', 'lob', (r) => `live_${r.s(HX, 35)}`, true),
  // AI providers.
  v('openai-project', 'ai', 'openai', (r) => `sk-proj-${r.s(AN + '_-', 124)}T3BlbkFJ${r.s(AN + '_-', 32)}`),
  v('openai-svcacct', 'ai', 'openai', (r) => `sk-svcacct-${r.s(AN + '_-', 58)}T3BlbkFJ${r.s(AN + '_-', 58)}`),
  v('openai-admin', 'ai', 'openai', (r) => `sk-admin-${r.s(AN + '_-', 58)}T3BlbkFJ${r.s(AN + '_-', 58)}`),
  v('anthropic-key', 'ai', 'anthropic', (r) => `sk-ant-api03-${r.s(AN + '_-', 93)}AA`),
  v('anthropic-admin', 'ai', 'anthropic', (r) => `sk-ant-admin01-${r.s(AN + '_-', 93)}AA`),
  v('huggingface-token', 'ai', 'huggingface', (r) => `hf_${r.s(UP + LO, 34)}`),
  v('groq-key', 'ai', 'groq', (r) => `gsk_${r.s(AN, 52)}`),
  v('replicate-token', 'ai', 'replicate', (r) => `r8_${r.s(AN, 37)}`),
  v('perplexity-key', 'ai', 'perplexity', (r) => `pplx-${r.s(AN, 48)}`),
  v('xai-key', 'ai', 'xai', (r) => `xai-${r.s(AN, 80)}`),
  v('openrouter-key', 'ai', 'openrouter', (r) => `sk-or-v1-${r.s(HX, 64)}`),
  v('deepseek-key', 'ai', 'deepseek', (r) => `sk-${r.s(HX, 32)}`, true),
  v('mistral-key', 'ai', 'mistral', (r) => r.s(AN, 32), true),
  v('cohere-key', 'ai', 'cohere', (r) => r.s(AN, 40), true),
  v('langsmith-key', 'ai', 'langsmith', (r) => `${r.pick(['lsv2_pt_', 'lsv2_sk_'])}${r.s(HX, 32)}_${r.s(HX, 10)}`),
  v('pinecone-key', 'ai', 'pinecone', (r) => `pcsk_${r.s(AN, 5)}_${r.s(AN, 63)}`),
  // Observability.
  v('datadog-api-key', 'observability', 'datadog', (r) => r.s(HX, 32), true),
  v('newrelic-user-key', 'observability', 'newrelic', (r) => `NRAK-${r.s(UAN, 27)}`),
  v('newrelic-insights', 'observability', 'newrelic', (r) => `NRII-${r.s(AN + '_-', 32)}`),
  v('sentry-dsn', 'observability', 'sentry', (r) => `https://${r.s(HX, 32)}@o${r.s(DIG, 6)}.ingest.sentry.io/${r.s(DIG, 7)}`),
  v('sentry-user-token', 'observability', 'sentry', (r) => `sntryu_${r.s(HX, 64)}`),
  v('grafana-sa-token', 'observability', 'grafana', (r) => `glsa_${r.s(AN, 32)}_${r.s(HX, 8)}`),
  v('grafana-cloud', 'observability', 'grafana', (r) => `glc_eyJ${r.s(AN, 80)}${r.pick(['', '=', '=='])}`),
  v('dynatrace-token', 'observability', 'dynatrace', (r) => `dt0c01.${r.s(UAN, 24)}.${r.s(UAN, 64)}`),
  v('pagerduty-key', 'observability', 'pagerduty', (r) => `u+${r.s(AN + '_-', 18)}`, true),
  v('honeycomb-key', 'observability', 'honeycomb', (r) => r.s(AN, 22), true),
  v('maxmind-license', 'observability', 'maxmind', (r) => `${r.s(AN, 6)}_${r.s(AN, 29)}_mmk`),
  // SaaS.
  v('atlassian-token', 'saas', 'jira', (r) => `ATATT3xFfGF0${r.s(AN + '_-', 170)}=${r.s(HXU, 8)}`),
  v('linear-key', 'saas', 'linear', (r) => `lin_api_${r.s(AN, 40)}`),
  v('notion-token', 'saas', 'notion', (r) => `ntn_${r.s(DIG, 11)}${r.s(AN, 35)}`),
  v('figma-token', 'saas', 'figma', (r) => `figd_${r.s(AN + '_-', 40)}`),
  v('airtable-pat', 'saas', 'airtable', (r) => `pat${r.s(AN, 14)}.${r.s(HX, 64)}`),
  v('hubspot-pat', 'saas', 'hubspot', (r) => `pat-${r.pick(['na1', 'eu1'])}-${r.uuid()}`),
  v('okta-token', 'saas', 'okta', (r) => `00${r.s(AN + '_-', 40)}`, true),
  v('databricks-token', 'saas', 'databricks', (r) => `dapi${r.s(HX, 32)}`),
  v('postman-key', 'saas', 'postman', (r) => `PMAK-${r.s(HX, 24)}-${r.s(HX, 34)}`),
  v('tailscale-key', 'saas', 'tailscale', (r) => `tskey-${r.pick(['auth', 'api', 'client'])}-${r.s(AN, 17)}-${r.s(AN, 33)}`),
  v('doppler-token', 'saas', 'doppler', (r) => `dp.${r.pick(['pt', 'st', 'sa'])}.${r.s(AN, 43)}`),
  v('mapbox-secret', 'saas', 'mapbox', (r) => `sk.eyJ${r.s(AN, 60)}.${r.s(AN + '_-', 22)}`),
  v('contentful-pat', 'saas', 'contentful', (r) => `CFPAT-${r.s(AN + '_-', 43)}`),
  v('adafruit-io-key', 'saas', 'adafruit', (r) => `aio_${r.s(AN, 28)}`),
  v('adobe-client-secret', 'saas', 'adobe', (r) => `p8e-${r.s(AN, 32)}`),
  v('pangea-token', 'saas', 'pangea', (r) => `pts_${r.s(B32.toLowerCase(), 32)}`),
  v('settlemint-token', 'saas', 'settlemint', (r) => `${r.pick(['sm_pat_', 'sm_aat_', 'sm_sat_'])}${r.s(AN, 16)}`),
  v('zuplo-key', 'saas', 'zuplo', (r) => `zpka_${r.s(HX, 32)}_${r.s(HX, 8)}`),
  v('intra42-secret', 'saas', 'intra', (r) => `s-s4t2${r.pick(['ud', 'af'])}-${r.s(HX, 64)}`),
  v('ngrok-authtoken', 'saas', 'ngrok', (r) => `${r.range(1, 2)}${r.s(AN, 26)}_${r.s(AN, 21)}`, true),
  v('kubernetes-bootstrap', 'saas', 'kubeadm', (r) => `${r.s(LAN, 6)}.${r.s(LAN, 16)}`, true),
  v('wireguard-private-key', 'saas', 'wireguard', (r) => b64(r.bytes(32)), true),
  v('age-secret-key', 'saas', 'age', (r) => bech32('age-secret-key-', r.bytes(32)).toUpperCase()),
  v('1password-secret-key', 'saas', 'onepassword', (r) => `A3-${r.s(UAN, 6)}-${r.s(UAN, 6)}-${r.s(UAN, 5)}-${r.s(UAN, 5)}-${r.s(UAN, 5)}-${r.s(UAN, 5)}`),
  v('jwt', 'saas', 'jwt', (r) => `${b64u(JSON.stringify({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' }))}.${b64u(JSON.stringify({ sub: r.s(DIG, 8), iat: 1700000000 + r.int(1e7), scope: 'read write' }))}.${r.s(B64U, 43)}`),
];

/** Placements of a vendor token: the shapes files, commands and prose put it in. */
export const VENDOR_PLACEMENTS: Array<{ id: string; write(name: string, value: string, r: Rng): string }> = [
  { id: 'dotenv', write: (n, v) => `${n.toUpperCase()}_TOKEN=${v}` },
  { id: 'yaml', write: (n, v) => `${n}:\n  api_key: "${v}"\n  region: eu-west-1` },
  { id: 'json', write: (n, v) => `{"${n}": {"token": "${v}", "retries": 3}}` },
  { id: 'python-kwarg', write: (n, v) => `client = ${n.replace(/[^a-z]/gi, '')}.Client(api_key="${v}", timeout=30)` },
  { id: 'ts-const', write: (n, v) => `const ${n.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}Key = '${v}';` },
  { id: 'notebook-cell', write: (n, v) => `{"cell_type": "code", "metadata": {}, "source": ["import os\\n", "os.environ[\\"${n.toUpperCase()}_API_KEY\\"] = \\"${v}\\"\\n"]}` },
  { id: 'terraform', write: (n, v) => `provider "${n}" {\n  api_token = "${v}"\n}` },
  { id: 'github-actions-env', write: (n, v) => `    env:\n      ${n.toUpperCase()}_SECRET: ${v}` },
  { id: 'curl-header', write: (n, v) => `curl -s -H "Authorization: Bearer ${v}" https://api.${n.replace(/_/g, '')}.example/v1/me` },
  { id: 'markdown-prose', write: (n, v) => `Rotate this ${n} token asap: \`${v}\` (leaked in #ops)` },
  { id: 'log-line', write: (n, v) => `2026-03-02T10:11:12Z DEBUG ${n} client init token=${v} user=svc` },
  { id: 'dockerfile-env', write: (n, v) => `ENV ${n.toUpperCase()}_API_KEY=${v}` },
];
