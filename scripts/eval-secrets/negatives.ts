/**
 * Things that look like credentials and are not: placeholders in the same syntaxes real values use, and
 * near misses (secret-like names holding ordinary values, hashes, ids, public keys, certificates).
 * A scanner should stay quiet on every one.
 */
import { BASE64, HEX, type Random } from './random.ts';
import { b64 } from './encodings.ts';

export interface NegativeCase {
  format: string;
  fileName: string;
  text: string;
  /** The characters that must not be reported. */
  written: string;
}

const PLACEHOLDERS = [
  'changeme', 'CHANGEME', 'change_me', '${DB_PASSWORD}', '$DB_PASSWORD', '<password>', '<your-api-key>', 'your-api-key', 'your_api_key_here',
  'YOUR_SECRET_HERE', 'xxxxxxxxxxxxxxxxxxxxxxxx', 'XXXXXXXXXXXXXXXX', '********', '{{ .Values.db.password }}', '{{ secret }}',
  '%(DB_PASSWORD)s', 'REPLACE_ME', 'TODO', 'dummy', 'example', 'password', 'secret', '<REDACTED>', 'aaaaaaaaaaaaaaaaaaaaaaaa',
  'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'AKIAXXXXXXXXXXXXXXXX', 'xoxb-your-bot-token', '${{ secrets.API_TOKEN }}',
  '<%= ENV["SECRET"] %>', 'insert-key-here', 'sk-...', 'None', 'null', '0000000000000000',
];

const SYNTAXES: Array<(name: string, v: string) => { fileName: string; text: string }> = [
  (n, v) => ({ fileName: '.env.example', text: `# copy to .env\n${n.toUpperCase()}=${v}\n` }),
  (n, v) => ({ fileName: 'config/example.yaml', text: `db:\n  user: app\n  ${n}: "${v}"\n` }),
  (n, v) => ({ fileName: 'README.md', text: `Set the key in \`config.json\`:\n\n\`\`\`json\n{ "${n}": "${v}" }\n\`\`\`\n` }),
  (n, v) => ({ fileName: 'settings.py', text: `${n.toUpperCase()} = "${v}"  # set in production\n` }),
  (n, v) => ({ fileName: 'docs/setup.sh', text: `export ${n.toUpperCase()}=${v}\n` }),
];

/** Code that reads a secret from somewhere else: the right-hand side is not a value. */
const INDIRECT: Array<{ fileName: string; text: string; written: string }> = [
  { fileName: 'app.py', text: 'password = os.environ["DB_PASSWORD"]\n', written: 'os.environ["DB_PASSWORD"]' },
  { fileName: 'app.js', text: 'const apiKey = process.env.API_KEY;\n', written: 'process.env.API_KEY' },
  { fileName: 'main.go', text: 'token := os.Getenv("GITHUB_TOKEN")\n', written: 'os.Getenv("GITHUB_TOKEN")' },
  { fileName: 'Config.java', text: 'String secret = System.getenv("CLIENT_SECRET");\n', written: 'System.getenv("CLIENT_SECRET")' },
  { fileName: 'login.py', text: 'password = getpass.getpass("Password: ")\n', written: 'getpass.getpass("Password: ")' },
  { fileName: 'db.ts', text: 'const password = config.get<string>("db.password");\n', written: 'config.get<string>("db.password")' },
  { fileName: 'deploy.yml', text: 'env:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n', written: '${{ secrets.API_TOKEN }}' },
  { fileName: 'docker-compose.yml', text: 'environment:\n  POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n', written: '/run/secrets/db_password' },
  { fileName: 'db.url', text: 'DATABASE_URL=postgres://${DB_USER}:${DB_PASS}@db:5432/app\n', written: '${DB_PASS}' },
  { fileName: 'docs/connect.md', text: 'Connect with `postgres://user:password@localhost:5432/mydb`.\n', written: 'password' },
  { fileName: 'client.ts', text: 'headers.set("Authorization", `Bearer ${token}`);\n', written: '${token}' },
  { fileName: 'docs/api.md', text: 'Send `Authorization: Bearer <token>` with every request.\n', written: '<token>' },
  { fileName: 'docs/keys.md', text: 'Your key file looks like:\n\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n', written: '...' },
];

