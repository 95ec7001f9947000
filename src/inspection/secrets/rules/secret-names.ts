/**
 * Names that say "the value next to me is a credential". Why a word check on the split name instead of
 * a substring in the regex: `author`, `passport`, `bypass`, `tokenizer` and `max_tokens` contain the
 * words but name no secret, while `dbPass`, `OAuthToken` and `X-API-Key` are made of them. The rules'
 * regexes match liberally; this decides.
 */

/** The secret-like word as a whole part of the name (after splitting camelCase and separators). */
const SECRET_WORD =
  /(?:^|_)(?:pass|password|passwd|passphrase|pwd|secret|secrets|token|auth|credential|credentials|creds|api_?key|access_?key|private_?key|secret_?key|signing_?key|encryption_?key|master_?key|session_?key|client_?secret|[a-z0-9]*(?:password|passwd|token|secret|apikey|accesskey|secretkey|privatekey))(?=_|$)/g;

/**
 * Parts after the secret word that turn the name into metadata about the secret (its type, where it
 * lives, how long it is), not the secret itself: `token_type`, `password_file`, `secret_name`.
 */
const META = new Set([
  'type', 'types', 'kind', 'url', 'uri', 'urls', 'endpoint', 'host', 'name', 'names', 'label', 'field', 'fields', 'id', 'ids',
  'file', 'files', 'path', 'paths', 'dir', 'directory', 'length', 'len', 'size', 'count', 'min', 'max', 'limit', 'policy',
  'regex', 'pattern', 'prompt', 'placeholder', 'hint', 'message', 'msg', 'error', 'errors', 'header', 'headers', 'format',
  'expiry', 'expires', 'expiration', 'expire', 'ttl', 'timeout', 'lifetime', 'env', 'var', 'variable', 'ref', 'reference',
  'method', 'methods', 'mode', 'provider', 'enabled', 'required', 'version', 'scope', 'scopes', 'prefix', 'suffix', 'hash',
  'hashed', 'digest', 'location', 'store', 'storage', 'service', 'manager', 'class', 'module', 'handler', 'validator',
  'callback', 'input', 'button', 'form', 'text', 'title', 'description', 'index', 'idx', 'pos', 'position', 'start', 'end',
  'char', 'chars', 'stdin', 'command', 'cmd', 'source', 'src', 'arn', 'grant', 'exists', 'set', 'valid', 'visible',
  'strength', 'rule', 'rules', 'policy', 'page', 'view', 'route', 'reset', 'changed', 'updated', 'created', 'at', 'date',
  'time', 'usage', 'budget', 'cost', 'price', 'estimate', 'state', 'status', 'template', 'fn', 'func', 'function', 'spec',
]);

/** `OAuthToken` → `o_auth_token`, `X-API-Key` → `x_api_key`, `--db.password` → `db_password`. */
export function splitName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Whether a name (identifier, key, flag, XML tag) names a credential rather than something about one. */
export function isSecretName(name: string): boolean {
  const split = splitName(name);
  let last: RegExpExecArray | null = null;
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(split); m !== null; m = SECRET_WORD.exec(split)) last = m;
  if (last === null) return false;
  const rest = split.slice(last.index + last[0].length).replace(/^_/, '');
  if (rest === '') return true;
  const parts = rest.split('_');
  return !META.has(parts[0] as string) && !META.has(parts[parts.length - 1] as string);
}

/** Any identifier-like token that may carry a secret word, as the rules' name part matches it. */
const TOKEN = /[A-Za-z0-9_.$@-]+/g;

/**
 * The name a value is assigned to: the last token before the value that contains a secret-like word
 * (`DB_PASSWORD` in `DB_PASSWORD = \"…`, `password` in `<password>…`, `DbPassword` in
 * `<add key="DbPassword" value="…"`). Empty when there is none.
 */
export function nameBefore(text: string, start: number, valueStart: number): string {
  const head = text.slice(start, valueStart);
  let found = '';
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(head); m !== null; m = TOKEN.exec(head)) {
    if (isSecretName(m[0])) found = m[0];
  }
  return found;
}
