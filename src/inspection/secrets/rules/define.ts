import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';

/**
 * Builds one of Sekisho's built-in rules. Defaults: confidence `medium`, `keywordInMatch: true` (see
 * `RuleSpec.keywordInMatch`: every match spells one of the keywords, as the keyword gate folds case —
 * set it to false for a rule where that does not hold), tag `sekisho`.
 *
 * Conventions for every built-in rule (rules/*.ts, one file per family):
 * - a stable id `sekisho-<vendor>-<kind>`; never renamed once shipped (policy and baselines name it);
 * - a one-line description naming the credential, no value;
 * - keywords for the Aho–Corasick prefilter: distinctive, lower case, as short as stays selective;
 * - the value in a capture group when the match includes context (a name, a prefix that is not secret);
 * - `confidence`: high = distinctive prefix plus a checksum or structure we verify (or a prefix so
 *   long and specific that nothing else has it), medium = keyword + assignment + entropy, low = shape only;
 * - a positive and a near-miss negative example in the family's `*.examples.ts` (rules/examples.test.ts
 *   fails for a rule without them).
 */
export function rule(id: string, description: string, regex: string, keywords: string[], extra: Partial<RuleSpec> = {}): RuleSpec {
  return { id, description, regex, keywords, secretGroup: 0, entropy: 0, tags: ['sekisho'], allowlists: [], confidence: 'medium', keywordInMatch: true, ...extra };
}

/**
 * What sits between a name and its value in the syntaxes code and config use: an optional closing quote
 * of the name, then `=`, `:=`, `:`, `=>` or `,` (a call's next argument, `os.getenv("X", "…")`), then an
 * optional opening quote. Spaces and tabs only: a rule built on it stays line-local (see re2-pattern.ts).
 */
/**
 * A type annotation between a name and `=` in typed code: Go's `var apiKey string = …`, TypeScript's
 * `API_KEY: string = …`, Rust's `const KEY: &str = …`, Kotlin's `val key: String = …`, C#'s `string[]`.
 */
const TYPE = String.raw`(?:[ \t]{0,4}:[ \t]{0,4}&?(?:'static[ \t]{1,4})?|[ \t]{1,4})[A-Za-z_][0-9A-Za-z_.]{0,40}(?:\[\])?\??[ \t]{0,4}(?:=|:=)`;
const ASSIGN = String.raw`\\?["']?(?:${TYPE}|[ \t]{0,4}(?:[?+.|]?=|:{1,3}=|:|=>|,))[ \t]{0,4}\\?["'\x60]?`;
/**
 * A vendor's name and its credential word written as words in prose or a test fixture's label
 * (`cloudflare token: …`, `Use this ibm cloud key …`, `mailgun token - '…'`): the value follows after
 * blanks, or a dash or arrow between blanks, possibly quoted.
 */
const PROSE_ASSIGN = String.raw`[ \t]{1,4}(?:-{1,2}>?[ \t]{1,4})?\\?["'\x60]?`;

/**
 * A vendor credential without a prefix of its own (a 32-hex key, a UUID): found only when assigned to a
 * name that spells the vendor, e.g. `DATADOG_API_KEY=…`, `"twilio_auth_token": "…"`, `-H 'DD-API-KEY: …'`.
 * `name` is a regex fragment matched case-insensitively inside the name; `value` is the value's exact
 * shape (case-sensitive), which must end where the token ends. The name must also contain a credential
 * word (key, token, secret, …) after the vendor's. Medium confidence and an entropy gate of
 * 2.5 bits per character by default (NAMED_ENTROPY), so a run of one or two characters does not count.
 */
export function named(id: string, description: string, name: string, value: string, keywords: string[], extra: Partial<RuleSpec> & { anyName?: boolean } = {}): RuleSpec {
  const { anyName, ...spec } = extra;
  // The name must also say it holds a credential (`DATADOG_API_KEY`, not `DATADOG_SITE`; `GITHUB_TOKEN`,
  // not `GITHUB_SHA`, whose value has a token's shape), unless `anyName` (the name is the credential's own).
  const cred = anyName === true ? '' : CREDENTIAL_WORD;
  // Name parts are bounded (64 characters each) so that, with a bounded value, a match lies within
  // NAMED_REACH of its keyword and the engine need not read the rest of a long line.
  // Between the vendor and the credential word: name characters, or up to two blank-separated words
  // (`ibm cloud key`, `Datadog API key`).
  const regex = String.raw`(?i:[0-9a-z_.-]*(?:${name})(?:[0-9a-z_.-]*|(?:[ \t][0-9a-z_.-]{1,24}){0,2}[ \t]?)${cred}[0-9a-z_.-]*)(?:${ASSIGN}|${PROSE_ASSIGN})(${value})(?:[^0-9A-Za-z_+/\n-]|(?m:$))`;
  return rule(id, description, regex, keywords, { entropy: NAMED_ENTROPY, ...(unbounded(value) ? {} : { reach: NAMED_REACH }), ...spec });
}

