/**
 * The evaluation set's generator (scripts/eval-secrets/): same seed, same set; every generated value is a
 * well-formed instance of its documented format (checksums included); every case points at its value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateSet } from '../../scripts/eval-secrets/cases.ts';
import { FORMATS, formatById } from '../../scripts/eval-secrets/formats.ts';
import { Random } from '../../scripts/eval-secrets/random.ts';
import { base58checkValid, githubChecksum, luhnValid, myNumberCheckDigit } from '../../scripts/eval-secrets/encodings.ts';

test('the same seed gives the same set; another seed another one', () => {
  const a = generateSet({ seed: 11, perFormat: 2 });
  const b = generateSet({ seed: 11, perFormat: 2 });
  assert.deepEqual(a, b);
  const c = generateSet({ seed: 12, perFormat: 2 });
  assert.equal(c.length, a.length, 'the shape of the set does not depend on the seed');
  assert.notDeepEqual(c.map((x) => x.value), a.map((x) => x.value));
  const digest = (cases: typeof a): string => createHash('sha256').update(JSON.stringify(cases)).digest('hex');
  assert.equal(digest(a), digest(b));
});

test('every case marks where its value is written, and every id is unique', () => {
  const cases = generateSet({ seed: 3, perFormat: 4 });
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
  for (const c of cases) {
    assert.ok(c.start >= 0 && c.end > c.start && c.end <= c.text.length, c.id);
    assert.equal(c.text.indexOf(c.text.slice(c.start, c.end)), c.start, `${c.id}: the first occurrence is the one scored`);
  }
  const kinds = new Set(cases.map((c) => `${c.kind}/${c.type}`));
  assert.deepEqual([...kinds].sort(), ['negative/pii', 'negative/secret', 'positive/pii', 'positive/secret']);
});

test('every generated credential is a well-formed instance of its format', () => {
  const r = new Random(99);
  for (const format of FORMATS) {
    for (let i = 0; i < 25; i++) {
      const v = format.gen(r);
      assert.ok(format.wellFormed(v), `${format.id}: ${v.slice(0, 100)}`);
    }
  }
  // And the cases carry those values (JSON-escaped where the file is JSON).
  for (const c of generateSet({ seed: 5, perFormat: 3 })) {
    if (c.kind !== 'positive' || c.type !== 'secret' || !FORMATS.some((f) => f.id === c.format)) continue;
    assert.ok(formatById(c.format).wellFormed(c.value), c.id);
  }
});

test('format checks reject near misses (they are not just "any string")', () => {
  const gh = formatById('github-pat');
  const good = gh.gen(new Random(1));
  const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
  assert.ok(gh.wellFormed(good));
  assert.ok(!gh.wellFormed(flipped), 'a wrong CRC-32 checksum is not a GitHub token');
  assert.ok(formatById('aws-access-key-id').wellFormed('AKIAIOSFODNN7EXAMPLE'), "AWS's documented example id has the format");
  assert.ok(!formatById('aws-access-key-id').wellFormed('AKIAIOSFODNN7EXAMPL1'), '1 is not in the base32 alphabet');
  assert.ok(!formatById('slack-webhook').wellFormed('https://hooks.slack.com/services/T000/B000/short'));
  const wif = formatById('bitcoin-wif').gen(new Random(2));
  assert.ok(base58checkValid(wif));
  assert.ok(!formatById('bitcoin-wif').wellFormed(wif.slice(0, -2) + (wif.at(-2) === 'z' ? 'y' : 'z') + wif.at(-1)));
});

test('checksums: GitHub base62 CRC-32, Luhn, My Number check digit', () => {
  assert.match(githubChecksum('a'.repeat(30)), /^[0-9A-Za-z]{6}$/);
  assert.ok(luhnValid('4111111111111111'));
  assert.ok(!luhnValid('4111111111111112'));
  // The Digital Agency's published example My Number.
  assert.equal(myNumberCheckDigit('12345678901'), '8');
  const cases = generateSet({ seed: 8, perFormat: 4 }).filter((c) => c.kind === 'positive' && c.type === 'pii');
  for (const c of cases.filter((x) => x.format.startsWith('card-'))) assert.ok(luhnValid(c.value.replace(/[ -]/g, '')), c.id);
  for (const c of cases.filter((x) => x.format === 'my-number')) {
    const digits = c.value.replace(/ /g, '');
    assert.equal(myNumberCheckDigit(digits.slice(0, 11)), digits[11], c.id);
  }
  for (const c of cases.filter((x) => x.format === 'phone-jp-mobile')) assert.match(c.value, /^0[789]0-[1-9]\d{3}-\d{4}$/);
  for (const c of cases.filter((x) => x.format === 'ssn-dashed')) assert.match(c.value, /^(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/);
});

test('JWTs are signed HS256 tokens with JSON header and payload; PEM bodies are base64', () => {
  const jwt = formatById('jwt').gen(new Random(4));
  const [h, p] = jwt.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h!, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
  assert.equal(typeof JSON.parse(Buffer.from(p!, 'base64url').toString()).iat, 'number');
  const key = formatById('pem-rsa').gen(new Random(4));
  const body = key.split('\n').slice(1, -1).join('');
  assert.equal(Buffer.from(body, 'base64').toString('base64'), body);
  assert.equal(Buffer.from(body, 'base64')[0], 0x30, 'a DER SEQUENCE');
});

test('negatives are placeholders and near misses, never a generated credential', () => {
  const cases = generateSet({ seed: 9, perFormat: 2 });
  const negatives = cases.filter((c) => c.kind === 'negative' && c.type === 'secret');
  assert.ok(negatives.some((c) => c.value === 'changeme'));
  assert.ok(negatives.some((c) => c.value === '${DB_PASSWORD}'));
  assert.ok(negatives.some((c) => c.format.startsWith('near-miss:')));
  for (const c of negatives) for (const f of FORMATS) if (!f.context) assert.ok(!f.wellFormed(c.value) || c.value.includes('X') || /^(.)\1+$/.test(c.value.replace(/^[a-z]+_(live_)?|AKIA/g, '')), `${c.id} looks like ${f.id}`);
});
