import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName } from './secret-names.ts';
import { isDocumentedExample, judgePlaceholder } from './placeholders.ts';
import { contextRules } from './context.ts';
import { compileRe2 } from '../re2-pattern.ts';
import { SecretScanner } from '../rule-engine.ts';
import { builtinRules } from '../builtin-rules.ts';

test('credential names: words as whole parts of the name, not metadata about the secret', () => {
  for (const name of ['password', 'DB_PASSWORD', 'dbPass', 'passwd', 'pwd', 'client_secret', 'X-API-Key', 'apiKey', 'OAuthToken', '_authToken', 'auth', 'credentials', 'AUTHTOKEN', 'GITHUBTOKEN', 'mysql_root_password', 'secret_access_key', '--db-password']) {
    assert.ok(isSecretName(name), name);
  }
  for (const name of ['author', 'passport', 'bypass', 'compass', 'tokenizer', 'max_tokens', 'tokens', 'token_type', 'password_file', 'secret_name', 'access_key_id', 'TOKEN_EXCHANGE_GRANT_TYPE', 'password-stdin', 'auth_url', 'secretary', 'keyboard']) {
    assert.ok(!isSecretName(name), name);
  }
});

test('placeholders: templates, masks, stand-in words and code are not secrets; weak values are low', () => {
  for (const v of ['changeme', '<password>', '${DB_PASSWORD}', '$DB_PASSWORD', '%(password)s', '{{ secret }}', 'xxxxxxxx', '********', 'your-api-key', 'YOUR_TOKEN_HERE', 'REPLACE_ME', 'example', 'dummy', 'test', 'aaaaaaaa', 'null', 'None', 'undefined', 'os.getenv("X")', 'process.env.TOKEN', 'this.#secret', '/run/secrets/db', '%24%7BDB_PASSWORD%7D', 'urn:ietf:params:oauth:grant-type:token-exchange']) {
    assert.equal(judgePlaceholder(v), 'placeholder', v);
  }
  for (const v of ['1.2', 'v2', 'V10', 'v1.4.0', 'v1.4.0-beta.2', '2.0.0-rc1+build.7', '3.1-SNAPSHOT']) assert.equal(judgePlaceholder(v), 'placeholder', v);
  // Generated values that merely start like a version are values.
  for (const v of ['V97d5Mo2DSyGOlTwNG', 'v8Kq2LmZ7xPw', 'v1-a8Kd9sL2mQ7x', '1.2.3x9KqL2mZ']) assert.equal(judgePlaceholder(v), 'value', v);
  for (const v of ['password123', 'test1234', 'changeme1']) assert.equal(judgePlaceholder(v), 'weak', v);
  for (const v of ['Zq8kLm2pWx', 'hunter2hunter', 's3cretPassw0rd!x', 'geheim$parole']) assert.equal(judgePlaceholder(v), 'value', v);
  assert.ok(isDocumentedExample('AKIAIOSFODNN7EXAMPLE') && isDocumentedExample('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'));
  assert.ok(!isDocumentedExample('AKIAZ7QX3MPLRT2WVN5K'));
  // The specifications' example tokens (RFC 6749 / 6750 / 7617, OpenID Connect), exactly; a real token of the same shape is not one.
  assert.ok(isDocumentedExample('2YotnFZFEjr1zCsicMWpAA') && isDocumentedExample('mF_9.B5f-4.1JqM') && isDocumentedExample('czZCaGRSa3F0MzpnWDFmQmF0M2JW'));
  assert.ok(!isDocumentedExample('2YotnFZFEjr1zCsicMWpAB') && !isDocumentedExample('mF_9.B5f-4.1JqMx'));
});

test('context rules: placeholder values stay quiet in every syntax, real values do not', () => {
  const scanner = new SecretScanner(builtinRules());
  const values = (text: string): string[] => scanner.scan(text).filter((d) => d.confidence !== 'low').map((d) => d.value);
  for (const v of ['changeme', '${DB_PASSWORD}', '<password>', 'xxxxxxxxxxxx', 'your-api-key']) {
    for (const line of [`DB_PASSWORD=${v}`, `password: "${v}"`, `<password>${v}</password>`, `postgres://app:${v}@db.corp.io/app`, `curl -u admin:${v} https://x`]) {
      assert.deepEqual(values(line), [], line);
    }
  }
  assert.deepEqual(values('postgres://app:Zq8kLm2pWx@db.corp.io/app'), ['Zq8kLm2pWx']);
});

