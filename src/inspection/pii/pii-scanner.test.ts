import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPiiScanner, scanPii } from './pii-scanner.ts';
import type { Detection } from '../finding.ts';

function found(text: string, ruleId?: string): Detection[] {
  const all = scanPii(text);
  for (const d of all) {
    assert.equal(text.slice(d.start, d.end), d.value, 'span maps back to the original exactly');
    assert.equal(d.type, 'pii');
  }
  return ruleId === undefined ? all : all.filter((d) => d.ruleId === ruleId);
}

function values(text: string, ruleId: string): string[] {
  return found(text, ruleId).map((d) => d.value);
}

test('detector contract: name pii, plain scan', () => {
  const detector = createPiiScanner();
  assert.equal(detector.name, 'pii');
  assert.deepEqual(detector.scan('nothing here'), []);
});

test('email: in prose and in code string literals; near misses', () => {
  assert.deepEqual(values('mail taro.yamada+work@example.co.jp.', 'pii-email'), ['taro.yamada+work@example.co.jp']);
  assert.deepEqual(values('const to = "kenji@bar.baz";', 'pii-email'), ['kenji@bar.baz']);
  assert.deepEqual(values('ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐにご連絡ください', 'pii-email'), ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ']);
  for (const miss of ['git@github.com:org/repo.git', 'ssh://git@gitlab.com/x.git', 'user@localhost', '@types/node', 'lodash@4.17.21', 'a@b', '@Component()', 'x..y@a.com']) {
    assert.deepEqual(values(miss, 'pii-email'), [], miss);
  }
  assert.deepEqual(scanPii('kenji@buildhost', { allowDotlessDomains: true }).map((d) => d.value), ['kenji@buildhost']);
});

test('phone: Japanese formats incl. full-width digits inside Japanese prose', () => {
  const prose = '担当の山田です。携帯は０９０ー１２３４ー５６７８、会社は０３（１２３４）５６７８までお願いします。';
  assert.deepEqual(values(prose, 'pii-phone'), ['０９０ー１２３４ー５６７８', '０３（１２３４）５６７８']);
  for (const p of ['090-1234-5678', '080 1234 5678', '050-1234-5678', '03-1234-5678', '045-123-4567', '0742-12-3456', '0120-123-456', '0800-123-4567', '+81 90-1234-5678', '+81-3-1234-5678', '+81 (0)3-1234-5678', '+819012345678']) {
    assert.deepEqual(values(`TEL: ${p} です`, 'pii-phone'), [p], p);
  }
  assert.equal(found('電話 090-1234-5678', 'pii-phone')[0]?.confidence, 'high');
  assert.equal(found('id 09012345678', 'pii-phone')[0]?.confidence, 'low');
  assert.deepEqual(values('id 0312345678', 'pii-phone'), [], 'bare fixed line needs a context word');
  assert.deepEqual(values('電話 0312345678', 'pii-phone'), ['0312345678']);
});

test('phone: North American and E.164', () => {
  assert.deepEqual(values('call (415) 555-2671 now', 'pii-phone'), ['(415) 555-2671']);
  assert.deepEqual(values('call 415-555-2671 or 415.555.2671', 'pii-phone'), ['415-555-2671', '415.555.2671']);
  assert.deepEqual(values('+1 415 555 2671', 'pii-phone'), ['+1 415 555 2671']);
  assert.deepEqual(values('+44 20 7946 0958', 'pii-phone'), ['+44 20 7946 0958']);
});

test('phone: international formats by each country\'s numbering plan; national formats with a context word', () => {
  for (const p of ['+33 1 23 45 67 89', '+44 7911 123456', '+49 30 901820', '+86 138 0013 8000', '+61 412 345 678', '+91 98765 43210',
    '+44 (0)20 7946 0958', '0044 20 7946 0958', '+7 495 123-45-67', '+55 11 91234-5678', '+82 10-1234-5678', '+34 612 34 56 78',
    '+39 06 1234 5678', '+46 8 123 456 78', '+41 44 668 18 00', '+90 212 123 45 67', '+4915123456789']) {
    assert.deepEqual(values(`reach me at ${p} today`, 'pii-phone'), [p], p);
  }
  for (const p of ['020 7946 0958', '07911 123456', '06 12 34 56 78', '010-1234-5678', '0412 345 678']) {
    assert.deepEqual(values(`phone: ${p}`, 'pii-phone'), [p], p);
    assert.deepEqual(values(`ref ${p}`, 'pii-phone'), [], `${p} without a context word`);
  }
  // National numbers written without a trunk 0 (China, India, Spain, Brazil): with a context word only.
  assert.deepEqual(values('My Israeli number is 09-7625400', 'pii-phone'), ['09-7625400']);
  assert.deepEqual(values('fax (03) 1234-5678', 'pii-phone'), ['(03) 1234-5678']);
  assert.deepEqual(values('tel 03 1234-5678', 'pii-phone'), []);
  for (const p of ['138 0013 8000', '98765 43210', '612 345 678', '(11) 91234-5678']) {
    assert.deepEqual(values(`My phone number is ${p}`, 'pii-phone'), [p], p);
    assert.deepEqual(values(`ref ${p}`, 'pii-phone'), [], `${p} without a context word`);
  }
  // Wrong length for the country's plan, or a trunk 0 after the code.
  for (const p of ['+33 1 23 45 67', '+44 20 7946 09', '+65 6123 456']) assert.deepEqual(values(`call ${p}`, 'pii-phone'), [], p);
});

test('phone: near misses (dates, versions, IPs, timestamps, hex, ids)', () => {
  const text = [
    'date 2024-01-15', 'at 2024/01/15 12:34:56', 'version 10.15.7', 'ip 192.168.100.200', 'hash 0x0312345678',
    'uuid 550e8400-e29b-41d4-a716-446655440000', 'ts 1700000000', 'n = 123-456-7890', 'ver 0.12.3456',
    'order 0123-4567-8901', 'ssn 123-45-6789', 'a_09012345678', 'x-090-1234-5678-9',
  ].join('\n');
  assert.deepEqual(values(text, 'pii-phone'), []);
});

test('credit card: Luhn + issuer prefix; Luhn-valid timestamp and wrong checksum are not cards', () => {
  assert.deepEqual(values('card 4111 1111 1111 1111 exp 12/25', 'pii-credit-card'), ['4111 1111 1111 1111']);
  assert.deepEqual(values('amex 3782-822463-10005', 'pii-credit-card'), ['3782-822463-10005']);
  assert.deepEqual(values('mc=5555555555554444;', 'pii-credit-card'), ['5555555555554444']);
  assert.deepEqual(values('JCBカード３５３０　１１１３　３３３０　００００', 'pii-credit-card'), ['３５３０　１１１３　３３３０　００００']);
  assert.equal(found('4539148803436467', 'pii-credit-card')[0]?.confidence, 'high');
  // Processors' documented test numbers charge nobody: low. Bare numbers in a list in code are data.
  assert.equal(found('card 4111111111111111', 'pii-credit-card')[0]?.confidence, 'low');
  assert.deepEqual(values('const cards = [4539148803436467, 42];', 'pii-credit-card'), []);
  assert.deepEqual(values('lookup(4539148803436467, true)', 'pii-credit-card'), []);
  assert.deepEqual(values('card: 4539148803436467, exp 12/27', 'pii-credit-card'), ['4539148803436467'], 'prose, not a list');
  assert.deepEqual(values('createdAt: 1700000000004', 'pii-credit-card'), [], 'Luhn-valid ms timestamp, no issuer prefix');
  assert.deepEqual(values('4111111111111112', 'pii-credit-card'), [], 'Luhn fails');
  assert.deepEqual(values('pi = 3.4111111111111111', 'pii-credit-card'), [], 'decimal digits');
  assert.deepEqual(values('id_4111111111111111', 'pii-credit-card'), [], 'glued to an identifier');
});

test('IBAN: length + mod 97; wrong check digits rejected', () => {
  assert.deepEqual(values('IBAN DE89 3704 0044 0532 0130 00.', 'pii-iban'), ['DE89 3704 0044 0532 0130 00']);
  assert.deepEqual(values('GB29NWBK60161331926819', 'pii-iban'), ['GB29NWBK60161331926819']);
  assert.deepEqual(values('FR1420041010050500013M02606', 'pii-iban'), ['FR1420041010050500013M02606']);
  assert.deepEqual(values('DE88370400440532013000', 'pii-iban'), [], 'wrong check digits');
  assert.deepEqual(values('DE8937040044053201300', 'pii-iban'), [], 'wrong length');
  assert.deepEqual(values('XX89370400440532013000', 'pii-iban'), [], 'unknown country');
});

test('US SSN: dashed medium, invalid area/group/serial rejected, undashed only with context', () => {
  assert.deepEqual(found('id 536-22-8614', 'pii-us-ssn').map((d) => d.confidence), ['medium']);
  assert.deepEqual(found('SSN: 536-22-8614', 'pii-us-ssn').map((d) => d.confidence), ['high']);
  for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']) {
    assert.deepEqual(values(`SSN ${bad}`, 'pii-us-ssn'), [], bad);
  }
  assert.deepEqual(values('count 123456789', 'pii-us-ssn'), []);
  assert.deepEqual(values('social security number 536228614', 'pii-us-ssn'), ['536228614']);
  assert.deepEqual(values('SSN 536 22 8614', 'pii-us-ssn'), ['536 22 8614']);
  // Dots and spaces: medium with a context word, low without; mixed separators are no SSN.
  assert.deepEqual(found('Social Security Number 536.22.8614', 'pii-us-ssn').map((d) => [d.value, d.confidence]), [['536.22.8614', 'medium']]);
  assert.deepEqual(found('record: Jane Roe, 536 22 8614, hired 2019', 'pii-us-ssn').map((d) => d.confidence), ['low']);
  assert.deepEqual(found('v 536.22.8614', 'pii-us-ssn').map((d) => d.confidence), ['low']);
  assert.deepEqual(values('SSN 693-09.4444', 'pii-us-ssn'), []);
  // Sample and made-up numbers that were never a person's.
  for (const fake of ['078-05-1120', '219-09-9999', '123-45-6789', '111-22-3333', '555-55-5555']) assert.deepEqual(values(`SSN: ${fake}`, 'pii-us-ssn'), [], fake);
});

