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

const leak = (className: string, reason: string): KnownLeak => ({ className, reason });

export const KNOWN_LEAKS: KnownLeak[] = [
  // Detection on the request path.
  leak('plain-text', 'one quoted password assignment in plain text (`DB_PASSWORD = "V97d5Mo2DSyGOlTwNG"`, case 42, Responses stream) is not reported: a control regression to look at (1/60)'),
  leak('credential-formats', 'Slack webhook URLs have no detector; one .env value (30+/90)'),
  leak('percent-encoded', 'a token right after a percent escape (`%3Dghp_…`, `%3Dxoxb-…`, `%3Dsk-ant-…`) has no word boundary before it (13/48)'),
  // Strings only.
  leak('numeric-values', 'JSON numbers are not strings: a My Number written as a number passes on passthrough (10/48)'),
  // The conversation-level view.
  leak('split-4-turns', 'a value split over four user turns with assistant turns between them (22/48)'),
];
