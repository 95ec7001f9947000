/**
 * Personal data of the third held-out set: the identifier kinds PII tools test (Presidio's predefined
 * recognizers, scrubadub's detectors, Google DLP infoTypes), with their check digits and the context
 * words their tests use, and Japanese formats. Values generated here; formats are public facts.
 *
 * In scope (a positive here): Japanese My Number and Corporate Number with their check digits and a
 * context word; Japanese phones in every national layout incl. full-width digits; international phones
 * of several plans; cards of every major brand with and without separators; IBANs of many countries;
 * e-mail; US SSN; US ITIN, UK NINO, Canadian SIN, passport and Japanese driver's-licence and bank
 * account numbers when a context word names them; public IPv4/IPv6 addresses.
 * Out of scope (not generated): names and street addresses (need language models), postal codes alone,
 * MAC addresses and obfuscated "name at example dot com" e-mail (noise far outweighs value in code).
 */
import { DIG, UP, corporateCheck, fullwidth, ibanOf, luhn, myNumberCheck, type Rng } from './rng.ts';

export interface PiiCase {
  family: string;
  text: string;
  value: string;
}

function group(s: string, sizes: number[], sep: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const n of sizes) {
    parts.push(s.slice(i, i + n));
    i += n;
  }
  return parts.join(sep);
}