test('My Number: check digit AND context word; a 12-digit order id alone is not one', () => {
  assert.deepEqual(values('私のマイナンバーは１２３４５６７８９０１８です。', 'jp-my-number'), ['１２３４５６７８９０１８']);
  assert.deepEqual(values('個人番号: 1234-5678-9018', 'jp-my-number'), ['1234-5678-9018']);
  assert.deepEqual(values('my number 1234 5678 9018', 'jp-my-number'), ['1234 5678 9018']);
  assert.deepEqual(values('order id 123456789018 shipped', 'jp-my-number'), [], 'valid check digit, no context');
  assert.deepEqual(values('マイナンバー 123456789012', 'jp-my-number'), [], 'wrong check digit');
  assert.deepEqual(values('マイナンバー 1234567890180', 'jp-my-number'), [], '13 digits');
});

test('My Number: a bare field value (a JSON number, a string of only the digits) is reported at medium', () => {
  assert.deepEqual(found('123456789018', 'jp-my-number').map((d) => [d.value, d.confidence]), [['123456789018', 'medium']]);
  assert.deepEqual(values(' 1234-5678-9018\n', 'jp-my-number'), ['1234-5678-9018']);
  assert.deepEqual(found('マイナンバー 123456789018', 'jp-my-number').map((d) => d.confidence), ['high']);
  assert.deepEqual(values('123456789012', 'jp-my-number'), [], 'wrong check digit');
  assert.deepEqual(values('#123456789018', 'jp-my-number'), [], 'not the whole value');
  assert.deepEqual(values('123456789018 x', 'jp-my-number'), [], 'not the whole value');
});

