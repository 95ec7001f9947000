import type { Backend } from './backend.ts';

/** One place a request may be sent: a backend and the model name to ask it for. */
export interface Candidate {
  backend: Backend;
  model: string;
  /** `primary` targets are balanced; `fallback` ones are tried in order after them. */
  role: 'primary' | 'fallback';
}
