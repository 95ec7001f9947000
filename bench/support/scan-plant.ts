/**
 * Plants generated secrets into copies of corpus files at deterministic places and records the ground
 * truth: for every planted value, the file, the span of the characters that carry it (the encoded
 * characters when it is base64 or JSON-escaped: that is what redaction must replace) and its kind.
 * Each plant is a whole inserted line (or block), placed at a line start, in one of three forms:
 * plain in a code/config line, inside a JSON string, or base64 as in a Kubernetes Secret's `data:`.
 */
import type { CorpusFile } from './scan-corpus.ts';
import * as gen from './scan-secrets.ts';
import { createRng, int, pick, type Rng } from './scan-secrets.ts';

export type PlantKind =
  | 'aws-key-id'
  | 'aws-secret-key'
  | 'github-token'
  | 'jwt'
  | 'private-key'
  | 'slack-token'
  | 'stripe-key'
  | 'email'
  | 'jp-phone'
  | 'visa';

export type Encoding = 'plain' | 'json' | 'base64';

export interface Planted {
  file: number;
  start: number;
  end: number;
  kind: PlantKind;
  encoding: Encoding;
}

/** Plants per kind (an AWS plant is a key id + secret key pair: two ground-truth items). */
export const PLANT_COUNTS: ReadonlyArray<readonly [string, number]> = [
  ['aws', 50], ['github-token', 60], ['jwt', 50], ['private-key', 30], ['slack-token', 40],
  ['stripe-key', 40], ['email', 60], ['jp-phone', 60], ['visa', 60],
];

type Piece = string | { kind: PlantKind; value: string; encoding?: Encoding };

/** How a value is written in each form, and the plain-text lines it sits in. */
const PLAIN: Record<string, Array<(v: string) => Piece[]>> = {
  'github-token': [(v) => ['export GITHUB_TOKEN=', v], (v) => ['const token = "', v, '";'], (v) => ['git clone https://', v, '@github.com/acme/deploy-tools.git']],
  jwt: [(v) => ['Authorization: Bearer ', v], (v) => ["session_jwt = '", v, "'"]],
  'private-key': [(v) => [v], (v) => ['SSH_KEY = """', '\n', v, '\n', '"""']],
  'slack-token': [(v) => ['SLACK_BOT_TOKEN=', v], (v) => ["slack_client = WebClient(token='", v, "')"]],
  'stripe-key': [(v) => ['STRIPE_SECRET_KEY=', v], (v) => ['stripe.api_key = "', v, '"']],
  email: [(v) => ['# Maintainer: Taro Yamada <', v, '>'], (v) => ['contact = "', v, '"'], (v) => ['送信先: ', v]],
  'jp-phone': [(v) => ['電話: ', v], (v) => ['TEL ', v], (v) => ['# call ', v, ' if the pager fails']],
  visa: [(v) => ['card_number = "', v, '"'], (v) => ['# test charge with ', v], (v) => ['カード番号: ', v]],
};

const FIELD: Record<string, string> = {
  'github-token': 'GITHUB_TOKEN', jwt: 'SESSION_JWT', 'private-key': 'tls.key', 'slack-token': 'SLACK_BOT_TOKEN',
  'stripe-key': 'STRIPE_SECRET_KEY', email: 'owner_email', 'jp-phone': 'phone', visa: 'card_number',
};

function generate(kind: string, rng: Rng): string {
  switch (kind) {
    case 'github-token': return gen.githubToken(rng);
    case 'jwt': return gen.jwt(rng);
    case 'private-key': return gen.pemBlock(rng);
    case 'slack-token': return gen.slackToken(rng);
    case 'stripe-key': return gen.stripeKey(rng);
    case 'email': return gen.email(rng);
    case 'jp-phone': return gen.japanesePhone(rng);
    default: return gen.visaNumber(rng);
  }
}

