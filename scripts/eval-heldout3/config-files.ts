/**
 * Credentials by placement: the config files, command lines and connection strings developers keep
 * passwords in (the kinds of placement other scanners' suites test: Nosey Parker's netrc / psql / JDBC /
 * ODBC / Azure connection-string rules, detect-secrets' keyword plugin in many syntaxes, Kingfisher's
 * URL and command-line rules). Each writer gets a fresh value and returns the text; the value must be
 * found inside it. Values are random; the file shapes are the tools' documented syntax.
 */
import { AN, HX, B64, b64, type Rng } from './rng.ts';

export interface ConfigPlacement {
  id: string;
  /** The value to find, and the text holding it. */
  make(r: Rng): { text: string; value: string };
}

const p = (id: string, make: (r: Rng) => { text: string; value: string }): ConfigPlacement => ({ id, make });
const user = (r: Rng): string => r.pick(['deploy', 'ci-bot', 'svc_app', 'jenkins', 'admin', 'build']);
const host = (r: Rng): string => `${r.pick(['db', 'pg', 'mq', 'cache', 'repo'])}${r.range(1, 9)}.${r.pick(['corp.internal', 'prod.acme-co.net', 'eu.mycompany.io'])}`;

export const CONFIG_PLACEMENTS: ConfigPlacement[] = [
  p('notebook-password', (r) => {
    const v = r.password();
    return { value: v, text: `{"cells": [{"cell_type": "code", "source": ["conn = psycopg2.connect(host=\\"${host(r)}\\", user=\\"${user(r)}\\", password=\\"${v}\\")\\n"]}]}` };
  }),
  p('terraform-password', (r) => {
    const v = r.password();
    return { value: v, text: `resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  username = "${user(r)}"\n  password = "${v}"\n}` };
  }),
  p('terraform-aws-provider', (r) => {
    const v = r.s(AN + '+/', 40);
    return { value: v, text: `provider "aws" {\n  region     = "us-east-1"\n  access_key = "AKIA${r.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}"\n  secret_key = "${v}"\n}` };
  }),
  p('k8s-secret-data-b64', (r) => {
    const v = b64(r.password());
    return { value: v, text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  username: ${b64(user(r))}\n  password: ${v}` };
  }),
  p('k8s-secret-stringdata', (r) => {
    const v = r.password();
    return { value: v, text: `kind: Secret\nstringData:\n  DB_PASSWORD: "${v}"` };
  }),
  p('npmrc-auth-token', (r) => {
    const v = r.s(AN, 36);
    return { value: v, text: `registry=https://${host(r)}/npm/\n//${host(r)}/npm/:_authToken=${v}\nalways-auth=true` };
  }),
  p('npmrc-password', (r) => {
    const v = b64(r.password());
    return { value: v, text: `//${host(r)}/repository/npm/:username=${user(r)}\n//${host(r)}/repository/npm/:_password=${v}` };
  }),
  p('yarnrc-npm-auth-token', (r) => {
    const v = r.s(AN + '-_', 40);
    return { value: v, text: `npmScopes:\n  acme:\n    npmRegistryServer: "https://${host(r)}"\n    npmAuthToken: "${v}"` };
  }),
  p('pip-conf-index-url', (r) => {
    const v = r.password().replace(/[@:/?#%]/g, 'x');
    return { value: v, text: `[global]\nindex-url = https://${user(r)}:${v}@${host(r)}/simple\ntimeout = 60` };
  }),
  p('maven-settings-xml', (r) => {
    const v = r.password().replace(/[<&]/g, 'x');
    return { value: v, text: `<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>${user(r)}</username>\n      <password>${v}</password>\n    </server>\n  </servers>\n</settings>` };
  }),
  p('gradle-properties', (r) => {
    const v = r.password();
    return { value: v, text: `org.gradle.jvmargs=-Xmx2g\n${r.pick(['mavenPassword', 'signing.password', 'artifactoryPassword', 'systemProp.https.proxyPassword', 'nexusPassword'])}=${v}` };
  }),
  p('nuget-config', (r) => {
    const v = r.password().replace(/[<&"]/g, 'x');
    return { value: v, text: `<packageSourceCredentials>\n  <internal>\n    <add key="Username" value="${user(r)}" />\n    <add key="ClearTextPassword" value="${v}" />\n  </internal>\n</packageSourceCredentials>` };
  }),
  p('git-credentials', (r) => {
    const v = r.s(AN, 32);
    return { value: v, text: `https://${user(r)}:${v}@${r.pick(['github.com', 'gitlab.com', 'bitbucket.org', host(r)])}` };
  }),
  p('aws-credentials-file', (r) => {
    const v = r.s(AN + '+/', 40);
    return { value: v, text: `[${r.pick(['default', 'prod', 'ci'])}]\naws_access_key_id = AKIA${r.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\naws_secret_access_key = ${v}\nregion = eu-central-1` };
  }),
  p('rclone-conf', (r) => {
    const v = r.s(AN + '+/', 40);
    return { value: v, text: `[s3remote]\ntype = s3\nprovider = AWS\naccess_key_id = AKIA${r.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\nsecret_access_key = ${v}` };
  }),
  p('s3cfg', (r) => {
    const v = r.s(AN + '+/', 40);
    return { value: v, text: `[default]\naccess_key = ${r.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 20)}\nsecret_key = ${v}\nhost_base = s3.amazonaws.com` };
  }),
  p('netrc', (r) => {
    const v = r.password();
    return { value: v, text: `machine ${host(r)}\n  login ${user(r)}\n  password ${v}` };
  }),
  p('curl-u', (r) => {
    const v = r.password().replace(/['"\s]/g, 'x');
    return { value: v, text: `curl -u ${user(r)}:${v} https://${host(r)}/api/v2/export -o out.json` };
  }),
  p('wget-password', (r) => {
    const v = r.password().replace(/['"\s]/g, 'x');
    return { value: v, text: `wget --user=${user(r)} --password='${v}' https://${host(r)}/dist/pkg.tar.gz` };
  }),
  p('psql-pgpassword', (r) => {
    const v = r.password().replace(/['"\s$`]/g, 'x');
    return { value: v, text: `PGPASSWORD='${v}' psql -h ${host(r)} -U ${user(r)} -d app -c 'select 1'` };
  }),
  p('mysql-p', (r) => {
    const v = r.password().replace(/['"\s$`]/g, 'x');
    return { value: v, text: `mysql -h ${host(r)} -u root -p'${v}' app < dump.sql` };
  }),
  p('docker-login-p', (r) => {
    const v = r.password().replace(/['"\s$`]/g, 'x');
    return { value: v, text: `docker login -u ${user(r)} -p '${v}' registry.${host(r)}` };
  }),
  p('sshpass', (r) => {
    const v = r.password().replace(/['"\s$`]/g, 'x');
    return { value: v, text: `sshpass -p '${v}' ssh ${user(r)}@${host(r)} uptime` };
  }),
  p('redis-cli-a', (r) => {
    const v = r.s(AN, 24);
    return { value: v, text: `redis-cli -h ${host(r)} -p 6379 -a ${v} INFO` };
  }),
  p('jdbc-password-param', (r) => {
    const v = r.password().replace(/[&;=\s"]/g, 'x');
    return { value: v, text: `spring.datasource.url=jdbc:postgresql://${host(r)}:5432/app?user=${user(r)}&password=${v}&ssl=true` };
  }),
  p('jdbc-sqlserver', (r) => {
    const v = r.password().replace(/[&;=\s"]/g, 'x');
    return { value: v, text: `String url = "jdbc:sqlserver://${host(r)}:1433;databaseName=app;user=sa;password=${v};encrypt=true";` };
  }),
  p('odbc-pwd', (r) => {
    const v = r.password().replace(/[&;=\s"{}]/g, 'x');
    return { value: v, text: `conn_str = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:${host(r)},1433;Database=app;Uid=${user(r)};Pwd=${v};Encrypt=yes;"` };
  }),
  p('ado-net-password', (r) => {
    const v = r.password().replace(/[&;=\s"{}]/g, 'x');
    return { value: v, text: `"ConnectionStrings": { "Default": "Server=${host(r)};Database=app;User Id=sa;Password=${v};TrustServerCertificate=True" }` };
  }),
  p('azure-storage-conn', (r) => {
    const v = b64(r.bytes(64));
    return { value: v, text: `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=${r.s('abcdefghijklmnopqrstuvwxyz0123456789', 12)};AccountKey=${v};EndpointSuffix=core.windows.net"` };
  }),
  p('azure-servicebus-conn', (r) => {
    const v = b64(r.bytes(32));
    return { value: v, text: `Endpoint=sb://${r.s('abcdefghijklmnopqrstuvwxyz', 10)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${v}` };
  }),
  p('azure-sas-url', (r) => {
    const v = encodeURIComponent(b64(r.bytes(32)));
    return { value: v, text: `https://${r.s('abcdefghijklmnopqrstuvwxyz', 10)}.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=${v}` };
  }),
  p('mongodb-srv-url', (r) => {
    const v = r.password().replace(/[@:/?#%\s]/g, 'x');
    return { value: v, text: `MONGO_URI=mongodb+srv://${user(r)}:${v}@cluster0.${r.s('abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net/app?retryWrites=true` };
  }),
  p('amqp-url', (r) => {
    const v = r.password().replace(/[@:/?#%\s]/g, 'x');
    return { value: v, text: `broker_url = "amqp://${user(r)}:${v}@${host(r)}:5672/vhost"` };
  }),
  p('redis-url-no-user', (r) => {
    const v = r.s(AN, 28);
    return { value: v, text: `REDIS_URL=redis://:${v}@${host(r)}:6379/0` };
  }),
  p('basic-auth-header', (r) => {
    const v = b64(`${user(r)}:${r.password()}`);
    return { value: v, text: `-H 'Authorization: Basic ${v}'` };
  }),
  p('docker-config-auths', (r) => {
    const v = b64(`${user(r)}:${r.password()}`);
    return { value: v, text: `{"auths": {"${host(r)}": {"auth": "${v}"}}}` };
  }),
  p('ansible-vars', (r) => {
    const v = r.password();
    return { value: v, text: `all:\n  vars:\n    ansible_user: ${user(r)}\n    ansible_become_pass: "${v}"` };
  }),
  p('spring-properties', (r) => {
    const v = r.password();
    return { value: v, text: `spring.datasource.username=${user(r)}\nspring.datasource.password=${v}` };
  }),
  p('compose-environment-list', (r) => {
    const v = r.password().replace(/[\s'"]/g, 'x');
    return { value: v, text: `services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${v}` };
  }),
  p('php-define', (r) => {
    const v = r.password().replace(/'/g, 'x');
    return { value: v, text: `define( 'DB_PASSWORD', '${v}' );` };
  }),
  p('laravel-app-key', (r) => {
    const v = `base64:${b64(r.bytes(32))}`;
    return { value: v, text: `APP_ENV=production\nAPP_KEY=${v}` };
  }),
  p('django-secret-key', (r) => {
    const v = `django-insecure-${r.s(AN + '!@#%^&*(-_=+)', 50)}`.replace(/'/g, 'x');
    return { value: v, text: `SECRET_KEY = '${v}'` };
  }),
  p('rails-secret-key-base', (r) => {
    const v = r.s(HX, 128);
    return { value: v, text: `production:\n  secret_key_base: ${v}` };
  }),
  p('go-struct-literal', (r) => {
    const v = r.password().replace(/"/g, 'x');
    return { value: v, text: `cfg := &Config{\n\tUser:     "${user(r)}",\n\tPassword: "${v}",\n}` };
  }),
  p('csharp-property', (r) => {
    const v = r.password().replace(/"/g, 'x');
    return { value: v, text: `var creds = new NetworkCredential("${user(r)}", "${v}");` };
  }),
  p('xml-attribute', (r) => {
    const v = r.password().replace(/[<&"]/g, 'x');
    return { value: v, text: `<datasource jndi-name="java:/AppDS" user-name="${user(r)}" password="${v}"/>` };
  }),
  p('ini-section', (r) => {
    const v = r.password();
    return { value: v, text: `[database]\nhost = ${host(r)}\nuser = ${user(r)}\npasswd = ${v}` };
  }),
  p('toml-table', (r) => {
    const v = r.s(AN, 32);
    return { value: v, text: `[tool.poetry.http-basic.internal]\nusername = "${user(r)}"\npassword = "${v}"` };
  }),
  p('powershell-securestring', (r) => {
    const v = r.password().replace(/"/g, 'x');
    return { value: v, text: `$pw = ConvertTo-SecureString "${v}" -AsPlainText -Force` };
  }),
  p('net-use', (r) => {
    const v = r.password().replace(/[\s"]/g, 'x');
    return { value: v, text: `net use \\\\fileserver\\share ${v} /user:CORP\\${user(r)}` };
  }),
  p('wireguard-conf', (r) => {
    const v = b64(r.bytes(32));
    return { value: v, text: `[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = ${v}\nListenPort = 51820` };
  }),
  p('htaccess-basic-url', (r) => {
    const v = r.s(AN, 20);
    return { value: v, text: `git clone https://${user(r)}:${v}@${host(r)}/team/repo.git` };
  }),
  p('kubeconfig-token', (r) => {
    const v = r.s(AN, 6).toLowerCase() + '.' + r.s(AN, 16).toLowerCase();
    return { value: v, text: `kubeadm join 10.0.0.10:6443 --token ${v} --discovery-token-ca-cert-hash sha256:${r.s(HX, 64)}` };
  }),
  p('generic-high-entropy-secret', (r) => {
    const v = b64(r.bytes(r.pick([24, 32, 48])));
    return { value: v, text: `${r.pick(['JWT_SIGNING_KEY', 'SESSION_SECRET', 'ENCRYPTION_KEY', 'HMAC_SECRET', 'COOKIE_SECRET'])}=${v}` };
  }),
  p('b64-in-yaml-under-secret-name', (r) => {
    const v = r.s(B64, 44);
    return { value: v, text: `webhook:\n  signing_secret: ${v}` };
  }),
];
