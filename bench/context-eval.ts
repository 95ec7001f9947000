/**
 * Recall and false positives of the context-credential rules and the personal-data e-mail judgement on
 * generated cases: random values placed in every syntax the rules claim (positives), the same lines
 * with placeholders, code expressions and names (negatives). Seeded, so runs compare.
 * Run: node bench/context-eval.ts   (results in docs/benchmarks.md)
 */
import { buildDetectors } from '../src/inspection/build-detectors.ts';
import { defaultInspection } from '../src/config/defaults.ts';

let seed = 20261207;
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomValue(): string {
  const kind = rnd(4);
  const len = 10 + rnd(30);
  const alphabet = kind === 0 ? ALNUM + '!#%^*_+-' : kind === 1 ? '0123456789abcdef' : ALNUM;
  let v = '';
  for (let i = 0; i < len; i++) v += alphabet[rnd(alphabet.length)];
  if (kind === 3) v = pick(['Summer', 'Tokyo', 'Blue', 'Dragon', 'Coffee']) + (1000 + rnd(9000)) + pick(['!', '#', '$', '?']) + pick(['x', 'Q', 'z']);
  return v;
}

const NAMES = ['password', 'DB_PASSWORD', 'db_pass', 'passwd', 'pwd', 'secret', 'client_secret', 'API_KEY', 'apiKey', 'access_token', 'authToken', 'auth', 'SECRET_KEY', 'private_key', 'credentials', 'mysql_root_password', 'token'];
/** Each template takes a name and a value and returns a line (or file) that holds the value as a credential. */
const TEMPLATES: Array<[string, (n: string, v: string) => string]> = [
  ['dotenv', (n, v) => `${n.toUpperCase()}=${v}`],
  ['dotenv-quoted', (n, v) => `${n.toUpperCase()}="${v}"`],
  ['export', (n, v) => `export ${n.toUpperCase()}='${v}'`],
  ['yaml', (n, v) => `  ${n}: ${v}`],
  ['yaml-quoted', (n, v) => `  ${n}: "${v}"`],
  ['json', (n, v) => `{"${n}": "${v}"}`],
  ['json-escaped', (n, v) => JSON.stringify({ content: `${n} = "${v}"\n` })],
  ['toml', (n, v) => `${n} = "${v}"`],
  ['ini', (n, v) => `${n}=${v}`],
  ['properties', (n, v) => `app.datasource.${n}=${v}`],
  ['xml-element', (n, v) => `<${n}>${v}</${n}>`],
  ['xml-attribute', (n, v) => `<connection ${n}="${v}" />`],
  ['python-kwarg', (n, v) => `client = connect(host="db", ${n}="${v}")`],
  ['js-object', (n, v) => `const cfg = { ${n}: '${v}' };`],
  ['go', (n, v) => `\t${n[0]!.toUpperCase() + n.slice(1)}: "${v}",`],
  ['java', (n, v) => `private static final String ${n.toUpperCase()} = "${v}";`],
  ['csharp', (n, v) => `var ${n} = @"${v}";`],
  ['ruby', (n, v) => `  ${n}: '${v}',`],
  ['php', (n, v) => `$config['${n}'] = '${v}';`],
  ['php-define', (n, v) => `define('${n.toUpperCase()}', '${v}');`],
  ['cli-equals', (_n, v) => `./deploy.sh --password=${v}`],
  ['cli-space', (_n, v) => `vault login --token ${v}`],
  ['mysql', (_n, v) => `mysql -h db -u root -p'${v}' orders`],
  ['curl-user', (_n, v) => `curl -u deploy:${v} https://ci.corp.io/api`],
  ['url-postgres', (_n, v) => `DATABASE_URL=postgres://app:${encodeURIComponent(v)}@db.corp.io:5432/app`],
  ['url-redis', (_n, v) => `redis://:${encodeURIComponent(v)}@cache:6379/0`],
  ['url-mongo', (_n, v) => `mongodb+srv://svc:${encodeURIComponent(v)}@cluster0.ab12c.mongodb.net/db`],
  ['url-amqp', (_n, v) => `amqp://worker:${encodeURIComponent(v)}@rabbit.corp.io:5672/`],
  ['url-https', (_n, v) => `https://bob:${encodeURIComponent(v)}@git.corp.io/repo.git`],
  ['jdbc', (_n, v) => `jdbc:mysql://db:3306/app?user=app&password=${encodeURIComponent(v)}&useSSL=true`],
  ['adonet', (_n, v) => `Server=tcp:db.corp.io,1433;Database=app;User ID=app;Password=${v};Encrypt=True;`],
  ['bearer', (_n, v) => `curl -H "Authorization: Bearer ${Buffer.from(v).toString('base64url')}" https://api.corp.io`],
  ['basic', (_n, v) => `Authorization: Basic ${Buffer.from('deploy:' + v).toString('base64')}`],
  ['npmrc', (_n, v) => `//npm.corp.io/:_authToken=${v}`],
  ['netrc', (_n, v) => `machine api.corp.io login bob password ${v}`],
  ['docker-auth', (_n, v) => `{"auths":{"registry.corp.io":{"auth":"${Buffer.from('bob:' + v).toString('base64')}"}}}`],
  ['kube-token', (_n, v) => `users:\n- name: admin\n  user:\n    token: ${v}`],
];
const PLACEHOLDERS = ['changeme', '<password>', '${DB_PASSWORD}', '$DB_PASSWORD', '%(password)s', '{{ secret }}', 'xxxxxxxxxxxx', '************', 'your-api-key', 'example', 'dummy', 'test', 'aaaaaaaaaa', 'null', 'None', 'undefined', 'REPLACE_ME', 'your_token_here', '<YOUR_TOKEN>'];
const CODE_NEGATIVES = [
  'password = os.getenv("DB_PASSWORD")', 'const token = process.env.API_TOKEN;', 'apiKey: config.get("apiKey"),', 'secret = settings.SECRET_KEY',
  'token = tokenizer.next_token()', 'password: str = Field(..., min_length=8)', 'max_tokens = 4096', 'token_type = "Bearer"',
  'if token == TokenKind.IDENTIFIER:', 'passwordField.setHint("Enter password")', 'author = "Jane Smith"', 'AUTH_URL = "https://login.corp.io/oauth"',
  'password_file: /run/secrets/db_password', 'private_key_id: 0123456789', 'secretName: db-credentials', 'credential: X509Credential | undefined;',
];

