import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { shannonEntropy } from '../shannon-entropy.ts';
import { rule } from './define.ts';
import { isSecretName, nameBefore } from './secret-names.ts';
import { isDocumentationExample, isWordsOnly, judgePlaceholder } from './placeholders.ts';
import { needsRegex, scanAssignment } from './context-assignment-scanner.ts';

/**
 * Credentials recognised by their context rather than their vendor: values assigned to secret-like
 * names (every assignment syntax of code and config), URLs with credentials, authorization headers,
 * command-line flags, credential files (.netrc, kubeconfig, Docker config.json, .npmrc, .pypirc,
 * .git-credentials). Optional: high entropy alone.
 *
 * Why regexes that over-match plus a judge in `refine`: the syntaxes are many but the question is one —
 * is the name a credential's name (secret-names.ts), and is the value a value rather than a placeholder,
 * an identifier or code (placeholders.ts)? Quotes may be JSON-escaped (`\"`): a Write tool call's
 * arguments carry the file's text inside a JSON string, and that is what the gateway scans.
 *
 * Tiers: high = the value has a structure we verify (Basic credentials or a Docker/npm `auth` that
 * decode to `user:password`, a kubeconfig key that decodes to a PEM private key); medium = a credential's
 * name (or a URL's password slot) and a value that passes the placeholder and entropy gates; low = the
 * value looks like a weak or documentation value (`password123`, `…EXAMPLE…`).
 */

/** The words a credential's name is built from (the regexes' liberal half; secret-names.ts decides). */
const WORDS = 'pass|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth|credential|creds|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|session[_.-]?key';
const NAME_KEYWORDS = [
  'pass', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'api.key', 'apikey', 'access_key', 'access-key', 'access.key', 'accesskey',
  'auth', 'credential', 'creds', 'private_key', 'private-key', 'private.key', 'privatekey', 'signing', 'encryption', 'master_key',
  'master-key', 'master.key', 'masterkey', 'session_key', 'session-key', 'session.key', 'sessionkey',
];
/** An opening or closing quote, possibly JSON-escaped. */
const Q = '\\\\?["\'`]';
/**
 * The name: an identifier, key or flag holding one of the words (a `$`, `@`, `-` or `.` may be part of
 * it). Only the words fold case: a case-insensitive flag on the whole regex doubles every class in the
 * automaton, and that was most of its cost.
 */
const NAME = `[A-Za-z0-9_.$@-]*(?i:${WORDS})[A-Za-z0-9_.-]*`;
/** Characters of an unquoted value: stops at whitespace, quotes, escapes, brackets and list separators. */
const BARE = '[^\\s"\'`\\\\<>(){}\\[\\],;&|:=]';
/**
 * An unquoted value needs one character that is not a letter: `token: string`, `apiKey: ApiKey` and the
 * other type annotations and identifiers of code then never reach the judge (each match costs the
 * regex engine far more than a line it rejects outright).
 */
const NOT_A_LETTER = '[^A-Za-z_\\s"\'`\\\\<>(){}\\[\\],;&|:=]';
/**
 * What may follow an unquoted value, also a backtick (Markdown's inline code around a URL or a line of
 * config). No `\n` (it would make the regex span lines, and lose line-local matching).
 */
const AFTER_BARE = '(?:[ \\t\\r,;&|)}\\]\\\\"\'`<]|$)';
/** A quoted value (also C# `@"…"`, Python `r"…"`/`b"…"`): lengths are checked by the judge, not by counted repeats (each counted repeat copies its class into the automaton). */
const QUOTED_VALUE = `[@rbuRBU]{0,2}${Q}([^"'\`\\s\\\\]+)${Q}`;

/**
 * `name = value` in every syntax (`=`, `:`, `:=`, `=>`, `==`, `<-`, Makefile's `?=` `+=` `::=` `:::=`, PHP's
 * `.=`, YAML, TOML, INI, properties, dotenv,
 * keyword arguments, object literals). An unquoted value (`BARE`, `=` only as base64 padding) is kept by
 * the judge only in config shapes.
 */
