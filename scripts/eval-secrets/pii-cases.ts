/**
 * Personal data: international phone numbers (Japan first) in national and international writing,
 * e-mail addresses of people, US SSNs (with dashes; without, next to a context word), payment card
 * numbers (Luhn-valid, per brand prefix), Japanese My Number with its check digit. And the negatives:
 * role and system addresses, AI-tool attribution lines, reserved example domains, numeric look-alikes.
 */
import { DIGITS, LOWER, type Random } from './random.ts';
import { luhnDigit, myNumberCheckDigit } from './encodings.ts';

export interface PiiCase {
  kind: 'positive' | 'negative';
  format: string;
  fileName: string;
  text: string;
  written: string;
}

const d = (r: Random, n: number): string => r.chars(DIGITS, n);
const nz = (r: Random): string => String(r.between(1, 9));

/** Phone numbers by numbering plan, each as people write them. */
const PHONES: Record<string, (r: Random) => string> = {
  'jp-mobile': (r) => `0${r.pick(['70', '80', '90'])}-${nz(r)}${d(r, 3)}-${d(r, 4)}`,
  'jp-mobile-intl': (r) => `+81 ${r.pick(['70', '80', '90'])}-${nz(r)}${d(r, 3)}-${d(r, 4)}`,
  'jp-tokyo': (r) => `03-${r.pick(['3', '5', '6'])}${d(r, 3)}-${d(r, 4)}`,
  'jp-osaka-paren': (r) => `06(${r.pick(['6', '4'])}${d(r, 3)})${d(r, 4)}`,
  'jp-freedial': (r) => `0120-${d(r, 3)}-${d(r, 3)}`,
  'jp-compact': (r) => `0${r.pick(['90', '80'])}${nz(r)}${d(r, 7)}`,
  'us': (r) => `(${r.pick(['212', '415', '617', '312', '206'])}) ${r.between(2, 9)}${d(r, 2)}-${d(r, 4)}`,
  'us-e164': (r) => `+1 ${r.pick(['646', '510', '737', '503'])} ${r.between(2, 9)}${d(r, 2)} ${d(r, 4)}`,
  'uk': (r) => `+44 20 7${d(r, 3)} ${d(r, 4)}`,
  'uk-mobile': (r) => `+44 7${r.pick(['4', '5', '7', '8', '9'])}${d(r, 2)} ${d(r, 6)}`,
  'de': (r) => `+49 30 ${nz(r)}${d(r, 7)}`,
  'fr': (r) => `+33 ${r.pick(['6', '7'])} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)} ${d(r, 2)}`,
  'in': (r) => `+91 ${r.pick(['98', '97', '90'])}${d(r, 3)} ${d(r, 5)}`,
  'br': (r) => `+55 11 9${d(r, 4)}-${d(r, 4)}`,
  'au': (r) => `+61 4${d(r, 2)} ${d(r, 3)} ${d(r, 3)}`,
  'kr': (r) => `+82 10-${nz(r)}${d(r, 3)}-${d(r, 4)}`,
  'cn': (r) => `+86 13${d(r, 1)} ${d(r, 4)} ${d(r, 4)}`,
};

const FIRST = ['taro', 'hanako', 'kenji', 'yuki', 'maria', 'james', 'priya', 'li', 'olivia', 'noah'];
const LAST = ['yamada', 'suzuki', 'tanaka', 'garcia', 'smith', 'patel', 'chen', 'kim', 'muller', 'rossi'];

const BRANDS = ['visa', 'mastercard', 'amex', 'jcb', 'discover'] as const;

function cardNumber(r: Random, brand: (typeof BRANDS)[number]): { brand: string; digits: string; written: string } {
  const prefix = brand === 'visa' ? '4' : brand === 'mastercard' ? r.pick(['51', '53', '55', '2221', '2720']) : brand === 'amex' ? r.pick(['34', '37']) : brand === 'jcb' ? `35${r.between(28, 89)}` : '6011';
  const len = brand === 'amex' ? 15 : 16;
  const partial = prefix + d(r, len - 1 - prefix.length);
  const digits = partial + luhnDigit(partial);
  const sep = r.pick(['', ' ', '-']);
  const written = brand === 'amex' ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep) : digits.match(/.{4}/g)!.join(sep);
  return { brand, digits, written };
}

