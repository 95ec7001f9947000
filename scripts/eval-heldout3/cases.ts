/**
 * The third held-out set as one list of cases, a pure function of the seed (see ../eval-heldout3.ts).
 */
import { Rng } from './rng.ts';
import { VENDOR_FORMATS, VENDOR_PLACEMENTS } from './vendors.ts';
import { CONFIG_PLACEMENTS } from './config-files.ts';
import { PII_GENERATORS } from './pii.ts';
import { PII_NEGATIVES, SECRET_NEGATIVES } from './negatives.ts';

export interface Case {
  id: string;
  kind: 'positive' | 'negative';
  type: 'secret' | 'pii';
  /** Positives: `vendor:<family>`, `placement`, `pii:<kind>`; negatives: the group. */
  family: string;
  /** Vendor format, placement or PII kind. */
  format: string;
  text: string;
  start: number;
  end: number;
}

export const HELDOUT3_SEED = 31337;
/** Placements in which a name-only (`named`) format is next to its vendor's name and a credential word. */
const NAMED_OK = new Set(['dotenv', 'notebook-cell', 'github-actions-env', 'dockerfile-env', 'ts-const']);

export function generateCases(seed = HELDOUT3_SEED, per = 4): Case[] {
  const r = new Rng(seed);
  const out: Case[] = [];
  const add = (kind: Case['kind'], type: Case['type'], family: string, format: string, text: string, value: string): void => {
    const start = value === '' ? 0 : text.indexOf(value);
    if (start < 0) throw new Error(`${format}: value not in text: ${text.slice(0, 120)}`);
    out.push({ id: `${String(out.length).padStart(4, '0')}-${format}`, kind, type, family, format, text, start, end: value === '' ? text.length : start + value.length });
  };
  for (const f of VENDOR_FORMATS) {
    const pool = f.named === true ? VENDOR_PLACEMENTS.filter((p) => NAMED_OK.has(p.id)) : VENDOR_PLACEMENTS;
    for (let k = 0; k < per; k++) {
      const place = pool[(k + r.int(pool.length)) % pool.length]!;
      const value = f.gen(r);
      add('positive', 'secret', `vendor:${f.family}`, `${f.id}@${place.id}`, place.write(f.name, value, r), value);
    }
  }
  for (const p of CONFIG_PLACEMENTS) {
    for (let k = 0; k < per; k++) {
      const { text, value } = p.make(r);
      add('positive', 'secret', 'placement', p.id, text, value);
    }
  }
  for (const [kind, gen] of PII_GENERATORS) {
    for (let k = 0; k < per * 3; k++) {
      const c = gen(r);
      add('positive', 'pii', `pii:${c.family}`, kind, c.text, c.value);
    }
  }
  for (const [group, gen] of [...SECRET_NEGATIVES, ...PII_NEGATIVES]) {
    for (let k = 0; k < per * 5; k++) add('negative', group.startsWith('pii') ? 'pii' : 'secret', group, group, gen(r), '');
  }
  return out;
}