const ASSIGNMENT =
  `(?m)${NAME}(?:${Q})?\\]?[ \\t]*(?:=>|:::=|::=|:=|===?|!==?|\\?\\?=|\\?=|\\+=|\\.=|\\|\\|=|=|:|<-)[ \\t]*(?:${QUOTED_VALUE}|(${BARE}*${NOT_A_LETTER}${BARE}*={0,2})${AFTER_BARE})`;
/**
 * Quick supersets of the regexes below, for `RuleSpec.lineFilter` (bounded repeats: linear in the line).
 * ASSIGNMENT has none: its matcher (context-assignment-scanner.ts) is cheaper than any filter was.
 */
const ARGUMENT_FILTER = /\([ \t]{0,32}\\?["'`][\w.$@-]{1,80}\\?["'`][ \t]{0,32},/;
const XML_FILTER = /<\/|\bvalue[ \t]*=/;
/** A credential constructor's call with two string arguments (see `sekisho-credential-constructor`). */
const CONSTRUCTOR_FILTER = /(?:Credential|Authentication|Auth|auth)[s]?[ \t]{0,8}(?:\(|=[ \t]{0,8}[(\[])[ \t]{0,8}\\?["'`][^"'`]{1,128}\\?["'`][ \t]{0,8},/i;
/** Every branch of the command-line rule holds a dash that opens the line or follows a blank, but `net use`'s. */
const FLAG_FILTER = /(?:^|[ \t])-|\bnet[ \t]+use[ \t]/im;

/** `f("NAME", "value")`: PHP `define('DB_PASSWORD', '…')`, `os.environ.setdefault("TOKEN", "…")`, `headers.set(…)`. */
const ARGUMENT_PAIR = `\\([ \\t]*${Q}${NAME}${Q}[ \\t]*,[ \\t]*${QUOTED_VALUE}`;

/**
 * A value on the line after its name: a YAML block scalar (`api_token: |` / `>-`, the value indented
 * below) or a name/value pair of an environment list (Kubernetes `- name: DB_PASSWORD` then
 * `value: "…"`, also ECS and Compose long syntax). Two lines, so not line-local: the filter (over the
 * keyword window) keeps the regex off windows without either shape.
 */
const BLOCK_FILTER = /(?:pass|pwd|secret|token|key|auth|cred)[\w.-]{0,40}[\\"'`]{0,2}[ \t]{0,8}:[ \t]{0,8}[|>][-+]?[0-9]?[ \t]{0,8}\r?\n|name[\\"'`]{0,2}[ \t]{0,8}:[ \t]{0,8}[\\"'`]{0,2}[\w.$@-]{0,40}(?:pass|pwd|secret|token|key|auth|cred)[\w.-]{0,40}[\\"'`]{0,2}[ \t]{0,8},?\r?\n[ \t]{0,40}[\\"'`]{0,2}value[\\"'`]{0,2}[ \t]{0,8}:/i;
const BLOCK_VALUE = '([^\\s"\'`\\\\]+)\\\\?["\']?[ \\t]*[,}]?[ \\t]*(?:\\r?\\n|\\z)';
const BLOCK =
  `(?:${NAME}${Q}?[ \\t]*:[ \\t]*[|>][-+]?[0-9]?[ \\t]*\\r?\\n[ \\t]+${BLOCK_VALUE}|\\bname${Q}?[ \\t]*:[ \\t]*${Q}?${NAME}${Q}?[ \\t]*,?\\r?\\n[ \\t]*${Q}?value${Q}?[ \\t]*:[ \\t]*${Q}?${BLOCK_VALUE})`;
/**
 * A literal handed to a setter or a conversion that only credentials go through: `config.setPassword("…")`,
 * a string wrapper assigned to a credential's name (`let token = String::from("…")`, `SecretStr("…")`),
 * a directive line `private_key "…";` (nginx / HCL-like configs), a Dockerfile's `ENV DB_PASSWORD …`
 * (the legacy form without `=`), PowerShell's
 * `ConvertTo-SecureString "…" -AsPlainText`, SQL's `… PASSWORD '…'` / `IDENTIFIED BY '…'`.
 */
const SETTER_FILTER = /\bset[\w.$@-]{0,80}\([ \t]{0,8}[@rbuRBU]{0,2}\\?["'`]|=[ \t]{0,8}(?:String::from|String\.valueOf|Secret(?:String|Str|Box)?::(?:new|from)|new[ \t]+String|str|String|SecureString|SecretStr)\([ \t]{0,8}[@rbuRBU]{0,2}\\?["'`]|ConvertTo-SecureString|\b(?:PASSWORD|IDENTIFIED[ \t]+BY)[ \t]+'|^[ \t]{0,40}ENV[ \t]|^[ \t]{0,40}[\w.$@-]{1,80}[ \t]{0,8}\\?["'`][^"'`\s\\]{1,1024}\\?["'`][ \t]{0,8};/im;
const SETTER = `(?:\\bset${NAME}\\([ \\t]*${QUOTED_VALUE}|(?m:^)[ \\t]*ENV[ \\t]+${NAME}[ \\t]+(?:${Q}([^"'\`\\s\\\\]+)${Q}|([^\\s"'\`\\\\=][^\\s"'\`\\\\]*))[ \\t]*(?m:$)|${NAME}[ \\t]*=[ \\t]*(?:String::from|String\\.valueOf|Secret(?:String|Str|Box)?::(?:new|from)|new[ \\t]+String|str|String|SecureString|SecretStr)\\([ \\t]*${QUOTED_VALUE}[ \\t]*\\)|(?m:^)[ \\t]*${NAME}[ \\t]*${Q}([^"'\`\\s\\\\]+)${Q}[ \\t]*;|(?i:ConvertTo-SecureString)[ \\t]+(?:-String[ \\t]+)?${Q}([^"'\`\\\\\\n]+)${Q}[ \\t]+-(?i:AsPlainText)|\\b(?i:(?:WITH|ROLE|USER|LOGIN)[ \\t][^\\n]{0,80}?PASSWORD|IDENTIFIED[ \\t]+(?:WITH[ \\t]+[A-Za-z_]+[ \\t]+)?BY)[ \\t]+'([^'\\s\\\\]+)')`;
/**
 * A password field of a key=value connection string (ADO.NET, ODBC, libpq keywords): any characters but
 * `;` and quotes, on a line that names a server, host or data source — `Password=kQ3[s(2;` whose
 * brackets end the generic rule's unquoted value.
 */
const CONNECTION_FILTER = /(?:^|[;"'\s])(?:password|pwd)[ \t]{0,4}=/i;
const CONNECTION = `(?:(?m:^)|[;"' \\t])(?i:password|pwd)[ \\t]*=[ \\t]*([^;"'\\s,]{3,128})[ \\t]*(?:;|["']|(?m:$))`;
/** `.pgpass` lines: host:port:database:user:password (a port number or `*` second). */
const PGPASS = '(?m:^)[ \\t]*[A-Za-z0-9*][A-Za-z0-9_.*-]*:(?:[0-9]{2,5}|\\*):[A-Za-z0-9_.*-]+:[A-Za-z0-9_.@*-]+:([^\\s:]{3,128})[ \\t]*(?m:$)';

/** Longest value the context rules judge (a password or token; longer runs are data or code). */
const MAX_VALUE = 1024;

/** Decoded base64 of `user:password` (Basic auth, Docker and npm `auth`), else undefined. */
function basicCredentials(value: string): { user: string; password: string } | undefined {
  if (!/^[A-Za-z0-9+/]{6,}={0,2}$/.test(value) || value.length % 4 === 1) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Is `value`, assigned to a credential's name, a credential? Why these gates (bench: generated values vs
 * the clean corpus, docs/benchmarks.md): placeholders and code go; a value made only of words is a name
 * or an enum; short values need more than one kind of character; the entropy floor removes the rest of
 * the words-and-digits noise of real code without losing generated passwords.
 */
export function judgeValue(value: string, name: string, quoted: boolean): Confidence | null {
  if (value.length > MAX_VALUE) return null;
  const verdict = judgePlaceholder(value);
  if (verdict === 'placeholder') return null;
  const flatName = name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const flatValue = value.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (flatValue.length === 0 || flatName.includes(flatValue)) return null;
  if (isWordsOnly(value)) return null;
  if (/^[0-9]+$/.test(value)) return value.length >= 16 ? 'low' : null; // counts, ids, ports, sizes
  if (!quoted && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) && !/[0-9]/.test(value)) return null; // an identifier
  // An identifier naming a credential type or variable: "_RSAPrivateKey", `credential: X509Credential`.
  // Not a long value with digits scattered through it (base64 of a password: `dHVuZHJhMDgzMGdsYWNpZXIh`).
  const scattered = value.length >= 16 && (value.match(/[0-9]+/g)?.length ?? 0) >= 2;
  if (/^[A-Za-z_$][\w$]*$/.test(value) && (!quoted || !/[0-9]/.test(value)) && !scattered && isSecretName(value)) return null;
  const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/[0-9]/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
  if (value.length < 6 || (value.length < 8 && classes < 3)) return null;
  if (classes < 2 && value.length < 16) return null;
  if (shannonEntropy(value) < 2.5) return null;
  if (verdict === 'weak') return 'low';
  return 'medium';
}

function valueSpan(input: RefineInput): [number, number] {
  const vs = input.valueStart ?? input.text.indexOf(input.value, input.start);
  return [vs, input.valueEnd ?? vs + input.value.length];
}

const CONFIG_SHAPED = /(?:(?:^|\\[nrt])[ \t]*(?:export[ \t]+|setx?[ \t]+|ENV[ \t]+|ARG[ \t]+|-[ \t]+|\$env:)?|[?&;"'`][ \t]*|\/:|[ \t]-(?:e|-env|-build-arg|-set(?:-string)?)[ \t]+|[ \t]--from-literal=)$/i;

/**
 * Name, then value: the generic assignment and the XML forms. `documentationLow`: a documentation example
 * (placeholders.ts `isDocumentationExample`) is low rather than medium — `sekisho scan` only (see ContextOptions).
 */
function judgeAssignment(input: RefineInput, documentationLow: boolean, knownName?: string, knownQuoted?: boolean): Confidence | null {
  const [vs, ve] = valueSpan(input);
  const name = knownName ?? nameBefore(input.text, input.start, vs);
  if (name === '') return null;
  // Quoted (or between XML tags): the value's extent is certain, and a letters-and-digits word there is data.
  // A JSON-escaped closing quote (`\"`, a notebook cell's or a tool call's source) closes it too.
  const quoted = knownQuoted ?? (/["'`>]/.test(input.text.charAt(vs - 1)) && (/["'`<]/.test(input.text.charAt(ve)) || (input.text.charAt(ve) === '\\' && /["'`]/.test(input.text.charAt(ve + 1)))));
  // Unquoted, the value is an expression in code (`token = next_token`, `apiKey: X509Credential`); it is
  // a literal in config shapes only: the name opens the line (dotenv, YAML, INI, properties, `export`,
  // a YAML list item, a JSON-escaped line after `\n`) or follows `?`, `&`, `;` (URLs, connection strings).
  if (!quoted && input.text.charCodeAt(input.start) !== 45 /* --flag=value */) {
    const lineStart = input.text.lastIndexOf('\n', input.start - 1) + 1;
    if (!CONFIG_SHAPED.test(input.text.slice(Math.max(lineStart, input.start - 120), input.start))) return null;
  }
  const verdict = judgeValue(input.value, name, quoted);
  if (verdict === null) return null;
  // Docker config.json and .npmrc `auth`/`_auth`: base64 of user:password — verified structure.
  const split = name.toLowerCase();
  if (/(?:^|[^a-z])_?auth$/.test(split) || split === 'auth') {
    const creds = basicCredentials(input.value);
    if (creds !== undefined) return judgePlaceholder(creds.password) === 'placeholder' ? null : 'high';
  }
  return verdict === 'medium' && documentationLow && isDocumentationExample(input.text, vs, input.value) ? 'low' : verdict;
}

/** A block or environment-list value: the name is on the line before; judged as its assignment. */
function judgeBlock(input: RefineInput, documentationLow: boolean): Confidence | null {
  const [vs] = valueSpan(input);
  return judgeAssignment(input, documentationLow, undefined, /["'`]/.test(input.text.charAt(vs - 1)));
}

/** A setter's, SecureString's or SQL's literal: judged as a quoted value assigned to `password`. */
function judgeLiteral(input: RefineInput): Confidence | null {
  const [vs] = valueSpan(input);
  const name = nameBefore(input.text, input.start, vs) || 'password';
  return judgeValue(input.value, name, true);
}

/** A connection string's password: only on a line that names the server, host or data source. */
function judgeConnectionString(input: RefineInput): Confidence | null {
  const ls = input.text.lastIndexOf('\n', input.start) + 1;
  let le = input.text.indexOf('\n', input.end);
  if (le < 0) le = input.text.length;
  // A field of the same string names the server or user and ends in `;` (a call's `user=…, password=…` does not).
  if (!/(?:^|[;"'\s])(?:server|data source|host|hostname|address|addr|dsn|uid|user id|user|username|database|initial catalog)[ \t]*=[^;,\n]*;/i.test(input.text.slice(ls, le))) return null;
  return judgeValue(input.value, 'password', true);
}

/** A `.pgpass` line: the password field, judged as a value. */
function judgePgpass(input: RefineInput): Confidence | null {
  if (/^[0-9]+$/.test(input.value)) return null;
  const verdict = judgeValue(input.value, 'password', true);
  return verdict === null ? null : verdict;
}

/** A URL's password slot: any scheme; the name is the slot itself. */
function judgeUrlPassword(input: RefineInput): Confidence | null {
  const password = input.value;
  let plain = password;
  try {
    plain = decodeURIComponent(password);
  } catch {
    // not percent-encoded text: judge it as written
  }
  const verdict = judgePlaceholder(plain);
  if (verdict === 'placeholder' || plain.length < 3 || plain.length > MAX_VALUE) return null;
  if ((isWordsOnly(plain) || /^[0-9]+$/.test(plain)) && plain.length <= 8) return 'low'; // user:pass@, abc:123@ — tutorial shapes
  const host = input.text.slice((input.valueEnd ?? input.end) + 1, input.end);
  if (/(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid)(?::\d+)?$/i.test(host)) return 'low'; // RFC 2606 documentation hosts
  return verdict === 'weak' ? 'low' : 'medium';
}

/** `Authorization: Basic|Bearer|Token …`: Basic must decode to user:password (then high). `documentationLow`: as for judgeAssignment. */
function judgeAuthorization(input: RefineInput, documentationLow: boolean): Confidence | null {
  const head = input.text.slice(input.start, input.valueStart ?? input.start).toLowerCase();
  const verdict = judgePlaceholder(input.value);
  if (verdict === 'placeholder' || input.value.length > 4 * MAX_VALUE) return null;
  if (/basic\s*$/.test(head)) {
    const creds = basicCredentials(input.value);
    if (creds === undefined) return null;
    return judgePlaceholder(creds.password) === 'placeholder' ? null : 'high';
  }
  if (isWordsOnly(input.value) || input.value.length < 8 || shannonEntropy(input.value) < 3.0) return null;
  if (verdict === 'weak') return 'low';
  return documentationLow && isDocumentationExample(input.text, input.valueStart ?? input.start, input.value) ? 'low' : 'medium';
}

/** Flags (`--password x`, `mysql -pX`, `curl -u user:pass`): the value after the flag. */
function judgeFlag(input: RefineInput): Confidence | null {
  const [vs] = valueSpan(input);
  const head = input.text.slice(input.start, vs);
  if (/(?:[ \t]-p[ \t]*\\?["'`]?|\bredis-cli\b.*[ \t]-a[ \t]+\\?["'`]?|^net[ \t]+use[ \t]+\S+[ \t]+\\?["'`]?|[ \t](?:-u|--user)[ \t]*\\?["'`]?[^\s:"'`\\]+:)$/i.test(head)) {
    const verdict = judgePlaceholder(input.value);
    if (verdict === 'placeholder' || input.value.length < 4 || input.value.length > MAX_VALUE || isWordsOnly(input.value)) return null;
    return verdict === 'weak' ? 'low' : 'medium';
  }
  const flag = /--?([A-Za-z0-9_.-]+)[ \t]+\\?["'`]?$/.exec(head)?.[1] ?? '';
  if (!isSecretName(flag)) return null;
  return judgeValue(input.value, flag, true);
}

/** .netrc: `password` must follow a `machine` or `login` entry. */
function judgeNetrc(input: RefineInput): Confidence | null {
  const before = input.text.slice(Math.max(0, input.start - 300), input.start + 1);
  const line = input.text.slice(input.start, input.end);
  if (!/\b(?:machine|login|default)\b/i.test(before) && !/\b(?:machine|login)\b/i.test(line)) return null;
  return judgeValue(input.value, 'password', true);
}

/** kubeconfig `client-key-data`: base64 of a PEM private key (high) or of anything long (medium). */
function judgeClientKey({ value }: RefineInput): Confidence | null {
  const decoded = Buffer.from(value.slice(0, 64), 'base64').toString('latin1');
  if (decoded.startsWith('-----BEGIN') && decoded.includes('PRIVATE')) return 'high';
  return judgePlaceholder(value) === 'placeholder' ? null : 'medium';
}

export interface ContextOptions {
  /** Add `sekisho-high-entropy-string` (low confidence, noisy on code). */
  highEntropy?: boolean;
  /**
   * Report documentation examples (a hand-typed lower-case-and-digits value in a docstring, a doc comment
   * or a doctest: placeholders.ts `isDocumentationExample`) at low instead of medium. For `sekisho scan`
   * only, where it removes noise from source trees. Off in the gateway: the judgement reads the text
   * around the value, which a prompt's author controls (a `"""` line, a `* ` bullet, a glob holding
   * `/**`), and policies commonly act on `confidence: medium` — a real secret so wrapped must not drop
   * below them on its way to an external model.
   */
  documentationExamplesLow?: boolean;
}

export function contextRules(options: ContextOptions = {}): RuleSpec[] {
  const docLow = options.documentationExamplesLow === true;
  const assignment = (input: RefineInput): Confidence | null => judgeAssignment(input, docLow);
  const rules: RuleSpec[] = [
    rule(
      'sekisho-generic-assignment',
      'Secret-looking value assigned to a password/secret/token/API key name',
      ASSIGNMENT,
      NAME_KEYWORDS,
      // Located by hand (context-assignment-scanner.ts): re2js took ~50 µs a line to find its matches,
      // and the JS line filter it had before cost more than the matcher does now.
      { refine: assignment, matcher: { find: scanAssignment, declines: needsRegex } },
    ),
    rule(
      'sekisho-generic-argument',
      'Secret-looking value passed right after its credential name as call arguments (define, setdefault, headers.set)',
      ARGUMENT_PAIR,
      NAME_KEYWORDS,
      { refine: assignment, lineFilter: ARGUMENT_FILTER },
    ),
    rule(
      'sekisho-xml-credential',
      'Secret-looking value in an XML element or key/name + value attribute pair named like a credential',
      `(?:<${NAME}(?:[ \\t][^<>\\n]*)?>([^<>\\s]{4,})</|\\b(?:key|name)[ \\t]*=[ \\t]*${Q}[A-Za-z0-9_.:-]*(?i:${WORDS})[A-Za-z0-9_.:-]*${Q}[ \\t]+value[ \\t]*=[ \\t]*${Q}([^"'\\s\\\\]{4,})${Q})`,
      NAME_KEYWORDS,
      { refine: assignment, lineFilter: XML_FILTER },
    ),
    rule(
      'sekisho-url-credentials',
      'Password in a URL (user:password@host, any scheme: databases, brokers, FTP, HTTP, git credentials)',
      '\\b[A-Za-z][A-Za-z0-9+.-]+://[^\\s:/@"\'`<>\\\\]*:([^\\s/"\'`<>\\\\]+)@[A-Za-z0-9_\\[][A-Za-z0-9_.\\-:\\]]*',
      ['://'],
      { secretGroup: 1, refine: judgeUrlPassword },
    ),
    rule(
      'sekisho-authorization-header',
      'Credentials in an Authorization header (Basic, Bearer, Token), also as curl -H or in a headers object',
      `\\b(?i:(?:proxy-)?authorization)(?:${Q})?[ \\t]*(?:[:=,]|=>)[ \\t]*(?:${Q})?[ \\t]*(?i:basic|bearer|token|apikey|api-key)[ \\t]+([A-Za-z0-9._~+/=-]{6,})`,
      ['authorization'],
      { refine: (input: RefineInput) => judgeAuthorization(input, docLow) },
    ),
    rule(
      'sekisho-cli-credential',
      'Credential passed on a command line (--password x, --token x, mysql -pX, sshpass -p x, az login -p x, curl -u user:password)',
      `(?m)(?:(?:^|[ \\t])--?[A-Za-z0-9_.-]*(?i:${WORDS})[A-Za-z0-9_.-]*[ \\t]+(?:${Q})?([^\\s"'\`\\\\-][^\\s"'\`\\\\]{3,})|\\bmysql(?:dump|admin|sh|import|slap)?\\b[^\\n]*?[ \\t]-p(?:${Q})?([^\\s"'\`\\\\-][^\\s"'\`\\\\]{3,})|\\b(?:sshpass|az[ \\t]+login|(?:docker|podman|nerdctl|buildah|skopeo|oras|crane|helm(?:[ \\t]+registry)?)[ \\t]+login)\\b[^\\n]*?[ \\t]-p[ \\t]+(?:${Q})?([^\\s"'\`\\\\-][^\\s"'\`\\\\]{3,})|\\bredis-cli\\b[^\\n]*?[ \\t]-a[ \\t]+(?:${Q})?([^\\s"'\`\\\\-][^\\s"'\`\\\\]{3,})|\\b(?i:net[ \\t]+use)[ \\t]+[^\\s]+[ \\t]+(?:${Q})?([^\\s"'\`\\\\/*-][^\\s"'\`\\\\]{3,})(?:${Q})?[ \\t]+/(?i:u|user):|\\b(?:sshpass|az[ \\t]+login)\\b[^\\n]*?[ \\t]-p[ \\t]+(?:${Q})?([^\\s"'\`\\\\-][^\\s"'\`\\\\]{3,})|\\bcurl\\b[^\\n]*?[ \\t](?:-u|--user)[ \\t]*(?:${Q})?[^\\s:"'\`\\\\]+:([^\\s"'\`\\\\]{3,}))`,
      ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'creds', 'mysql', 'curl', 'sshpass', 'az login', 'login -', 'redis-cli', 'net use'],
      { refine: judgeFlag, lineFilter: FLAG_FILTER },
    ),
    rule(
      'sekisho-credential-constructor',
      'Password passed as the second string of a credential constructor (NetworkCredential, PasswordAuthentication, HTTPBasicAuth, requests auth=(user, password))',
      `(?:\\b(?:NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials?|HTTPBasicAuth|HTTPDigestAuth|BasicAuth|basic_auth|BasicAWSCredentials)\\(|\\bauth[ \\t]*=[ \\t]*[(\\[])[ \\t]*${Q}[^"'\`\\s\\\\]{1,128}${Q}[ \\t]*,[ \\t]*${QUOTED_VALUE}`,
      ['networkcredential', 'passwordauthentication', 'usernamepasswordcredential', 'basicauth', 'digestauth', 'basic_auth', 'basicawscredentials', 'auth=', 'auth ='],
      { refine: judgeLiteral, lineFilter: CONSTRUCTOR_FILTER },
    ),
    rule(
      'sekisho-laravel-app-key',
      'Laravel application encryption key (APP_KEY=base64:…)',
      `\\bAPP_KEY[ \\t]*=[ \\t]*(?:${Q})?(base64:[A-Za-z0-9+/]{43}=)`,
      ['app_key'],
      { confidence: 'high', entropy: 4, refine: (input: RefineInput) => (judgePlaceholder(input.value.slice(7)) === 'placeholder' ? null : 'high') },
    ),
    rule(
      'sekisho-netrc-password',
      'Password in a .netrc entry (machine … login … password …)',
      '(?m)(?:\\b(?:machine|login)[ \\t][^\\n]*?\\bpassword|^[ \\t]*password)[ \\t]+([^\\s"\'=:]{3,})',
      ['password'],
      { refine: judgeNetrc },
    ),
    rule(
      'sekisho-kubeconfig-client-key',
      'Client private key embedded in a kubeconfig (client-key-data)',
      `\\bclient-key-data(?:${Q})?[ \\t]*:[ \\t]*(?:${Q})?([A-Za-z0-9+/]{40,}={0,2})`,
      ['client-key-data'],
      { refine: judgeClientKey },
    ),
    rule(
      'sekisho-generic-block-assignment',
      'Secret-looking value on the line after its credential name (YAML block scalar, Kubernetes/ECS name/value env entry)',
      BLOCK,
      // Its own shapes' words, not the names' (which are on every other line of code): the block
      // indicator after a colon, or the `value` key of a name/value pair.
      [': |', ': >', ':|', ':>', 'value:', 'value":', "value':", 'value\\":'],
      { refine: (input: RefineInput) => judgeBlock(input, docLow), lineFilter: BLOCK_FILTER, keywordInMatch: false },
    ),
    rule(
      'sekisho-credential-literal',
      'Credential literal passed to a setter (setPassword("…")), ConvertTo-SecureString -AsPlainText, or SQL PASSWORD / IDENTIFIED BY',
      SETTER,
      [...NAME_KEYWORDS, 'convertto-securestring', 'identified'],
      { refine: judgeLiteral, lineFilter: SETTER_FILTER },
    ),
    rule(
      'sekisho-connection-string-password',
      'Password field of a key=value connection string (ADO.NET, ODBC, JDBC properties, libpq) on a line naming its server',
      CONNECTION,
      ['password', 'pwd'],
      { refine: judgeConnectionString, lineFilter: CONNECTION_FILTER },
    ),
    rule(
      'sekisho-pgpass-password',
      'Password field of a PostgreSQL .pgpass line (host:port:database:user:password)',
      PGPASS,
      [':5432:', ':5433:', ':6432:', ':*:', 'pgpass'],
      { refine: judgePgpass, keywordInMatch: false },
    ),
  ];
  if (options.highEntropy === true) {
    rules.push(rule('sekisho-high-entropy-string', 'High-entropy string', '(?:^|[^0-9A-Za-z+/_=-])([0-9A-Za-z+/_-]{32,256}={0,2})(?:[^0-9A-Za-z+/_=-]|$)', [], { entropy: 4.5, confidence: 'low', keywordInMatch: false }));
  }
  // A vendor rule that finds the same value names it better (`token: ghp_…` is a GitHub token).
  return rules.map((r) => ({ ...r, yieldsToSpecific: true }));
}