function ssn(r: Random): string {
  let area = r.between(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(r.between(1, 99)).padStart(2, '0')}-${String(r.between(1, 9999)).padStart(4, '0')}`;
}

export function piiCases(r: Random, per: number): PiiCase[] {
  const out: PiiCase[] = [];
  const push = (kind: PiiCase['kind'], format: string, fileName: string, text: string, written: string): void => void out.push({ kind, format, fileName, text, written });
  for (let i = 0; i < per; i++) {
    for (const [plan, gen] of Object.entries(PHONES)) {
      const phone = gen(r);
      const t = r.int(3);
      if (t === 0) push('positive', `phone-${plan}`, 'customers.csv', `id,name,phone\n${d(r, 4)},${r.pick(FIRST)} ${r.pick(LAST)},${phone}\n`, phone);
      else if (t === 1) push('positive', `phone-${plan}`, 'ticket.md', `Customer asked to be called back on ${phone} after 18:00.\n`, phone);
      else push('positive', `phone-${plan}`, 'transcript.jsonl', `{"role":"user","content":"連絡先は ${phone} です。"}\n`, phone);
    }
    const person = `${r.pick(FIRST)}.${r.pick(LAST)}${r.chance(0.3) ? d(r, 2) : ''}@${r.pick(['gmail.com', 'acme-corp.co.jp', 'outlook.com', 'yahoo.co.jp', 'icloud.com'])}`;
    push('positive', 'email-person', 'contacts.json', `{ "owner": "${person}", "team": "billing" }\n`, person);
    const s = ssn(r);
    push('positive', 'ssn-dashed', 'employee.txt', `Name: ${r.pick(FIRST)} ${r.pick(LAST)}\nSSN: ${s}\n`, s);
    const bare = s.replace(/-/g, '');
    push('positive', 'ssn-undashed-context', 'hr_export.csv', `employee_id,ssn,start_date\n${d(r, 5)},${bare},2024-04-01\n`, bare);
    for (const brand of BRANDS) {
      const card = cardNumber(r, brand);
      if (r.chance(0.5)) push('positive', `card-${card.brand}`, 'order.log', `payment attempt card=${card.written} exp=0${r.between(1, 9)}/2${r.between(7, 9)} amount=4200\n`, card.written);
      else push('positive', `card-${card.brand}`, 'support-chat.txt', `客: カード番号は ${card.written} です\n`, card.written);
    }
    const first11 = nz(r) + d(r, 10);
    const myNumber = first11 + myNumberCheckDigit(first11);
    const written = r.chance(0.5) ? myNumber : `${myNumber.slice(0, 4)} ${myNumber.slice(4, 8)} ${myNumber.slice(8)}`;
    push('positive', 'my-number', '申請書.txt', `氏名: 山田 太郎\nマイナンバー（個人番号）: ${written}\n`, written);
  }
  // Negatives: not personal data.
  for (let i = 0; i < per; i++) {
    const gh = `${d(r, 8)}+${r.pick(FIRST)}${r.chars(LOWER, 3)}@users.noreply.github.com`;
    push('negative', 'email-github-noreply', 'COMMIT_MSG', `Fix the retry loop\n\nSigned-off-by: Dev <${gh}>\n`, gh);
    push('negative', 'email-claude-attribution', 'request.json', `{"messages":[{"role":"user","content":"commit it"}],"system":"When committing, end the message with:\\n\\nCo-Authored-By: Claude <noreply@anthropic.com>"}\n`, 'noreply@anthropic.com');
    const role = `${r.pick(['noreply', 'no-reply', 'notifications', 'support', 'info', 'postmaster', 'security', 'billing', 'donotreply'])}@${r.pick(['acme-corp.dev', 'github.com', 'example.jp'])}`;
    push('negative', 'email-role', 'mailer.py', `FROM_ADDRESS = "${role}"\n`, role);
    const ex = `${r.pick(FIRST)}@${r.pick(['example.com', 'example.org', 'example.net', 'test.example', 'foo.invalid', 'host.localhost'])}`;
    push('negative', 'email-reserved-domain', 'test_users.py', `USER = {"email": "${ex}"}\n`, ex);
    const arr = Array.from({ length: 8 }, () => d(r, 4)).join(', ');
    push('negative', 'numeric-array', 'table.js', `const T = [${arr}];\n`, arr);
    const ver = `${r.between(1, 20)}.${r.between(0, 40)}.${r.between(0, 300)}.${d(r, 5)}`;
    push('negative', 'version-number', 'build.gradle', `version = "${ver}"\n`, ver);
    const ts = String(1_700_000_000_000 + r.int(90_000_000_000));
    push('negative', 'epoch-millis', 'events.json', `{ "ts": ${ts}, "kind": "click" }\n`, ts);
    const id9 = nz(r) + d(r, 8);
    push('negative', 'nine-digit-id', 'orders.sql', `INSERT INTO orders (id, total) VALUES (${id9}, 1200);\n`, id9);
    const hexish = d(r, 16);
    push('negative', 'sixteen-digit-id', 'trace.txt', `span_id=${hexish} parent=0\n`, hexish);
  }
  return out;
}
