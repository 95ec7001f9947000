/**
 * Verification of the audit trail: recomputes the hash chain from its start (genesis or the latest
 * purge anchor), checks every checkpoint's Ed25519 signature and that the chain has the signed hash at
 * the signed position, and reports the FIRST problem with its kind and the event it concerns. Pure:
 * it reads rows (one at a time, from an array or an adapter's batched range) and checkpoints handed to it,
 * so it runs the same on a live store or a copy.
 */
import type { KeyObject } from 'node:crypto';
import type { EventRow } from '../store/ports.ts';
import { canonicalJson } from './canonical-json.ts';
import { chainHash, checkSignature, GENESIS_HASH, keyFingerprint, type Checkpoint } from './chain.ts';

/**
 * modified: an event's content, hash or link was changed; deleted: events are missing; inserted: events
 * were added between others; reordered: events were moved; truncated: the trail ends before a signed
 * checkpoint; checkpoint: a checkpoint's signature is invalid or by an unknown key.
 */
export type TamperKind = 'modified' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'checkpoint';

export interface VerifyProblem {
  kind: TamperKind;
  /** Chain position of the first bad (or first missing) event. */
  seq: number;
  /** Its request id, when the event is there to name. */
  id?: string;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Events checked. */
  events: number;
  /** Where the chain starts (0 = genesis, else the purge anchor's seq). */
  startSeq: number;
  lastSeq: number;
  headHash: string;
  /** Checkpoints whose signature and hash were confirmed. */
  checkpoints: number;
  /** Highest seq covered by a valid checkpoint. */
  signedThrough: number;
  /** Events after the last valid checkpoint: a truncation of these cannot be detected. */
  unsignedTail: number;
  problem?: VerifyProblem;
}

/** How far back `inserted` looks for the event a relinked row points to. */
const WINDOW = 10_000;

/**
 * Verifies `rows` (every stored event, ascending seq) against `checkpoints` with the given public
 * keys (matched by fingerprint).
 */
