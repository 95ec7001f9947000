/**
 * Values that stand where a secret would go but are not one: templates (`${DB_PASSWORD}`, `{{ secret }}`,
 * `%(password)s`), masks (`****`, `xxxx`), instructions (`<your-api-key>`, `changeme`), empty words
 * (`null`, `None`), and code (`os.getenv(…)`, `process.env.TOKEN`). Why a shared module: every context
 * rule asks the same question of its value, and a placeholder reported as a secret teaches people to
 * ignore the scanner.
 */

/** Words that, alone or joined with each other and short digits, make a value a stand-in. */
const STAND_IN_WORDS = new Set([
  'changeme', 'change', 'changeit', 'me', 'it', 'your', 'yours', 'my', 'our', 'the', 'a', 'an', 'here', 'goes', 'put', 'insert',
  'enter', 'replace', 'with', 'fill', 'in', 'set', 'to', 'todo', 'fixme', 'tbd', 'xxx', 'password', 'passwd', 'pass', 'pwd',
  'secret', 'secrets', 'token', 'key', 'api', 'apikey', 'access', 'private', 'client', 'auth', 'value', 'values', 'example',
  'examples', 'sample', 'dummy', 'fake', 'mock', 'test', 'testing', 'tests', 'demo', 'placeholder', 'redacted', 'removed',
  'hidden', 'masked', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'empty', 'blank', 'default', 'string', 'str',
  'foo', 'bar', 'baz', 'qux', 'user', 'username', 'admin', 'root', 'guest', 'login', 'db', 'database', 'local', 'dev',
  'development', 'prod', 'production', 'staging', 'my_secret', 'some', 'random', 'generated', 'new', 'old', 'is', 'not',
  'real', 'abc', 'abcd', 'abcdef', 'xyz', 'qwerty', 'letmein', 'welcome', 'hello', 'world', 'ignored', 'unused', 'na', 'n',
  'a', 'required', 'optional', 'bearer', 'basic', 'id', 'name', 'env', 'var', 'variable', 'config', 'app', 'service',
  'server', 'host', 'pat', 'jwt', 'sk', 'pk', 'supersecret', 'topsecret', 'mysecret', 'mypassword', 'yourpassword',
]);

