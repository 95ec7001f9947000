/**
 * Where a held-out value is written: the shapes other scanners' test suites use (a value in every
 * assignment syntax of config and code, a vendor word somewhere before the value in free text, a test
 * fixture's JSON, environment lists with the name and the value on separate lines). Written for this
 * set; `{I}` is an identifier made of the vendor word and a credential word.
 */
import type { Random } from '../eval-secrets/random.ts';

export interface Placement {
  id: string;
  /** Only for values without line breaks. */
  singleLine?: boolean;
  /** Does not name the vendor: only for values known by their own shape. */
  anonymous?: boolean;
  write(ident: Ident, value: string, r: Random): string;
}

/** Spellings of one identifier (`sendgrid` + `api key`). */
export interface Ident {
  vendor: string;
  camel: string; // sendgridApiKey
  snake: string; // sendgrid_api_key
  upper: string; // SENDGRID_API_KEY
  kebab: string; // sendgrid-api-key
}

export function ident(vendor: string, r: Random): Ident {
  const word = r.pick(['token', 'api key', 'secret', 'key', 'api token', 'access token', 'secret key', 'auth token']).split(' ');
  const v = vendor.toLowerCase().split(/[_-]/);
  const parts = [...v, ...word];
  const camel = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
  return { vendor: v.join(' '), camel, snake: parts.join('_'), upper: parts.join('_').toUpperCase(), kebab: parts.join('-') };
}

const p = (id: string, write: Placement['write'], extra: Partial<Placement> = {}): Placement => ({ id, write, singleLine: true, ...extra });

/** Assignment syntaxes (gitleaks-style sample shapes and more). */
export const NAMED_PLACEMENTS: Placement[] = [
  p('ini-quoted', (i, s) => `[default]\n${i.camel}="${s}"\n`),
  p('ini-spaced', (i, s) => `[service]\n${i.camel} = ${s}\n`),
  p('json', (i, s) => `{\n    "${i.snake}": "${s}",\n    "region": "eu-west-1"\n}\n`),
  p('json-escaped', (i, s) => `{"content":"{\\n    \\"${i.snake}\\": \\"${s}\\"\\n}"}`),
  p('xml-element', (i, s) => `<config>\n  <${i.camel}>${s}</${i.camel}>\n</config>\n`),
  p('xml-element-multiline', (i, s) => `<${i.camel}>\n    ${s}\n</${i.camel}>\n`),
  p('xml-add-key', (i, s) => `<appSettings>\n  <add key="${i.camel[0]!.toUpperCase()}${i.camel.slice(1)}" value="${s}" />\n</appSettings>\n`),
  p('yaml-plain', (i, s) => `${i.snake}: ${s}\n`),
  p('yaml-single', (i, s) => `spec:\n  ${i.snake}: '${s}'\n`),
  p('yaml-double', (i, s) => `${i.snake}: "${s}"\n`),
  p('yaml-literal', (i, s) => `${i.snake}: |\n  ${s}\n`),
  p('yaml-folded', (i, s) => `${i.snake}: >\n  ${s}\n`),
  p('csharp', (i, s) => `private const string ${i.camel[0]!.toUpperCase()}${i.camel.slice(1)} = "${s}";`),
  p('go-var', (i, s) => `var ${i.camel} string = "${s}"`),
  p('go-short', (i, s) => `\t${i.camel} := "${s}"`),
  p('go-backtick', (i, s) => `${i.camel} := \`${s}\``),
  p('java', (i, s) => `    String ${i.camel} = "${s}";`),
  p('kotlin', (i, s) => `val ${i.camel} = "${s}"`),
  p('php-concat', (i, s) => `$${i.camel} .= "${s}";`),
  p('php-array', (i, s) => `    '${i.snake}' => '${s}',`),
  p('python-single', (i, s) => `${i.snake} = '${s}'`),
  p('python-kwarg', (i, s) => `client = Client(${i.snake}="${s}", timeout=30)`),
  p('csv', (i, s) => `name,value,\n${i.camel},${s},\n`),
  p('logstash', (i, s) => `  "${i.camel}" => "${s}"`),
  p('make-conditional', (i, s) => `${i.upper} ?= "${s}"`),
  p('make-append', (i, s) => `${i.upper} += "${s}"`),
  p('make-shell', (i, s) => `${i.upper} ::= "${s}"`),
  p('dotenv', (i, s) => `${i.upper}=${s}\n`),
  p('export', (i, s) => `export ${i.upper}="${s}"`),
  p('powershell', (i, s) => `$env:${i.upper} = "${s}"`),
  p('ruby', (i, s) => `  config.${i.snake} = '${s}'`),
  p('js-object', (i, s) => `const client = new Client({\n  ${i.camel}: '${s}',\n});\n`),
  p('ts-const', (i, s) => `export const ${i.upper}: string = "${s}";`),
  p('rust', (i, s) => `const ${i.upper}: &str = "${s}";`),
  p('swift', (i, s) => `let ${i.camel} = "${s}"`),
  p('terraform', (i, s) => `provider "x" {\n  ${i.snake} = "${s}"\n}\n`),
  p('toml', (i, s) => `[auth]\n${i.snake} = "${s}"\n`),
  p('properties', (i, s) => `${i.snake.replace(/_/g, '.')}=${s}\n`),
  p('k8s-env', (i, s) => `        env:\n          - name: ${i.upper}\n            value: "${s}"\n`),
  p('docker-compose-env', (i, s) => `    environment:\n      - ${i.upper}=${s}\n`),
  p('fixture-json', (i, s) => `{\n  "name": "${i.vendor}",\n  "test_secrets": {\n    "${i.snake.replace(/ /g, '_')}": "${s}"\n  }\n}\n`),
  p('prose-near', (i, s) => `Use this ${i.vendor} key ${s} for the staging account.`),
  p('prose-colon', (i, s) => `${i.vendor} token: ${s}`),
  p('shell-flag', (i, s) => `$ ${i.vendor.split(' ')[0]}-cli login --token ${s}`),
  p('curl-header', (i, s) => `curl -H "Authorization: Bearer ${s}" https://api.${i.vendor.split(' ')[0]}.io/v1/me`),
];

/** Placements that do not say whose it is: a value known by its shape alone. */
export const ANONYMOUS_PLACEMENTS: Placement[] = [
  p('log-line', (_i, s) => `2025-03-14T09:12:44Z DEBUG request sent with credentials ${s} (retry=0)`, { anonymous: true }),
  p('markdown', (_i, s) => `Paste \`${s}\` into the settings page.`, { anonymous: true }),
  p('chat', (_i, s) => `hey can you try with ${s} instead? the old one expired`, { anonymous: true }),
  p('python-list', (_i, s) => `KEYS = [\n    "${s}",\n]\n`, { anonymous: true }),
];

/** Multi-line values: key files and their embeddings. */
export const MULTILINE_PLACEMENTS: Placement[] = [
  p('key-file', (_i, s) => `${s}\n`, { singleLine: false, anonymous: true }),
  p('json-escaped-key', (i, s) => `{"${i.snake}": "${s.replace(/\n/g, '\\n')}\\n"}`, { singleLine: false }),
  p('yaml-block', (i, s) => `${i.snake}: |\n${s.split('\n').map((l) => `  ${l}`).join('\n')}\n`, { singleLine: false }),
  p('python-triple', (i, s) => `${i.upper} = """${s}"""\n`, { singleLine: false }),
  p('tool-result', (_i, s) => `{"type":"tool_result","content":"$ cat ~/.ssh/id_key\\n${s.replace(/\n/g, '\\n')}\\n"}`, { singleLine: false, anonymous: true }),
];
