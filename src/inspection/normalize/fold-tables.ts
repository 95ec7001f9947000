/**
 * What the scan view drops and what it folds beyond NFKC (see normalize-for-scan.ts). Facts from the
 * Unicode character database (general category Cf, Default_Ignorable_Code_Point) and the Unicode
 * confusables data, restricted to characters that a reader (or a model) takes for an ASCII letter, digit
 * or credential punctuation. The table is applied after NFKC, so full-width forms, mathematical
 * alphanumerics, circled and compatibility letters are already ASCII by then and are not listed here.
 */

/**
 * Invisible in rendered text, yet kept by NFKC: format controls (zero-width space/joiners, word joiner,
 * BOM, soft hyphen, bidi embeddings/overrides/isolates, Arabic letter mark, Mongolian vowel separator,
 * interlinear annotation, tag characters U+E0000–E007F), default-ignorables (variation selectors incl.
 * U+E0100–E01EF, combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free
 * variation selectors) and C0/C1 control characters other than tab, line feed and carriage return.
 * A secret with any of these inside still reads as the secret, so the scan view removes them.
 */
export const INVISIBLE_CLASS = '\\p{Cf}\\p{Default_Ignorable_Code_Point}\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f';

/** One invisible code point (tested on single characters). */
export const INVISIBLE = new RegExp(`^[${INVISIBLE_CLASS}]$`, 'u');

/** Look-alike → the ASCII character it passes for, by script, as `look-alikes ASCII` pairs of equal length. */
const LOOKALIKES: readonly (readonly [string, string])[] = [
  // Cyrillic capitals and smalls (А В Е З К М Н О Р С Т У Х Ѕ І Ј Ԛ Ԝ Ү Ӏ Ь Ԁ Ӡ; а е о р с у х ѕ і ј ԛ ԝ һ ӏ ү ь ԁ б)
  ['\u0410\u0412\u0415\u0417\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0423\u0425\u0405\u0406\u0408\u051A\u051C\u04AE\u04C0\u042C\u0500\u04E0', 'ABE3KMHOPCTYXSIJQWYIbD3'],
  ['\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u051B\u051D\u04BB\u04CF\u04AF\u044C\u0501\u0431', 'aeopcyxsijqwhlybd6'],
  // Greek capitals and smalls (Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ Ϳ; α ι ν ο ρ υ γ χ ϳ)
  ['\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7\u037F', 'ABEZHIKMNOPTYXJ'],
  ['\u03B1\u03B9\u03BD\u03BF\u03C1\u03C5\u03B3\u03C7\u03F3', 'aivopuyxj'],
  // Armenian (Օ Ս Լ; օ ս հ ո ց զ)
  ['\u0555\u054D\u053C\u0585\u057D\u0570\u0578\u0581\u0566', 'OULouhngq'],
  // Cherokee capitals that are drawn as Latin capitals
  ['\u13AA\u13F4\u13DF\u13A0\u13AC\u13C0\u13BB\u13AB\u13E6\u13DE\u13B7\u13E2\u13A1\u13DA\u13A2\u13D9\u13B3\u13C3', 'ABCDEGHJKLMPRSTVWZ'],
  // Lisu (Fraser) letters, built from Latin capitals
  ['\uA4D0\uA4D1\uA4D3\uA4D4\uA4D6\uA4D7\uA4D9\uA4DA\uA4DC\uA4DD\uA4DF\uA4E0\uA4E1\uA4E2\uA4E3\uA4E6\uA4E7\uA4EA\uA4EB\uA4EC\uA4EE\uA4F0\uA4F2\uA4F3\uA4F4\uA4F8', 'BPDTGKJCZFMNLSRVHWXYAEIOU.'],
  // Latin letters outside ASCII that look like ASCII ones (IPA alpha, script g, dotless i/j, dental click)
  ['\u0251\u0261\u0131\u0237\u01C0', 'agijl'],
  // Punctuation that credentials and URLs use: slashes, low line (dashes are folded separately)
  ['\u2215\u2044\u29F8\u02CD', '///_'],
];

/** Look-alike code unit → ASCII character. */
export const LOOKALIKE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [from, to] of LOOKALIKES) {
    if (from.length !== to.length) throw new Error(`look-alike table: ${from.length} characters for ${to.length}`);
    for (let k = 0; k < from.length; k++) map.set(from[k] as string, to[k] as string);
  }
  return map;
})();

/** Characters of the table as a regex class body. */
export const LOOKALIKE_CLASS = [...LOOKALIKE.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
