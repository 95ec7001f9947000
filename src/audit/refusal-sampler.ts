/**
 * Bounds how many refusals of one kind the audit trail records per minute. Anyone can make the gateway
 * refuse a request — with no credential, a random key, a malformed body — and each refusal would
 * otherwise append a signed, chained event: an unauthenticated flood would grow the trail without
 * bound. Requests that reached policy (allowed, redacted, rerouted, blocked, or refused after policy
 * decided: the event carries `policy`) are never sampled: trail.ts only asks about the others.
 *
 * Refusals are grouped by what the gateway refused (the error code) and who the caller claimed to be
 * (the presented principal's id). In each group the first `perMinute` refusals of a clock minute are
 * recorded; later ones are counted, and the next recorded refusal of the group carries that count
 * (`suppressed`), so the trail still says how many there were. Groups are bounded: past `maxGroups`
 * (a flood of random credentials) further callers share one group per code, whose count goes with the
 * next recorded refusal of that code.
 */
export interface SampleVerdict {
  record: boolean;
  /** Refusals of this group not recorded since its last recorded one (set when `record`). */
  suppressed: number;
}

interface Group {
  minute: number;
  recorded: number;
  suppressed: number;
}

export class RefusalSampler {
  readonly #perMinute: number;
  readonly #maxGroups: number;
  readonly #groups = new Map<string, Group>();

  /** `perMinute` 0 = record every refusal. */
  constructor(perMinute: number, maxGroups = 10_000) {
    this.#perMinute = perMinute;
    this.#maxGroups = maxGroups;
  }

  admit(code: string, principalId: string, nowMs: number = Date.now()): SampleVerdict {
    if (this.#perMinute <= 0) return { record: true, suppressed: 0 };
    const minute = Math.floor(nowMs / 60_000);
    let key = `${code}\0${principalId}`;
    let group = this.#groups.get(key);
    if (!group) {
      if (this.#groups.size >= this.#maxGroups) this.#sweep(minute);
      if (this.#groups.size >= this.#maxGroups) {
        key = `${code}\0*`;
        group = this.#groups.get(key);
      }
      if (!group) {
        group = { minute, recorded: 0, suppressed: 0 };
        this.#groups.set(key, group);
      }
    }
    if (group.minute !== minute) {
      group.minute = minute;
      group.recorded = 0;
    }
    if (group.recorded >= this.#perMinute) {
      group.suppressed++;
      return { record: false, suppressed: 0 };
    }
    group.recorded++;
    let suppressed = group.suppressed;
    group.suppressed = 0;
    // The shared group's count goes with the next recorded refusal of its code, whoever made it.
    const shared = this.#groups.get(`${code}\0*`);
    if (shared && shared !== group) {
      suppressed += shared.suppressed;
      shared.suppressed = 0;
    }
    return { record: true, suppressed };
  }

  /** Drops groups with nothing pending from earlier minutes. */
  #sweep(minute: number): void {
    for (const [key, g] of this.#groups) if (g.minute < minute && g.suppressed === 0) this.#groups.delete(key);
  }

  /** Groups holding suppressed refusals that no recorded event has reported yet: total count. */
  pending(): number {
    let n = 0;
    for (const g of this.#groups.values()) n += g.suppressed;
    return n;
  }
}
