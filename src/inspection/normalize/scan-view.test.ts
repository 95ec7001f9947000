import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForScan, toOriginalSpan } from './normalize-for-scan.ts';
import { LOOKALIKE } from './fold-tables.ts';
import { buildDetectors } from '../build-detectors.ts';
import type { Detection } from '../finding.ts';
import { ANTHROPIC_KEY, AWS_KEY_ID, AWS_PAIR, GITHUB_TOKEN, PEM_KEY } from '../../../test/support/planted-credentials.ts';

const [gateway] = buildDetectors().detectors;
const scan = (text: string): Detection[] => (gateway as { scan(t: string): Detection[] }).scan(text);

/** Replaces every finding's original span, as redaction does. */
function redact(text: string, found: Detection[]): string {
  let out = text;
  for (const d of [...found].sort((a, b) => b.valueStart - a.valueStart)) out = out.slice(0, d.valueStart) + '[X]' + out.slice(d.valueEnd);
  return out;
}

/** `value` disguised by `insert` after every `every` characters. */
function sprinkle(value: string, insert: string, every = 5): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += (i > 0 && i % every === 0 ? insert : '') + value[i];
  return out;
}

/** The disguised value is found, its span is exactly the disguised characters, and redacting it leaves nothing. */
function assertSeenThrough(disguised: string, plain: string, label: string): void {
  const text = `config: ${disguised} # keep`;
  const found = scan(text).filter((d) => d.type === 'secret');
  assert.ok(found.length > 0, `${label}: nothing found`);
  const span = found.find((d) => d.value === plain || plain.includes(d.value));
  assert.ok(span, `${label}: found ${found.map((d) => d.ruleId)} but not the value`);
  // Exactly the disguised characters: the invisibles inside are covered, nothing around them is.
  if (span.value === plain) assert.equal(text.slice(span.valueStart, span.valueEnd), disguised, `${label}: span`);
  const left = normalizeForScan(redact(text, found)).text;
  assert.ok(!left.includes(plain.slice(4, 16)), `${label}: redaction left ${left}`);
}

const INVISIBLES: Record<string, string> = {
  'zero-width space': '\u200B',
  'zero-width non-joiner': '\u200C',
  'zero-width joiner': '\u200D',
  'word joiner': '\u2060',
  'BOM / zero-width no-break space': '\uFEFF',
  'soft hyphen': '\u00AD',
  'right-to-left override': '\u202E',
  'left-to-right isolate': '\u2066',
  'pop directional isolate': '\u2069',
  'Arabic letter mark': '\u061C',
  'Mongolian vowel separator': '\u180E',
  'interlinear annotation anchor': '\uFFF9',
  'tag letter A (surrogate pair)': '\u{E0041}',
  'cancel tag (surrogate pair)': '\u{E007F}',
  'variation selector 16': '\uFE0F',
  'variation selector 17 (surrogate pair)': '\u{E0100}',
  'combining grapheme joiner': '\u034F',
  'Hangul filler': '\u3164',
  'half-width Hangul filler': '\uFFA0',
  'Hangul choseong filler': '\u115F',
  'NUL': '\u0000',
  'escape': '\u001B',
  'delete': '\u007F',
  'C1 control': '\u0085',
};

test('every class of invisible character inside a secret is seen through and redacted with it', () => {
  for (const [label, ch] of Object.entries(INVISIBLES)) {
    for (const value of [GITHUB_TOKEN, ANTHROPIC_KEY, AWS_KEY_ID]) {
      const disguised = sprinkle(value, ch);
      assertSeenThrough(disguised, value, `${label} in ${value.slice(0, 4)}`);
      const s = normalizeForScan(disguised);
      assert.equal(s.text, value, label);
      assert.deepEqual(toOriginalSpan(s, 0, s.text.length), { start: 0, end: disguised.length });
    }
  }
});

