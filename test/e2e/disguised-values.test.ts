/**
 * Disguised credentials through the gateway in redact mode, with the built-in detectors: zero-width and
 * control characters inside a value, full-width and look-alike letters, a value alone in hex / base64url /
 * nested base64, inside binary or gzip, and split across blocks and messages. The assertion is about the
 * bytes the backend received: with every string normalised (invisibles removed, NFKC, look-alikes folded)
 * and, for encoded disguises, the encoded run itself, no planted value is left.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { post } from '../support/http.ts';
import { normalizeForScan } from '../../src/inspection/normalize/normalize-for-scan.ts';
import { ANTHROPIC_KEY, AWS_KEY_ID, AWS_PAIR, AWS_SECRET, GITHUB_TOKEN, PEM_KEY } from '../support/planted-credentials.ts';

const PLANTED = [GITHUB_TOKEN, ANTHROPIC_KEY, AWS_KEY_ID, AWS_SECRET];
const PEM_LINE = (PEM_KEY.split('\n')[2] as string).slice(0, 40);

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const sprinkle = (value: string, insert: string): string => [...value].map((c, i) => (i > 0 && i % 4 === 0 ? insert + c : c)).join('');
const fullWidth = (value: string): string => [...value].map((c) => (c > ' ' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
const cyrillic = (value: string): string => value.replace(/A/g, '\u0410').replace(/K/g, '\u041A').replace(/E/g, '\u0415').replace(/o/g, '\u043E').replace(/p/g, '\u0440');
const chunks = (value: string, size: number): string[] => value.match(new RegExp(`[^]{1,${size}}`, 'g')) as string[];

/** Every string of a JSON value (keys too). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** What a reader of the forwarded body sees: each string and the conversation joined, normalised. */
function readable(body: string): string {
  const all = strings(JSON.parse(body));
  return [...all, all.join('')].map((s) => normalizeForScan(s).text).join('\n');
}

interface Case {
  name: string;
  /** The user content: one string, or several text blocks, or several messages. */
  content: string | string[];
  split?: 'blocks' | 'messages';
  /** Encoded forms that must not be forwarded as they are. */
  encoded?: string[];
}

const CASES: Case[] = [
  { name: 'zero-width space, joiner and BOM in a GitHub token', content: `token: ${sprinkle(GITHUB_TOKEN, '\u200B\u200D\uFEFF')}` },
  { name: 'soft hyphens and a word joiner in the AWS pair', content: sprinkle(AWS_PAIR, '\u00AD\u2060') },
  { name: 'NUL and tag characters in an Anthropic key', content: `key=${sprinkle(ANTHROPIC_KEY, '\u0000\u{E0041}')}` },
  { name: 'full-width Anthropic key', content: `ANTHROPIC_API_KEY=${fullWidth(ANTHROPIC_KEY)}` },
  { name: 'Cyrillic look-alikes in an AWS key id and a GitHub token', content: `id ${cyrillic(AWS_KEY_ID)} and ${cyrillic(GITHUB_TOKEN)}` },
  { name: 'a GitHub token alone in hex', content: Buffer.from(GITHUB_TOKEN).toString('hex'), encoded: [Buffer.from(GITHUB_TOKEN).toString('hex')] },
  { name: 'an Anthropic key alone in base64url', content: Buffer.from(ANTHROPIC_KEY).toString('base64url'), encoded: [Buffer.from(ANTHROPIC_KEY).toString('base64url')] },
  { name: 'the AWS pair in base64 of base64', content: `creds: ${b64(b64(AWS_PAIR))}`, encoded: [b64(b64(AWS_PAIR)).slice(8, 60)] },
  {
    name: 'a GitHub token after PNG magic bytes, between NULs',
    content: `data:image/png;base64,${b64(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), Buffer.from(GITHUB_TOKEN), Buffer.alloc(8)]))}`,
  },
  { name: 'a PEM key gzipped and base64-encoded', content: `blob ${b64(gzipSync(PEM_KEY))}`, encoded: [b64(gzipSync(PEM_KEY)).slice(0, 40)] },
  { name: 'a GitHub token in five text blocks of eight characters', content: ['use ', ...chunks(GITHUB_TOKEN, 8), ' please'], split: 'blocks' },
  { name: 'an Anthropic key across three messages', content: chunks(ANTHROPIC_KEY, 37), split: 'messages' },
];

function chatBody(c: Case): unknown {
  if (c.split === 'messages') {
    const content = c.content as string[];
    return { model: 'm', messages: content.map((text, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: text })).concat({ role: 'user', content: 'ok?' }) };
  }
  const content = typeof c.content === 'string' ? c.content : c.content.map((text) => ({ type: 'text', text }));
  return { model: 'm', messages: [{ role: 'user', content }] };
}

function messagesBody(c: Case): unknown {
  const body = chatBody(c) as { messages: unknown[] };
  return { model: 'm', max_tokens: 50, messages: body.messages };
}

describe('disguised values never reach the backend (redact mode, built-in detectors)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ inspection: 'redact', backends: [{ flavor: 'vllm', apis: ['chat', 'messages'] }] });
  });
  after(() => h.close());

  for (const c of CASES) {
    for (const api of ['chat', 'messages'] as const) {
      test(`${api}: ${c.name}`, async () => {
        h.fake.enqueue({ kind: 'text', text: 'ok' });
        const body = api === 'chat' ? chatBody(c) : messagesBody(c);
        const r = await post(`${h.url}${api === 'chat' ? '/v1/chat/completions' : '/v1/messages'}`, body, { 'x-session-id': `s-${c.name}` });
        assert.equal(r.status, 200, r.text.slice(0, 300));
        const upstream = h.fake.lastRequest()!.body;
        const seen = readable(upstream);
        for (const value of PLANTED) assert.ok(!seen.includes(value.slice(4, 24)), `${value.slice(0, 6)}… reached the backend: ${upstream}`);
        assert.ok(!seen.includes(PEM_LINE), 'PEM body reached the backend');
        for (const encoded of c.encoded ?? []) assert.ok(!upstream.includes(encoded), 'the encoded value was forwarded');
        assert.match(r.headers.get('x-sekisho-decision') ?? '', /redact/);
      });
    }
  }
});
