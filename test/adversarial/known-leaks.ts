/**
 * Classes that still leak on this branch, each with why. adversarial.test.ts fails when a class not
 * listed here leaks, and when a listed class no longer leaks: delete its entry when its fix lands, so
 * this list only shrinks. The goal (issue 9) is an empty list.
 *
 * Measured on main at 46be463 (wire, refusals and scaneval merged; numbers: leaking cases / cases;
 * `npm run adversarial` for the tables). docs/security.md has the numbers before those fixes too.
 */

export interface KnownLeak {
  className: string;
  reason: string;
}

const leak = (className: string, reason: string): KnownLeak => ({ className, reason });

export const KNOWN_LEAKS: KnownLeak[] = [
  // Detectors missing on the request path (issue 9 §5); the password-in-JSON gap shows in several classes.
  leak('credential-formats', 'Slack webhook URLs and the unprefixed values of a .env file (a password inside postgres://…@10.0.3.7) have no detector (60/90)'),
  leak('tool-args-write', 'a quoted password inside JSON-encoded tool-call arguments (`DB_PASSWORD = \\"…\\"`) is not recognised, nor webhook/.env values (72/336)'),
  leak('nested-json-args', 'JSON inside a JSON string inside arguments: escaped quotes and newlines hide assignments and PEM bodies (9/48)'),
  leak('thinking-tool-input', 'a quoted password assignment inside JSON (escaped quotes) is not recognised — the tool-args-write gap (5/48)'),
  leak('key-tool-input', 'a quoted password assignment inside JSON (escaped quotes) is not recognised — the tool-args-write gap, here as a tool-input key (4/48)'),
  leak('legacy-function-call', 'a quoted password assignment inside JSON (escaped quotes) is not recognised — the tool-args-write gap (1/16)'),
  leak('base64-json', 'decoded and inspected now; a quoted password assignment inside JSON (escaped quotes) is not recognised — the tool-args-write gap (4/48)'),
  leak('percent-encoded', 'a token right after a percent escape (`%3Dghp_…`) has no word boundary before it, so prefix rules miss it (13/48)'),

  // Strings only: a JSON number is never inspected (passthrough).
  leak('numeric-values', 'JSON numbers are not strings: a My Number or card number written as a number passes on passthrough (10/48)'),

  // Encoded payloads not looked into (§3).
  leak('blob-image-magic', 'base64 whose decoded bytes start like an image is not looked into (48/48)'),
  leak('blob-nul-prefix', 'base64 whose decoded bytes start with NULs is not looked into (48/48)'),

  // Normalisation and the conversation-level view (§3).
  leak('zero-width', 'zero-width characters inside a secret (37/60)'),
  leak('soft-hyphen', 'a soft hyphen inside a secret (30/48)'),
  leak('full-width', 'full-width forms: NFKC is applied for personal data, not for secrets (36/48)'),
  leak('lookalikes', 'Cyrillic / Greek look-alike letters (34/48)'),
  leak('split-3-messages', 'a value split over three user messages (40/48)'),
  leak('split-4-turns', 'a value split over four turns (44/48)'),
];
