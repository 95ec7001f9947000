/**
 * Classes that still leak on this branch, each with why. adversarial.test.ts fails when a class not
 * listed here leaks, and when a listed class no longer leaks: delete its entry when its fix lands, so
 * this list only shrinks. The goal (issue 9) is an empty list.
 *
 * Measured on main at b25aa4f (wire, refusals, scaneval, normalize, context merged; numbers: leaking
 * cases / cases; `npm run adversarial` for the tables). docs/security.md has the earlier numbers too.
 */

export interface KnownLeak {
  className: string;
  reason: string;
}

// Empty since the fixes of issue 9 landed, until the red team's split classes (docs/security.md, "Classes
// added by the red team"). A class added here needs its reason.
export const KNOWN_LEAKS: KnownLeak[] = [
  {
    className: 'split-interleaved-sides',
    reason:
      'a value cut into a user piece, an assistant piece and a user piece with an unrelated user message between: ' +
      'no joined view (all text, per side, per kind) follows that order (inspector.ts joinedViews); a documented limit',
  },
  {
    className: 'split-parallel-tool-calls',
    reason:
      "a value cut over the arguments of three tool calls: Anthropic tool_use input is scanned as its JSON text, so " +
      'the pieces are separated by `"}` / `{"file_path":…` and no joined run glues them; Chat/Responses arguments likewise',
  },
];
