import type { Confidence } from '../finding.ts';
import type { PiiHit } from './pii-hit.ts';
import { isDigit, isWordChar } from './char-class.ts';
import { hasContextWord, PHONE_WORDS } from './context-words.ts';
import { classifyJapaneseNumber } from './japanese-phone.ts';
import { nsnFits, splitCountryCode } from './numbering-plans.ts';

/**
 * Phone numbers: E.164 (`+CC …`, 8–15 digits, `+81` checked as Japanese, `+1` as North American),
 * North American (`(415) 555-2671`, `415-555-2671`, `1 415 555 2671`: area and exchange 2–9 first, groups
 * 3-3-4 with consistent separators) and Japanese domestic formats (`japanese-phone.ts`).
 *
 * Why groups and shapes rather than "enough digits": dates (2024-01-15), versions (1.2.3), IPv4, SSNs
 * (3-2-4) and My Numbers (4-4-4) all have the wrong group shape; hex and identifiers are excluded by
 * requiring no letter, `_`, `.`, `-` or `+` glued to either end. Unseparated domestic numbers are low
 * confidence (mobile) or need a context word such as 電話 / TEL (fixed lines, free dial).
 */

interface Group {
  start: number;
  end: number; // after the digits and a closing `)`
  digits: string;
  paren: boolean;
  separator: string; // what came before this group: '', ' ', '-', '.'
}

const MAX_GROUPS = 7;

/** Why: a `RunDetector` over one numeric run. */
export function scanPhones(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    const startsNumber = (isDigit(c) && !isDigit(text.charCodeAt(p - 1))) || c === 43 || (c === 40 && isDigit(text.charCodeAt(p + 1)));
    if (!startsNumber) continue;
    const before = text.charCodeAt(p - 1);
    if (isWordChar(before) || before === 46 || before === 45 || before === 43 || before === 47) continue;
    const groups = readGroups(text, p, end);
    let digitsUpTo = 0;
    for (const group of groups) digitsUpTo += group.digits.length;
    // International (`+`, `00`) and many-group forms end in pairs too (`+33 1 23 45 67 89`, `06 12 34 56 78`).
    const pairsEnd = c === 43 || text.startsWith('00', p) || groups.length >= 4;
    for (let g = groups.length - 1; g >= 0; g--) {
      const stop = groups[g]!.end;
      const lastSize = groups[g]!.digits.length;
      const enough = digitsUpTo >= 7 && (lastSize >= 3 || (lastSize === 2 && pairsEnd && g >= 2));
      digitsUpTo -= lastSize;
      if (!enough || !endsCleanly(text, stop)) continue;
      const kind = classify(text, p, groups.slice(0, g + 1));
      if (kind === undefined) continue;
      out.push({ ruleId: 'pii-phone', confidence: kind.confidence, start: p, end: stop, description: kind.description });
      p = stop;
      break;
    }
  }
}

function readGroups(text: string, p: number, runEnd: number): Group[] {
  const groups: Group[] = [];
  let i = text.charCodeAt(p) === 43 ? p + 1 : p;
  let separator = '';
  let total = 0;
  while (i < runEnd && groups.length < MAX_GROUPS) {
    const from = i;
    const paren = text.charCodeAt(i) === 40;
    if (paren) i++;
    const digitsFrom = i;
    while (i < runEnd && isDigit(text.charCodeAt(i))) i++;
    if (i === digitsFrom || (paren && text.charCodeAt(i) !== 41)) break;
    total += i - digitsFrom;
    if (total > 15) break;
    const digits = text.slice(digitsFrom, i);
    if (paren) i++;
    groups.push({ start: from, end: i, digits, paren, separator });
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if ((c === 32 || c === 45 || c === 46) && (isDigit(next) || next === 40)) {
      separator = String.fromCharCode(c);
      i++;
    } else if (c === 40 || (paren && isDigit(c))) {
      separator = '';
    } else {
      break;
    }
  }
  return groups;
}

function endsCleanly(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (isWordChar(c) || c === 43) return false;
  if ((c === 45 || c === 46 || c === 47) && isDigit(text.charCodeAt(at + 1))) return false;
  return true;
}

function classify(text: string, p: number, groups: Group[]): { confidence: Confidence; description: string } | undefined {
  const plus = text.charCodeAt(p) === 43;
  const digits = groups.map((g) => g.digits).join('');
  const stop = groups[groups.length - 1]!.end;
  const context = (): boolean => hasContextWord(text, p, stop, PHONE_WORDS, 24, 8);
  if (plus) return classifyInternational(groups, digits);
  // `00` + country code: the international prefix most of the world dials (0044 20 7946 0958).
  if (digits.startsWith('00') && !digits.startsWith('000') && groups[0]!.digits.length <= 5) {
    const split = splitCountryCode(digits.slice(2));
    if (split !== undefined && split.cc !== '1' && nsnFits(split.nsn, split.plan)) return { confidence: 'medium', description: 'international phone number' };
    return undefined;
  }
  if (groups.some((g) => g.separator === '.')) return classifyNorthAmerican(groups);
  if (digits.startsWith('0')) {
    // One separator between groups; after a parenthesised area code (`(03) 1234-5678`) a blank or nothing.
    const seps = groups.slice(groups[0]!.paren ? 2 : 1).map((g) => g.separator);
    if (seps.includes(' ') && seps.includes('-')) return undefined;
    const kind = classifyJapaneseNumber(digits, groups.map((g) => g.digits.length));
    if (kind === undefined) return classifyDomestic(groups, digits, context);
    if (groups.length > 1) return { confidence: context() ? 'high' : 'medium', description: kind.description };
    if (context()) return { confidence: 'medium', description: kind.description };
    return kind.bareIsDistinctive ? { confidence: 'low', description: kind.description } : undefined;
  }
  return classifyNorthAmerican(groups) ?? classifyNationalWithoutTrunk(groups, digits, context);
}

