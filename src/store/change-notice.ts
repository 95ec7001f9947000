import type { ChangeKind, ChangeNotice, InstanceReport } from './ports.ts';

/** The kinds of change the feed carries (store/ports.ts `ChangeKind`). */
export const CHANGE_KINDS: readonly ChangeKind[] = ['policy', 'keys', 'index'];

/** Every kind at epoch 0, then the stored ones (unknown kinds ignored, unreadable values 0). */
export function epochsFrom(entries: Iterable<[string, unknown]>): Record<ChangeKind, number> {
  const out: Record<ChangeKind, number> = { policy: 0, keys: 0, index: 0 };
  for (const [kind, value] of entries) {
    const n = Number(value);
    if ((CHANGE_KINDS as readonly string[]).includes(kind) && Number.isSafeInteger(n) && n >= 0) out[kind as ChangeKind] = n;
  }
  return out;
}

/** A broadcast message read back; undefined when it is not one (another writer on the channel). */
export function parseNotice(text: string): ChangeNotice | undefined {
  try {
    const v = JSON.parse(text) as Partial<ChangeNotice>;
    if (typeof v.kind !== 'string' || !(CHANGE_KINDS as readonly string[]).includes(v.kind)) return undefined;
    if (typeof v.epoch !== 'number' || !Number.isSafeInteger(v.epoch) || typeof v.from !== 'string') return undefined;
    return { kind: v.kind, epoch: v.epoch, from: v.from };
  } catch {
    return undefined;
  }
}

/** A stored report read back; undefined when unreadable or older than `ttlMs` at `now`. */
export function liveReport(text: string, ttlMs: number, now: number): InstanceReport | undefined {
  try {
    const r = JSON.parse(text) as InstanceReport;
    if (typeof r.instance !== 'string' || typeof r.at !== 'string') return undefined;
    const at = Date.parse(r.at);
    return Number.isFinite(at) && now - at <= ttlMs ? r : undefined;
  } catch {
    return undefined;
  }
}
