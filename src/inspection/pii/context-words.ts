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

export const PHONE_WORDS = ['電話', 'お問い合わせ', '問い合わせ', '問合せ', 'ご連絡', 'tel', 'phone', '携帯', 'fax', 'mobile', 'call', '連絡先', 'でんわ', 'whatsapp', 'cell', 'móvil', 'celular', 'contact number', 'my number', 'number is', 'reach me', 'text me', 'sms', 'telefono', 'teléfono', 'numéro', '手机', '휴대폰', '전화'] as const;

/** US ITIN: the IRS's own name for it and the words forms use. */
export const ITIN_WORDS = ['itin', 'taxpayer identification', 'taxpayer id', 'tax id', 'tax_id', 'taxid', 'tin:', 'tin #', 'tin#', 'w-7'] as const;

/** Canadian SIN (English and French). `sin` alone is matched as a word (it is inside "using", "single"). */
export const SIN_WORDS = ['social insurance', 'social_insurance', 'socialinsurance', 'assurance sociale', 'assurance_sociale'] as const;

/** Japanese Corporate Number (法人番号). */
export const CORPORATE_NUMBER_WORDS = ['法人番号', 'ほうじんばんごう', 'corporate number', 'corporate_number', 'corporatenumber', 'corporate-number', 'houjin bangou', 'hojin bango', 'houjin_bangou', 'hojin_bango'] as const;

/** Driver's licence numbers (Japan: 12 digits; the word is needed, the digits alone are any id). */
export const LICENCE_WORDS = ['免許証', '運転免許', 'driver license', "driver's license", 'drivers license', 'driver licence', "driver's licence", 'drivers licence', 'driving licence', 'driving license', 'driver_license', 'drivers_license', 'driver_licence', 'license_number', 'licence_number', 'dl number', 'dl#', 'dl no'] as const;

/** Bank account numbers: the account's own words, Japanese and English. */
export const BANK_ACCOUNT_WORDS = ['口座番号', '口座', '普通預金', '当座預金', '普通 ', '当座 ', '振込先', 'account number', 'account_number', 'accountnumber', 'account no', 'acct no', 'acct #', 'acct#', 'account #', 'bank account', 'bank_account', 'kontonummer', 'numéro de compte'] as const;

/** Passport numbers. */
export const PASSPORT_WORDS = ['passport', '旅券', 'パスポート', 'reisepass', 'pasaporte', 'passeport', '护照', '여권'] as const;

/** A passport *number*: the phrases, not the word alone (Passport.js is everywhere in Node code). */
export const PASSPORT_NUMBER_WORDS = ['passport no', 'passport number', 'passport_number', 'passportnumber', 'passport-number', 'passport #', 'passport#', 'passport_no', 'passportno', '旅券番号', 'パスポート番号', 'passnummer', 'numéro de passeport', 'número de pasaporte'] as const;

/** UK National Insurance numbers. */
export const NINO_WORDS = ['nino', 'national insurance', 'national_insurance', 'nationalinsurance', 'ni number', 'ni no', 'ni_number', 'ni #', 'nin:'] as const;