test('runs of mixed invisibles and a PEM key with zero-width characters in its body', () => {
  assertSeenThrough(sprinkle(GITHUB_TOKEN, '\u200B\u200D\uFE0F\u{E0020}', 3), GITHUB_TOKEN, 'mixed run');
  const pem = PEM_KEY.replace(/([A-Za-z0-9+/]{10})/g, '$1\u200B');
  const found = scan(pem);
  assert.ok(found.some((d) => d.ruleId === 'sekisho-private-key'));
});

test('NFKC: full-width, mathematical and circled forms of a secret', () => {
  const fullWidth = [...GITHUB_TOKEN].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  assertSeenThrough(fullWidth, GITHUB_TOKEN, 'full-width');
  const bold = [...AWS_KEY_ID].map((c) => (c >= 'A' && c <= 'Z' ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65) : c >= '0' && c <= '9' ? String.fromCodePoint(0x1d7ce + c.charCodeAt(0) - 48) : c)).join('');
  assert.equal(normalizeForScan(bold).text, AWS_KEY_ID);
  assertSeenThrough(bold, AWS_KEY_ID, 'mathematical bold');
  const monospace = [...ANTHROPIC_KEY].map((c) => (c >= 'a' && c <= 'z' ? String.fromCodePoint(0x1d68a + c.charCodeAt(0) - 97) : c)).join('');
  assertSeenThrough(monospace, ANTHROPIC_KEY, 'mathematical monospace');
});

test('look-alikes from each script fold to the ASCII they pass for', () => {
  const swaps: Record<string, [string, string][]> = {
    Cyrillic: [['A', '\u0410'], ['K', '\u041A'], ['E', '\u0415'], ['p', '\u0440'], ['o', '\u043E'], ['c', '\u0441'], ['x', '\u0445'], ['3', '\u0417']],
    Greek: [['A', '\u0391'], ['K', '\u039A'], ['T', '\u03A4'], ['o', '\u03BF'], ['v', '\u03BD'], ['Z', '\u0396']],
    Armenian: [['O', '\u0555'], ['o', '\u0585'], ['h', '\u0570'], ['n', '\u0578'], ['q', '\u0566']],
    Cherokee: [['A', '\u13AA'], ['M', '\u13B7'], ['W', '\u13B3'], ['S', '\u13DA']],
    Lisu: [['P', '\uA4D1'], ['R', '\uA4E3'], ['K', '\uA4D7'], ['B', '\uA4D0']],
  };
  for (const [script, pairs] of Object.entries(swaps)) {
    for (const [ascii, look] of pairs) assert.equal(LOOKALIKE.get(look), ascii, `${script} ${look}`);
    for (const value of [GITHUB_TOKEN, AWS_KEY_ID, ANTHROPIC_KEY]) {
      let disguised = value;
      for (const [ascii, look] of pairs) disguised = disguised.replaceAll(ascii, look);
      if (disguised === value) continue;
      assertSeenThrough(disguised, value, `${script} in ${value.slice(0, 4)}`);
    }
  }
});

test('decimal digits of other scripts fold to ASCII digits', () => {
  const scripts = { Devanagari: 0x0966, 'Arabic-Indic': 0x0660, 'Extended Arabic-Indic': 0x06f0, Bengali: 0x09e6, Thai: 0x0e50, 'Osmanya (surrogate pairs)': 0x104a0 };
  for (const [script, zero] of Object.entries(scripts)) {
    const swap = (v: string): string => v.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
    assert.equal(normalizeForScan(swap('0123456789')).text, '0123456789', script);
    assertSeenThrough(swap(AWS_KEY_ID), AWS_KEY_ID, `${script} digits in an AWS key id`);
    assertSeenThrough(swap(GITHUB_TOKEN), GITHUB_TOKEN, `${script} digits in a GitHub token`);
  }
});