test('a vendor rule names a value better: the context finding gives way', () => {
  const scanner = new SecretScanner(builtinRules());
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  assert.deepEqual(scanner.scan(`Authorization: Bearer ${jwt}`).map((d) => d.ruleId), ['sekisho-jwt']);
  assert.deepEqual(scanner.scan(`api_token = "${jwt}"`).map((d) => d.ruleId), ['sekisho-jwt']);
});

test('line filters are supersets of their regexes (a line the regex matches is never filtered out)', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % n; // the high bits: the low bits of this generator repeat with a short period
  };
  const pick = (xs: string[]): string => xs[rnd(xs.length)] as string;
  const noise = ['', ' ', 'x ', 'const ', '  - ', 'export ', '{"a":"', '\\n', '$', '(', 'f(', '<a>', '--'];
  const names = ['password', 'DB_PASS', 'apiKey', 'token', 'auth', 'secret', 'x_api_key', 'passwd', 'TOKEN2', 'db.password', 'pwd'];
  const quotes = ['"', "'", '`', '\\"', '', '@"', 'r"'];
  const ops = ['=', ':', ' = ', ': ', '==', '=>', ':=', ' ?? =', '||=', '<-', '!=', ','];
  const values = ['Zq8kLm2pWx', 'abc', 'x9', 'a$b', 'p@ss!', 'dXNlcjpw==', '12345678', 'A-1', 'tok en'];
  const spaces = ['', ' ', '\t', '  '];
  const line = (): string => {
    const q = pick(quotes);
    const n = pick(names);
    const v = pick(values);
    const skeletons = [
      `(${pick(spaces)}${q}${n}${q}${pick(spaces)},${pick(spaces)}${pick(quotes)}${v}${pick(quotes)}`,
      `<${n}>${v}</${n}>`,
      `<add key=${q}${n}${q} value=${q}${v}${q}/>`,
      `${n}${q}${pick(spaces)}${pick(ops)}${pick(spaces)}${pick(quotes)}${v}${pick(quotes)}`,
      `${n}${pick(ops)}${v}`,
      `${pick(['', 'app ', 'deploy\t'])}-${pick(['', '-'])}${n}${pick(spaces)} ${q}${v}${q}`,
      `${pick(['mysql', 'mysqldump', 'mysqladmin'])} -h db${pick([' ', '\t'])}-p${q}${v}${q}`,
      `curl -s${pick([' ', '\t'])}${pick(['-u', '--user'])}${pick(spaces)}${q}admin:${v}${q} https://x`,
      `${n}${q}${pick(spaces)}:${pick(spaces)}${pick(['|', '>', '|-', '>+'])}${pick(spaces)}\n${pick(['  ', '\t', '    '])}${v}${pick(['', '\n', ','])}`,
      `${pick(['- ', '', '{'])}name${q}:${pick(spaces)}${q}${n}${q}${pick(['', ','])}\n${pick(spaces)}${q}value${q}:${pick(spaces)}${q}${v}${q}${pick(['', '\n', '}'])}`,
      `config.set${n}(${pick(spaces)}${q}${v}${q})`,
      `${pick(['', '  '])}ENV ${n}${pick([' ', '\t'])}${q}${v}${q}`,
      `${pick(['sshpass', 'az login -u x'])} -p${pick([' ', '\t'])}${q}${v}${q} ssh`,
      `${pick(['docker login -u x', 'helm registry login', 'podman login'])} -p${pick([' ', '\t'])}${q}${v}${q} reg`,
      `redis-cli -h x -a${pick([' ', '\t'])}${q}${v}${q} INFO`,
      `${pick(['net use', 'NET USE'])} \\\\srv\\share ${q}${v}${q} /${pick(['user', 'u', 'USER'])}:x`,
      `${pick(['new NetworkCredential', 'HTTPBasicAuth', 'auth=', 'auth = (', 'new PasswordAuthentication'])}(${pick(spaces)}${q}bob${q}${pick(spaces)},${pick(spaces)}${pick(quotes)}${v}${pick(quotes)})`,
      `ConvertTo-SecureString${pick([' ', '\t'])}${q}${v}${q} -AsPlainText`,
      `${pick(['CREATE USER x WITH', 'ALTER ROLE x', 'x IDENTIFIED BY'])} ${pick(['PASSWORD ', ''])}'${v}'`,
      `${pick(['Server=db;', 'Host=x; ', ''])}${pick(['Password', 'Pwd', 'password'])}${pick(spaces)}=${pick(spaces)}${v}${pick([';', '', '"'])}`,
    ];
    return pick(noise) + pick(skeletons) + pick(noise);
  };
  for (const spec of contextRules().filter((r) => r.lineFilter !== undefined)) {
    const regex = compileRe2(spec.regex as string, spec.id);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = line();
      if (!regex.test(text)) continue;
      checked++;
      assert.ok((spec.lineFilter as RegExp).test(text), `${spec.id}: filter drops ${JSON.stringify(text)}`);
    }
    assert.ok(checked > 50, `${spec.id}: only ${checked} matching lines generated`);
  }
});