const BRANDS: Array<{ name: string; prefix: (r: Rng) => string; len: number; groups: number[] }> = [
  { name: 'visa', prefix: (r) => `4${r.s(DIG, 5)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'mastercard', prefix: (r) => `5${r.range(1, 5)}${r.s(DIG, 4)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'mastercard-2', prefix: (r) => `2${r.range(221, 720)}${r.s(DIG, 2)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'amex', prefix: (r) => `3${r.pick(['4', '7'])}${r.s(DIG, 4)}`, len: 15, groups: [4, 6, 5] },
  { name: 'discover', prefix: (r) => `6011${r.s(DIG, 2)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'jcb', prefix: (r) => `35${r.range(28, 89)}${r.s(DIG, 2)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'diners', prefix: (r) => `36${r.s(DIG, 4)}`, len: 14, groups: [4, 6, 4] },
  { name: 'unionpay', prefix: (r) => `62${r.range(2126, 2925)}`, len: 16, groups: [4, 4, 4, 4] },
  { name: 'visa-19', prefix: (r) => `4${r.s(DIG, 5)}`, len: 19, groups: [4, 4, 4, 4, 3] },
];

const IBAN_COUNTRIES: Array<[string, (r: Rng) => string]> = [
  ['DE', (r) => r.s(DIG, 18)],
  ['FR', (r) => `${r.s(DIG, 10)}${r.s(UP + DIG, 11)}${r.s(DIG, 2)}`],
  ['GB', (r) => `${r.s(UP, 4)}${r.s(DIG, 14)}`],
  ['ES', (r) => r.s(DIG, 20)],
  ['IT', (r) => `${r.s(UP, 1)}${r.s(DIG, 10)}${r.s(UP + DIG, 12)}`],
  ['NL', (r) => `${r.s(UP, 4)}${r.s(DIG, 10)}`],
  ['BE', (r) => r.s(DIG, 12)],
  ['CH', (r) => `${r.s(DIG, 5)}${r.s(UP + DIG, 12)}`],
  ['AT', (r) => r.s(DIG, 16)],
  ['PL', (r) => r.s(DIG, 24)],
  ['SE', (r) => r.s(DIG, 20)],
  ['NO', (r) => r.s(DIG, 11)],
  ['PT', (r) => r.s(DIG, 21)],
  ['IE', (r) => `${r.s(UP, 4)}${r.s(DIG, 14)}`],
  ['SA', (r) => `${r.s(DIG, 2)}${r.s(UP + DIG, 18)}`],
  ['AE', (r) => r.s(DIG, 19)],
  ['BR', (r) => `${r.s(DIG, 23)}${r.s(UP, 1)}${r.s(UP + DIG, 1)}`],
  ['TR', (r) => `${r.s(DIG, 5)}0${r.s(UP + DIG, 16)}`],
  ['MT', (r) => `${r.s(UP, 4)}${r.s(DIG, 5)}${r.s(UP + DIG, 18)}`],
  ['UA', (r) => `${r.s(DIG, 6)}${r.s(UP + DIG, 19)}`],
];

/** UK NINO prefixes: first letter not D F I Q U V, second not D F I O Q U V, and not BG GB NK KN TN NT ZZ. */
function ninoPrefix(r: Rng): string {
  for (;;) {
    const a = r.pick([...'ABCEGHJKLMNOPRSTWXYZ']);
    const b = r.pick([...'ABCEGHJKLMNPRSTWXYZ']);
    if (!['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(a + b)) return a + b;
  }
}

function ssnDigits(r: Rng): [string, string, string] {
  for (;;) {
    const a = r.range(1, 899);
    if (a === 666) continue;
    const g = r.range(1, 99);
    const s = r.range(1, 9999);
    return [String(a).padStart(3, '0'), String(g).padStart(2, '0'), String(s).padStart(4, '0')];
  }
}

/** One generator per family; each returns the text and the value written in it. */
export const PII_GENERATORS: Array<[string, (r: Rng) => PiiCase]> = [
  ['jp-my-number', (r) => {
    const e = r.s(DIG, 11);
    const n = e + myNumberCheck(e);
    const written = r.pick([n, group(n, [4, 4, 4], '-'), group(n, [4, 4, 4], ' '), fullwidth(n)]);
    const text = r.pick([`マイナンバー：${written}`, `個人番号 ${written} を確認しました`, `my_number: "${written}"`, `社員の個人番号は${written}です。`]);
    return { family: 'jp-my-number', text, value: written };
  }],
  ['jp-corporate-number', (r) => {
    const base = r.s(DIG, 12);
    const n = corporateCheck(base) + base;
    const written = r.pick([n, fullwidth(n), `${n.slice(0, 1)}-${n.slice(1, 5)}-${n.slice(5, 9)}-${n.slice(9)}`]);
    const text = r.pick([`法人番号：${written}`, `法人番号 ${written}（株式会社サンプル）`, `corporate_number = "${written}"`, `Corporate Number: ${written}`]);
    return { family: 'jp-corporate-number', text, value: written };
  }],
  ['jp-phone', (r) => {
    const forms = [
      () => `0${r.pick(['90', '80', '70'])}-${r.s(DIG, 4)}-${r.s(DIG, 4)}`,
      () => `03-${r.range(3000, 6999)}-${r.s(DIG, 4)}`,
      () => `06-${r.range(6000, 6999)}-${r.s(DIG, 4)}`,
      () => `0${r.pick(['45', '52', '92', '11'])}-${r.range(200, 999)}-${r.s(DIG, 4)}`,
      () => `(03)${r.range(3000, 6999)}-${r.s(DIG, 4)}`,
      () => `0120-${r.range(100, 999)}-${r.s(DIG, 3)}`,
      () => `050-${r.range(1000, 9999)}-${r.s(DIG, 4)}`,
      () => `+81-${r.pick(['90', '80', '3'])}-${r.s(DIG, 4)}-${r.s(DIG, 4)}`,
      () => `+81 ${r.pick(['90', '80'])} ${r.s(DIG, 4)} ${r.s(DIG, 4)}`,
      () => fullwidth(`0${r.pick(['90', '80'])}-${r.s(DIG, 4)}-${r.s(DIG, 4)}`),
      () => `0${r.pick(['90', '80', '70'])}${r.s(DIG, 8)}`,
    ];
    const written = r.pick(forms)();
    const text = r.pick([`電話番号：${written}`, `TEL ${written}`, `携帯 ${written} までご連絡ください`, `お問い合わせ先 ${written}（平日9時〜18時）`]);
    return { family: 'jp-phone', text, value: written };
  }],
  ['intl-phone', (r) => {
    const forms = [
      () => `+44 20 ${r.range(7000, 8999)} ${r.s(DIG, 4)}`,
      () => `+44 7${r.range(400, 999)} ${r.s(DIG, 6)}`,
      () => `+1 (${r.pick(['212', '415', '312', '617', '206'])}) ${r.range(201, 989)}-${r.s(DIG, 4)}`,
      () => `+1-${r.pick(['646', '503', '702'])}-${r.range(201, 989)}-${r.s(DIG, 4)}`,
      () => `+49 30 ${r.s(DIG, 8)}`,
      () => `+49 15${r.range(1, 9)} ${r.s(DIG, 8)}`,
      () => `+33 6 ${r.s(DIG, 2)} ${r.s(DIG, 2)} ${r.s(DIG, 2)} ${r.s(DIG, 2)}`,
      () => `+91 9${r.s(DIG, 4)} ${r.s(DIG, 5)}`,
      () => `+61 4${r.s(DIG, 2)} ${r.s(DIG, 3)} ${r.s(DIG, 3)}`,
      () => `+55 11 9${r.s(DIG, 4)}-${r.s(DIG, 4)}`,
      () => `+86 13${r.range(0, 9)} ${r.s(DIG, 4)} ${r.s(DIG, 4)}`,
      () => `+82 10-${r.s(DIG, 4)}-${r.s(DIG, 4)}`,
      () => `+34 6${r.s(DIG, 2)} ${r.s(DIG, 3)} ${r.s(DIG, 3)}`,
      () => `+39 3${r.s(DIG, 2)} ${r.s(DIG, 3)} ${r.s(DIG, 4)}`,
    ];
    const written = r.pick(forms)();
    const text = r.pick([`Call me on ${written} after 5pm.`, `phone: "${written}"`, `Mobile: ${written}`, `contact_number=${written}`]);
    return { family: 'intl-phone', text, value: written };
  }],
  ['card', (r) => {
    const b = r.pick(BRANDS);
    let partial = b.prefix(r);
    partial += r.s(DIG, b.len - 1 - partial.length);
    const n = partial + luhn(partial);
    const written = r.pick([n, group(n, b.groups, ' '), group(n, b.groups, '-')]);
    const text = r.pick([`card: ${written} exp 09/29`, `Please charge ${written} for the renewal.`, `{"card_number": "${written}"}`, `cc=${written}`]);
    return { family: `card`, text, value: written };
  }],
  ['iban', (r) => {
    const [cc, gen] = r.pick(IBAN_COUNTRIES);
    const iban = ibanOf(cc, gen(r));
    const written = r.pick([iban, iban.replace(/(.{4})(?=.)/g, '$1 ')]);
    const text = r.pick([`IBAN: ${written}`, `Überweisung an ${written} bis Freitag`, `"iban": "${written}"`, `Please wire the refund to ${written}.`]);
    return { family: 'iban', text, value: written };
  }],
  ['email', (r) => {
    const local = `${r.pick(['hanako', 'j.smith', 'm.garcia', 'li.wei', 'k_tanaka', 'olga'])}${r.pick(['', String(r.range(1, 99)), '.work'])}`;
    const written = `${local}@${r.pick(['gmail.com', 'outlook.jp', 'yahoo.co.jp', 'acme-corp.de', 'university.ac.uk', 'fastmail.fm'])}`;
    const text = r.pick([`Contact: ${written}`, `From: Hanako <${written}>`, `"email": "${written}"`, `連絡先は ${written} です`]);
    return { family: 'email', text, value: written };
  }],
  ['us-ssn', (r) => {
    const [a, g, s] = ssnDigits(r);
    const written = r.pick([`${a}-${g}-${s}`, `${a} ${g} ${s}`, `${a}${g}${s}`]);
    const text = r.pick([`SSN: ${written}`, `social security number ${written}`, `"ssn": "${written}"`]);
    return { family: 'us-ssn', text, value: written };
  }],
  ['us-itin', (r) => {
    const mid = r.pick([r.range(50, 65), r.range(70, 88), r.range(90, 92), r.range(94, 99)]);
    const written = r.pick([`9${r.s(DIG, 2)}-${mid}-${r.s(DIG, 4)}`, `9${r.s(DIG, 2)} ${mid} ${r.s(DIG, 4)}`]);
    const text = r.pick([`ITIN: ${written}`, `Individual Taxpayer Identification Number ${written}`, `taxpayer id ${written}`]);
    return { family: 'us-itin', text, value: written };
  }],
  ['uk-nino', (r) => {
    const d = r.s(DIG, 6);
    const suffix = r.pick(['A', 'B', 'C', 'D']);
    const pre = ninoPrefix(r);
    const written = r.pick([`${pre}${d}${suffix}`, `${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`, `${pre}${d}${suffix}`.toLowerCase()]);
    const text = r.pick([`NINO: ${written}`, `National Insurance number ${written}`, `ni_number = "${written}"`, `My NI number is ${written}.`]);
    return { family: 'uk-nino', text, value: written };
  }],
  ['ca-sin', (r) => {
    const partial = `${r.pick(['1', '2', '3', '4', '5', '6', '7', '9'])}${r.s(DIG, 7)}`;
    const n = partial + luhn(partial);
    const written = r.pick([n, group(n, [3, 3, 3], '-'), group(n, [3, 3, 3], ' ')]);
    const text = r.pick([`SIN: ${written}`, `Social Insurance Number ${written}`, `social_insurance_number: "${written}"`]);
    return { family: 'ca-sin', text, value: written };
  }],
  ['passport', (r) => {
    const written = r.pick([`${r.pick(['TK', 'TR', 'TZ', 'MZ', 'RE'])}${r.s(DIG, 7)}`, `${r.range(1, 9)}${r.s(DIG, 8)}`, `${r.s(UP, 1)}${r.s(DIG, 8)}`]);
    const text = r.pick([`旅券番号：${written}`, `Passport No. ${written}`, `passport_number: "${written}"`, `パスポート番号 ${written}`]);
    return { family: 'passport', text, value: written };
  }],
  ['jp-drivers-licence', (r) => {
    const written = r.pick([r.s(DIG, 12), fullwidth(r.s(DIG, 12))]);
    const text = r.pick([`運転免許証番号：${written}`, `免許証番号 ${written}`, `driver's license number ${written}`]);
    return { family: 'jp-drivers-licence', text, value: written };
  }],
  ['bank-account', (r) => {
    const written = r.s(DIG, 7);
    const text = r.pick([`口座番号：${written}`, `普通預金 口座番号 ${written}`, `振込先 〇〇銀行 渋谷支店 普通 ${written}`, `account number: ${written}${r.s(DIG, 3)}`]);
    return { family: 'bank-account', text, value: text.includes(`${written}`) ? text.slice(text.indexOf(written)).split(/\s/)[0]! : written };
  }],
  ['ipv6', (r) => {
    const hx = (): string => r.s('0123456789abcdef', r.range(1, 4)).replace(/^0+(?=.)/, '');
    const written = r.pick([`2a0${r.range(0, 9)}:${hx()}:${hx()}:${hx()}:${hx()}:${hx()}:${hx()}:${hx()}`, `240${r.range(0, 9)}:${hx()}:${hx()}::${hx()}`, `2600:${hx()}:${hx()}:${hx()}::${hx()}`]);
    const text = r.pick([`client_ip=${written}`, `Accepted publickey for root from ${written} port 52144`, `"remote_addr": "${written}"`]);
    return { family: 'ipv6', text, value: written };
  }],
  ['ipv4', (r) => {
    const written = `${r.pick([23, 51, 81, 89, 104, 151, 185, 203])}.${r.range(1, 254)}.${r.range(1, 254)}.${r.range(1, 254)}`;
    const text = r.pick([`Failed password for root from ${written} port 22 ssh2`, `X-Forwarded-For: ${written}`, `"ip": "${written}"`]);
    return { family: 'ipv4', text, value: written };
  }],
];