const { detectors } = buildDetectors(defaultInspection());
const scan = (text: string) => detectors.flatMap((d) => d.scan(text)).filter((d) => d.type === 'secret');

let tp = 0;
let total = 0;
const missedBy = new Map<string, number>();
const perTemplate = new Map<string, [number, number]>();
for (let round = 0; round < 20; round++) {
  for (const [id, make] of TEMPLATES) {
    const value = randomValue();
    const text = make(pick(NAMES), value);
    const findings = scan(text);
    const hit = findings.some((f) => f.value === value || f.value === Buffer.from(value).toString('base64url') || f.value === encodeURIComponent(value) || text.slice(f.valueStart, f.valueEnd).includes(encodeURIComponent(value)) || (f.value.length > 8 && Buffer.from(f.value, 'base64').toString('latin1').includes(value)));
    total++;
    const row = perTemplate.get(id) ?? [0, 0];
    row[1]++;
    if (hit) {
      tp++;
      row[0]++;
    } else missedBy.set(`${id}: ${text.slice(0, 90)}`, 1);
    perTemplate.set(id, row);
  }
}
let fp = 0;
let negatives = 0;
const falsePositives: string[] = [];
for (const [id, make] of TEMPLATES) {
  for (const p of PLACEHOLDERS) {
    const text = id === 'bearer' ? `curl -H "Authorization: Bearer ${p}" https://api.corp.io` : make(pick(NAMES), p);
    negatives++;
    const f = scan(text).filter((d) => d.confidence !== 'low');
    if (f.length > 0) {
      fp++;
      falsePositives.push(`${id}: ${text}`);
    }
  }
}
for (const text of CODE_NEGATIVES) {
  negatives++;
  if (scan(text).length > 0) {
    fp++;
    falsePositives.push(`code: ${text}`);
  }
}
console.log(`context credentials: recall ${tp}/${total} (${((100 * tp) / total).toFixed(1)}%) over ${TEMPLATES.length} syntaxes`);
console.log(`placeholders and code: ${fp} of ${negatives} reported at medium or high`);
for (const [id, [a, b]] of perTemplate) if (a < b) console.log(`  ${id}: ${a}/${b}`);
for (const m of [...missedBy.keys()].slice(0, 15)) console.log(`  missed ${m}`);
for (const f of falsePositives.slice(0, 15)) console.log(`  reported ${f}`);