test('documentation examples (sekisho scan): hand-typed values in docstrings, doc comments and doctests are low; the same in code is medium', () => {
  const scanner = new SecretScanner(builtinRules({ documentationExamplesLow: true }));
  const found = (text: string): Array<[string, string]> => scanner.scan(text).map((d) => [d.value, d.confidence]);
  // A Python docstring (its opening quotes start their line), a doctest, a JSDoc block, a doc-comment line.
  const docstring = 'def parse(uri):\n    """Parse a response.\n\n    For example::\n\n        access_token=sdf23409df&state=x\n        Authorization: Bearer h480djs93hd8\n    """\n';
  assert.deepEqual(found(docstring), [['sdf23409df', 'low'], ['h480djs93hd8', 'low']]);
  assert.deepEqual(found(">>> client.parse('x')\n>>> token = 'kjfch2345sdf'\n"), [['kjfch2345sdf', 'low']]);
  assert.deepEqual(found('/**\n * Call it with\n *   apiKey: "askfjh234as9sd8"\n */\nfunction f() {}\n'), [['askfjh234as9sd8', 'low']]);
  assert.deepEqual(found('/// let password = "qwe089234lkjsdf";\n'), [['qwe089234lkjsdf', 'low']]);
  // The same values as code, as configuration, and in a triple-quoted string that is a value (a template), not a docstring: medium.
  assert.deepEqual(found('access_token = "sdf23409df"\n'), [['sdf23409df', 'medium']]);
  assert.deepEqual(found('ACCESS_TOKEN=h480djs93hd8\n'), [['h480djs93hd8', 'medium']]);
  assert.deepEqual(found('CONFIG = """\npassword = "kjfch2345sdf"\n"""\n'), [['kjfch2345sdf', 'medium']]);
  // A commented-out line of configuration keeps its tier: real values are commented out, not documented.
  assert.deepEqual(found('# password = "askfjh234as9sd8"\n'), [['askfjh234as9sd8', 'medium']]);
  // Generated values are not illustrations, in documentation or not: mixed case, symbols, or long.
  assert.deepEqual(found('"""\n    token = "Zq8kLm2pWx7Tn4Rb"\n"""\n'), [['Zq8kLm2pWx7Tn4Rb', 'medium']]);
  assert.deepEqual(found('"""\n    token = "9f2c4e7a1b3d5f608e2a4c6b8d0f1e3a"\n"""\n'), [['9f2c4e7a1b3d5f608e2a4c6b8d0f1e3a', 'medium']]);
  // Words joined in a query string, percent-encoded (`lock&key`): a phrase, not a credential.
  assert.deepEqual(found('"oauth_token_secret=secret%3Dpassword&oauth_token=lock%26key"'), []);
});

test('documentation examples (sekisho scan): a glob holding /** is no doc comment, nor is /** after code on its line', () => {
  const scanner = new SecretScanner(builtinRules({ documentationExamplesLow: true }));
  const found = (text: string): Array<[string, string]> => scanner.scan(text).map((d) => [d.value, d.confidence]);
  // Claude Code's Glob tool describes "src/**/*.ts"; before this, every later value in the text was "in a doc comment".
  assert.deepEqual(found('Supports glob patterns like "**/*.js" or "src/**/*.ts".\nDB:\npassword = "k3jf9sl2mq8x"\n'), [['k3jf9sl2mq8x', 'medium']]);
  assert.deepEqual(found('x = 1; /** note\npassword = "k3jf9sl2mq8x"\n'), [['k3jf9sl2mq8x', 'medium']]);
  assert.deepEqual(found('a /**/ b\npassword = "k3jf9sl2mq8x"\n'), [['k3jf9sl2mq8x', 'medium']]);
  // A glob before a real doc comment does not swallow it.
  assert.deepEqual(found('ls src/**/x\n/**\n * apiKey: "askfjh234as9sd8"\n */\n'), [['askfjh234as9sd8', 'low']]);
});

