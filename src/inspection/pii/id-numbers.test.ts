import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPii } from './pii-scanner.ts';
import { corporateNumberValid, luhnValid } from './id-numbers.ts';

const found = (text: string): string[] => scanPii(text).map((d) => `${d.ruleId}:${d.confidence}:${d.value}`);
const rules = (text: string): string[] => scanPii(text).map((d) => d.ruleId);

test('check digits: Corporate Number (mod 9, leading) and Luhn', () => {
  // 12-digit base 123456789012: Σ = odd positions from the right ×1 + even ×2 = 74; 9 − 74 mod 9 = 7.
  assert.equal(corporateNumberValid('7123456789012'), true);
  assert.equal(corporateNumberValid('6123456789012'), false);
  assert.equal(luhnValid('046454286'), true);
  assert.equal(luhnValid('046454287'), false);
});

test('US ITIN: 9XX with a group in the IRS ranges, only next to a word', () => {
  assert.deepEqual(found('ITIN: 912-78-1234'), ['pii-us-itin:high:912-78-1234']);
  assert.deepEqual(found('taxpayer id 955 91 4321'), ['pii-us-itin:medium:955 91 4321']);
  assert.deepEqual(rules('ITIN: 912-93-1234'), []); // group 93 is never issued
  assert.deepEqual(rules('build 912-78-1234 finished'), []);
});

test('Canadian SIN: Luhn-valid nine digits next to SIN / social insurance', () => {
  assert.deepEqual(found('SIN: 146 454 285'), ['pii-ca-sin:high:146 454 285']);
  assert.deepEqual(found('Social Insurance Number 130-692-544'), ['pii-ca-sin:high:130-692-544']);
  assert.deepEqual(found('sin_number=130692544'), ['pii-ca-sin:high:130692544']);
  assert.deepEqual(rules('Social Insurance Number 130-692-545'), []); // Luhn fails
  assert.deepEqual(rules('using 130-692-544 as the seed'), []); // "sin" inside a word is not the word
});

test('Japanese Corporate Number: valid check digit next to 法人番号, full-width digits folded', () => {
  assert.deepEqual(found('法人番号：7123456789012'), ['jp-corporate-number:high:7123456789012']);
  assert.deepEqual(found('法人番号 ７１２３４５６７８９０１２'), ['jp-corporate-number:high:７１２３４５６７８９０１２']);
  assert.deepEqual(rules('法人番号：6123456789012'), []);
  assert.deepEqual(rules('order 7123456789012 shipped'), []);
});

test("driver's licence and bank account numbers need their words", () => {
  assert.deepEqual(found('運転免許証番号：301234567890'), ['pii-drivers-licence:medium:301234567890']);
  assert.deepEqual(rules('request id 301234567890'), []);
  assert.deepEqual(found('口座番号：1234567'), ['pii-bank-account:medium:1234567']);
  assert.deepEqual(found('account number: 0012345678'), ['pii-bank-account:medium:0012345678']);
  assert.deepEqual(rules('口座番号は後ほどメールでお知らせしますので、注文番号 1234567 を控えてください'), []); // the word labels a different number far before
  assert.deepEqual(rules('retry after 1234567 ms'), []);
});

test('UK NINO: valid prefix; spaced layout alone is medium, compact needs a word', () => {
  assert.deepEqual(found('NINO: AB123456C'), ['pii-uk-nino:high:AB123456C']);
  assert.deepEqual(found('ref JT 12 34 56 A'), ['pii-uk-nino:medium:JT 12 34 56 A']);
  assert.deepEqual(found('my ni number is jt123456a'), ['pii-uk-nino:high:jt123456a']);
  assert.deepEqual(rules('NINO: BG123456C'), []); // BG is never issued
  assert.deepEqual(rules('NINO: DA123456C'), []); // D is never a first letter
  assert.deepEqual(rules('sku AB123456C'), []);
  assert.deepEqual(rules('NINO: XAB123456C'), []); // part of a longer word
});

test('passport numbers next to the word, letters and digits 8-9 long', () => {
  assert.deepEqual(found('旅券番号：TK1234567'), ['pii-passport:medium:TK1234567']);
  assert.deepEqual(found('Passport No. 912345678'), ['pii-passport:medium:912345678']);
  assert.deepEqual(rules('Passport No. 12345'), []);
  assert.deepEqual(rules('ticket TK1234567'), []);
  assert.deepEqual(rules('passport-photo-v2 ABCTK1234567'), []);
  assert.deepEqual(rules('app.use(passport.session()); const maxAge = 86400000;'), []); // Passport.js beside a duration
  assert.deepEqual(rules('passport.use(strategy); retries = 123456789'), []); // digits only need a passport-number phrase
});
