/**
 * Credentials known by their context rather than their vendor: `password = …` assignments in the syntaxes
 * code and config use, auth headers, and credential files (.npmrc, .pypirc, .netrc, Docker config.json,
 * kubeconfig, AWS credentials, .pgpass, Maven settings, …). Each generator returns the file, the value and
 * how it is written there.
 */
import { ALNUM, BASE64URL, HEX, type Random } from './random.ts';
import { b64 } from './encodings.ts';

export interface ContextCase {
  family: 'assignment' | 'auth-header' | 'credential-file';
  format: string;
  fileName: string;
  text: string;
  value: string;
  written: string;
}

type Gen = (r: Random, v: string) => Omit<ContextCase, 'family' | 'format' | 'value'>;

const PASSWORD_NAMES = ['password', 'passwd', 'pwd', 'db_password', 'db_pass', 'admin_password', 'smtp_password', 'redis_password'];
const SECRET_NAMES = ['secret', 'token', 'api_key', 'apikey', 'access_key', 'client_secret', 'secret_key', 'auth_token', 'private_key', 'auth'];

/** Values: what people type for passwords, or random strings for tokens. */
function valueFor(r: Random, name: string): string {
  if (/pass|pwd/.test(name)) return r.password();
  return r.pick([() => r.chars(ALNUM, r.between(24, 48)), () => r.chars(HEX, r.pick([32, 40, 64])), () => r.chars(BASE64URL, r.between(30, 50))])();
}

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const sq = (v: string): string => v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/** `name` is the secret-like variable name (snake case); each syntax writes it its own way. */
const ASSIGNMENTS: Record<string, (r: Random, name: string, v: string) => Omit<ContextCase, 'family' | 'format' | 'value'>> = {
  dotenv: (_r, n, v) => ({ fileName: '.env', text: `HOST=0.0.0.0\n${n.toUpperCase()}=${v}\n`, written: v }),
  yaml: (_r, n, v) => ({ fileName: 'docker-compose.yml', text: `services:\n  db:\n    image: postgres:16\n    environment:\n      ${n}: "${esc(v)}"\n`, written: esc(v) }),
  'yaml-nested': (_r, n, v) => ({ fileName: 'values.yaml', text: `database:\n  host: db.internal\n  user: app\n  ${n}: '${v.replace(/'/g, "''")}'\n`, written: v.replace(/'/g, "''") }),
  json: (_r, n, v) => ({ fileName: 'appsettings.json', text: `{\n  "Database": {\n    "User": "app",\n    "${n}": "${esc(v)}"\n  }\n}\n`, written: esc(v) }),
  toml: (_r, n, v) => ({ fileName: 'pyproject.toml', text: `[tool.app.database]\nuser = "app"\n${n} = "${esc(v)}"\n`, written: esc(v) }),
  ini: (_r, n, v) => ({ fileName: 'my.cnf', text: `[client]\nuser = app\n${n} = ${v}\n`, written: v }),
  properties: (_r, n, v) => ({ fileName: 'gradle.properties', text: `org.gradle.jvmargs=-Xmx2g\nsigning.${n.replace(/_/g, '.')}=${v}\n`, written: v }),
  'shell-export': (_r, n, v) => ({ fileName: 'scripts/env.sh', text: `#!/bin/sh\nexport ${n.toUpperCase()}='${v.replace(/'/g, `'\\''`)}'\n`, written: v.replace(/'/g, `'\\''`) }),
  'xml-attribute': (_r, n, v) => ({ fileName: 'web.config', text: `<configuration>\n  <appSettings>\n    <add key="${n}" value="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />\n  </appSettings>\n</configuration>\n`, written: v.replace(/&/g, '&amp;').replace(/"/g, '&quot;') }),
  'xml-element': (_r, n, v) => ({ fileName: 'settings.xml', text: `<settings>\n  <servers>\n    <server>\n      <id>internal</id>\n      <username>deploy</username>\n      <${n}>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${n}>\n    </server>\n  </servers>\n</settings>\n`, written: v.replace(/&/g, '&amp;').replace(/</g, '&lt;') }),
  'python-kwarg': (_r, n, v) => ({ fileName: 'db.py', text: `import psycopg2\n\nconn = psycopg2.connect(host="db.internal", user="app", ${n}="${esc(v)}")\n`, written: esc(v) }),
  'python-dict': (_r, n, v) => ({ fileName: 'conf.py', text: `CONFIG = {\n    "user": "app",\n    "${n}": "${esc(v)}",\n}\n`, written: esc(v) }),
  'js-object': (_r, n, v) => ({ fileName: 'knexfile.js', text: `module.exports = {\n  client: 'pg',\n  connection: { user: 'app', ${camel(n)}: '${sq(v)}' },\n};\n`, written: sq(v) }),
  'ts-const': (_r, n, v) => ({ fileName: 'src/env.ts', text: `export const ${camel(n)} = "${esc(v)}";\n`, written: esc(v) }),
  'go-struct': (_r, n, v) => ({ fileName: 'db.go', text: `cfg := mysql.Config{\n\tUser:   "app",\n\t${pascal(n)}: "${esc(v)}",\n\tNet:    "tcp",\n}\n`, written: esc(v) }),
  'java-field': (_r, n, v) => ({ fileName: 'Db.java', text: `class Db {\n    private String ${camel(n)} = "${esc(v)}";\n}\n`, written: esc(v) }),
  'java-setter': (_r, n, v) => ({ fileName: 'Mail.java', text: `Properties props = new Properties();\nprops.setProperty("mail.smtp.${n.replace(/_/g, '.')}", "${esc(v)}");\n`, written: esc(v) }),
  csharp: (_r, n, v) => ({ fileName: 'Startup.cs', text: `var ${camel(n)} = "${esc(v)}";\nservices.AddSingleton(new Client(${camel(n)}));\n`, written: esc(v) }),
  ruby: (_r, n, v) => ({ fileName: 'config/initializers/mail.rb', text: `ActionMailer::Base.smtp_settings = {\n  user_name: 'app',\n  ${n}: '${sq(v)}',\n}\n`, written: sq(v) }),
  'ruby-hashrocket': (_r, n, v) => ({ fileName: 'deploy.rb', text: `set :db, { :user => 'app', :${n} => "${esc(v)}" }\n`, written: esc(v) }),
  php: (_r, n, v) => ({ fileName: 'config.php', text: `<?php\n$${n} = '${sq(v)}';\n`, written: sq(v) }),
  'php-array': (_r, n, v) => ({ fileName: 'config/database.php', text: `<?php\nreturn [\n    'username' => 'app',\n    '${n}' => '${sq(v)}',\n];\n`, written: sq(v) }),
  'cli-flag': (_r, n, v) => ({ fileName: 'Makefile', text: `deploy:\n\t./bin/migrate --user app --${n.replace(/_/g, '-')}=${shell(v)} --host db.internal\n`, written: shell(v) }),
  'cli-flag-space': (_r, n, v) => ({ fileName: 'run.sh', text: `#!/bin/bash\nexec ./server --${n.replace(/_/g, '-')} ${shell(v)} --port 8080\n`, written: shell(v) }),
  'docker-env-flag': (_r, n, v) => ({ fileName: 'run-db.sh', text: `docker run -d -e ${n.toUpperCase()}=${shell(v)} -p 5432:5432 postgres:16\n`, written: shell(v) }),
  'hcl': (_r, n, v) => ({ fileName: 'main.tf', text: `resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  username = "app"\n  ${n} = "${esc(v)}"\n}\n`, written: esc(v) }),
};

function camel(n: string): string {
  return n.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}
function pascal(n: string): string {
  const c = camel(n);
  return c[0]!.toUpperCase() + c.slice(1);
}
function shell(v: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

export function assignmentCases(r: Random, perSyntax: number): ContextCase[] {
  const out: ContextCase[] = [];
  for (const [syntax, place] of Object.entries(ASSIGNMENTS)) {
    for (let i = 0; i < perSyntax; i++) {
      const name = i % 2 === 0 ? r.pick(PASSWORD_NAMES) : r.pick(SECRET_NAMES);
      const value = valueFor(r, name);
      out.push({ family: 'assignment', format: `assignment-${syntax}`, value, ...place(r, name, value) });
    }
  }
  return out;
}

const AUTH: Record<string, Gen> = {
  'basic-http-dump': (r, v) => ({ fileName: 'debug/request.txt', text: `GET /api/v1/orders HTTP/1.1\nHost: api.acme-corp.dev\nAuthorization: Basic ${v}\nAccept: application/json\n`, written: v }),
  'bearer-curl': (_r, v) => ({ fileName: '.zsh_history', text: `: 1764000000:0;curl -sS -H 'Authorization: Bearer ${v}' https://api.acme-corp.dev/v1/me\n`, written: v }),
  'bearer-python': (_r, v) => ({ fileName: 'client.py', text: `import requests\n\nresp = requests.get(URL, headers={"Authorization": "Bearer ${v}"})\n`, written: v }),
  'bearer-js': (_r, v) => ({ fileName: 'fetch.js', text: `await fetch(url, { headers: { Authorization: \`Bearer ${v}\` } });\n`, written: v }),
  'x-api-key': (_r, v) => ({ fileName: 'api.http', text: `### list jobs\nGET https://api.acme-corp.dev/jobs\nX-API-Key: ${v}\n`, written: v }),
  'curl-user': (r, v) => ({ fileName: 'scripts/backup.sh', text: `curl -u backup:${v} -T dump.sql https://files.acme-corp.dev/upload/\n`, written: v }),
  'proxy-authorization': (_r, v) => ({ fileName: 'proxy.log', text: `CONNECT api.acme-corp.dev:443 HTTP/1.1\nProxy-Authorization: Basic ${v}\n`, written: v }),
};

export function authHeaderCases(r: Random, per: number): ContextCase[] {
  const out: ContextCase[] = [];
  for (const [format, place] of Object.entries(AUTH)) {
    for (let i = 0; i < per; i++) {
      const basic = /basic|proxy/.test(format);
      const value = basic ? b64(`${r.pick(['admin', 'deploy', 'ci-bot', 'svc-reports'])}:${r.password()}`) : format === 'curl-user' ? r.password().replace(/['"\\ ]/g, '') : r.chars(ALNUM + '-_.', r.between(32, 64));
      out.push({ family: 'auth-header', format: `auth-${format}`, value, ...place(r, value) });
    }
  }
  return out;
}

const FILES: Record<string, (r: Random) => { fileName: string; text: string; value: string; written?: string }> = {
  npmrc: (r) => { const v = r.uuid(); return { fileName: '.npmrc', text: `@acme:registry=https://npm.acme-corp.dev/\n//npm.acme-corp.dev/:_authToken=${v}\nalways-auth=true\n`, value: v }; },
  'npmrc-auth': (r) => { const v = b64(`deploy:${r.password()}`); return { fileName: '.npmrc', text: `registry=https://npm.acme-corp.dev/\n_auth=${v}\nemail=ci@acme-corp.dev\n`, value: v }; },
  pypirc: (r) => { const v = r.password(); return { fileName: '.pypirc', text: `[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.acme-corp.dev/\nusername = deploy\npassword = ${v}\n`, value: v }; },
  netrc: (r) => { const v = r.password().replace(/\s/g, ''); return { fileName: '.netrc', text: `machine git.acme-corp.dev\n  login deploy\n  password ${v}\n`, value: v }; },
  'netrc-one-line': (r) => { const v = r.chars(ALNUM, 40); return { fileName: '_netrc', text: `machine api.acme-corp.dev login ci password ${v}\n`, value: v }; },
  'docker-config': (r) => { const v = b64(`ci-bot:${r.password()}`); return { fileName: '.docker/config.json', text: `{\n\t"auths": {\n\t\t"registry.acme-corp.dev": {\n\t\t\t"auth": "${v}"\n\t\t}\n\t}\n}\n`, value: v }; },
  'kubeconfig-token': (r) => { const v = r.chars(BASE64URL, r.between(40, 60)); return { fileName: '.kube/config', text: `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://k8s.acme-corp.dev:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    token: ${v}\n`, value: v }; },
  'kubeconfig-client-key': (r) => {
    const key = `-----BEGIN EC PRIVATE KEY-----\n${b64(Uint8Array.from([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20, ...r.bytes(112)]))}\n-----END EC PRIVATE KEY-----\n`;
    const v = b64(key);
    return { fileName: '.kube/config', text: `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${b64('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')}\n    client-key-data: ${v}\n`, value: v };
  },
  'aws-credentials': (r) => { const v = r.chars(ALNUM + '/+', 40); return { fileName: '.aws/credentials', text: `[default]\naws_access_key_id = AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${v}\nregion = ap-northeast-1\n`, value: v }; },
  pgpass: (r) => { const v = r.password().replace(/[:\\]/g, ''); return { fileName: '.pgpass', text: `db.internal:5432:orders:app:${v}\n`, value: v }; },
  'git-credentials': (r) => { const v = r.password(); return { fileName: '.git-credentials', text: `https://deploy:${encodeURIComponent(v)}@git.acme-corp.dev\n`, value: v, written: encodeURIComponent(v) }; },
  'maven-settings': (r) => { const v = r.password(); return { fileName: '.m2/settings.xml', text: `<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>deploy</username>\n      <password>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</password>\n    </server>\n  </servers>\n</settings>\n`, value: v, written: v.replace(/&/g, '&amp;').replace(/</g, '&lt;') }; },
  'wp-config': (r) => { const v = r.password(); return { fileName: 'wp-config.php', text: `<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '${sq(v)}' );\n`, value: v, written: sq(v) }; },
  s3cfg: (r) => { const v = r.chars(ALNUM + '/+', 40); return { fileName: '.s3cfg', text: `[default]\naccess_key = AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\nsecret_key = ${v}\nhost_base = s3.amazonaws.com\n`, value: v }; },
};

export function credentialFileCases(r: Random, per: number): ContextCase[] {
  const out: ContextCase[] = [];
  for (const [format, make] of Object.entries(FILES)) {
    for (let i = 0; i < per; i++) {
      const c = make(r);
      out.push({ family: 'credential-file', format: `file-${format}`, fileName: c.fileName, text: c.text, value: c.value, written: c.written ?? c.value });
    }
  }
  return out;
}
