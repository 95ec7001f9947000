import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintShape } from './fingerprint-shape.ts';
import { OwnCodeIndexBuilder } from './index-builder.ts';
import { DEFAULT_LOOKUP_OPTIONS, lookupText } from './lookup.ts';
import { lookupShape } from './lookup-shape.ts';
import { tokenize } from './tokenize/language-for.ts';

// A literal-bearing piece of company code: an event table and its dispatcher.
const EVENTS = [
  'export function describeEvent(event: BillingEvent): string {',
  '  switch (event.kind) {',
  "    case 'invoice.finalized': return formatLine(event, 'Invoice finalized for the period');",
  "    case 'invoice.voided': return formatLine(event, 'Invoice voided by an operator');",
  "    case 'payment.captured': return formatLine(event, 'Payment captured from the card on file');",
  "    case 'payment.refunded': return formatLine(event, 'Payment refunded to the customer');",
  "    case 'subscription.paused': return formatLine(event, 'Subscription paused until further notice');",
  "    case 'subscription.resumed': return formatLine(event, 'Subscription resumed at the next cycle');",
  "    case 'credit.applied': return formatLine(event, 'Account credit applied to the balance');",
  "    default: return formatLine(event, 'Unrecognised billing event ' + event.kind);",
  '  }',
  '}',
].join('\n');

/** Every name renamed consistently, indentation and spacing changed, one statement split over lines. */
const RENAMED = [
  'export function itemText(acc: LedgerNote): string {',
  '    switch (acc.tag) {',
  "        case 'invoice.finalized':",
  "            return render(acc, 'Invoice finalized for the period');",
  "        case 'invoice.voided': return render(acc,'Invoice voided by an operator');",
  "        case 'payment.captured': return render(acc,'Payment captured from the card on file');",
  "        case 'payment.refunded': return render(acc,'Payment refunded to the customer');",
  "        case 'subscription.paused': return render(acc,'Subscription paused until further notice');",
  "        case 'subscription.resumed': return render(acc,'Subscription resumed at the next cycle');",
  "        case 'credit.applied': return render(acc,'Account credit applied to the balance');",
  "        default: return render(acc,'Unrecognised billing event '+acc.tag);",
  '    }',
  '}',
].join('\n');

function index(files: Record<string, string>) {
  const b = new OwnCodeIndexBuilder();
  for (const [path, text] of Object.entries(files)) b.addFile('acme', path, text);
  // Unrelated files, so document frequencies are not degenerate.
  for (let i = 0; i < 4; i++) b.addFile('acme', `util${i}.ts`, `export function add${i}(a: number, b: number): number {\n  return a + b * ${i};\n}\n`);
  return b.build();
}

test('shape channel: a renamed and reformatted copy of literal-bearing code is found by its literals and shape', () => {
  const idx = index({ 'billing/events.ts': EVENTS });
  const regions = lookupShape(idx, tokenize(RENAMED, 'c-like'), DEFAULT_LOOKUP_OPTIONS);
  assert.equal(regions[0]?.file.path, 'billing/events.ts');
  assert.equal(regions[0]?.channel, 'shape');
  assert.equal(lookupText(idx, RENAMED)[0]?.file.path, 'billing/events.ts');
});

test('shape channel: the same structure with other literals is not a match', () => {
  const idx = index({ 'billing/events.ts': EVENTS });
  const other = RENAMED.replace(/'([^']*)'/g, (_m, body: string) => `'${body.split('').reverse().join('')}'`);
  assert.deepEqual(lookupShape(idx, tokenize(other, 'c-like'), DEFAULT_LOOKUP_OPTIONS), []);
});

test('shape fingerprints need literal characters and a name: bare literal runs and small counters are left to other channels', () => {
  const strings = `NAMES = (\n${Array.from({ length: 30 }, (_, i) => `    'ExceptionName${i}',`).join('\n')}\n)\n`;
  assert.equal(fingerprintShape(tokenize(strings, 'python')).count, 0);
  const counters = Array.from({ length: 30 }, (_, i) => `K${i} = ${i}`).join('\n');
  assert.equal(fingerprintShape(tokenize(counters, 'python')).count, 0);
  assert.ok(fingerprintShape(tokenize(EVENTS, 'c-like')).count > 4);
});

test('competing files with equal token evidence: the one holding the paste verbatim (comments too) is named', () => {
  const body = [
    'export async function listPage(client: Client, cursor?: string): Promise<Page> {',
    '  const params = new URLSearchParams();',
    '  if (cursor) params.set("after", cursor);',
    '  params.set("limit", String(client.pageSize));',
    '  const response = await client.get(`/v1/items?${params.toString()}`);',
    '  if (!response.ok) throw new ApiError(response.status, await response.text());',
    '  const data = (await response.json()) as RawPage;',
    '  return { items: data.items.map(toItem), next: data.has_more ? data.last_id : undefined };',
    '}',
  ];
  const withComments = (words: string): string => body.flatMap((l, i) => (i > 0 && i % 2 === 0 ? [`  // ${words} step ${i} of the listing`, l] : [l])).join('\n');
  // `a-items.ts` sorts first and holds the same tokens with other comments; the paste is `z-items.ts`.
  const idx = index({ 'a-items.ts': withComments('items resource'), 'z-items.ts': withComments('orders resource') });
  const found = lookupText(idx, withComments('orders resource'));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.file.path, 'z-items.ts');
  // And the other way round.
  assert.equal(lookupText(idx, withComments('items resource'))[0]?.file.path, 'a-items.ts');
});

test('line channel: a verbatim paste whose lines repeat (a doc comment per member) is found', () => {
  const members = ['host', 'port', 'database', 'username', 'password', 'timeout', 'retries', 'poolSize', 'sslMode', 'schema', 'region', 'replica'];
  const file = ['export interface ConnectionSettings {', ...members.flatMap((m, i) => ['  /** @inheritdoc */', `  ${m}: ${i % 2 ? 'number' : 'string'}[] | undefined;`]), '}', ''].join('\n');
  const idx = index({ 'db/settings.d.ts': file });
  // Ten lines from the middle: half of them the same comment line.
  const paste = file.split('\n').slice(9, 19).join('\n');
  assert.equal(lookupText(idx, paste)[0]?.file.path, 'db/settings.d.ts');
});