/**
 * Entropy gate of a named rule (bits per character, strictly above): the vendor's name, a credential
 * word and the value's exact shape are the evidence; the gate only removes runs of one or two characters
 * (`0000…`, `abab…`, `xxxx…`). Repeated short groups such as a test suite's `abcd1234abcd1234…` (3.0)
 * are still reported, as other scanners' suites expect.
 */
const NAMED_ENTROPY = 2.5;

/** Words that mark a name as holding a credential. */
const CREDENTIAL_WORD = '(?:key|token|secret|pass|pwd|auth|pat|credential|sig)';

/** A prefixed token: `\b` + the pattern as the captured value + a boundary where the token's alphabet ends. */
export function prefixed(id: string, description: string, pattern: string, keywords: string[], extra: Partial<RuleSpec> = {}): RuleSpec {
  return rule(id, description, String.raw`\b(${pattern})(?:[^0-9A-Za-z_\n-]|(?m:$))`, keywords, { confidence: 'high', entropy: PLACEHOLDER_ENTROPY, ...(unbounded(pattern) ? {} : { reach: PREFIXED_REACH }), ...extra });
}

/**
 * Reach of a named rule with a bounded value: three name parts of at most 64 characters, the vendor and
 * credential words, the assignment (at most 12) and a value of at most 208 (the longest bounded value
 * shape among the named rules) — 512 leaves room.
 */
const NAMED_REACH = 512;
/** Reach of a prefixed rule with a bounded pattern: the longest such token (Cloudflare's Origin CA key) is 176. */
const PREFIXED_REACH = 256;

/** True when a pattern can match without bound (`*`, `+` or `{n,}` outside a character class). */
function unbounded(pattern: string): boolean {
  return /[*+]|,\}/.test(pattern.replace(/\[(?:\\.|[^\]\\])*\]/g, ''));
}

/**
 * A prefixed token whose whole value (prefix included) has at most this Shannon entropy is a placeholder
 * (`sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`, `ghp_XXXX…`, `AKIAXXXXXXXXXXXXXXXX`), not a credential: random
 * bodies of these formats measure well above 3.5.
 */
export const PLACEHOLDER_ENTROPY = 3;

/**
 * Keywords for a token whose own structure is verified (a checksum, an id inside it, an exact layout)
 * but which has no prefix to gate on: the words a line uses when it handles a credential — `key=…`,
 * `using credential …`, `Authorization: Bearer …`, `DISCORD_TOKEN=…`. With them such a token is found
 * wherever it is passed around as a credential, not only next to its vendor's name. Each such rule also
 * has a `lineFilter` for its own shape, so the common words cost a native regex test, not the RE2 engine.
 */
export const CREDENTIAL_CONTEXT = ['key=', 'key:', 'key"', "key'", 'token', 'secret', 'credential', 'auth', 'pass', 'bearer'];
/**
 * The keywords of every rule gated by `CREDENTIAL_CONTEXT`, with their vendors' own words: one keyword
 * set, so the engine computes the windows around these very common words once for all of them (with a
 * set each, the windows were computed per rule: a third of the secret rules' time on source code).
 */
/**
 * Where such a rule looks: on the line of one of those keywords, within 256 characters of it (the
 * engine's line-only windows, `keywordInMatch` + `reach`; here the keyword is beside the match rather
 * than in it). A token with its credential word lines away is not found this way — only next to its
 * vendor's own name when that is a keyword on its line.
 */
export const ON_A_CREDENTIAL_LINE = { keywordInMatch: true, reach: 256 } as const;
export const STRUCTURED_TOKEN_KEYWORDS = [...CREDENTIAL_CONTEXT, 'discord', 'twilio', 'wif=', 'wif:', 'wif"', "wif'", 'wif ', 'wif_', '_wif', 'privkey', 'bitcoin', 'btc', 'wallet'];
/**
 * A `refine` for a token known by its shape: `near` when the vendor's name (`name`) is within 256
 * characters of the match (the same line or the lines around it), else `otherwise`.
 */
export function nearName(name: RegExp, near: Confidence, otherwise: Confidence): (input: RefineInput) => Confidence {
  return ({ text, start, end }) => (name.test(text.slice(Math.max(0, start - 256), end + 256)) ? near : otherwise);
}
/** Value shapes shared by several rules. */
export const HEX32 = '[0-9a-f]{32}';
export const HEX40 = '[0-9a-f]{40}';
export const HEX64 = '[0-9a-f]{64}';
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
