import type { Detection } from './finding.ts';

/**
 * One family of detection over plain strings. Implementations must be pure and synchronous, run in
 * time linear in the input (a crafted prompt must not stall the gateway), and throw only on their own
 * bugs — the inspection stage turns a throw into a blocked request (fail closed).
 */
export interface Detector {
  /** e.g. `secrets`, `pii`, `dictionary`. */
  readonly name: string;
  scan(text: string): Detection[];
}