test('IP: public addresses only, low confidence; loopback, private, link-local, multicast, resolvers and versions skipped', () => {
  const hits = found('peer 74.125.127.100, db 10.0.0.5, lo 127.0.0.1, any 0.0.0.0, v6 2606:2800:220:1:248:1893:25c8:1946, ll fe80::1, lo6 ::1', 'pii-ip');
  assert.deepEqual(hits.map((d) => d.value), ['74.125.127.100', '2606:2800:220:1:248:1893:25c8:1946']);
  assert.ok(hits.every((d) => d.confidence === 'low'));
  const nobody = [
    'gw 192.168.1.108 nat 172.20.0.1 cgnat 100.64.3.4 imds 169.254.169.254 mcast 224.0.0.114', 'ula fd12:3456:789a::1 mc ff02::1',
    'dns 8.8.8.8 and 1.1.1.1, 2001:4860:4860::8888',
  ];
  for (const text of nobody) assert.deepEqual(values(text, 'pii-ip'), [], text);
  assert.deepEqual(values('version 1.2.3.4 and v1.2.3.4', 'pii-ip'), []);
  assert.deepEqual(values('std::vector a::b 00:1a:2b:3c:4d:5e 12:34:56 999.1.1.1 1.2.3.4.5', 'pii-ip'), []);
});

