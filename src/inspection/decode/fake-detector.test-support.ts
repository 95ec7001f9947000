import type { Detector } from '../detector.ts';
import type { Detection } from '../finding.ts';

/** Test-only detector: AWS key ids and Stripe-style live keys, with the value as the whole match. */
export const fakeDetector: Detector = {
  name: 'fake',
  scan(text: string): Detection[] {
    const out: Detection[] = [];
    for (const [re, ruleId] of [
      [/AKIA[0-9A-Z]{16}/g, 'aws-access-token'],
      [/sk_live_[0-9a-zA-Z]{24}/g, 'stripe-live-key'],
    ] as const) {
      for (const m of text.matchAll(re)) {
        const start = m.index;
        const end = start + m[0].length;
        out.push({ type: 'secret', ruleId, confidence: 'high', start, end, valueStart: start, valueEnd: end, value: m[0] });
      }
    }
    return out;
  },
};