/**
 * A national number written without a trunk `0` (China `138 0013 8000`, India `98765 43210`, Spain
 * `612 345 678`, Brazil `(11) 91234-5678`): 9–11 digits in 2–4 groups, one separator after the first
 * group (Brazil's area code in parentheses may be followed by a space, then a dash). Like the trunk-0
 * shapes, not distinctive alone: only next to a context word (phone, tel, 電話, …). An SSN's 3-2-4 shape
 * is left to the SSN detector.
 */
function classifyNationalWithoutTrunk(groups: Group[], digits: string, context: () => boolean): { confidence: Confidence; description: string } | undefined {
  if (digits.length < 9 || digits.length > 11 || groups.length < 2 || groups.length > 4) return undefined;
  const sizes = groups.map((g) => g.digits.length);
  if (sizes.join('-') === '3-2-4' || groups.some((g, k) => g.paren && k > 0) || sizes.slice(1).some((n) => n < 3)) return undefined;
  const rest = groups[0]!.paren ? groups.slice(2) : groups.slice(1);
  if (new Set(rest.map((g) => g.separator)).size > 1) return undefined;
  return context() ? { confidence: 'medium', description: 'phone number (national format)' } : undefined;
}

/**
 * A national number with a trunk `0` that is not a Japanese shape (UK `020 7946 0958`, `07911 123456`,
 * France `06 12 34 56 78`, Germany `030 901820`, Korea `010-1234-5678`, Australia `0412 345 678`):
 * 9–11 digits in 2–5 groups with one separator. Without the country code the shape alone is not
 * distinctive (ids and dates look the same), so a context word (phone, tel, 電話, …) is required.
 */
function classifyDomestic(groups: Group[], digits: string, context: () => boolean): { confidence: Confidence; description: string } | undefined {
  if (digits.length < 9 || digits.length > 11 || groups.length < 2 || groups.length > 5 || digits.startsWith('00')) return undefined;
  const separators = new Set(groups.slice(1).map((g) => g.separator));
  if (separators.size !== 1 || groups.some((g, k) => g.paren && k > 0)) return undefined;
  if (groups.slice(1).some((g) => g.digits.length < 2)) return undefined;
  return context() ? { confidence: 'medium', description: 'phone number (national format)' } : undefined;
}

function classifyInternational(groups: Group[], digits: string): { confidence: Confidence; description: string } | undefined {
  if (digits.startsWith('81')) {
    const national = groups
      .filter((g, k) => !(k > 0 && g.paren && g.digits === '0'))
      .map((g) => g.digits)
      .join('')
      .slice(2);
    if (national.startsWith('0')) return undefined;
    const kind = classifyJapaneseNumber('0' + national, []);
    return kind === undefined ? undefined : { confidence: 'medium', description: kind.description };
  }
  if (digits.startsWith('1')) {
    if (!/^1[2-9]\d\d[2-9]\d{6}$/.test(digits)) return undefined;
    return { confidence: isNotPersonalNanp(digits.slice(4, 7), digits.slice(7)) ? 'low' : 'medium', description: 'North American phone number' };
  }
  if (digits.startsWith('0') || digits.length > 15) return undefined;
  const split = splitCountryCode(digits);
  if (split !== undefined) {
    // A `(0)` trunk group after the country code is not part of the number (+44 (0)20 7946 0958).
    const nsn = groups.filter((g, k) => !(k > 0 && g.paren && g.digits === '0')).map((g) => g.digits).join('').slice(split.cc.length);
    if (groups[0]!.digits.length < split.cc.length && groups.length > 1) return undefined; // +4 4…: not how a code is written
    return nsnFits(nsn, split.plan) ? { confidence: 'medium', description: 'international phone number' } : undefined;
  }
  if (groups.length === 1) return digits.length >= 10 ? { confidence: 'medium', description: 'international phone number' } : undefined;
  if (groups[0]!.digits.length > 3 || digits.length < 8) return undefined;
  return { confidence: 'medium', description: 'international phone number' };
}

function classifyNorthAmerican(groups: Group[]): { confidence: Confidence; description: string } | undefined {
  let rest = groups;
  if (rest.length === 4 && rest[0]!.digits === '1' && !rest[0]!.paren) rest = rest.slice(1);
  if (rest.length !== 3) return undefined;
  const [area, exchange, line] = rest as [Group, Group, Group];
  if (!/^[2-9]\d\d$/.test(area.digits) || !/^[2-9]\d\d$/.test(exchange.digits) || !/^\d{4}$/.test(line.digits)) return undefined;
  const parenForm = area.paren && (exchange.separator === ' ' || exchange.separator === '') && line.separator !== '';
  const plainForm = !area.paren && exchange.separator !== '' && exchange.separator === line.separator;
  if (!parenForm && !plainForm) return undefined;
  return { confidence: isNotPersonalNanp(exchange.digits, line.digits) ? 'low' : 'medium', description: 'North American phone number' };
}

/**
 * NANP numbers that belong to nobody: 555-0100 to 555-0199 are reserved for fiction (film, docs, SDK
 * examples such as `tel:+14155550123`), 555-1212 is directory assistance. Reported at low confidence
 * only (a phone number's shape, nobody's number): policies acting on medium ignore them.
 */
function isNotPersonalNanp(exchange: string, line: string): boolean {
  return exchange === '555' && (line.startsWith('01') || line === '1212');
}