// ---- Personal data: generated positives (people) and look-alikes that identify nobody.
const PHONES = [
  '+81 90-1234-5678', '+81 3-1234-5678', '090-1234-5678', '03-1234-5678', '045-123-4567', '0120-123-456', '+1 415 555 2671', '(415) 555-2671',
  '+44 20 7946 0958', '+44 7911 123456', '+49 30 901820', '+49 151 23456789', '+33 1 23 45 67 89', '+33 6 12 34 56 78', '+86 138 0013 8000',
  '+61 2 9876 5432', '+61 412 345 678', '+91 98765 43210', '+44 (0)20 7946 0958', '0044 20 7946 0958', '+7 495 123-45-67', '+55 11 91234-5678',
  '+82 10-1234-5678', '+34 612 34 56 78', '+39 06 1234 5678', '+31 6 12345678', '+65 6123 4567', '+852 2123 4567', '+886 2 2345 6789',
  '+353 1 234 5678', '+46 8 123 456 78', '+41 44 668 18 00', '+48 12 345 67 89', '+971 4 123 4567', '+27 21 123 4567', '+52 55 1234 5678',
  '+90 212 123 45 67', '+4915123456789', '+818012345678', '020 7946 0958', '07911 123456', '06 12 34 56 78', '010-1234-5678', '0412 345 678', '+1-212-736-5000',
];
const SSNS = ['SSN: 536-22-8614', 'ssn 536228614', 'Social Security Number: 409 52 2002', 'tax id 287-65-4321', 'SSN 078-05-1121'];
const PEOPLE = ['hanako.yamada@acme.co.jp', 'j.smith@corp.io', 'Co-authored-by: Jane Doe <jane.doe@gmail.com>', 'taro@acme-trading.co.jp'];
const NOBODY = [
  'Co-Authored-By: Claude Opus 5.5 <noreply@anthropic.com>', 'notifications@github.com', '12345+octocat@users.noreply.github.com', 'support@stripe.com',
  'postmaster@acme.io', 'user@example.com', 'python-dev@python.org', 'const data = [4111111111111111, 5500000000000004];', 'commit 4532015112830366af09 version', 'card 4111 1111 1111 1111 in the Stripe docs',
  'version 1.2.3.4', 'listen 127.0.0.1:8080', 'ts 1700000000123', 'id 123-45-6789', 'count 123456789', 'docs 192.0.2.10', 'SSN: 111-22-3333',
];
const pii = (text: string) => detectors.flatMap((d) => d.scan(text)).filter((d) => d.type === 'pii' && d.confidence !== 'low');
let piiFound = 0;
let piiTotal = 0;
const piiMissed: string[] = [];
for (const p of PHONES) {
  piiTotal++;
  if (pii(`please call me on ${p} tomorrow`).some((d) => d.ruleId === 'pii-phone' && d.value === p)) piiFound++;
  else piiMissed.push(p);
}
for (const s of [...SSNS, ...PEOPLE]) {
  piiTotal++;
  if (pii(s).length > 0) piiFound++;
  else piiMissed.push(s);
}
const piiFalse = NOBODY.filter((t) => pii(t).length > 0);
console.log(`personal data: recall ${piiFound}/${piiTotal} (${((100 * piiFound) / piiTotal).toFixed(1)}%); identifies-nobody cases reported: ${piiFalse.length}/${NOBODY.length}`);
for (const m of piiMissed) console.log(`  missed ${m}`);
for (const f of piiFalse) console.log(`  reported ${f}`);
