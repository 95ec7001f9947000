/**
 * The case matrix, generated from data: every attack class × the protocols it applies to × stream and
 * non-stream × passthrough and translation × the two enforcement setups, each with planted values of
 * rotating core kinds (every kind for the `all` and `extra` classes), each value fresh and unique to its case.
 */
import { CLASSES, type AttackClass } from './classes.ts';
import { CORE_KINDS, EXTRA_KINDS, KINDS, kindNamed, seeded, type Planted } from './planted.ts';
import type { Api, CaseInput, RequestSpec } from './wire.ts';

export type Route = 'passthrough' | 'translation';
export type Setup = 'policy' | 'redact-mode';

export const SETUPS: Setup[] = ['policy', 'redact-mode'];

/** Model prefixes routed to each backend (gateways.ts); the backend's dialect decides passthrough or translation. */
export const BACKEND_MODELS = { messages: 'to-anthropic', chat: 'to-chat', responses: 'to-responses' } as const;

/** Which backend serves each client API, by route: translation pairs cover every renderer once. */
const ROUTES: Record<Api, Partial<Record<Route, keyof typeof BACKEND_MODELS>>> = {
  messages: { passthrough: 'messages', translation: 'chat' },
  chat: { passthrough: 'chat', translation: 'responses' },
  responses: { passthrough: 'responses', translation: 'messages' },
  completions: { passthrough: 'chat' },
  embeddings: { passthrough: 'chat' },
};

export interface Case {
  id: number;
  className: string;
  group: AttackClass['group'];
  api: Api;
  stream: boolean;
  route: Route;
  setup: Setup;
  kind: string;
  nonce: string;
  planted: Planted;
  spec: RequestSpec;
  /** Run as a three-turn conversation (round-trip.ts). */
  roundTrip: boolean;
}

/** Planted kinds per axis combination for classes over the core kinds (they rotate, so each class meets each kind). */
const KINDS_PER_AXIS = 2;

export function nonceOf(id: number): string {
  return `case-${id}-z`;
}
export const NONCE_RE = /case-(\d+)-z/g;

export function buildMatrix(filter: (c: AttackClass) => boolean = () => true): Case[] {
  const cases: Case[] = [];
  for (const cls of CLASSES) {
    if (!filter(cls)) continue;
    // Where the kind rotation starts: from the name, so adding a class does not reshuffle the others.
    const offset = [...cls.name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
    let axis = 0;
    for (const api of cls.apis) {
      for (const stream of api === 'embeddings' || cls.stream === false ? [false] : [false, true]) {
        for (const route of ['passthrough', 'translation'] as Route[]) {
          const backend = ROUTES[api][route];
          if (backend === undefined || (route === 'translation' && cls.translation === false)) continue;
          for (const setup of SETUPS) {
            const pool = Array.isArray(cls.kinds) ? cls.kinds.map(kindNamed) : CORE_KINDS;
            const kinds = cls.kinds === 'all' ? KINDS : cls.kinds === 'extra' ? EXTRA_KINDS : Array.from({ length: Math.min(KINDS_PER_AXIS, pool.length) }, (_, j) => pool[(offset + axis * KINDS_PER_AXIS + j) % pool.length]!);
            axis++;
            for (const kind of kinds) {
              const id = cases.length;
              const planted = kind.make(seeded(0x5e15 + id * 7919));
              const nonce = nonceOf(id);
              const input: CaseInput = { api, stream, model: BACKEND_MODELS[backend], nonce, planted };
              cases.push({ id, className: cls.name, group: cls.group, api, stream, route, setup, kind: kind.name, nonce, planted, spec: cls.build(input), roundTrip: cls.roundTrip === true });
            }
          }
        }
      }
    }
  }
  return cases;
}
