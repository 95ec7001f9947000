/**
 * The values the tool-output evaluation plants (../eval-tool-output.ts): ~20 secret kinds and 4 kinds of
 * personal data, each with the variable name a program would print next to it. Formats are public facts
 * (vendor docs); every value is generated here from the seed.
 */
import { AN, B64, B64U, DIG, HX, LAN, Rng, UAN, UP, b64u, luhn, myNumberCheck } from '../eval-heldout3/rng.ts';

export interface Kind {
  id: string;
  type: 'secret' | 'pii';
  /** The name printed next to the value (`NAME=value`). */
  name: string;
  gen(r: Rng): string;
}

function pem(r: Rng, label: string): string {
  const body = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4]), r.bytes(380)]).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

export const KINDS: Kind[] = [
  { id: 'aws-access-key-id', type: 'secret', name: 'AWS_ACCESS_KEY_ID', gen: (r) => 'AKIA' + r.s(UAN.replace(/[0189]/g, ''), 16) },
  { id: 'aws-secret-key', type: 'secret', name: 'AWS_SECRET_ACCESS_KEY', gen: (r) => r.s(B64, 40) },
  { id: 'github-pat', type: 'secret', name: 'GITHUB_TOKEN', gen: (r) => 'ghp_' + r.s(AN, 36) },
  { id: 'github-fine-grained', type: 'secret', name: 'GH_TOKEN', gen: (r) => `github_pat_11${r.s(UAN, 20)}_${r.s(AN, 59)}` },
  { id: 'gitlab-pat', type: 'secret', name: 'GITLAB_TOKEN', gen: (r) => 'glpat-' + r.s(AN + '-_', 20) },
  { id: 'slack-bot', type: 'secret', name: 'SLACK_BOT_TOKEN', gen: (r) => `xoxb-${r.s(DIG, 12)}-${r.s(DIG, 13)}-${r.s(AN, 24)}` },
  { id: 'stripe-live', type: 'secret', name: 'STRIPE_SECRET_KEY', gen: (r) => 'sk_live_' + r.s(AN, 99).slice(0, 24 + r.int(76)) },
  { id: 'openai-project', type: 'secret', name: 'OPENAI_API_KEY', gen: (r) => `sk-proj-${r.s(AN + '-_', 74)}T3BlbkFJ${r.s(AN + '-_', 74)}` },
  { id: 'anthropic', type: 'secret', name: 'ANTHROPIC_API_KEY', gen: (r) => `sk-ant-api03-${r.s(B64U, 93)}AA` },
  { id: 'google-api-key', type: 'secret', name: 'GOOGLE_API_KEY', gen: (r) => 'AIza' + r.s(AN + '-_', 35) },
  { id: 'npm-token', type: 'secret', name: 'NPM_TOKEN', gen: (r) => 'npm_' + r.s(AN, 36) },
  { id: 'sendgrid', type: 'secret', name: 'SENDGRID_API_KEY', gen: (r) => `SG.${r.s(AN + '-_', 22)}.${r.s(AN + '-_', 43)}` },
  { id: 'huggingface', type: 'secret', name: 'HF_TOKEN', gen: (r) => 'hf_' + r.s(UP + UP.toLowerCase(), 34) },
  { id: 'jwt', type: 'secret', name: 'AUTH_TOKEN', gen: (r) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${b64u(JSON.stringify({ sub: r.s(DIG, 8), name: 'svc', iat: 1700000000 + r.int(9e6) }))}.${r.s(B64U, 43)}` },
  { id: 'postgres-url', type: 'secret', name: 'DATABASE_URL', gen: (r) => `postgres://app_${r.s(LAN, 4)}:${r.password()}@db-${r.s(LAN, 6)}.internal:5432/prod` },
  { id: 'password-assign', type: 'secret', name: 'DB_PASSWORD', gen: (r) => r.password() },
  { id: 'pem-private-key', type: 'secret', name: 'TLS_KEY', gen: (r) => pem(r, 'RSA PRIVATE KEY') },
  { id: 'gcp-sa-json', type: 'secret', name: 'GOOGLE_CREDENTIALS', gen: (r) => JSON.stringify({ type: 'service_account', project_id: `proj-${r.s(LAN, 6)}`, private_key_id: r.s(HX, 40), private_key: pem(r, 'PRIVATE KEY') + '\n', client_email: `svc@proj-${r.s(LAN, 6)}.iam.gserviceaccount.com` }) },
  { id: 'twilio-api-key', type: 'secret', name: 'TWILIO_API_KEY', gen: (r) => 'SK' + r.s(HX, 32) },
  { id: 'azure-storage', type: 'secret', name: 'AZURE_STORAGE_CONNECTION_STRING', gen: (r) => `DefaultEndpointsProtocol=https;AccountName=st${r.s(LAN, 8)};AccountKey=${r.s(B64, 86)}==;EndpointSuffix=core.windows.net` },
  { id: 'email', type: 'pii', name: 'CONTACT_EMAIL', gen: (r) => `${r.pick(['taro.yamada', 'hanako.sato', 'j.smith', 'k.tanaka'])}${r.int(99)}@${r.pick(['example-corp.co.jp', 'acme-inc.com', 'mail.sample.jp'])}` },
  { id: 'jp-phone', type: 'pii', name: 'PHONE', gen: (r) => `0${r.pick(['90', '80', '70'])}-${r.s(DIG, 4)}-${r.s(DIG, 4)}` },
  { id: 'jp-my-number', type: 'pii', name: 'MY_NUMBER', gen: (r) => { const e = r.s(DIG, 11); return e + myNumberCheck(e); } },
  { id: 'credit-card', type: 'pii', name: 'CARD_NUMBER', gen: (r) => { const p = '4' + r.s(DIG, 14); const n = p + luhn(p); return `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8, 12)} ${n.slice(12)}`; } },
];
