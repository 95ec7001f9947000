import type { SealedTranscript } from './ports.ts';

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