test('offsets map back across surrogate pairs, expansions and removals', () => {
  // U+E0001 (language tag) and U+E007F (cancel tag) are removed; tag letters read as ASCII (see below).
  const original = `a\u{1D400}b\u200B㈱c\u{E0001}\u{E007F}d😀e`;
  const s = normalizeForScan(original);
  assert.equal(s.text, 'aAb(株)cd😀e');
  const at = (sub: string) => {
    const i = s.text.indexOf(sub);
    const span = toOriginalSpan(s, i, i + sub.length);
    return original.slice(span.start, span.end);
  };
  assert.equal(at('A'), '\u{1D400}');
  assert.equal(at('Ab'), '\u{1D400}b');
  assert.equal(at('b('), 'b\u200B㈱'); // the removed character between two kept ones is covered
  assert.equal(at('株'), '㈱');
  assert.equal(at('cd'), `c\u{E0001}\u{E007F}d`);
  assert.equal(at('😀'), '😀');
  assert.equal(at('d'), 'd');
});

test('printable ASCII is returned as is; ASCII with control characters is mapped', () => {
  const code = 'const url = "https://example.test/?q=1";\n\tfoo();\r\n';
  const s = normalizeForScan(code);
  assert.equal(s.text, code);
  assert.equal(s.starts, null);
  const withNul = `key=${GITHUB_TOKEN.slice(0, 9)}\u0000${GITHUB_TOKEN.slice(9)}`;
  const n = normalizeForScan(withNul);
  assert.equal(n.text, `key=${GITHUB_TOKEN}`);
  assert.deepEqual(toOriginalSpan(n, 4, n.text.length), { start: 4, end: withNul.length });
});

test('normalising is idempotent', () => {
  const samples = [
    sprinkle(GITHUB_TOKEN, '\u200B'),
    'ｕｓｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ に送ってください ０９０ー１２３４ー５６７８',
    'Привет, мир! Ελληνικά. Հայերեն. ᏣᎳᎩ ꓡꓲꓢꓴ',
    'e\u0301\u034F\u0301 ﬁ ㈱ ｶﾞ \u{1D400}\u{E0041}',
  ];
  for (const x of samples) {
    const once = normalizeForScan(x).text;
    assert.equal(normalizeForScan(once).text, once, JSON.stringify(x));
  }
});

test('Japanese prose and code with full-width characters create no findings', () => {
  const texts = [
    'お世話になっております。先日の打ち合わせの件ですが、ＡＰＩの仕様書（第３版）をお送りします。ご確認のほど、よろしくお願いいたします。',
    '【重要】サーバーのメンテナンスを１２月１０日（水）２２：００～２４：００に実施します。対象：ｗｅｂ０１、ｗｅｂ０２、ＤＢサーバー。',
    '// ユーザー情報を取得する関数\nfunction getUser（id） {\n  const ｒｅｓｕｌｔ = await db.query("SELECT * FROM users WHERE id = ?", [id]);\n  return ｒｅｓｕｌｔ;  // 結果を返す\n}',
    '# 設定ファイル\nタイムアウト＝３０秒\nリトライ回数：３回\nキャッシュ：ＯＮ\nログレベル：ＤＥＢＵＧ\n',
    '「テスト用のキーはダミーです」と書かれていました。ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰ株式会社の案件番号はＸ－２０２４－００１です。',
    'ｎｐｍ ｉｎｓｔａｌｌ を実行してから、ｎｐｍ ｒｕｎ ｂｕｉｌｄ でビルドしてください。エラーが出たら ｎｏｄｅ＿ｍｏｄｕｌｅｓ を削除します。',
    'Ｒｅａｃｔのコンポーネント設計について：ｕｓｅＳｔａｔｅとｕｓｅＥｆｆｅｃｔを使い分けること。変数名はｃａｍｅｌＣａｓｅで統一する。',
  ];
  for (const text of texts) assert.deepEqual(scan(text).map((d) => d.ruleId), [], text.slice(0, 30));
});

