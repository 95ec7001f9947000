/**
 * Some numbers are only personal data when the text says so: a 12-digit My Number looks like any order
 * id, an undashed SSN like any 9-digit count. Why: detectors ask whether a context word sits within a
 * small window around the match, so a bare number in code is not flagged.
 */

/** Words are matched case-insensitively (ASCII) as substrings of the window. */
export function hasContextWord(
  text: string,
  start: number,
  end: number,
  words: readonly string[],
  before = 48,
  after = 24,
): boolean {
  const window = text.slice(Math.max(0, start - before), Math.min(text.length, end + after)).toLowerCase();
  for (const word of words) if (window.includes(word)) return true;
  return false;
}

export const MY_NUMBER_WORDS = [
  'マイナンバー', '個人番号', 'まいなんばー', 'my number', 'mynumber', 'my_number', 'my-number',
  'kojin bango', 'kojinbango', 'kojin_bango', 'kojin-bango', 'kojin bangou', 'kojinbangou', 'individual number',
] as const;

export const SSN_WORDS = ['ssn', 'social security', 'social_security', 'socialsecurity', 'ss#', 'ss #', 'tax id'] as const;

export const PHONE_WORDS = ['電話', 'tel', 'phone', '携帯', 'fax', 'mobile', 'call', '連絡先', 'でんわ', 'whatsapp', 'cell', 'móvil', 'celular', 'contact number', 'my number', 'number is', 'reach me', 'text me', 'sms', 'telefono', 'teléfono', 'numéro', '手机', '휴대폰', '전화'] as const;
