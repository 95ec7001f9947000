/**
 * The held-out set (issue 10): a pure function of the seed. Vendor formats in the placements of
 * placements.ts; credentials by context (assignments with symbol-laden values, URLs with passwords,
 * Authorization headers, credential files); personal data (phones in E.164 and national formats of
 * many plans, US SSNs in every separator style, e-mail, My Number, cards, IBAN); near misses and clean
 * code that must stay quiet. Written for this set, not derived from scripts/eval-secrets.
 */
import { ALNUM, DIGITS, HEX, LOWER, UPPER, BASE64, Random } from '../eval-secrets/random.ts';
import { b64, luhnDigit, myNumberCheckDigit } from '../eval-secrets/encodings.ts';
import { HELDOUT_FORMATS, dockerAuths } from './formats.ts';
import { ANONYMOUS_PLACEMENTS, MULTILINE_PLACEMENTS, NAMED_PLACEMENTS, ident, type Placement } from './placements.ts';

export interface HeldoutCase {
  id: string;
  kind: 'positive' | 'negative';
  type: 'secret' | 'pii';
  /** Family (positives) or negative group. */
  family: string;
  format: string;
  placement: string;
  text: string;
  start: number;
  end: number;
  value: string;
}

export const HELDOUT_SEED = 424242;