test('Russian and Greek prose create no findings (look-alike letters and digits folded)', () => {
  const texts = [
    'Сервер перезапущен. Проверьте настройки сети и обновите конфигурацию перед развёртыванием, пожалуйста.',
    'Ο διακομιστής επανεκκινήθηκε. Ελέγξτε τις ρυθμίσεις του δικτύου πριν από την ανάπτυξη της νέας έκδοσης.',
    'Секретный ключ хранится в хранилище, а не в коде. Токен доступа обновляется каждые сорок минут.',
    'Заказ №3456 оплачен 12.03.2024, работа выполнена. Звоните: б-з-б. Обработка заняла 36 часов.',
  ];
  for (const text of texts) assert.deepEqual(scan(text).map((d) => d.ruleId), [], text.slice(0, 30));
});

test('AWS key pair in full-width and with soft hyphens', () => {
  const fullWidth = [...AWS_PAIR].map((c) => (c > ' ' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
  const found = scan(fullWidth);
  assert.deepEqual(found.map((d) => d.ruleId).sort(), ['sekisho-aws-access-key-id', 'sekisho-aws-secret-access-key']);
  const redacted = normalizeForScan(redact(fullWidth, found)).text;
  assert.ok(!redacted.includes(AWS_KEY_ID) && !redacted.includes('tR4x9Kq2'));
});

test('tag characters read as the ASCII they shadow; variation-selector runs as the bytes they encode', () => {
  const tags = (t: string): string => [...t].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
  const hidden = `Please review.${tags(`GITHUB_TOKEN=${GITHUB_TOKEN}`)}`;
  const s = normalizeForScan(hidden);
  assert.equal(s.text, `Please review.GITHUB_TOKEN=${GITHUB_TOKEN}`);
  assert.equal(normalizeForScan(tags('key = value')).text, 'key = value', 'in a run the tag space is a space');
  assert.equal(normalizeForScan(`ghp_ab\u{E0020}cd\u{E0041}ef`).text, 'ghp_abcdef', 'lone tags are removed like any invisible');
  const i = s.text.indexOf(GITHUB_TOKEN);
  const span = toOriginalSpan(s, i, i + GITHUB_TOKEN.length);
  assert.equal(hidden.slice(span.start, span.end), tags(GITHUB_TOKEN), 'the span covers exactly the hidden characters');
  assertSeenThrough(GITHUB_TOKEN.slice(0, 6) + tags(GITHUB_TOKEN.slice(6, 20)) + GITHUB_TOKEN.slice(20), GITHUB_TOKEN, 'tags inside a token');

  const selectors = (t: string): string => [...Buffer.from(t)].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
  const smuggled = `Nice 😀${selectors(`AWS key ${AWS_KEY_ID}`)} right?`;
  const v = normalizeForScan(smuggled);
  assert.ok(v.text.includes(AWS_KEY_ID), v.text);
  const j = v.text.indexOf(AWS_KEY_ID);
  const back = toOriginalSpan(v, j, j + AWS_KEY_ID.length);
  assert.ok(smuggled.slice(back.start, back.end).startsWith('😀') && back.end - back.start > AWS_KEY_ID.length, 'maps to the emoji and its selectors');
  // One selector after a character (an emoji presentation, an ideographic variant) is no data: removed as before.
  assert.equal(normalizeForScan('I ❤\uFE0F it, 葛\u{E0100}飾').text, 'I ❤ it, 葛飾');
});

test('"fancy text" marks over every character (strike, underline, keycap) are removed like invisibles', () => {
  const style = (v: string, mark: string): string => [...v].map((c) => c + mark).join('');
  for (const [label, mark] of [['strikethrough', '\u0336'], ['underline', '\u0332'], ['slash overlay', '\u0338'], ['enclosing circle', '\u20DD']] as const) {
    assertSeenThrough(style(GITHUB_TOKEN, mark), GITHUB_TOKEN, label);
    assertSeenThrough(style(AWS_KEY_ID, mark), AWS_KEY_ID, label);
  }
  assertSeenThrough(AWS_KEY_ID.replace(/[0-9]/g, (d) => `${d}\uFE0F\u20E3`), AWS_KEY_ID, 'keycap digits');
  // Real diacritics stay: NFKC composes them as before.
  assert.equal(normalizeForScan('Cafe\u0301 Zu\u0308rich').text, 'Café Zürich');
});