/** A value that starts a template, an interpolation, or a reference into a secret store. */
const TEMPLATE = /^(?:urn:|\$|%\(|%[a-z_]*%|%s$|\{|<|\[|#\{|@[A-Za-z_]+@|ENC\[|vault:|!vault|secret:|ref\+|arn:|env\.|secrets\.)/i;
/**
 * Template or interpolation anywhere in the value: a whole `${NAME}` / `${NAME:-default}` / `{{ … }}` /
 * `#{…}` / `$(…)` / `%(name)s`, not any `${` or `{{` — a generated password holds braces and dollars too
 * (`m{{h}o)p${e]nob(ody…}}` is no template).
 */
const TEMPLATE_INSIDE = /\$\{\{?[\w.:?|/' "-]*\}|\{\{[^{}]*\}\}|\$\([\w .-]*\)|%\([\w.-]+\)|#\{[\w.:@ "'\[\]-]*\}|<[^>]*>|%s|\{[0-9]?\}/;
/** Masks: runs of the characters people use to hide a value. */
const MASK = /x{4,}|\*{3,}|•{3,}|\.{3,}|#{4,}|_{4,}|0{8,}|(?:ab){4,}|(?:12){4,}|1234567890|abcdefgh/i;
/** Dotted identifier paths (`process.env.TOKEN`, `settings.SECRET_KEY`, `self._password`). */
const DOTTED_PATH = /^[A-Za-z_$#][\w$#]*(?:\??\.[A-Za-z_$#][\w$#]*)+$/;
/**
 * A version: `1.2`, `v2`, `v1.4.0-beta.2`, `2.0.0-rc1+build.7`. Numbers and dots, then at most a
 * pre-release or build suffix of words and numbers. Not "v and a digit, then anything": generated
 * passwords start with `v7…` too (`V97d5Mo2DSyGOlTwNG` was once taken for a version).
 */
const VERSION = /^(?:[0-9]+(?:\.[0-9]+)+|v[0-9]+(?:\.[0-9]+)*)(?:[-+][A-Za-z]+(?:[.-]?[0-9]+)*)*$/i;
/**
 * Sekisho's own redaction placeholder (redaction/placeholder.ts: `REDACTED_<RULE>_<10 hex>`), whole: a
 * client resends it where the model wrote it (`DEPLOY_TOKEN=REDACTED_…` in a Write tool call), and a
 * value the gateway put there itself is no secret. Only the exact shape: anything longer or different
 * is judged as usual (`redacted` words alone stay `weak`).
 */
const SEKISHO_PLACEHOLDER = /^REDACTED_[A-Z0-9_]{1,40}_[0-9A-F]{10}$/;
/** Words joined by `.`, `_` or `-` (and nothing else): names, labels, enum values, i18n keys. */
const WORDS_ONLY = /^[a-z]+(?:[._-][a-z]+)*$/i;

export type PlaceholderVerdict = 'placeholder' | 'weak' | 'value';

/**
 * `placeholder`: not a secret (template, mask, stand-in words, code, a path or URL, one repeated
 * character); `weak`: stand-in words plus a short number (`password123`, `test1234`) — reported at low
 * confidence, as a real weak password and a documentation value look the same; `value`: judge it as a
 * possible secret.
 */
export function judgePlaceholder(value: string): PlaceholderVerdict {
  let v = value.trim();
  if (/%[0-9A-Fa-f]{2}/.test(v)) {
    try {
      v = decodeURIComponent(v); // a URL or JDBC parameter: %24%7BDB_PASSWORD%7D is ${DB_PASSWORD}
    } catch {
      // not percent-encoding after all: judge as written
    }
  }
  if (v.length === 0) return 'placeholder';
  if (/^(.)\1*$/s.test(v)) return 'placeholder';
  if (SEKISHO_PLACEHOLDER.test(v)) return 'placeholder';
  if (TEMPLATE.test(v) || TEMPLATE_INSIDE.test(v) || MASK.test(v)) return 'placeholder';
  if (/^[\w.$]+\(.*\)$/s.test(v)) return 'placeholder'; // a call: getenv("X"), os.environ.get(…) — not `kQ3(x9` inside a password
  if (DOTTED_PATH.test(v) && !isDottedToken(v)) return 'placeholder';
  if (/^(?:\/|\.\.?\/|~\/|[a-z]:\\|file:|https?:\/\/)/i.test(v) && !isBase64Blob(v)) return 'placeholder'; // a path or a URL
  if (VERSION.test(v)) return 'placeholder';
  const words = v.toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
  const digits = v.replace(/[^0-9]/g, '');
  const others = v.replace(/[A-Za-z0-9]/g, '').replace(/[._\-\s:=&+/@%]/g, '');
  if (words.length > 0 && words.every((w) => STAND_IN_WORDS.has(w) || isRepeat(w)) && others.length === 0) {
    if (digits.length === 0) return 'placeholder';
    return digits.length <= 4 || /^(?:0123|1234|2345|3456|4567|5678|6789)/.test(digits) ? 'weak' : 'value';
  }
  if (words.some((w) => w === 'example' || w === 'changeme' || w === 'placeholder' || w === 'redacted' || w === 'dummy')) return 'weak';
  if (/(?:^|[^a-z])your[_-]/i.test(v) || /^your[A-Z]/.test(v)) return 'placeholder';
  return 'value';
}

/**
 * Base64 that happens to start with `/` (one value in 64 does), not an absolute path: the base64
 * alphabet only, 20 characters or more, and a `+`, `=` padding, or every `/`-separated part a random
 * mix of upper case, lower case and digits (path segments are words: `/usr/local/bin`, `/api/v2/users`).
 */
function isBase64Blob(v: string): boolean {
  if (v.length < 20 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  if (v.includes('+') || v.endsWith('=')) return true;
  return v.split('/').filter((seg) => seg !== '').every((seg) => seg.length >= 8 && /[0-9]/.test(seg) && /[A-Z]/.test(seg) && /[a-z]/.test(seg));
}

/**
 * A dotted value that is a token, not a path of identifiers: names in code hold a digit run or two
 * (`sha256`, `s3Client.v2`); opaque tokens with dots (`Rk1VnTS81Poxr.h0Vqi3xgz2fy8YTnzJ`, a
 * bearer token's segments) scatter digits all through.
 */
function isDottedToken(v: string): boolean {
  return v.length >= 16 && (v.match(/[0-9]+/g)?.length ?? 0) >= 3;
}

function isRepeat(w: string): boolean {
  return /^(.)\1+$/.test(w) || /^(..)\1+$/.test(w);
}

/**
 * Letters drawn at random rather than words: 16 or more, both cases, and the case changing at almost
 * every other letter (`SMfHrmAUggqWZRDAviYs`: 12 changes in 20). Identifiers change case once or twice
 * per word (`getAccessTokenValue`: 6 in 19; `parseHTTPResponse`: 3).
 */
function isRandomLetters(value: string): boolean {
  if (value.length < 16 || !/[A-Z]/.test(value) || !/[a-z]/.test(value)) return false;
  let changes = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value.charCodeAt(i - 1);
    const b = value.charCodeAt(i);
    if ((a >= 97 && a <= 122 && b >= 65 && b <= 90) || (a >= 65 && a <= 90 && b >= 97 && b <= 122)) changes++;
  }
  return changes >= Math.max(6, 0.45 * (value.length - 1));
}

/**
 * Letters joined by separators only: a name, not a secret (`refresh_token`, `mime-version`), also
 * percent-encoded in a query string (`lock%26key` is `lock&key`, two words).
 */
export function isWordsOnly(value: string): boolean {
  if (WORDS_ONLY.test(value)) return !isRandomLetters(value);
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return false;
  let plain: string;
  try {
    plain = decodeURIComponent(value);
  } catch {
    return false;
  }
  return /^[a-z]+(?:[._&+ -][a-z]+)*$/i.test(plain);
}

/**
 * The example credentials printed in the specifications of HTTP authentication, OAuth 1.0 and 2.0,
 * bearer tokens and OpenID Connect (RFC 7617, RFC 5849, RFC 6749, RFC 6750, OpenID Connect Core). Every
 * OAuth library quotes them in its documentation and tests; they grant nothing anywhere.
 */
const SPECIFICATION_EXAMPLES = new Set([
  'QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
  'dh893hdasih9',
  'kd94hf93k423kf44',
  'hh5s93j4hdidpola',
  'hdhd0244k9j7ao03',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  '7Fjfp0ZBr1KtDRbnfVdmIw',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  'mF_9.B5f-4.1JqM',
  'SlAV32hkKG',
  '8xLOxBtZp8',
]);

/**
 * Documented example credentials — vendors' (AWS's `AKIAIOSFODNN7EXAMPLE` and
 * `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, and values built the same way) and the specifications'
 * above: reported at low confidence rather than dropped, since a pasted tutorial and a real leak share
 * the line they sit on.
 */
export function isDocumentedExample(value: string): boolean {
  return /EXAMPLE/.test(value) || /^(?:AKIAIOSFODNN7|wJalrXUtnFEMI\/K7MDENG)/.test(value) || SPECIFICATION_EXAMPLES.has(value);
}

/**
 * A value typed by hand to illustrate a format: lower-case letters and digits only (both), 6–24
 * characters — `sdf23409df`, `h480djs93hd8`. Generated credentials of that length mix cases or symbols;
 * longer lower-case runs (hex keys, 32-character tokens) are never taken for illustrations.
 */
const ILLUSTRATIVE = /^(?=[a-z0-9]*[a-z])(?=[a-z0-9]*[0-9])[a-z0-9]{6,24}$/;
/** A line that is documentation by its first characters: a doc-comment line (`* `, `///`, `//!`) or a doctest (`>>> `, `... `). */
const DOC_LINE = /^[ \t]*(?:\*(?:[ \t]|$)|\/\/[/!]|>>>[ \t]|\.\.\.[ \t])/;

/**
 * Whether a credential-like value is a documentation example: an illustrative value (above) that sits in
 * documentation — a Python docstring (a triple-quoted string that opens its line), a `/** … *\/` doc
 * comment, a doc-comment line or a doctest. Such values are reported at low confidence, not dropped: the
 * judgement is "a person wrote this to explain", and only the low tier says so without hiding it.
 * Plain `#` / `//` comments do not count: commented-out configuration holds real values.
 */
export function isDocumentationExample(text: string, valueStart: number, value: string): boolean {
  if (!ILLUSTRATIVE.test(value)) return false;
  const lineStart = text.lastIndexOf('\n', valueStart - 1) + 1;
  if (DOC_LINE.test(text.slice(lineStart, Math.min(valueStart, lineStart + 256)))) return true;
  return inDocBlock(text, valueStart);
}

/** Doc blocks of the last text asked about: findings come in bursts from one text, so one entry is enough. */
let blocksOf: { text: string; starts: number[]; ends: number[] } | undefined;

/** Whether `at` lies inside a docstring or a `/** … *\/` block of `text` (one linear pass per text, then a binary search). */
function inDocBlock(text: string, at: number): boolean {
  if (blocksOf?.text !== text) blocksOf = { text, ...docBlocks(text) };
  const { starts, ends } = blocksOf;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && at < (ends[lo - 1] as number);
}

const DOC_TOKEN = /"""|'''|\/\*\*|\*\//g;

/** Docstrings (triple-quoted strings whose opening quotes start their line) and `/** … *\/` comments opening their line, in order. */
function docBlocks(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let open: string | undefined;
  let openAt = 0;
  let doc = false;
  DOC_TOKEN.lastIndex = 0;
  for (let m = DOC_TOKEN.exec(text); m !== null; m = DOC_TOKEN.exec(text)) {
    const token = m[0];
    if (open === undefined) {
      if (token === '*/') continue;
      const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
      const before = text.slice(lineStart, m.index);
      if (token === '/**') {
        // A doc comment opens its line: `/**` elsewhere is a glob (`src/**/*.ts`), a path or an expression,
        // and `/**/` is an empty comment. Neither opens anything (a glob has no `*/` to close it).
        if (!/^[ \t]*$/.test(before) || text.charCodeAt(m.index + 3) === 47) continue;
        open = '*/';
        doc = true;
      } else {
        // A triple-quoted string is tracked either way, so its closing quotes open nothing.
        open = token;
        doc = /^[ \t]*[rRuU]?$/.test(before);
      }
      openAt = m.index;
    } else if (token === open) {
      if (doc) {
        starts.push(openAt);
        ends.push(m.index);
      }
      open = undefined;
    }
  }
  if (open !== undefined && doc) {
    starts.push(openAt);
    ends.push(text.length);
  }
  return { starts, ends };
}
