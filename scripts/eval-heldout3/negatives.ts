/**
 * Near misses of the third held-out set: text that must not be reported at medium or high confidence.
 * The kinds other scanners' suites keep as negatives (detect-secrets' "fake"/empty values and
 * references, Nosey Parker's negative examples: variables, templates, hashes, ids) plus check-digit
 * failures for personal data. Generated, one writer per kind.
 */
import { AN, DIG, HX, LAN, LO, UP, b64, corporateCheck, luhn, myNumberCheck, type Rng } from './rng.ts';

export interface NegativeCase {
  group: string;
  text: string;
}

const n = (group: string, make: (r: Rng) => string): [string, (r: Rng) => string] => [group, make];

export const SECRET_NEGATIVES: Array<[string, (r: Rng) => string]> = [
  n('reference', (r) => r.pick([
    `password = os.environ["DB_PASSWORD"]`,
    `  password: \${{ secrets.DB_PASSWORD }}`,
    `password = var.db_password`,
    `DB_PASSWORD=\${DB_PASSWORD:?required}`,
    `const apiKey = process.env.${r.pick(['STRIPE', 'OPENAI', 'SENDGRID'])}_API_KEY;`,
    `token: {{ .Values.${r.pick(['auth', 'api'])}.token | quote }}`,
    `valueFrom:\n  secretKeyRef:\n    name: db-secret\n    key: password`,
    `password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256`,
    `spring.datasource.password=\${SPRING_DATASOURCE_PASSWORD}`,
    `aws_secret_access_key = {{ aws_secret }}`,
    `echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin registry.example.com`,
    `PGPASSWORD="$PGPASS" psql -h localhost -U app`,
    `secret_key = data.aws_ssm_parameter.secret.value`,
    `"password": "<YOUR_PASSWORD_HERE>"`,
  ])),
  n('placeholder', (r) => r.pick([
    `password = "changeme"`,
    `api_key: "your-api-key"`,
    `SECRET_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
    `token = "${'*'.repeat(r.range(8, 24))}"`,
    `DB_PASSWORD=password`,
    `client_secret = "REPLACE_ME"`,
    `password: ""`,
    `apiKey: "<api-key>"`,
    `GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
    `STRIPE_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX`,
    `mongodb://user:password@localhost:27017/test`,
    `postgres://postgres:postgres@localhost:5432/postgres`,
    `jdbc:postgresql://localhost:5432/app?user=app&password=`,
  ])),
  n('identifier', (r) => r.pick([
    `commit ${r.s(HX, 40)}`,
    `"integrity": "sha512-${b64(r.bytes(64))}"`,
    `const requestId = "${r.uuid()}";`,
    `image: registry.example.com/app@sha256:${r.s(HX, 64)}`,
    `background-color: #${r.s(HX, 6)};`,
    `"resolved": "https://registry.example.invalid/left-pad/-/left-pad-1.3.0.tgz"`,
    `git checkout ${r.s(HX, 12)}`,
    `<img src="data:image/png;base64,${b64(r.bytes(60))}">`,
    `etag: "${r.s(HX, 32)}"`,
    `password_hash = "$2b$12$${r.s(AN + './', 53)}"`,
    `tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")`,
    `secretName: ${r.pick(['db', 'tls', 'api'])}-credentials`,
    `auth_method = "oauth2"`,
    `TOKEN_EXPIRY_SECONDS=3600`,
  ])),
  n('vendor-near-miss', (r) => r.pick([
    `ghp_${r.s(AN, 20)}`,
    `xoxb-not-a-token`,
    `AKIA${r.s(UP, 10)}`,
    `sk_live_${r.s(AN, 8)}`,
    `glpat-${r.s(AN, 8)}`,
    `npm_${r.s(AN, 12)}`,
    `AIza${r.s(AN, 20)}`,
    `The prefix "hf_" marks Hugging Face tokens.`,
    `SG.${r.s(AN, 6)}.${r.s(AN, 6)}`,
    `dop_v1_${r.s(HX, 20)}`,
    `Use tokens that start with sk-ant- for Claude.`,
    `const re = /^ghp_[0-9A-Za-z]{36}$/;`,
  ])),
  n('clean-code', (r) => r.pick([
    `def verify_password(password: str, hashed: str) -> bool:\n    return bcrypt.checkpw(password.encode(), hashed.encode())`,
    `if (token.expiresAt < Date.now()) { await refreshToken(token); }`,
    `passwordInput.addEventListener('input', () => validate(passwordInput.value));`,
    `SELECT id, username, password_hash FROM users WHERE id = $1`,
    `export type ApiKey = { id: string; createdAt: Date };`,
    `const secretManager = new SecretsManagerClient({ region });`,
    `parser.add_argument("--password", help="database password")`,
    `private static final String PASSWORD_FIELD = "password";`,
    `for key, value in secrets.items():\n    os.environ[key] = value`,
    `auth_header = f"Bearer {token}"`,
    `cy.get('[data-test=password]').type(Cypress.env('password'))`,
    `${LO[r.int(26)]}Token = jwt.sign(payload, privateKey, { algorithm: 'RS256' });`,
  ])),
];

