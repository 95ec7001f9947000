import type { Checkpoint, SealedTranscript } from './ports.ts';

/** Rows of the audit tables as the audit port returns them: both adapters read the same columns. */

/**
 * A stored transcript row (`audit_transcripts`: time, key_id, iv, tag, data, bytes, truncated) as the
 * audit port returns it; both adapters read the same columns, only the truncated flag's type differs.
 */
export function transcriptFromRow(r: Record<string, unknown>, truncated: boolean): SealedTranscript & { time: string } {
  return {
    time: String(r.time),
    keyId: String(r.key_id),
    iv: Buffer.from(r.iv as Uint8Array),
    tag: Buffer.from(r.tag as Uint8Array),
    data: Buffer.from(r.data as Uint8Array),
    bytes: Number(r.bytes),
    truncated,
  };
}

/** A stored checkpoint row (`audit_checkpoints`: seq, hash, time, kind, key_id, signature). */
export function checkpointFromRow(r: Record<string, unknown>): Checkpoint {
  return {
    seq: Number(r.seq),
    hash: String(r.hash),
    time: String(r.time),
    kind: r.kind === 'anchor' ? 'anchor' : 'checkpoint',
    keyId: String(r.key_id),
    signature: String(r.signature),
  };
}
