import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRules } from './builtin-rules.ts';
import { base62, crc32 } from './checksum.ts';
import { SecretScanner } from './rule-engine.ts';
import { generateKey } from '../../identity/key-format.ts';

const scanner = new SecretScanner(builtinRules());
const found = (text: string): Array<[string, string, string]> => scanner.scan(text).map((d) => [d.ruleId, d.confidence, d.value]);

function checked(prefix: string, body: string): string {
  return `${prefix}_${body}${base62(crc32(body), 6)}`;
}

test('checksum helpers: CRC-32 (zlib) and base62', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(base62(61, 2), '0z');
});

test('GitHub tokens: checksum verified is high, wrong checksum is not', () => {
  const good = checked('ghp', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1');
  assert.deepEqual(found(`token: ${good}`), [['sekisho-github-token', 'high', good]]);
  const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
  assert.deepEqual(found(`token: ${bad}`), [['sekisho-github-token', 'medium', bad]]);
  assert.deepEqual(found('ghp_tooShort123'), []);
  const fine = `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'x9Y8z7W6v5U4t3S2r1Q0p9O8n7M6l5K4j3I2h1G0f9E8d7C6b5A4z3Y2x1W0v'.slice(0, 59).padEnd(59, 'q')}`;
  assert.deepEqual(found(fine), [['sekisho-github-fine-grained-pat', 'high', fine]]);
});

test('AWS key id: high with a secret key nearby, else medium', () => {
  assert.deepEqual(found('aws_access_key_id = AKIAZ7QX3MPLRT2WVN5K'), [['sekisho-aws-access-key-id', 'medium', 'AKIAZ7QX3MPLRT2WVN5K']]);
  const pair = 'AKIAZ7QX3MPLRT2WVN5K\naws_secret_access_key = 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';
  assert.deepEqual(found(pair).filter((f) => f[0] === 'sekisho-aws-access-key-id'), [['sekisho-aws-access-key-id', 'high', 'AKIAZ7QX3MPLRT2WVN5K']]);
  // AWS's documented example keys are reported, at low confidence (a pasted tutorial, not a leak).
  const example = 'AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  assert.deepEqual(found(example).map((f) => [f[0], f[1]]), [['sekisho-aws-access-key-id', 'low'], ['sekisho-aws-secret-access-key', 'low']]);
  assert.deepEqual(found('AKIAIOSFODNN7EXAMPLE1'), []); // too long: not a key id
});

test('JWT: header with alg is high; a look-alike is not reported', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  assert.deepEqual(found(`Authorization: Bearer ${jwt}`), [['sekisho-jwt', 'high', jwt]]);
  assert.deepEqual(found('eyJub3RhbGci.eyJzdWIiOiIxMjM0.abcdefghijk'), []);
});