/** Secret-like names with ordinary values, and random-looking strings that are not credentials. */
function nearMisses(r: Random): Array<{ format: string; fileName: string; text: string; written: string }> {
  const sha512 = `sha512-${b64(r.bytes(64))}`;
  const commit = r.chars(HEX, 40);
  const sha256 = r.chars(HEX, 64);
  const uuid = r.uuid();
  const pub = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(BASE64.slice(0, 62), 43)} dev@laptop`;
  const cert = `-----BEGIN CERTIFICATE-----\n${b64(r.bytes(600)).match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
  const pubPem = `-----BEGIN PUBLIC KEY-----\n${b64(r.bytes(270)).match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----`;
  const img = `data:image/png;base64,iVBORw0KGgo${b64(r.bytes(90))}`;
  const goSum = `h1:${b64(r.bytes(32))}`;
  return [
    { format: 'name-password-length', fileName: 'policy.py', text: 'PASSWORD_MIN_LENGTH = 12\npassword_max_age_days = 90\n', written: '12' },
    { format: 'name-token-type', fileName: 'oauth.json', text: '{ "token_type": "Bearer", "expires_in": 3600 }\n', written: 'Bearer' },
    { format: 'name-secret-name', fileName: 'deploy.yaml', text: 'secretName: db-credentials\nsecret_key_ref: DB_PASSWORD\n', written: 'db-credentials' },
    { format: 'name-api-key-header', fileName: 'client.go', text: 'const apiKeyHeader = "X-API-Key"\n', written: 'X-API-Key' },
    { format: 'name-password-field', fileName: 'form.tsx', text: '<input type="password" name="password" autoComplete="current-password" />\n', written: 'current-password' },
    { format: 'name-auth-method', fileName: 'settings.ini', text: '[auth]\nauth_method = oauth2\ntoken_endpoint = /oauth/token\n', written: 'oauth2' },
    { format: 'lockfile-integrity', fileName: 'package-lock.json', text: `{\n  "node_modules/left-pad": {\n    "version": "1.3.0",\n    "integrity": "${sha512}"\n  }\n}\n`, written: sha512 },
    { format: 'git-commit', fileName: 'CHANGELOG.md', text: `* fix the retry loop (${commit})\n`, written: commit },
    { format: 'checksum', fileName: 'checksums.json', text: `{ "file": "app.tar.gz", "sha256": "${sha256}" }\n`, written: sha256 },
    { format: 'request-id', fileName: 'trace.log', text: `request_id=${uuid} status=200 duration_ms=12\n`, written: uuid },
    { format: 'ssh-public-key', fileName: 'authorized_keys', text: `${pub}\n`, written: pub },
    { format: 'certificate', fileName: 'ca.pem', text: `${cert}\n`, written: cert.split('\n')[1]! },
    { format: 'public-key-pem', fileName: 'jwt-public.pem', text: `${pubPem}\n`, written: pubPem.split('\n')[1]! },
    { format: 'data-uri', fileName: 'styles.css', text: `.logo { background: url(${img}); }\n`, written: img },
    { format: 'go-sum', fileName: 'go.sum', text: `golang.org/x/text v0.14.0 ${goSum}\n`, written: goSum },
    { format: 'sk-learn', fileName: 'requirements.txt', text: 'scikit-learn==1.5.0\n# import sklearn as sk-learn alias\n', written: 'sk-learn' },
  ];
}

export function negativeCases(r: Random, rounds: number): NegativeCase[] {
  const out: NegativeCase[] = [];
  const names = ['password', 'api_key', 'secret', 'token', 'client_secret', 'db_password', 'access_key'];
  for (const [i, p] of PLACEHOLDERS.entries()) {
    for (let k = 0; k < rounds; k++) {
      const place = SYNTAXES[(i + k) % SYNTAXES.length]!;
      const file = place(names[(i + k) % names.length]!, p);
      out.push({ format: `placeholder:${p}`, ...file, written: p });
    }
  }
  for (const x of INDIRECT) out.push({ format: `indirect:${x.fileName}`, ...x });
  for (let k = 0; k < rounds; k++) for (const x of nearMisses(r)) out.push({ ...x, format: `near-miss:${x.format}` });
  return out;
}
