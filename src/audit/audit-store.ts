/**
 * The audit trail's storage is the `AuditPort` (store/ports.ts; adapters in store/sqlite/ and
 * store/postgres/). This module re-exports its row types under their old names and chains events:
 * `appendEvent` hands the port the one function that links a new event to the head it holds.
 */
import type { AuditEvent } from './audit-event.ts';
import type { AuditPort, ChainedEvent, ChainHead, EventRow, SealedTranscript } from '../store/ports.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash } from './chain.ts';

export type { AuditPort, ChainHead, EventQuery, EventRow } from '../store/ports.ts';

/** The chain link of `event` after `head`: the body carries seq = head.seq + 1, hashed after head.hash. */
export function linkEvent(event: AuditEvent, head: ChainHead): ChainedEvent {
  const body = canonicalJson({ ...event, seq: head.seq + 1 });
  return { body, hash: chainHash(head.hash, body) };
}

/** Appends `event` at the end of the chain, atomically (head read and append in one port operation). */
export function appendEvent(port: AuditPort, event: AuditEvent, transcript?: SealedTranscript): Promise<EventRow> {
  return port.append(event, (head) => linkEvent(event, head), transcript);
}