test('documentation examples in the gateway: the text around a value is the prompt author\'s, so it never lowers the tier', () => {
  // Policies act on `confidence: medium`: a real lower-case-and-digits secret wrapped in a docstring, a
  // doc comment, a doctest or a `* ` line must not drop below them on its way to an external model.
  for (const scanner of [new SecretScanner(builtinRules()), new SecretScanner(builtinRules({ documentationExamplesLow: false }))]) {
    const found = (text: string): Array<[string, string]> => scanner.scan(text).map((d) => [d.value, d.confidence]);
    assert.deepEqual(found('"""\npassword = "k3jf9sl2mq8x"\n"""\n'), [['k3jf9sl2mq8x', 'medium']]);
    assert.deepEqual(found('/**\n * apiKey: "askfjh234as9sd8"\n */\n'), [['askfjh234as9sd8', 'medium']]);
    assert.deepEqual(found(">>> token = 'kjfch2345sdf'\n"), [['kjfch2345sdf', 'medium']]);
    assert.deepEqual(found('... db_password = "k3jf9sl2mq8x"\n'), [['k3jf9sl2mq8x', 'medium']]);
    assert.deepEqual(found('* Authorization: Bearer 9f3k2j4l5m6n7p8q\n'), [['9f3k2j4l5m6n7p8q', 'medium']]);
    // Vendors' documented examples stay low everywhere: that judgement reads only the value.
    assert.deepEqual(found('aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n').map(([, c]) => c), ['low']);
  }
});

test('dotted values: paths of identifiers are code, opaque tokens with dots are values', () => {
  for (const v of ['process.env.TOKEN', 'settings.SECRET_KEY', 'self.s3Client.v2', 'crypto.sha256.digest']) assert.equal(judgePlaceholder(v), 'placeholder', v);
  for (const v of ['Rk1VnTS81Poxr.h0Vqi3xgz2fy8YTnzJ', 'Ts.D20PFQCTo7UqodvdFt5sDmBk7sYc068Rz.pDL7JPoWj18Eo1JC']) assert.equal(judgePlaceholder(v), 'value', v);
  const scanner = new SecretScanner(builtinRules());
  const found = (text: string): string[] => scanner.scan(text).filter((d) => d.confidence !== 'low').map((d) => d.value);
  assert.deepEqual(found('requests.get(URL, headers={"Authorization": "Bearer Rk1VnTS81Poxr.h0Vqi3xgz2fy8YTnzJ"})'), ['Rk1VnTS81Poxr.h0Vqi3xgz2fy8YTnzJ']);
  assert.deepEqual(found('X-API-Key: PL5AUELwE9x.wLnKaxBiNIkTwKCCFrPnokRY87tje4R'), ['PL5AUELwE9x.wLnKaxBiNIkTwKCCFrPnokRY87tje4R']);
  assert.deepEqual(found('headers = {"Authorization": "Bearer " + self.session.token_value}'), []);
});

test('placeholders: whole templates only; a generated value holding braces or a parenthesis is a value', async () => {
  const { judgePlaceholder, isWordsOnly } = await import('./placeholders.ts');
  for (const t of ['${DB_PASSWORD}', 'x-${VAR:-def}', '{{ .Values.token }}', '{{secret}}', '%(password)s', '#{ENV["X"]}', '$(cat /run/secret)', 'os.getenv("X")']) assert.equal(judgePlaceholder(t), 'placeholder', t);
  for (const v of ['qdy{{4M}cn)p${yh]nob(o9HBG>-_$#v9kuct}}', 'kQG3Js[sg2KI_teRR32', 'jCSf1L(XRWnax9DG']) assert.equal(judgePlaceholder(v), 'value', v);
  // Letters drawn at random are not words; identifiers are.
  assert.equal(isWordsOnly('SMfHrmAUggqWZRDAviYsWMwiwFDaIa'), false);
  for (const w of ['getAccessTokenValue', 'parseHTTPResponse', 'refresh_token', 'ApplicationDefaultCredentials']) assert.equal(isWordsOnly(w), true, w);
});
