/**
 * A fixed, deterministic detector for pipeline tests: every match of `pattern` (a global RegExp) is a
 * high-confidence finding of `type`/`ruleId` whose value is the whole match. Tests that exercise the
 * gateway (redaction, policy, audit) use it so that detection quality is not what they measure.
 */
import type { Detector } from '../../src/inspection/detector.ts';
import type { Detection, FindingType, OwnCodeSource } from '../../src/inspection/finding.ts';

export function patternDetector(name: string, type: FindingType, ruleId: string, pattern: RegExp, ownCode?: OwnCodeSource): Detector {
  if (!pattern.global) throw new Error('patternDetector needs a global RegExp');
  return {
    name,
    scan(text) {
      const out: Detection[] = [];
      for (const m of text.matchAll(pattern)) {
        const end = m.index + m[0].length;
        const detection: Detection = { type, ruleId, confidence: 'high', start: m.index, end, valueStart: m.index, valueEnd: end, value: m[0] };
        if (ownCode) detection.ownCode = { ...ownCode };
        out.push(detection);
      }
      return out;
    },
  };
}
