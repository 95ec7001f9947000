import { seededRandom } from '../fixtures/prose.ts';

/**
 * Planted values: fabricated credentials and personal data in their real formats, a fresh one for every
 * case (a seeded generator, so runs are repeatable). Each value is unique to its case, which is what lets
 * the suite tell which case a value found at the backend came from.
 *
 * A kind gives the text a developer would paste (`text`, possibly several lines), a one-line ASCII form
 * for places that cannot hold newlines or non-ASCII (header values, names, ids, keys: `inline`), and the
 * `needles`: the parts whose presence at the backend, in any encoding, means the value leaked.
 */

export interface Planted {
  kind: string;
  text: string;
  inline: string;
  needles: string[];
}

export interface PlantedKind {
  name: string;
  /** Core kinds have long-standing detectors: structural classes rotate over them, so a leak there is the class's fault. */
  core: boolean;
  make(rng: Rng): Planted;
}

export type Rng = () => number;

/** The fixtures' seeded generator (mulberry32), enough for fabricating values. */
export const seeded: (seed: number) => Rng = seededRandom;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const BASE64 = ALNUM + '+/';

function pick(rng: Rng, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/** Random, but with at least one upper, lower and digit (real keys have all three; shape checks want them). */
function mixed(rng: Rng, alphabet: string, n: number): string {
  for (;;) {
    const s = pick(rng, alphabet, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

// CRC-32 (IEEE) and base62, as GitHub tokens carry them in their last six characters.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function base62(n: number, width: number): string {
  const digits = DIGITS + UPPER + LOWER;
  let out = '';
  let v = n;
  do {
    out = digits[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

const b64url = (s: string): string => Buffer.from(s).toString('base64url');

/** A 12-digit Japanese Individual Number with a valid check digit. */
function myNumber(rng: Rng): string {
  const body = pick(rng, DIGITS, 11);
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(body[11 - n]);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return body + String(r <= 1 ? 0 : 11 - r);
}

function luhnCard(rng: Rng): string {
  const body = '4' + pick(rng, DIGITS, 14);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export const KINDS: PlantedKind[] = [
  {
    name: 'aws-key-pair',
    core: true,
    make(rng) {
      const id = 'AKIA' + pick(rng, UPPER + '234567', 16);
      const secret = mixed(rng, BASE64, 40);
      return {
        kind: this.name,
        text: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`,
        inline: `aws_access_key_id=${id} aws_secret_access_key=${secret}`,
        needles: [id, secret],
      };
    },
  },
  {
    name: 'github-token',
    core: true,
    make(rng) {
      const body = mixed(rng, ALNUM, 30);
      const token = `ghp_${body}${base62(crc32(body), 6)}`;
      return { kind: this.name, text: `export GITHUB_TOKEN=${token}`, inline: `GITHUB_TOKEN=${token}`, needles: [token] };
    },
  },
  {
    name: 'anthropic-key',
    core: true,
    make(rng) {
      const key = `sk-ant-api03-${mixed(rng, ALNUM + '-_', 93)}AA`;
      return { kind: this.name, text: `ANTHROPIC_API_KEY=${key}`, inline: `ANTHROPIC_API_KEY=${key}`, needles: [key] };
    },
  },
  {
    name: 'openai-key',
    core: true,
    make(rng) {
      const key = `sk-proj-${mixed(rng, ALNUM, 48)}T3BlbkFJ${mixed(rng, ALNUM, 48)}`;
      return { kind: this.name, text: `OPENAI_API_KEY="${key}"`, inline: `OPENAI_API_KEY=${key}`, needles: [key] };
    },
  },
  {
    name: 'pem-private-key',
    core: true,
    make(rng) {
      const lines = ['MIIEowIBAAKCAQEA' + mixed(rng, BASE64, 48), ...Array.from({ length: 6 }, () => mixed(rng, BASE64, 64)), mixed(rng, BASE64, 28) + '=='];
      const text = ['-----BEGIN RSA PRIVATE KEY-----', ...lines, '-----END RSA PRIVATE KEY-----'].join('\n');
      return { kind: this.name, text, inline: text.replaceAll('\n', ' '), needles: [lines[2]!, lines[5]!] };
    },
  },
  {
    name: 'jwt',
    core: true,
    make(rng) {
      const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const payload = b64url(JSON.stringify({ sub: pick(rng, DIGITS, 10), name: 'Hanako Yamada', iat: 1765000000 + Math.floor(rng() * 1e6) }));
      const signature = mixed(rng, ALNUM + '-_', 43);
      const token = `${header}.${payload}.${signature}`;
      return { kind: this.name, text: `Authorization: Bearer ${token}`, inline: `Bearer ${token}`, needles: [signature] };
    },
  },
  {
    name: 'slack-token',
    core: true,
    make(rng) {
      const token = `xoxb-${pick(rng, DIGITS, 12)}-${pick(rng, DIGITS, 13)}-${mixed(rng, ALNUM, 24)}`;
      return { kind: this.name, text: `SLACK_BOT_TOKEN=${token}`, inline: `SLACK_BOT_TOKEN=${token}`, needles: [token] };
    },
  },
  {
    name: 'jp-my-number',
    core: true,
    make(rng) {
      const n = myNumber(rng);
      return { kind: this.name, text: `申請者のマイナンバー：${n}`, inline: `My Number: ${n}`, needles: [n] };
    },
  },
  {
    name: 'jp-phone',
    core: true,
    make(rng) {
      const phone = `090-${pick(rng, DIGITS, 4)}-${pick(rng, DIGITS, 4)}`;
      return { kind: this.name, text: `顧客の電話番号は${phone}です。`, inline: `phone: ${phone}`, needles: [phone] };
    },
  },
  {
    name: 'slack-webhook',
    core: false,
    make(rng) {
      const secret = mixed(rng, ALNUM, 24);
      const url = `https://hooks.slack.com/services/T${pick(rng, UPPER + DIGITS, 10)}/B${pick(rng, UPPER + DIGITS, 10)}/${secret}`;
      return { kind: this.name, text: `SLACK_WEBHOOK_URL=${url}`, inline: `SLACK_WEBHOOK_URL=${url}`, needles: [secret] };
    },
  },
  {
    name: 'postgres-url',
    core: false,
    make(rng) {
      const password = mixed(rng, ALNUM, 20);
      const url = `postgresql://app_user:${password}@db.internal:5432/orders`;
      return { kind: this.name, text: `DATABASE_URL=${url}`, inline: `DATABASE_URL=${url}`, needles: [password] };
    },
  },
  {
    name: 'password-assignment',
    core: true,
    make(rng) {
      const password = mixed(rng, ALNUM, 18);
      return { kind: this.name, text: `DB_PASSWORD = "${password}"`, inline: `DB_PASSWORD="${password}"`, needles: [password] };
    },
  },
  {
    name: 'dotenv-file',
    core: false,
    make(rng) {
      const db = mixed(rng, ALNUM, 20);
      const stripe = `sk_live_${mixed(rng, ALNUM, 32)}`;
      const aws = mixed(rng, BASE64, 40);
      const session = mixed(rng, ALNUM, 32);
      const text = [
        'NODE_ENV=production',
        `DATABASE_URL=postgres://orders:${db}@10.0.3.7:5432/orders`,
        `STRIPE_SECRET_KEY=${stripe}`,
        `AWS_SECRET_ACCESS_KEY=${aws}`,
        `SESSION_SECRET="${session}"`,
        '',
      ].join('\n');
      return { kind: this.name, text, inline: text.trim().replaceAll('\n', ' '), needles: [db, stripe, aws, session] };
    },
  },
  {
    // A hand-typed-looking password (lower case and digits) inside a docstring: `sekisho scan` reports
    // such documentation examples at low, the gateway must not (policies act on `confidence: medium`).
    name: 'docstring-password',
    core: false,
    make(rng) {
      const password = pick(rng, LOWER, 7) + pick(rng, DIGITS, 3) + pick(rng, LOWER, 4);
      const text = `def connect():\n    """Open the database.\n\n    >>> db_password = "${password}"\n    """\n`;
      return { kind: this.name, text, inline: `/** db_password = "${password}" */`, needles: [password] };
    },
  },
  {
    name: 'credit-card',
    core: true,
    make(rng) {
      const card = luhnCard(rng);
      return { kind: this.name, text: `Card on file: ${card}, exp 12/29`, inline: `card ${card}`, needles: [card] };
    },
  },
];

export const CORE_KINDS = KINDS.filter((k) => k.core);
/** Formats whose detectors are new on the request path (credential URLs, webhooks, whole files). */
export const EXTRA_KINDS = KINDS.filter((k) => !k.core);

export function kindNamed(name: string): PlantedKind {
  const kind = KINDS.find((k) => k.name === name);
  if (kind === undefined) throw new Error(`unknown planted kind ${name}`);
  return kind;
}