export async function verifyTrail(rows: Iterable<EventRow> | AsyncIterable<EventRow>, checkpoints: Checkpoint[], publicKeys: KeyObject[]): Promise<VerifyResult> {
  const keys = new Map(publicKeys.map((k) => [keyFingerprint(k), k]));
  const sorted = [...checkpoints].sort((a, b) => a.seq - b.seq);
  const anchor = sorted.filter((c) => c.kind === 'anchor').at(-1);
  const start = anchor ? { seq: anchor.seq, hash: anchor.hash } : { seq: 0, hash: GENESIS_HASH };
  const result: VerifyResult = { ok: true, events: 0, startSeq: start.seq, lastSeq: start.seq, headHash: start.hash, checkpoints: 0, signedThrough: 0, unsignedTail: 0 };
  const fail = (problem: VerifyProblem): VerifyResult => ({ ...result, ok: false, problem });
  const signatureProblem = (cp: Checkpoint): VerifyProblem | undefined => {
    const key = keys.get(cp.keyId);
    if (!key) return { kind: 'checkpoint', seq: cp.seq, detail: `the ${cp.kind} at seq ${cp.seq} is signed by key ${cp.keyId}, which is not among the public keys given` };
    if (!checkSignature(cp, key)) return { kind: 'checkpoint', seq: cp.seq, detail: `the ${cp.kind} at seq ${cp.seq} (${cp.time}) has an invalid signature: it was forged or altered` };
    return undefined;
  };

  if (anchor) {
    const bad = signatureProblem(anchor);
    if (bad) return fail(bad);
    result.checkpoints++;
    result.signedThrough = anchor.seq;
  }
  // Checkpoints at or before the start concern purged events; the anchor was checked above.
  const pending = sorted.filter((c) => c !== anchor && c.seq > start.seq);
  let cpIndex = 0;
  let lastGoodCheckpoint = start.seq;

  let expect = start.seq + 1;
  let prev = start.hash;
  let prevId: string | undefined;
  // Recent rows: hash → seq, and seq → id, to name inserted events.
  const byHash = new Map<string, number>();
  const idBySeq = new Map<number, string>();
  const iterator: Iterator<EventRow> | AsyncIterator<EventRow> = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();

  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const row = next.value;
    if (row.seq <= start.seq) continue; // before the anchor: outside the chain being verified
    const at = { seq: row.seq, id: row.id };

    if (row.seq > expect) {
      return fail({ kind: 'deleted', seq: expect, detail: `events ${range(expect, row.seq - 1)} are missing (between ${prevId ?? 'the start'} and ${row.id})` });
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(row.body);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
      if (canonicalJson(body) !== row.body) throw new Error('not canonical');
    } catch {
      return fail({ ...at, kind: 'modified', detail: `event ${row.id} at seq ${row.seq}: the body is not the canonical JSON of an event (edited)` });
    }
    const bodySeq = body.seq;
    if (bodySeq !== row.seq) {
      if (typeof bodySeq === 'number' && bodySeq > row.seq) {
        // The event at this position belongs later. Is the one that belongs here further down?
        for (let more = await iterator.next(); !more.done; more = await iterator.next()) {
          if (seqOfBody(more.value.body) === row.seq) {
            return fail({ ...at, kind: 'reordered', detail: `event ${row.id} (seq ${bodySeq}) is at position ${row.seq}; the event of seq ${row.seq} (${more.value.id}) is at position ${more.value.seq}` });
          }
        }
        return fail({ kind: 'deleted', seq: row.seq, detail: `events ${range(row.seq, bodySeq - 1)} are missing and the following events were renumbered (next present: ${row.id}, seq ${bodySeq})` });
      }
      if (typeof bodySeq === 'number' && bodySeq < row.seq && bodySeq >= expect - WINDOW && idBySeq.has(bodySeq)) {
        const first = idBySeq.get(bodySeq)!;
        return fail({ kind: 'inserted', seq: bodySeq, id: first, detail: `event ${first} at position ${bodySeq} was inserted: event ${row.id} (seq ${bodySeq}) was pushed to position ${row.seq}` });
      }
      return fail({ ...at, kind: 'modified', detail: `event ${row.id} at position ${row.seq} carries seq ${String(bodySeq)} in its body` });
    }
    if (body.id !== row.id || body.time !== row.time) {
      return fail({ ...at, kind: 'modified', detail: `event at seq ${row.seq}: the id or time column (${row.id}, ${row.time}) differs from the hashed body` });
    }
    if (row.prev_hash !== prev) {
      const linked = byHash.get(row.prev_hash);
      if (linked !== undefined && linked < row.seq - 1) {
        const first = linked + 1;
        return fail({ kind: 'inserted', seq: first, id: idBySeq.get(first), detail: `events ${range(first, row.seq - 1)} were inserted: ${row.id} links to the event at seq ${linked}` });
      }
      return fail({ ...at, kind: 'modified', detail: `event ${row.id} at seq ${row.seq}: its prev_hash does not match the previous event's hash (this link, or the previous event with its hash, was rewritten)` });
    }
    const hash = chainHash(prev, row.body);
    if (hash !== row.hash) {
      return fail({ ...at, kind: 'modified', detail: `event ${row.id} at seq ${row.seq}: content and hash disagree (the body or the hash was edited)` });
    }
    while (cpIndex < pending.length && pending[cpIndex]!.seq <= row.seq) {
      const cp = pending[cpIndex++]!;
      const bad = signatureProblem(cp);
      if (bad) return fail({ ...bad, id: cp.seq === row.seq ? row.id : undefined });
      if (cp.seq < row.seq) continue; // unreachable: seq gaps are reported above
      if (cp.hash !== hash) {
        return fail({
          kind: 'modified',
          seq: lastGoodCheckpoint + 1,
          id: idBySeq.get(lastGoodCheckpoint + 1) ?? (lastGoodCheckpoint + 1 === row.seq ? row.id : undefined),
          detail: `the chain was rewritten after seq ${lastGoodCheckpoint}: the checkpoint signed at ${cp.time} says seq ${cp.seq} has hash ${cp.hash}, the events hash to ${hash}`,
        });
      }
      result.checkpoints++;
      result.signedThrough = cp.seq;
      lastGoodCheckpoint = cp.seq;
    }
    prev = hash;
    prevId = row.id;
    expect = row.seq + 1;
    byHash.set(hash, row.seq);
    idBySeq.set(row.seq, row.id);
    if (idBySeq.size > WINDOW) {
      const old = row.seq - WINDOW;
      idBySeq.delete(old);
    }
    if (byHash.size > WINDOW) byHash.delete(byHash.keys().next().value!);
    result.events++;
    result.lastSeq = row.seq;
    result.headHash = hash;
  }

  for (; cpIndex < pending.length; cpIndex++) {
    const cp = pending[cpIndex]!;
    const bad = signatureProblem(cp);
    if (bad) return fail(bad);
    return fail({
      kind: 'truncated',
      seq: result.lastSeq + 1,
      detail: `the trail ends at seq ${result.lastSeq} but a checkpoint signed at ${cp.time} covers seq ${cp.seq}: events ${range(result.lastSeq + 1, cp.seq)} (at least) were removed`,
    });
  }
  result.unsignedTail = result.lastSeq - Math.max(result.signedThrough, start.seq);
  return result;
}

function seqOfBody(body: string): unknown {
  try {
    return (JSON.parse(body) as { seq?: unknown }).seq;
  } catch {
    return undefined;
  }
}

function range(a: number, b: number): string {
  return a === b ? `seq ${a}` : `seq ${a}-${b}`;
}