/** The lines of one plant, as pieces (literal text and values). */
function plantPieces(kind: string, encoding: Encoding, rng: Rng): Piece[] {
  const value = (k: PlantKind, v: string): Piece => ({ kind: k, value: v });
  if (kind === 'aws') {
    const id = gen.awsKeyId(rng);
    const secret = gen.awsSecretKey(rng);
    if (encoding === 'json') return ['{"AccessKeyId": "', value('aws-key-id', id), '", "SecretAccessKey": "', value('aws-secret-key', secret), '", "Expiration": "2026-12-01T00:00:00Z"}'];
    if (encoding === 'base64') return ['  AWS_ACCESS_KEY_ID: ', value('aws-key-id', b64(id)), '\n  AWS_SECRET_ACCESS_KEY: ', value('aws-secret-key', b64(secret))];
    return pick(rng, [
      (): Piece[] => ['aws_access_key_id = ', value('aws-key-id', id), '\naws_secret_access_key = ', value('aws-secret-key', secret)],
      (): Piece[] => ['AWS_ACCESS_KEY_ID="', value('aws-key-id', id), '"\nAWS_SECRET_ACCESS_KEY="', value('aws-secret-key', secret), '"'],
      (): Piece[] => ["  credentials: { accessKeyId: '", value('aws-key-id', id), "', secretAccessKey: '", value('aws-secret-key', secret), "' },"],
    ])();
  }
  const k = kind as PlantKind;
  const v = generate(kind, rng);
  if (encoding === 'json') return [`{"name": "svc-${int(rng, 1, 99)}", "${FIELD[kind]}": "`, value(k, JSON.stringify(v).slice(1, -1)), '"}'];
  if (encoding === 'base64') return [`  ${FIELD[kind]}: `, value(k, b64(v))];
  const template = pick(rng, PLAIN[kind] ?? []);
  return template(v).map((p) => (p === v ? value(k, v) : p));
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

export interface PlantedCorpus {
  /** Texts by file index: the planted copy where something was planted, else the clean text. */
  texts: string[];
  truth: Planted[];
}

/** Plants `PLANT_COUNTS` into `files` (uniform over characters, snapped to line starts), seeded. */
export function plantCorpus(files: CorpusFile[], seed: number): PlantedCorpus {
  const rng = createRng(seed);
  const cumulative: number[] = [];
  let total = 0;
  for (const f of files) cumulative.push((total += f.text.length));
  const plants: Array<{ file: number; at: number; pieces: Piece[] }> = [];
  for (const [kind, count] of PLANT_COUNTS) {
    for (let i = 0; i < count; i++) {
      const r = rng();
      const encoding: Encoding = r < 0.6 ? 'plain' : r < 0.8 ? 'json' : 'base64';
      const pieces = plantPieces(kind, encoding, rng);
      const pos = Math.floor(rng() * total);
      const file = upperBound(cumulative, pos);
      const text = (files[file] as CorpusFile).text;
      const local = pos - (file === 0 ? 0 : (cumulative[file - 1] as number));
      const nl = text.indexOf('\n', local);
      plants.push({ file, at: nl === -1 ? text.length : nl + 1, pieces: pieces.map((p) => (typeof p === 'string' ? p : { ...p, encoding })) });
    }
  }
  const texts = files.map((f) => f.text);
  const truth: Planted[] = [];
  const byFile = new Map<number, typeof plants>();
  for (const p of plants) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.at - b.at);
    const clean = texts[file] as string;
    let out = '';
    let from = 0;
    for (const plant of list) {
      out += clean.slice(from, plant.at);
      if (out.length > 0 && !out.endsWith('\n')) out += '\n'; // a file without a final newline
      from = plant.at;
      for (const piece of plant.pieces) {
        if (typeof piece === 'string') {
          out += piece;
        } else {
          truth.push({ file, start: out.length, end: out.length + piece.value.length, kind: piece.kind, encoding: piece.encoding ?? 'plain' });
          out += piece.value;
        }
      }
      out += '\n';
    }
    texts[file] = out + clean.slice(from);
  }
  truth.sort((a, b) => a.file - b.file || a.start - b.start);
  return { texts, truth };
}

/** Index of the first cumulative end above `pos`. */
function upperBound(ends: number[], pos: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] as number) > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