export function generateHeldout(seed: number = HELDOUT_SEED, perFormat = 5): HeldoutCase[] {
  const r = new Random(seed);
  const out: HeldoutCase[] = [];
  const add = (kind: HeldoutCase['kind'], type: HeldoutCase['type'], family: string, format: string, placement: string, text: string, written: string): void => {
    const start = text.indexOf(written);
    if (start < 0 || written === '') throw new Error(`${format}/${placement}: value not in text`);
    out.push({ id: `${String(out.length).padStart(4, '0')}-${format}-${placement}`, kind, type, family, format, placement, text, start, end: start + written.length, value: written });
  };

  // 1. Vendor formats.
  for (const format of HELDOUT_FORMATS) {
    const pool: Placement[] = format.multiline === true ? MULTILINE_PLACEMENTS : format.named === true ? NAMED_PLACEMENTS : [...NAMED_PLACEMENTS, ...ANONYMOUS_PLACEMENTS];
    const order = shuffle(r, pool);
    for (let k = 0; k < perFormat; k++) {
      const placement = order[k % order.length]!;
      const value = format.gen(r);
      const id = ident(format.vendor, r);
      const text = placement.write(id, value, r);
      // A value written JSON-escaped is found as written.
      // Multi-line values re-indented or JSON-escaped are found by their first line (spans overlap).
      const written = text.includes(value) ? value : text.includes(value.replace(/\n/g, '\\n')) ? value.replace(/\n/g, '\\n') : value.split('\n')[0]!;
      add('positive', 'secret', format.family, format.id, placement.id, text, written);
    }
  }

  // 2. Credentials by context.
  const names = ['password', 'passwd', 'pwd', 'db_password', 'secret', 'client_secret', 'api_key', 'apiKey', 'access_key', 'auth_token', 'token', 'private_key', 'secret_key', 'SECRET_KEY_BASE', 'encryption_key', 'MYSQL_ROOT_PASSWORD', 'redisPassword', 'app_secret', 'webhook_secret', 'signing_secret'];
  const values = (): string => {
    const k = r.int(6);
    if (k === 0) return r.password();
    if (k === 1) return r.chars(ALNUM, r.between(16, 40));
    if (k === 2) return r.chars(HEX, r.pick([32, 40, 64]));
    if (k === 3) return `${r.chars(ALNUM, 6)}${r.pick(['!', '#', '$', '%', '&', '*', '(', ')', '[', ']', '{', '}', '?', '@', '^'])}${r.chars(ALNUM, 5)}${r.pick(['-', '_', '>', '<', '#'])}${r.chars(ALNUM, 6)}`;
    if (k === 4) return b64(r.bytes(r.pick([24, 32, 48])));
    return `${r.pick(['Blue', 'green', 'Tokyo', 'river', 'Storm'])}${r.pick(['-', '_', '.', ''])}${r.pick(['Falcon', 'pine', 'Ninja', 'lamp'])}${r.chars(DIGITS, r.between(2, 5))}${r.pick(['!', '?', '#', ''])}`;
  };
  const assignment: Array<[string, (n: string, v: string) => string]> = [
    ['py-eq-dq', (n, v) => `${n} = "${v}"`],
    ['py-dict-subscript', (n, v) => `settings["${n}"] = "${v}"`],
    ['objc-at', (n, v) => `NSString *${n} = @"${v}";`],
    ['php-array-append', (n, v) => `$config['${n}'] = '${v}';`],
    ['go-colon-eq', (n, v) => `${n} := "${v}"`],
    ['yaml-colon', (n, v) => `  ${n}: ${v}`],
    ['json-kv', (n, v) => `{"${n}": "${v}", "enabled": true}`],
    ['private-key-semicolon', (n, v) => `${n} "${v}";`],
    ['env-file', (n, v) => `${n.toUpperCase()}=${v}`],
    ['export', (n, v) => `export ${n.toUpperCase()}='${v}'`],
    ['docker-run-e', (n, v) => `docker run -d -e ${n.toUpperCase()}=${v} postgres:16`],
    ['cli-flag-eq', (n, v) => `./server --${n.replace(/_/g, '-').toLowerCase()}=${v} --port 8080`],
    ['cli-flag-space', (n, v) => `deploy --${n.replace(/_/g, '-').toLowerCase()} '${v}'`],
    ['java-setter', (n, v) => `config.set${n[0]!.toUpperCase()}${n.slice(1)}("${v}");`],
    ['js-object', (n, v) => `  ${n}: "${v}",`],
    ['ruby-hash', (n, v) => `  ${n}: '${v}',`],
    ['ruby-rocket', (n, v) => `  "${n}" => "${v}",`],
    ['csharp-prop', (n, v) => `    ${n[0]!.toUpperCase()}${n.slice(1)} = "${v}",`],
    ['xml-attr', (n, v) => `<property name="${n}" value="${v}"/>`],
    ['xml-element', (n, v) => `<${n}>${v}</${n}>`],
    ['ini', (n, v) => `${n} = ${v}`],
    ['properties-colon', (n, v) => `spring.datasource.${n}: ${v}`],
    ['hcl', (n, v) => `  ${n} = "${v}"`],
    ['tf-vars', (n, v) => `${n} = "${v}"`],
    ['sql', (n, v) => `CREATE USER app WITH PASSWORD '${v}'; -- ${n}`],
    ['powershell-secure', (n, v) => `$${n} = ConvertTo-SecureString "${v}" -AsPlainText -Force`],
    ['connection-string', (_n, v) => `Server=db.internal;Database=app;User Id=svc;Password=${v};`],
    ['kotlin-const', (n, v) => `const val ${n.toUpperCase()} = "${v}"`],
    ['rust-let', (n, v) => `let ${n.toLowerCase()} = String::from("${v}");`],
  ];
  for (const [id, write] of assignment) {
    for (let k = 0; k < 4; k++) {
      let v = values();
      // SQL and the connection string need a value without their own quote / separator characters.
      if (id === 'sql' || id === 'connection-string' || id === 'docker-run-e' || id === 'env-file' || id === 'yaml-colon' || id === 'ini' || id === 'properties-colon' || id === 'cli-flag-eq') v = v.replace(/[;'"\s<>#]/g, 'x');
      const n = id === 'sql' ? 'password' : r.pick(names);
      add('positive', 'secret', 'assignment', `assign-${id}`, id, write(n, v), v);
    }
  }
  // detect-secrets-style values: symbols that look like templates inside a longer string, spaces in quotes.
  for (let k = 0; k < 8; k++) {
    const v = r.pick([
      `${r.chars(LOWER, 3)}{{${r.chars(ALNUM, 2)}}${r.chars(LOWER, 2)})p\${${r.chars(LOWER, 2)}]nob(${r.chars(ALNUM, 5)}>-_$#${r.chars(ALNUM, 6)}}}`,
      `${r.chars(ALNUM, 5)} ${r.chars(ALNUM, 6)} ${r.chars(ALNUM, 4)}`,
      `${r.chars(ALNUM, 4)}%${r.chars(ALNUM, 6)}(${r.chars(ALNUM, 4)})`,
    ]);
    const shape = r.pick<[string, string]>([[`password = "${v}"`, 'eq'], [`apikey: "${v}"`, 'colon'], [`"secret": "${v}"`, 'json'], [`my_password := "${v}"`, 'go']]);
    add('positive', 'secret', 'assignment', `assign-symbols-${shape[1]}`, 'symbols', shape[0], v);
  }

  // URLs with credentials.
  const schemes = ['postgres', 'postgresql', 'mysql', 'mongodb+srv', 'mongodb', 'redis', 'rediss', 'amqp', 'amqps', 'ftp', 'sftp', 'https', 'http', 'smtp', 'ldap', 'mssql', 'jdbc:postgresql', 'clickhouse', 'nats', 'git+https'];
  for (const scheme of schemes) {
    for (let k = 0; k < 2; k++) {
      const pass = r.pick([r.password(), r.chars(ALNUM, 20), encodeURIComponent(r.password())]);
      const user = r.pick(['app', 'admin', 'svc_api', 'deploy', 'root', 'jenkins']);
      const host = r.pick(['db.internal', '10.0.3.17', 'cluster0.ab1cd.mongodb.net', 'mq.prod.local', 'files.corp.net', 'gitlab.corp.net']);
      const url = scheme === 'jdbc:postgresql' ? `jdbc:postgresql://${user}:${pass}@${host}:5432/app` : `${scheme}://${user}:${pass}@${host}/app`;
      const text = r.pick([`DATABASE_URL=${url}`, `url: "${url}"`, `conn = connect("${url}")`, `  - ${url}`, `Connecting to ${url} ...`]);
      add('positive', 'secret', 'url-credentials', `url-${scheme}`, 'url', text, pass);
    }
  }

  // Authorization headers.
  for (let k = 0; k < 24; k++) {
    const kind = r.int(6);
    if (kind === 0) {
      const v = b64(`${r.pick(['admin', 'api', 'ci'])}:${r.password()}`);
      add('positive', 'secret', 'auth-header', 'auth-basic', 'http', `GET /api HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${v}\r\n`, v);
    } else if (kind === 1) {
      const v = r.chars(ALNUM + '-._~', 40);
      add('positive', 'secret', 'auth-header', 'auth-bearer-curl', 'curl', `curl -sS -H 'Authorization: Bearer ${v}' https://api.internal/v2/items`, v);
    } else if (kind === 2) {
      const v = r.chars(HEX, 40);
      add('positive', 'secret', 'auth-header', 'auth-token-python', 'python', `headers = {"Authorization": "token ${v}"}`, v);
    } else if (kind === 3) {
      const v = r.chars(ALNUM, 32);
      add('positive', 'secret', 'auth-header', 'auth-x-api-key', 'http', `X-API-Key: ${v}`, v);
    } else if (kind === 4) {
      const v = r.chars(ALNUM + '_-', 48);
      add('positive', 'secret', 'auth-header', 'auth-bearer-js', 'js', `fetch(url, { headers: { Authorization: \`Bearer ${v}\` } })`, v);
    } else {
      const v = r.chars(ALNUM, 36);
      add('positive', 'secret', 'auth-header', 'auth-private-token', 'curl', `curl --header "PRIVATE-TOKEN: ${v}" "https://gitlab.corp.net/api/v4/projects"`, v);
    }
  }

  // Credential files.
  for (let k = 0; k < 3; k++) {
    const npm = `npm_${r.chars(ALNUM, 36)}`;
    add('positive', 'secret', 'credential-file', 'npmrc-authtoken', 'npmrc', `registry=https://registry.corp.net/\n//registry.corp.net/:_authToken=${r.chars(ALNUM + '-', 36)}\n`.replace(/_authToken=.*/, `_authToken=${npm}`), npm);
    const basic = b64(`deploy:${r.chars(ALNUM, 18)}`);
    add('positive', 'secret', 'credential-file', 'npmrc-auth', 'npmrc', `//npm.corp.net/:_auth=${basic}\nalways-auth=true\n`, basic);
    const pw = r.password();
    add('positive', 'secret', 'credential-file', 'pypirc', 'pypirc', `[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.corp.net/\nusername = deploy\npassword = ${pw}\n`, pw);
    const nrc = r.chars(ALNUM, 24);
    add('positive', 'secret', 'credential-file', 'netrc', 'netrc', `machine api.corp.net\n  login ci-bot\n  password ${nrc}\n`, nrc);
    const nrc1 = r.password();
    add('positive', 'secret', 'credential-file', 'netrc-oneline', 'netrc', `machine git.corp.net login deploy password ${nrc1}\n`, nrc1);
    const auth = dockerAuths(r);
    add('positive', 'secret', 'credential-file', 'docker-config', 'docker', `{\n  "auths": {\n    "registry.corp.net": {\n      "auth": "${auth}"\n    }\n  }\n}\n`, auth);
    const kt = `${r.chars(LOWER + DIGITS, 6)}.${r.chars(LOWER + DIGITS, 16)}`;
    add('positive', 'secret', 'credential-file', 'kubeconfig-token', 'kube', `users:\n- name: admin\n  user:\n    token: ${kt}\n`, kt);
    const kd = b64(`-----BEGIN RSA PRIVATE KEY-----\n${r.chars(BASE64, 200)}\n-----END RSA PRIVATE KEY-----\n`);
    add('positive', 'secret', 'credential-file', 'kubeconfig-client-key', 'kube', `users:\n- name: admin\n  user:\n    client-certificate-data: ${b64(r.bytes(60))}\n    client-key-data: ${kd}\n`, kd);
    const gc = r.chars(ALNUM, 20);
    add('positive', 'secret', 'credential-file', 'git-credentials', 'git', `https://ci-bot:${gc}@github.com\n`, gc);
    const pg = r.password().replace(/[:\\]/g, 'z');
    add('positive', 'secret', 'credential-file', 'pgpass', 'pgpass', `# ~/.pgpass\ndb.internal:5432:app:svc:${pg}\n`, pg);
    const aws = r.chars(ALNUM + '/+', 40);
    add('positive', 'secret', 'credential-file', 'aws-credentials', 'aws', `[default]\naws_access_key_id = AKIA${r.chars(UPPER + '234567', 16)}\naws_secret_access_key = ${aws}\n`, aws);
  }

  // Personal data.
  piiPositives(r, (format, text, written) => add('positive', 'pii', 'pii', format, 'text', text, written));
  // Negatives.
  negatives(r, (group, type, text, written) => add('negative', type, group, group, 'text', text, written));
  return out;
}

function shuffle<T>(r: Random, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const d = (r: Random, n: number): string => r.chars(DIGITS, n);
const nz = (r: Random): string => String(r.between(2, 9));

/** Phone numbers, written the way each country does; a context sentence for the national ones. */
function piiPositives(r: Random, add: (format: string, text: string, written: string) => void): void {
  const intl: Array<[string, () => string]> = [
    ['jp-mobile', () => `+81 ${r.pick(['90', '80', '70'])}-${d(r, 4)}-${d(r, 4)}`],
    ['jp-tokyo', () => `+81-3-${nz(r)}${d(r, 3)}-${d(r, 4)}`],
    ['jp-compact', () => `+81${r.pick(['90', '80'])}${d(r, 8)}`],
    ['us', () => `+1 ${nz(r)}${d(r, 2)} ${nz(r)}${d(r, 2)} ${d(r, 4)}`],
    ['us-dashed', () => `+1-${nz(r)}${d(r, 2)}-${nz(r)}${d(r, 2)}-${d(r, 4)}`],
    ['uk-london', () => `+44 20 ${r.pick(['7', '8'])}${d(r, 3)} ${d(r, 4)}`],
    ['uk-mobile', () => `+44 7${d(r, 3)} ${d(r, 6)}`],
    ['uk-trunk', () => `+44 (0)20 ${r.pick(['7', '8'])}${d(r, 3)} ${d(r, 4)}`],
    ['de', () => `+49 30 ${d(r, 8)}`],
    ['de-mobile', () => `+49 15${d(r, 1)} ${d(r, 8)}`],
    ['fr', () => `+33 ${r.pick(['6', '7', '1'])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`],
    ['it', () => `+39 06 ${d(r, 4)} ${d(r, 4)}`],
    ['es', () => `+34 6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['nl', () => `+31 6 ${d(r, 8)}`],
    ['se', () => `+46 70 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`],
    ['ch', () => `+41 79 ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`],
    ['pl', () => `+48 ${nz(r)}${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['in', () => `+91 9${d(r, 4)} ${d(r, 5)}`],
    ['cn', () => `+86 13${d(r, 1)} ${d(r, 4)} ${d(r, 4)}`],
    ['kr', () => `+82 10-${d(r, 4)}-${d(r, 4)}`],
    ['au', () => `+61 4${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['br', () => `+55 11 9${d(r, 4)}-${d(r, 4)}`],
    ['mx', () => `+52 55 ${d(r, 4)} ${d(r, 4)}`],
    ['ru', () => `+7 9${d(r, 2)} ${d(r, 3)}-${d(r, 2)}-${d(r, 2)}`],
    ['il', () => `+972 5${d(r, 1)}-${d(r, 3)}-${d(r, 4)}`],
    ['sg', () => `+65 ${r.pick(['8', '9'])}${d(r, 3)} ${d(r, 4)}`],
    ['hk', () => `+852 ${r.pick(['5', '6', '9'])}${d(r, 3)} ${d(r, 4)}`],
    ['ae', () => `+971 50 ${d(r, 3)} ${d(r, 4)}`],
    ['za', () => `+27 82 ${d(r, 3)} ${d(r, 4)}`],
    ['ng', () => `+234 803 ${d(r, 3)} ${d(r, 4)}`],
    ['id', () => `+62 812-${d(r, 4)}-${d(r, 4)}`],
    ['ph', () => `+63 917 ${d(r, 3)} ${d(r, 4)}`],
    ['nz', () => `+64 21 ${d(r, 3)} ${d(r, 4)}`],
    ['ie', () => `+353 85 ${d(r, 3)} ${d(r, 4)}`],
    ['at', () => `+43 664 ${d(r, 7)}`],
    ['be', () => `+32 470 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`],
    ['dk', () => `+45 ${nz(r)}${d(r, 1)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`],
    ['no', () => `+47 4${d(r, 2)} ${d(r, 2)} ${d(r, 3)}`],
    ['fi', () => `+358 40 ${d(r, 7)}`],
    ['pt', () => `+351 91${d(r, 1)} ${d(r, 3)} ${d(r, 3)}`],
    ['gr', () => `+30 69${d(r, 1)} ${d(r, 3)} ${d(r, 4)}`],
    ['tr', () => `+90 5${d(r, 2)} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`],
    ['eg', () => `+20 10 ${d(r, 4)} ${d(r, 4)}`],
    ['th', () => `+66 8${d(r, 1)} ${d(r, 3)} ${d(r, 4)}`],
    ['vn', () => `+84 9${d(r, 1)} ${d(r, 3)} ${d(r, 2)} ${d(r, 2)}`],
    ['my', () => `+60 12-${d(r, 3)} ${d(r, 4)}`],
    ['tw', () => `+886 9${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['ar', () => `+54 9 11 ${d(r, 4)}-${d(r, 4)}`],
    ['cl', () => `+56 9 ${d(r, 4)} ${d(r, 4)}`],
    ['co', () => `+57 3${d(r, 2)} ${d(r, 3)} ${d(r, 4)}`],
    ['pk', () => `+92 3${d(r, 2)} ${d(r, 7)}`],
    ['bd', () => `+880 1${r.pick(['7', '8', '9'])}${d(r, 2)}-${d(r, 6)}`],
    ['sa', () => `+966 5${d(r, 1)} ${d(r, 3)} ${d(r, 4)}`],
    ['ua', () => `+380 ${r.pick(['50', '67', '93'])} ${d(r, 3)} ${d(r, 4)}`],
    ['cz', () => `+420 ${r.pick(['601', '702', '777'])} ${d(r, 3)} ${d(r, 3)}`],
    ['ke', () => `+254 7${d(r, 2)} ${d(r, 6)}`],
    ['ro', () => `+40 7${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['hu', () => `+36 ${r.pick(['20', '30', '70'])} ${d(r, 3)} ${d(r, 4)}`],
  ];
  const lead = ['Call me at', 'phone:', 'Tel.', 'Mobile:', 'reach me on', 'WhatsApp', 'contact number', '電話:'];
  for (const [id, gen] of intl) {
    const n = gen();
    add(`phone-e164-${id}`, `${r.pick(lead)} ${n} if anything breaks.`, n);
  }
  const national: Array<[string, () => string]> = [
    ['jp-mobile', () => `0${r.pick(['90', '80', '70'])}-${d(r, 4)}-${d(r, 4)}`],
    ['jp-tokyo', () => `03-${nz(r)}${d(r, 3)}-${d(r, 4)}`],
    ['jp-osaka', () => `06-${nz(r)}${d(r, 3)}-${d(r, 4)}`],
    ['jp-area3', () => `045-${nz(r)}${d(r, 2)}-${d(r, 4)}`],
    ['jp-freedial', () => `0120-${d(r, 3)}-${d(r, 3)}`],
    ['jp-paren', () => `03(${nz(r)}${d(r, 3)})${d(r, 4)}`],
    ['us-paren', () => `(${nz(r)}${d(r, 2)}) ${nz(r)}${d(r, 2)}-${d(r, 4)}`],
    ['us-paren-nospace', () => `(${nz(r)}${d(r, 2)})${nz(r)}${d(r, 2)}-${d(r, 4)}`],
    ['us-dashed', () => `${nz(r)}${d(r, 2)}-${nz(r)}${d(r, 2)}-${d(r, 4)}`],
    ['us-dotted', () => `${nz(r)}${d(r, 2)}.${nz(r)}${d(r, 2)}.${d(r, 4)}`],
    ['uk-london', () => `020 7${d(r, 3)} ${d(r, 4)}`],
    ['uk-mobile', () => `07${d(r, 3)} ${d(r, 6)}`],
    ['de', () => `030 ${d(r, 8)}`],
    ['fr', () => `06 ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`],
    ['il', () => `0${r.pick(['9', '3', '2'])}-${nz(r)}${d(r, 6)}`],
    ['au', () => `04${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
    ['kr', () => `010-${d(r, 4)}-${d(r, 4)}`],
    ['br', () => `(11) 9${d(r, 4)}-${d(r, 4)}`],
    ['in', () => `9${d(r, 4)} ${d(r, 5)}`],
    ['cn', () => `13${d(r, 1)} ${d(r, 4)} ${d(r, 4)}`],
    ['it', () => `06 ${d(r, 4)} ${d(r, 4)}`],
    ['es', () => `6${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`],
  ];
  const natLead = ['My phone number is', 'Phone:', 'TEL', 'call', 'mobile', 'Telefon:', 'téléphone :', '電話番号'];
  for (const [id, gen] of national) {
    for (let k = 0; k < 2; k++) {
      const n = gen();
      add(`phone-national-${id}`, `${r.pick(natLead)} ${n}`, n);
    }
  }
  // US SSNs in every separator style.
  const ssn = (): [string, string, string] => {
    let a = '';
    do a = d(r, 3);
    while (a === '000' || a === '666' || a >= '900');
    return [a, `${r.between(1, 9)}${d(r, 1)}`, `${r.between(1, 9)}${d(r, 3)}`];
  };
  for (let k = 0; k < 4; k++) {
    const [a, g, s] = ssn();
    const forms: Array<[string, string]> = [
      ['ssn-dashed', `${a}-${g}-${s}`],
      ['ssn-spaced', `${a} ${g} ${s}`],
      ['ssn-dotted', `${a}.${g}.${s}`],
      ['ssn-bare', `${a}${g}${s}`],
    ];
    for (const [id, v] of forms) add(`${id}${k % 2 === 0 ? '-context' : ''}`, k % 2 === 0 ? `${r.pick(['SSN:', 'Social Security Number', 'ssn =', 'SSN#', 'social security no.'])} ${v}` : `Employee record: ${r.pick(['Jane Roe', 'John Q. Public', 'Maria Garcia'])}, ${v}, hired 2019`, v);
  }
  // E-mail addresses of people.
  for (let k = 0; k < 8; k++) {
    const e = `${r.pick(['taro.yamada', 'j.smith', 'maria.garcia', 'li.wei', 'kim.minjun', 'a.mueller', 'dupont.claire', 'priya.sharma'])}${r.chance(0.5) ? d(r, 2) : ''}@${r.pick(['gmail.com', 'outlook.jp', 'acme-corp.co.jp', 'yahoo.co.uk', 'proton.me', 'web.de', 'corp.internal.io'])}`;
    add('email', `${r.pick(['From:', 'Reported by', 'contact', 'Author:'])} ${r.pick(['Taro', 'Jane', 'Li'])} <${e}>`, e);
  }
  // My Number (12 digits with check digit), cards, IBAN.
  for (let k = 0; k < 4; k++) {
    const first = `${nz(r)}${d(r, 10)}`;
    const mn = first + myNumberCheckDigit(first);
    const written = r.chance(0.5) ? `${mn.slice(0, 4)} ${mn.slice(4, 8)} ${mn.slice(8)}` : mn;
    add('my-number', `${r.pick(['マイナンバー:', '個人番号', 'My Number:'])} ${written}`, written);
  }
  for (const [brand, prefix, len] of [['visa', '4', 16], ['mastercard', '5' + r.between(1, 5), 16], ['amex', '37', 15], ['jcb', '35' + r.between(28, 89), 16], ['discover', '6011', 16]] as Array<[string, string, number]>) {
    for (let k = 0; k < 2; k++) {
      const partial = prefix + d(r, len - prefix.length - 1);
      const card = partial + luhnDigit(partial);
      const written = k === 0 ? card : len === 15 ? `${card.slice(0, 4)} ${card.slice(4, 10)} ${card.slice(10)}` : card.match(/.{4}/g)!.join('-');
      add(`card-${brand}`, `${r.pick(['card number', 'Card:', 'cc', 'paid with'])} ${written}`, written);
    }
  }
  for (const [cc, bban] of [['DE', () => d(r, 18)], ['GB', () => `NWBK${d(r, 14)}`], ['FR', () => d(r, 23)], ['NL', () => `ABNA${d(r, 10)}`]] as Array<[string, () => string]>) {
    const b = bban();
    const check = ibanCheck(cc, b);
    const iban = `${cc}${check}${b}`;
    const written = iban.match(/.{1,4}/g)!.join(' ');
    add(`iban-${cc.toLowerCase()}`, `IBAN: ${written}`, written);
  }
}

function ibanCheck(cc: string, bban: string): string {
  const rearranged = `${bban}${cc}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + Number(ch)) % 97;
  return String(98 - rem).padStart(2, '0');
}

/** Near misses and clean code: nothing here may be reported at medium or above. */
function negatives(r: Random, add: (group: string, type: 'secret' | 'pii', text: string, written: string) => void): void {
  const sec = (group: string, text: string, written: string): void => add(group, 'secret', text, written);
  // Placeholders and references.
  for (const v of ['""', "''", '"fakesecret"', '"somefakekey"', '${link}', 'foo(hey)you', "request.json_body['hey']", 'True', 'password', '"<your-api-key>"', '"changeme"', '"${DB_PASSWORD}"', '"{{ .Values.token }}"', "os.environ['API_KEY']", 'process.env.STRIPE_KEY', '"xxxxxxxxxxxxxxxxxxxx"', '"********"', '"REPLACE_ME"', 'None', 'getpass.getpass()', '"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"', '"ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"', '$input', 'this.apiKey', '"%(password)s"', 'ENV.fetch("SECRET_KEY")', '"your_token_here"', '"<PASSWORD>"', '"[REDACTED]"', '"null"']) {
    const name = r.pick(['password', 'my_password', 'apikey', 'secret', 'api_key', 'token', 'auth_token']);
    const text = r.pick([`${name} = ${v}`, `${name}: ${v}`, `login(username=username, ${name}=${v})`, `const ${name} = ${v};`]);
    sec('placeholder', text, v);
  }
  // Things that look like secrets but are not.
  const near: Array<[string, string]> = [
    [`"integrity": "sha512-${b64(r.bytes(64))}"`, 'sha512-'],
    [`resolved "https://registry.example.invalid/left-pad/-/left-pad-1.3.0.tgz#${r.chars(HEX, 40)}"`, '#'],
    [`github.com/pkg/errors v0.9.1 h1:${b64(r.bytes(32))}`, 'h1:'],
    [`commit ${r.chars(HEX, 40)}\nAuthor: CI <ci@example.com>`, 'commit'],
    [`const requestId = "${r.uuid()}";`, 'requestId'],
    [`checksum: sha256:${r.chars(HEX, 64)}`, 'sha256'],
    [`<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.chars(BASE64, 120)}" />`, 'iVBOR'],
    [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64, 43)} user@laptop`, 'ssh-ed25519'],
    [`-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${r.chars(BASE64, 64)}\n-----END PUBLIC KEY-----`, 'PUBLIC'],
    [`-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE${r.chars(BASE64, 64)}\n-----END CERTIFICATE-----`, 'CERTIFICATE'],
    [`token_type: "Bearer"\nexpires_in: 3600`, 'Bearer'],
    [`max_tokens = 4096`, '4096'],
    [`password_min_length: 12`, '12'],
    [`"password": {"type": "string", "minLength": 8}`, 'string'],
    [`secretName: ${r.pick(['db-credentials', 'tls-cert', 'registry-pull-secret'])}`, 'secretName'],
    [`const TOKEN_KEY = 'auth_token';`, 'auth_token'],
    [`AWS_REGION=us-east-1\nAWS_ACCOUNT_ID=${d(r, 12)}`, 'AWS_ACCOUNT_ID'],
    [`<add key="Environment" value="Production" />`, 'Production'],
    [`export GITHUB_SHA=${r.chars(HEX, 40)}`, 'GITHUB_SHA'],
    [`"publishableKey": "pk_live_${r.chars(ALNUM, 24)}"`, 'pk_live_'],
    [`DD_SITE=datadoghq.eu`, 'datadoghq'],
    [`mailchimp_list_id = "${r.chars(HEX, 10)}"`, 'list_id'],
    [`git clone https://github.com/acme/widgets.git`, 'github.com'],
    [`postgres://localhost:5432/app`, 'localhost'],
    [`redis://:@cache:6379/0`, 'cache'],
    [`https://user@bitbucket.org/acme/repo.git`, 'user@'],
    [`Authorization: Bearer \${TOKEN}`, '${TOKEN}'],
    [`Authorization: Basic <base64 credentials>`, '<base64'],
    [`eyJhbGciOiJIUzI1NiJ9 is the header of an HS256 token`, 'eyJhbGciOiJIUzI1NiJ9'],
    [`AKIAIOSFODNN7EXAMPLE`, 'AKIAIOSFODNN7EXAMPLE'],
  ];
  for (const [text, w] of near) sec('near-miss', text, w);
  // Clean code: license headers, fixtures, UUIDs, hashes, lockfiles, numeric code.
  const clean: Array<[string, string]> = [
    [`/*\n * Licensed under the Apache License, Version 2.0 (the "License");\n * you may not use this file except in compliance with the License.\n * You may obtain a copy of the License at\n *\n *     http://www.apache.org/licenses/LICENSE-2.0\n */`, 'Licensed'],
    [`# Copyright (c) 2019 The Authors. All rights reserved.\n# SPDX-License-Identifier: MIT`, 'Copyright'],
    [`def test_login(client):\n    resp = client.post("/login", data={"username": "alice", "password": "test"})\n    assert resp.status_code == 200`, 'password'],
    [`it('rejects a wrong password', async () => {\n  await expect(login('bob', 'wrong')).rejects.toThrow();\n});`, 'wrong'],
    [`const ids = ["${r.uuid()}", "${r.uuid()}", "${r.uuid()}"];`, 'ids'],
    [`sha1sum: ${r.chars(HEX, 40)}  dist/app.tar.gz`, 'sha1sum'],
    [`  "node_modules/yaml": {\n    "version": "2.4.1",\n    "resolved": "https://npm.registry.example/yaml/-/yaml-2.4.1.tgz",\n    "integrity": "sha512-${b64(r.bytes(64))}"\n  }`, 'integrity'],
    [`static const uint32_t table[] = { ${Array.from({ length: 8 }, () => '0x' + r.chars(HEX, 8)).join(', ')} };`, 'table'],
    [`const primes = [${Array.from({ length: 10 }, () => r.between(1000, 999999)).join(', ')}];`, 'primes'],
    [`timestamps = [${Array.from({ length: 5 }, () => 1_600_000_000_000 + r.int(100_000_000_000)).join(', ')}]`, 'timestamps'],
    [`const ORDER_IDS = [${Array.from({ length: 4 }, () => d(r, 16)).join(', ')}];`, 'ORDER_IDS'],
    [`version = "${r.between(1, 9)}.${r.between(0, 20)}.${r.between(0, 40)}"`, 'version'],
    [`"rows": [[${d(r, 3)}, ${d(r, 2)}, ${d(r, 4)}], [${d(r, 3)}, ${d(r, 2)}, ${d(r, 4)}]]`, 'rows'],
    [`x = np.array([${Array.from({ length: 6 }, () => (r.int(10000) / 100).toFixed(2)).join(', ')}])`, 'np.array'],
    [`if (retries > 3) { sleep(2000); } // back off`, 'retries'],
    [`<svg viewBox="0 0 24 24"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>`, 'svg'],
    [`Co-Authored-By: Claude <noreply@anthropic.com>`, 'noreply@anthropic.com'],
    [`Signed-off-by: Jane Roe <${d(r, 8)}+janeroe@users.noreply.github.com>`, 'users.noreply.github.com'],
    [`Contact: support@example.com or security@example.org`, 'support@example.com'],
    [`mailto:no-reply@notifications.acme.io`, 'no-reply@'],
    [`listen 0.0.0.0:8080; upstream 127.0.0.1:9000;`, '127.0.0.1'],
    [`Build 20240115.3 (${d(r, 10)})`, 'Build'],
    [`const TEST_CARD = "4111 1111 1111 1111";`, 'TEST_CARD'],
    [`ssn = "123-45-6789"  # documentation example`, '123-45-6789'],
    [`call 555-0134 for the demo line`, '555-0134'],
    [`The dates were 2024-01-15, 2024-02-29 and 2025-12-31.`, '2024-01-15'],
    [`HTTP/1.1 200 OK\r\nContent-Length: ${d(r, 6)}\r\nETag: "${r.chars(HEX, 32)}"`, 'ETag'],
    [`"sourceMap": "AAAA,SAASA,KAAK,CAAC,CAAC,EAAE;AACxB,OAAO,IAAI,CAAC"`, 'AAAA'],
  ];
  for (const [text, w] of clean) add('clean-code', /noreply|support@|no-reply|127\.0|TEST_CARD|123-45|555-0134|2024-01|Build|rows|primes|timestamps|ORDER_IDS|np\.array/.test(text) ? 'pii' : 'secret', text, w);
}