export const PII_NEGATIVES: Array<[string, (r: Rng) => string]> = [
  n('pii-check-digit-fail', (r) => {
    const e = r.s(DIG, 11);
    const bad = String((Number(myNumberCheck(e)) + r.range(1, 9)) % 10);
    const base = r.s(DIG, 12);
    const badCorp = String((Number(corporateCheck(base)) + r.range(1, 8)) % 10) + base;
    const sinPartial = `${r.range(1, 7)}${r.s(DIG, 7)}`;
    const badSin = sinPartial + String((Number(luhn(sinPartial)) + r.range(1, 9)) % 10);
    const cardPartial = `4${r.s(DIG, 14)}`;
    const badCard = cardPartial + String((Number(luhn(cardPartial)) + r.range(1, 9)) % 10);
    return r.pick([`マイナンバー：${e}${bad}`, `法人番号：${badCorp}`, `SIN: ${badSin}`, `card: ${badCard.replace(/(.{4})(?=.)/g, '$1 ')}`]);
  }),
  n('pii-look-alike', (r) => r.pick([
    `version: ${r.range(1, 9)}.${r.range(0, 20)}.${r.range(0, 99)}.${r.range(0, 999)}`,
    `created_at: 2026-0${r.range(1, 9)}-1${r.range(0, 9)}T12:34:56Z`,
    `const ts = 17${r.s(DIG, 11)};`,
    `ISBN 978-4-${r.s(DIG, 3)}-${r.s(DIG, 5)}-${r.range(0, 9)}`,
    `order_id: ${r.s(DIG, 12)}`,
    `const sizes = [${r.s(DIG, 4)}, ${r.s(DIG, 4)}, ${r.s(DIG, 4)}, ${r.s(DIG, 4)}];`,
    `listen [::1]:8080; upstream 2001:db8::${r.s(HX, 4)};`,
    `bind 10.${r.range(0, 255)}.${r.range(0, 255)}.${r.range(1, 254)}`,
    `Co-Authored-By: Claude <noreply@anthropic.com>`,
    `author: ${r.pick(['dependabot[bot]', 'renovate[bot]'])} <${r.s(DIG, 8)}+${r.pick(['dependabot', 'renovate'])}[bot]@users.noreply.github.com>`,
    `uuid: ${r.uuid()}`,
    `"sha": "${r.s(LAN, 40)}"`,
    `BG${r.s(DIG, 6)}A is not a valid NINO prefix`,
    `width=${r.s(DIG, 3)} height=${r.s(DIG, 3)} dpi=${r.s(DIG, 3)}`,
    `phone_regex = r"^\\+?[0-9]{7,15}$"`,
  ])),
];