test('IP: documentation ranges, section numbers, OIDs, number lists, slices and networks are not addresses', () => {
  const none = [
    'see 192.0.2.1, 198.51.100.7 and 203.0.113.200 or 2001:db8::1',
    'RFC 7540 8.1.2.4 and Git 1.8.1.6 Release Notes',
    'section 3.2.2.10 of the spec, § 12.4.10.3',
    'SUBJECT = ObjectIdentifier("2.5.29.37"); oid 1.3.14.26',
    'path d="M1.52-.87 2.83-2.12 3.51.98.32 2.03.5"',
    'args[::2], args[1::2], parts[2::3]',
    "IPv6Network('100::/64'), IPv6Network('F800::/6')",
    "v8: '11.3.244.8-node.9', versionadded:: 0.7.100.3",
  ];
  for (const text of none) assert.deepEqual(values(text, 'pii-ip'), [], text);
  // Real-looking addresses right next to those shapes are still reported.
  assert.deepEqual(values('peer 74.125.127.100, gw 93.184.216.34, ::ffff:7b7b:7b7b, 81.2.69.160', 'pii-ip'), ['74.125.127.100', '93.184.216.34', '::ffff:7b7b:7b7b', '81.2.69.160']);
});

test('phone: NANP numbers reserved for fiction and directory assistance are low (nobody\'s number), never medium', () => {
  const text = 'call tel:+14155550123 or +1-816-555-1212 or (415) 555-0199';
  assert.deepEqual(found(text, 'pii-phone').map((d) => [d.value, d.confidence]), [['+14155550123', 'low'], ['+1-816-555-1212', 'low'], ['(415) 555-0199', 'low']]);
  assert.deepEqual(values('call (415) 555-0200 or +1 415 555 2671', 'pii-phone'), ['(415) 555-0200', '+1 415 555 2671']);
});

test('spans map back through full-width text, surrogate pairs and expansions', () => {
  const text = '😀㈱テスト　ｔｅｌ：０９０－１２３４－５６７８　😀 kenji＠acme.co.jp';
  for (const d of found(text)) assert.ok(d.start >= 0 && d.end <= text.length);
  assert.deepEqual(values(text, 'pii-phone'), ['０９０－１２３４－５６７８']);
  assert.deepEqual(values(text, 'pii-email'), ['kenji＠acme.co.jp']);
});

test('pathological inputs complete (linear scanners)', () => {
  const inputs = [
    '1-2-3-4-5-'.repeat(100_000), '@'.repeat(1_000_000), 'a.'.repeat(500_000) + '@x.com', '4'.repeat(1_000_000),
    ':'.repeat(1_000_000), 'a1:'.repeat(333_333), '(0'.repeat(500_000), '0 '.repeat(500_000), '０ー'.repeat(500_000),
    'a@'.repeat(500_000), '+1'.repeat(500_000), '1.'.repeat(500_000),
  ];
  for (const input of inputs) assert.ok(Array.isArray(scanPii(input)));
});