test('PEM private key: matching BEGIN/END pair is high, across a long body', () => {
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n'.repeat(100);
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----`;
  const [f] = found(`key:\n${pem}\n`);
  assert.deepEqual([f?.[0], f?.[1]], ['sekisho-private-key', 'high']);
  const odd = `-----BEGIN RSA PRIVATE KEY-----\n${body}-----END EC PRIVATE KEY-----`;
  assert.equal(found(odd)[0]?.[1], 'medium');
  assert.deepEqual(found('-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----'), []);
});

test('Slack, Stripe, Google, OpenAI, Anthropic', () => {
  const slack = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
  assert.deepEqual(found(slack), [['sekisho-slack-token', 'high', slack]]);
  assert.deepEqual(found('xoxb-notatoken'), []);
  const stripe = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
  assert.deepEqual(found(`STRIPE=${stripe}`), [['sekisho-stripe-key', 'high', stripe]]);
  assert.deepEqual(found('sk_live_short'), []);
  const google = 'AIzaSyD3xAmPl3kEy0123456789abcdefghijkl';
  assert.deepEqual(found(`key: ${google}`), [['sekisho-google-api-key', 'high', google]]);
  assert.deepEqual(found('AIzaShort'), []);
  const openai = 'sk-proj-Ab12Cd34Ef56Gh78Ij90T3BlbkFJKl12Mn34Op56Qr78';
  assert.deepEqual(found(openai), [['sekisho-openai-key', 'high', openai]]);
  assert.deepEqual(found('sk-proj-notAKeyAtAll'), []);
  const anthropic = `sk-ant-api03-${'Ab1_'.repeat(22)}AA`;
  assert.deepEqual(found(anthropic), [['sekisho-anthropic-key', 'high', anthropic]]);
  assert.deepEqual(found('sk-ant-api03-short'), []);
});

test('generic assignment: medium with entropy, not for low-entropy or non-secret names', () => {
  assert.deepEqual(found('db_password = "Xk9#mQ2$vL7p"'), [['sekisho-generic-assignment', 'medium', 'Xk9#mQ2$vL7p']]);
  assert.deepEqual(found('password = "aaaaaaaaaa"'), []);
  assert.deepEqual(found('username = "Xk9#mQ2$vL7p"'), []);
});

test('Sekisho gateway key: a generated key is high, a broken checksum or a mutated character is not reported', () => {
  const { key } = generateKey();
  assert.deepEqual(found(`export SEKISHO_KEY=${key}`), [['sekisho-gateway-key', 'high', key]]);
  assert.deepEqual(found(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')), []);
  const mutated = key.slice(0, 10) + (key[10] === 'x' ? 'y' : 'x') + key.slice(11);
  assert.deepEqual(found(mutated), []);
  assert.deepEqual(found(`sks_${'a'.repeat(38)}`), []);
});

test('high-entropy rule is off by default and low when on', () => {
  const blob = 'q8Zr3Lk2Vw9Xn4Bt7Yc1Md6Fs5Gh0Jp3Ka8Wz2';
  assert.deepEqual(found(`x ${blob} y`), []);
  const on = new SecretScanner(builtinRules({ highEntropy: true })).scan(`x ${blob} y`).map((d) => [d.ruleId, d.confidence]);
  assert.deepEqual(on, [['sekisho-high-entropy-string', 'low']]);
  assert.deepEqual(new SecretScanner(builtinRules({ highEntropy: true })).scan('x '.repeat(100)), []);
});

test('generic assignment: names and enum-like values are not secrets, real-looking values are', () => {
  const scanner = new SecretScanner(builtinRules());
  const ids = (t: string) => scanner.scan(t).map((d) => d.ruleId);
  assert.deepEqual(ids('GRANT_TYPE_REFRESH_TOKEN = "refresh_token"'), []);
  assert.deepEqual(ids("token_type = 'mime-version'"), []);
  assert.deepEqual(ids('ACCESS_TOKEN_KEY = "accessTokenKey"'), []);
  assert.deepEqual(ids('db_password = "Xk9#mQ2$vL7pZr4w"'), ['sekisho-generic-assignment']);
});

test('keyword windows (lines of the hits for built-ins) find what whole-text scanning finds', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  const pieces = [
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    `Authorization: Bearer ${jwt}`,
    `token: ${checked('ghp', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1')}`,
    'DB_PASSWORD = "k9#Lm2$vQ8zR"',
    'const slack = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";',
    'pa\u017Fsword: "Zx9qW2rT5vB8nM1k"',
    'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc',
    'token token token token',
    '',
  ];
  let seed = 3;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % k;
  };
  const whole = new SecretScanner(builtinRules(), [], { keywordWindow: 0 });
  for (const width of [1024, 60]) { // at least half the longest match (the JWT, 108)
    const windowed = new SecretScanner(builtinRules(), [], { keywordWindow: width });
    for (let round = 0; round < 60; round++) {
      const lines: string[] = [];
      for (let i = 0; i < 1 + rnd(12); i++) {
        const filler = 'x'.repeat(rnd(3) === 0 ? rnd(3000) : rnd(30));
        const piece = pieces[rnd(pieces.length)] as string;
        lines.push(rnd(2) === 0 ? `${filler} ${piece}` : `${piece} ${filler}`);
      }
      const text = lines.join(rnd(2) === 0 ? '\n' : ' ; ');
      const key = (d: { ruleId: string; start: number; end: number; value: string }): string => `${d.ruleId}@${d.start}-${d.end}:${d.value}`;
      assert.deepEqual(windowed.scan(text).map(key), whole.scan(text).map(key), `width ${width}: ${text.slice(0, 200)}`);
    }
  }
});

test('a long line full of keywords is scanned once, not once per keyword (no quadratic windows)', () => {
  const scanner = new SecretScanner(builtinRules());
  const text = `${'token secret password '.repeat(100_000)}DB_PASSWORD = "k9#Lm2$vQ8zR"`;
  assert.deepEqual(scanner.scan(text).map((d) => d.value), ['k9#Lm2$vQ8zR']);
});

test('AWS secret access key: by its name, quoted or not, plain or base64; placeholders and wrong lengths are not', () => {
  const key = 'q8Rz3Lm0Vn5Tx2Wb7Kc4Jd9Hf1Gs6Ep3Ya8Ui0Oa';
  const aws = (text: string): Array<[string, string]> => found(text).filter((f) => f[0] === 'sekisho-aws-secret-access-key').map((f) => [f[1], f[2]]);
  for (const text of [`aws_secret_access_key = ${key}`, `AWS_SECRET_ACCESS_KEY="${key}"`, `secretAccessKey: '${key}' },`, `{"SecretAccessKey": "${key}"}`, `Secret-Access-Key:${key}\n`]) {
    assert.deepEqual(aws(text), [['high', key]], text);
  }
  const b64 = Buffer.from(key).toString('base64');
  assert.deepEqual(aws(`  AWS_SECRET_ACCESS_KEY: ${b64}`), [['high', b64]]);
  assert.deepEqual(aws(`aws_secret_access_key = ${'x'.repeat(40)}`), [], 'no entropy');
  assert.deepEqual(aws(`aws_secret_access_key = ${key}X`), [], '41 characters');
  assert.deepEqual(aws('aws_secret_access_key = <your secret key>'), []);
});
