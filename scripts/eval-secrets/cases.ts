/**
 * The whole evaluation set for one seed: every credential format in several realistic files, the
 * context families, negatives, and personal data. Pure function of the seed (and the counts).
 */
import { Random } from './random.ts';
import { FORMATS, type Family } from './formats.ts';
import { BARE, MULTI, SINGLE, names, type Placed } from './placements.ts';
import { assignmentCases, authHeaderCases, credentialFileCases } from './context-cases.ts';
import { negativeCases } from './negatives.ts';
import { piiCases } from './pii-cases.ts';

export interface Case {
  id: string;
  kind: 'positive' | 'negative';
  /** Which detector type should (positive) or must not (negative) report it. */
  type: 'secret' | 'pii';
  family: Family | 'negative' | 'pii';
  format: string;
  placement: string;
  fileName: string;
  text: string;
  /** UTF-16 span of the value as written in `text`. */
  start: number;
  end: number;
  /** The value itself (for positives: what the generator made). */
  value: string;
}

export interface SetOptions {
  seed: number;
  /** Placements per credential format. */
  perFormat: number;
}

export const DEFAULT_SEED = 20261207;

export function generateSet(options: SetOptions): Case[] {
  const r = new Random(options.seed);
  const cases: Case[] = [];
  const add = (c: Omit<Case, 'id' | 'start' | 'end'> & { written: string }): void => {
    const start = c.text.indexOf(c.written);
    if (start < 0 || c.written === '') throw new Error(`${c.format}/${c.placement}: the written value is not in the file`);
    const { written, ...rest } = c;
    cases.push({ ...rest, id: `${String(cases.length).padStart(4, '0')}-${c.format}-${c.placement}`, start, end: start + written.length });
  };
  const single = Object.keys(SINGLE);
  const bare = Object.keys(BARE);
  const multi = Object.keys(MULTI);
  for (const format of FORMATS) {
    const n = names(format.name);
    const options_ = format.multiline === true ? multi : format.context === true ? single : [...single, ...bare];
    // Each format gets `perFormat` distinct placements, drawn without replacement (wrapping when fewer).
    const order = shuffle(r, options_);
    for (let i = 0; i < options_.length && i < options.perFormat; i++) {
      const placement = order[i]!;
      const value = format.gen(r);
      let placed: Omit<Placed, 'placement'>;
      if (format.multiline === true) placed = MULTI[placement]!(n, value, r);
      else if (placement in SINGLE) placed = SINGLE[placement]!(n, value, r);
      else placed = BARE[placement]!(value, r);
      if (format.id === 'gcp-service-account' && placement === 'json-escaped') placed = serviceAccount(r, value);
      add({ kind: 'positive', type: 'secret', family: format.family, format: format.id, placement, value, ...placed });
    }
  }
  const per = Math.max(1, Math.round(options.perFormat / 2));
  for (const c of [...assignmentCases(r, per), ...authHeaderCases(r, per + 1), ...credentialFileCases(r, per)]) {
    add({ kind: 'positive', type: 'secret', family: c.family, format: c.format, placement: c.fileName, fileName: c.fileName, text: c.text, value: c.value, written: c.written });
  }
  for (const c of negativeCases(r, per)) add({ kind: 'negative', type: 'secret', family: 'negative', format: c.format, placement: c.fileName, fileName: c.fileName, text: c.text, value: c.written, written: c.written });
  for (const c of piiCases(r, options.perFormat)) add({ kind: c.kind, type: 'pii', family: 'pii', format: c.format, placement: c.fileName, fileName: c.fileName, text: c.text, value: c.written, written: c.written });
  return cases;
}

/** A Google service-account key file around a generated private key. */
function serviceAccount(r: Random, key: string): Omit<Placed, 'placement'> {
  const project = `acme-${r.chars('abcdefghijklmnopqrstuvwxyz', 6)}-${r.chars('0123456789', 6)}`;
  const doc = {
    type: 'service_account',
    project_id: project,
    private_key_id: r.chars('0123456789abcdef', 40),
    private_key: `${key}\n`,
    client_email: `deployer@${project}.iam.gserviceaccount.com`,
    client_id: r.chars('0123456789', 21),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  return { fileName: `${project}-sa.json`, text: JSON.stringify(doc, null, 2) + '\n', written: JSON.stringify(key).slice(1, -1) };
}

/** Fisher–Yates with the seeded source. */
function shuffle<T>(r: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
