import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { Inspector } from './inspector.ts';
import { jsonLeaves } from './joined-runs.ts';
import type { Detector } from './detector.ts';
import type { Detection } from './finding.ts';
import type { ConversationRequest } from '../conversation/index.ts';
import { buildDetectors } from './build-detectors.ts';
import { collectWireSurfaces, type WireApi } from './wire-surfaces.ts';
import { collectSurfaces } from './surfaces.ts';
import { ANTHROPIC_KEY, AWS_KEY_ID, GITHUB_TOKEN } from '../../test/support/planted-credentials.ts';

/** Finds `AKIA` + 16 uppercase/digits; counts how many strings it scanned. */
function akiaDetector(): Detector & { scanned: number } {
  const d = {
    name: 'test',
    scanned: 0,
    scan(text: string): Detection[] {
      d.scanned++;
      const out: Detection[] = [];
      for (const m of text.matchAll(/AKIA[0-9A-Z]{16}/g)) {
        out.push({ type: 'secret', ruleId: 'aws', confidence: 'high', start: m.index, end: m.index + 20, valueStart: m.index, valueEnd: m.index + 20, value: m[0] });
      }
      return out;
    },
  };
  return d;
}

/** Long enough that each boundary is its own joined run (see `joinedRuns`: segments over 1024 characters). */
const filler = 'x'.repeat(1100);
const request = (extra: string): ConversationRequest => ({
  model: 'm',
  system: [{ role: 'system', content: [{ type: 'text', text: `rules ${filler}` }] }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: `read it ${filler}` }] },
    { role: 'tool', content: [{ type: 'tool-result', callId: 'c', content: [{ type: 'text', text: `KEY=AKIAIOSFODNN7EXAMPLE ${filler}` }] }] },
    { role: 'user', content: [{ type: 'text', text: extra }] },
  ],
  tools: [],
  stream: false,
  extensions: {},
});

test('findings carry rule, location and a keyed hash, never the value', () => {
  const inspector = new Inspector({ detectors: [akiaDetector()], hashKey: Buffer.alloc(32, 1) });
  const result = inspector.inspect(request('thanks'));
  assert.equal(result.findings.length, 1);
  const f = result.findings[0]!;
  assert.equal(f.ruleId, 'aws');
  assert.deepEqual(f.location, { surface: 'tool-result', message: 1, part: 0, path: 'content[0]' });
  assert.ok(!JSON.stringify(result.findings).includes('AKIAIOSFODNN7EXAMPLE'));
  assert.equal(f.valueHash, inspector.hashValue('AKIAIOSFODNN7EXAMPLE'));
  assert.notEqual(f.valueHash, new Inspector({ detectors: [], hashKey: Buffer.alloc(32, 2) }).hashValue('AKIAIOSFODNN7EXAMPLE'), 'keyed');
  assert.equal(result.detections[0]!.detection.value, 'AKIAIOSFODNN7EXAMPLE', 'the value stays in process for redaction');
});

test('a follow-up turn only scans its new content', () => {
  const detector = akiaDetector();
  const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32) });
  inspector.inspect(request(`first ${filler}`));
  const before = detector.scanned;
  const second = inspector.inspect(request(`second ${filler}`));
  // The user's own text is also joined without the tool result between (see joinedViews).
  assert.equal(detector.scanned - before, 3, 'only the new user message and its boundaries with the tool result and with the previous user text were scanned');
  assert.equal(second.cached, 6, '3 unchanged segments and 3 unchanged boundaries (system|user in two views)');
  inspector.inspect(request(`second ${filler}`));
  assert.equal(detector.scanned - before, 3, 'the same request again scans nothing');
  assert.equal(second.findings.length, 1, 'cached results still produce findings');
});

test('a detector that throws propagates (the pipeline blocks: fail closed)', () => {
  const broken: Detector = { name: 'broken', scan: () => { throw new Error('bug'); } };
  const inspector = new Inspector({ detectors: [broken], hashKey: Buffer.alloc(32) });
  assert.throws(() => inspector.inspect(request('x')), /bug/);
});

test('a secret split across two content blocks is found, with both places, and both pieces go to redaction', () => {
  const inspector = new Inspector({ detectors: [akiaDetector()], hashKey: Buffer.alloc(32) });
  const result = inspector.inspect({
    model: 'm',
    system: [],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'my key is AKIAIOSFOD' }, { type: 'text', text: 'NN7EXAMPLE, keep it' }] },
      { role: 'user', content: [{ type: 'text', text: 'unrelated AKIA' }] },
      { role: 'user', content: [{ type: 'text', text: 'ZZ' }] },
    ],
    tools: [],
    stream: false,
    extensions: {},
  });
  assert.equal(result.findings.length, 1);
  assert.deepEqual(result.findings[0]!.location, { surface: 'message-text', message: 0, part: 0 });
  assert.deepEqual(result.findings[0]!.continuesAt, { surface: 'message-text', message: 0, part: 1 });
  assert.deepEqual(result.detections.map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd)), ['AKIAIOSFOD', 'NN7EXAMPLE']);
});

const single = (text: string): ConversationRequest => ({
  model: 'm',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  tools: [],
  stream: false,
  extensions: {},
});

test('the cache never answers for a different text: same length, same ends, differing only between sampled places', () => {
  const detector = akiaDetector();
  const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32) });
  const clean = `${'a'.repeat(5000)}${'b'.repeat(20)}${'a'.repeat(5000)}`;
  const dirty = `${'a'.repeat(5000)}AKIAIOSFODNN7EXAMPLE${'a'.repeat(5000)}`;
  assert.equal(clean.length, dirty.length);
  assert.equal(inspector.inspect(single(clean)).findings.length, 0);
  assert.equal(inspector.inspect(single(dirty)).findings.length, 1, 'not served from the clean text’s entry');
  assert.equal(inspector.inspect(single(clean)).findings.length, 0);
  const scans = detector.scanned;
  assert.equal(inspector.inspect(single(dirty)).cached, 1, 'both texts share a slot and both stay cached');
  assert.equal(detector.scanned, scans);
  // More look-alikes than a slot holds: answers stay right, older ones are just rescanned.
  const variants = Array.from({ length: 10 }, (_, i) => `${'a'.repeat(5000)}AKIA${String(i).padStart(16, '0')}${'a'.repeat(5000)}`);
  for (let round = 0; round < 2; round++) {
    for (const v of variants) assert.equal(inspector.inspect(single(v)).findings[0]?.valueHash, inspector.hashValue(v.slice(5000, 5020)));
  }
});

test('the cache stays within its budget and keeps what is in use', () => {
  const detector = akiaDetector();
  const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32), cacheEntries: 10, cacheChars: 1_000_000 });
  const hot = `KEY=AKIAIOSFODNN7EXAMPLE ${filler}`;
  for (let i = 0; i < 100; i++) {
    inspector.inspect(single(`cold ${i} ${filler}`));
    const before = detector.scanned;
    const r = inspector.inspect(single(hot));
    if (i > 0) assert.equal(detector.scanned, before, `hot text still cached after ${i} others`);
    assert.equal(r.findings.length, 1);
  }
  // A character budget: long texts push each other out, results stay right.
  const small = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32), cacheChars: 50_000 });
  for (let i = 0; i < 30; i++) assert.equal(small.inspect(single(`${'z'.repeat(10_000)} AKIA${String(i).padStart(16, '0')}`)).findings.length, 1);
  const disabled = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32), cacheEntries: 0 });
  disabled.inspect(single(hot));
  assert.equal(disabled.inspect(single(hot)).cached, 0);
});

describe('values split across several segments', () => {
  const detectors = buildDetectors().detectors;
  const blocks = (texts: string[]): ConversationRequest => ({
    model: 'm',
    system: [],
    messages: [{ role: 'user', content: texts.map((text) => ({ type: 'text', text })) }],
    tools: [],
    stream: false,
    extensions: {},
  });
  const chunks = (value: string, size: number): string[] => value.match(new RegExp(`[^]{1,${size}}`, 'g')) as string[];
  /** One finding for `ruleId`, and its pieces (in order) put back together give `value`. */
  function assertPieces(result: ReturnType<Inspector['inspect']>, ruleId: string, value: string, pieces: number): void {
    assert.equal(result.findings.filter((f) => f.ruleId === ruleId && f.continuesAt !== undefined).length, 1, `one split finding for ${ruleId}`);
    const parts = result.detections.filter((d) => d.detection.ruleId === ruleId && d.detection.value !== value);
    assert.equal(parts.length, pieces);
    assert.equal(parts.map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd)).join(''), value);
  }

  it('2, 3 and 5 pieces; a token in five text blocks of eight characters', () => {
    for (const n of [2, 3, 5]) {
      const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
      const pieces = chunks(GITHUB_TOKEN, Math.ceil(GITHUB_TOKEN.length / n));
      assert.equal(pieces.length, n);
      const result = inspector.inspect(blocks(['please use ', ...pieces, ' for the upload']));
      assertPieces(result, 'sekisho-github-token', GITHUB_TOKEN, n);
      assert.equal(result.findings.find((f) => f.continuesAt)?.valueHash, inspector.hashValue(GITHUB_TOKEN), 'the same hash as the whole value');
    }
    assert.equal(chunks(GITHUB_TOKEN, 8).length, 5);
  });

  it('one character per block, and an Anthropic key across consecutive messages of both roles', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    assertPieces(inspector.inspect(blocks([...AWS_KEY_ID])), 'sekisho-aws-access-key-id', AWS_KEY_ID, AWS_KEY_ID.length);
    const pieces = chunks(ANTHROPIC_KEY, 30);
    const roles = ['user', 'assistant', 'user', 'tool'] as const;
    const request: ConversationRequest = {
      model: 'm',
      system: [{ role: 'system', content: [{ type: 'text', text: 'You are helpful.' }] }],
      messages: pieces.map((text, i) => {
        const role = roles[i % roles.length] as (typeof roles)[number];
        return role === 'tool'
          ? { role, content: [{ type: 'tool-result' as const, callId: 'c', content: [{ type: 'text' as const, text }] }] }
          : { role, content: [{ type: 'text' as const, text }] };
      }),
      tools: [],
      stream: false,
      extensions: {},
    };
    assertPieces(inspector.inspect(request), 'sekisho-anthropic-key', ANTHROPIC_KEY, pieces.length);
  });

  it('pieces disguised with zero-width characters and full-width forms', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const [a, b, c] = chunks(GITHUB_TOKEN, 14) as [string, string, string];
    const wide = [...b].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const result = inspector.inspect(blocks([`token ${a.slice(0, 5)}\u200B${a.slice(5)}`, wide, `${c}\u2060`]));
    const split = result.findings.filter((f) => f.continuesAt !== undefined);
    assert.equal(split.length, 1);
    assert.equal(split[0]!.valueHash, inspector.hashValue(GITHUB_TOKEN));
    const texts = result.detections.filter((d) => d.detection.value !== GITHUB_TOKEN).map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd));
    assert.deepEqual(texts, [`${a.slice(0, 5)}\u200B${a.slice(5)}`, wide, c]);
  });

  it('a follow-up turn of short messages rescans only the last block of the joined run', () => {
    const detector = akiaDetector();
    const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32) });
    const history = Array.from({ length: 200 }, (_, i) => `message ${String(i).padStart(3, '0')} ${'y'.repeat(90)}`);
    inspector.inspect(blocks(history));
    const before = detector.scanned;
    const next = inspector.inspect(blocks([...history, 'a new question']));
    // 20 KB of history is 6 blocks; the new segment and the last block are scanned, nothing else.
    assert.equal(detector.scanned - before, 2);
    assert.equal(next.cached, 200 + 5);
  });

  it('a split value near the edges of overlapping blocks is reported exactly once', () => {
    for (let at = 3540; at < 4120; at += 9) {
      const inspector = new Inspector({ detectors: [akiaDetector()], hashKey: Buffer.alloc(32) });
      const lead = Array.from({ length: Math.floor(at / 100) }, () => 'z'.repeat(100));
      const pad = 'z'.repeat(at % 100);
      const result = inspector.inspect(blocks([...lead, `${pad}AKIAIOSFOD`, 'NN7EXAMPLE', ...lead]));
      assert.equal(result.findings.length, 1, `at ${at}`);
      assert.equal(result.detections.length, 2, `at ${at}`);
    }
  });

  it('a value made of whole messages with text glued on both sides', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const pieces = chunks(ANTHROPIC_KEY, 37);
    assertPieces(inspector.inspect(blocks(['see', ...pieces, 'ok'])), 'sekisho-anthropic-key', ANTHROPIC_KEY, pieces.length);
    const letters = [...AWS_KEY_ID];
    assertPieces(inspector.inspect(blocks(['id', ...letters, 'x'])), 'sekisho-aws-access-key-id', AWS_KEY_ID, letters.length);
  });

  it('bounded work: thousands of one-character blocks are refused (fail closed), not stalled on', () => {
    const inspector = new Inspector({ detectors: [akiaDetector()], hashKey: Buffer.alloc(32) });
    const noise = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + (i % 26)));
    assert.throws(() => inspector.inspect(blocks([...noise, ...'AKIAIOSFODNN7EXAMPLE', ...noise])), /combinations of short content blocks/);
    // With whitespace in them the blocks are not bare: joined runs alone, linear, and the key is found.
    const spaced = noise.map((c) => `${c} `);
    const result = inspector.inspect(blocks([...spaced, 'AKIAIOSFOD', 'NN7EXAMPLE ', ...spaced]));
    assert.equal(result.findings.length, 1);
  });
});

describe('values split over turns, with the other side writing in between', () => {
  const detectors = buildDetectors().detectors;
  const chunks = (value: string, n: number): string[] => {
    const size = Math.ceil(value.length / n);
    return Array.from({ length: n }, (_, i) => value.slice(i * size, (i + 1) * size));
  };
  const wire = (inspector: Inspector, api: WireApi, body: unknown) => inspector.inspectSurfaces(collectWireSurfaces({ api, body }));
  /** One split finding with `value`'s hash, and the pieces (in request order) sit in `messages` and put back together give `value`. */
  function assertSplit(inspector: Inspector, result: ReturnType<Inspector['inspect']>, value: string, messages: number[]): void {
    const split = result.findings.filter((f) => f.continuesAt !== undefined && f.valueHash === inspector.hashValue(value));
    assert.equal(split.length, 1, 'one split finding');
    const ruleId = split[0]!.ruleId;
    const parts = result.detections.filter((d) => d.detection.ruleId === ruleId && d.detection.value !== value);
    assert.deepEqual(parts.map((d) => d.location.message), messages);
    assert.equal(parts.map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd)).join(''), value);
  }

  it('four user turns with assistant answers between them, on each dialect', () => {
    const pieces = chunks(ANTHROPIC_KEY, 4);
    const turns = pieces.flatMap((t, i) => (i === 0 ? [{ role: 'user', content: t }] : [{ role: 'assistant', content: 'Noted.' }, { role: 'user', content: t }]));
    for (const api of ['messages', 'chat'] as const) {
      const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
      assertSplit(inspector, wire(inspector, api, { model: 'm', messages: turns }), ANTHROPIC_KEY, [0, 2, 4, 6]);
    }
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const input = turns.map((m) => ({ type: 'message', role: m.role, content: [{ type: m.role === 'user' ? 'input_text' : 'output_text', text: m.content }] }));
    assertSplit(inspector, wire(inspector, 'responses', { model: 'm', input }), ANTHROPIC_KEY, [0, 2, 4, 6]);
    // The canonical view (collectSurfaces) marks assistant turns the same way.
    const canonical: ConversationRequest = {
      model: 'm',
      system: [],
      messages: turns.map((m) => ({ role: m.role as 'user' | 'assistant', content: [{ type: 'text' as const, text: m.content }] })),
      tools: [],
      stream: false,
      extensions: {},
    };
    assertSplit(inspector, inspector.inspectSurfaces(collectSurfaces(canonical)), ANTHROPIC_KEY, [0, 2, 4, 6]);
  });

  it('user text with tool calls and their results between the pieces (Anthropic)', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const [a, b, c] = chunks(GITHUB_TOKEN, 3) as [string, string, string];
    const call = (id: string) => ({ role: 'assistant', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id, name: 'read', input: { path: 'README.md' } }] });
    const result = (id: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'done, 12 lines' }] });
    const messages = [
      { role: 'user', content: a },
      call('t1'), result('t1'),
      { role: 'assistant', content: 'Go on.' },
      { role: 'user', content: [{ type: 'text', text: b }] },
      call('t2'), result('t2'),
      { role: 'user', content: c },
    ];
    assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages }), GITHUB_TOKEN, [0, 4, 7]);
  });

  it('pieces in tool results with assistant tool calls between them (Chat), and in assistant turns with user turns between', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const pieces = chunks(ANTHROPIC_KEY, 3);
    const messages = [{ role: 'user', content: 'Read the three parts.' }];
    pieces.forEach((t, i) => {
      messages.push({ role: 'assistant', tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'read', arguments: `{"part":${i}}` } }] } as never);
      messages.push({ role: 'tool', tool_call_id: `c${i}`, content: t } as never);
    });
    assertSplit(inspector, wire(inspector, 'chat', { model: 'm', messages }), ANTHROPIC_KEY, [2, 4, 6]);
    // A forged history can put the pieces in the model's turns instead.
    const forged = pieces.flatMap((t) => [{ role: 'user', content: 'next' }, { role: 'assistant', content: t }]);
    assertSplit(inspector, wire(inspector, 'chat', { model: 'm', messages: forged }), ANTHROPIC_KEY, [1, 3, 5]);
  });

  it('a split value seen by several views is reported once; a value across both sides is still found', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    // Consecutive user turns: the boundary is in the view of all text, of the user's side and of its text.
    const both = wire(inspector, 'messages', { model: 'm', messages: [{ role: 'user', content: AWS_KEY_ID.slice(0, 10) }, { role: 'user', content: AWS_KEY_ID.slice(10) }] });
    assert.equal(both.findings.filter((f) => f.continuesAt !== undefined).length, 1);
    assert.equal(both.detections.filter((d) => d.detection.value !== AWS_KEY_ID).length, 2);
    // One piece from each side: only the view of all text in order holds it.
    const messages = [{ role: 'user', content: AWS_KEY_ID.slice(0, 10) }, { role: 'assistant', content: AWS_KEY_ID.slice(10) }, { role: 'user', content: 'is what I typed' }];
    assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages }), AWS_KEY_ID, [0, 1]);
  });

  it('a follow-up turn of an alternating conversation rescans only the last block of each view', () => {
    const detector = akiaDetector();
    const inspector = new Inspector({ detectors: [detector], hashKey: Buffer.alloc(32) });
    const history = Array.from({ length: 200 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `message ${String(i).padStart(3, '0')} ${'y'.repeat(90)}` }));
    inspector.inspectSurfaces(collectWireSurfaces({ api: 'messages', body: { model: 'm', messages: history } }));
    const before = detector.scanned;
    const next = [...history, { role: 'assistant', content: 'Noted.' }, { role: 'user', content: 'a new question' }];
    inspector.inspectSurfaces(collectWireSurfaces({ api: 'messages', body: { model: 'm', messages: next } }));
    // Two new segments and the last block of three views (all, the user's, the assistant's): nothing else.
    assert.equal(detector.scanned - before, 2 + 3);
  });
});

describe('values split with unrelated segments between the pieces, and over tool-call arguments', () => {
  const detectors = buildDetectors().detectors;
  const wire = (inspector: Inspector, api: WireApi, body: unknown) => inspector.inspectSurfaces(collectWireSurfaces({ api, body }));
  let current = '';
  const thirds = (value: string): [string, string, string] => {
    current = value;
    const a = Math.floor(value.length / 3);
    return [value.slice(0, a), value.slice(a, 2 * a), value.slice(2 * a)];
  };
  /** One split finding with `value`'s hash; its pieces, in request order, put back together give `value`. */
  function assertSplit(inspector: Inspector, result: ReturnType<Inspector['inspect']>, value = current): Array<{ message: number | undefined; path: string | undefined }> {
    const split = result.findings.filter((f) => f.continuesAt !== undefined && f.valueHash === inspector.hashValue(value));
    assert.equal(split.length, 1, 'one split finding');
    const parts = result.detections.filter((d) => d.detection.ruleId === split[0]!.ruleId && d.detection.value !== value);
    assert.equal(parts.map((d) => d.text.slice(d.detection.valueStart, d.detection.valueEnd)).join(''), value);
    return parts.map((d) => ({ message: d.location.message, path: d.location.path }));
  }

  it('a user piece, an assistant piece, an unrelated user message, a user piece: on each dialect', () => {
    const [a, b, d] = thirds(GITHUB_TOKEN);
    const turns = [
      { role: 'user', content: `export GITHUB_TOKEN=${a}` },
      { role: 'assistant', content: b },
      { role: 'user', content: 'Also, unrelated: what time is it?' },
      { role: 'user', content: d },
    ];
    for (const api of ['messages', 'chat'] as const) {
      const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
      assert.deepEqual(assertSplit(inspector, wire(inspector, api, { model: 'm', messages: turns })).map((p) => p.message), [0, 1, 3]);
    }
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const input = turns.map((m) => ({ type: 'message', role: m.role, content: [{ type: m.role === 'user' ? 'input_text' : 'output_text', text: m.content }] }));
    assert.deepEqual(assertSplit(inspector, wire(inspector, 'responses', { model: 'm', input })).map((p) => p.message), [0, 1, 3]);
  });

  it('two pieces with prose of both sides between them, and a piece in the system prompt', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const [a, b, d] = thirds(ANTHROPIC_KEY);
    const messages = [
      { role: 'user', content: `ANTHROPIC_API_KEY=${a}${b}` },
      { role: 'user', content: 'Never mind, what time is it?' },
      { role: 'assistant', content: 'I cannot tell the time.' },
      { role: 'user', content: d },
    ];
    assert.deepEqual(assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages })).map((p) => p.message), [0, 3]);
    const system = wire(inspector, 'messages', { model: 'm', system: `Key: ${a}`, messages: [{ role: 'user', content: b }, { role: 'user', content: 'What time is it?' }, { role: 'user', content: d }] });
    assert.deepEqual(assertSplit(inspector, system).map((p) => p.path), ['system', 'messages[0].content', 'messages[2].content']);
  });

  it('chains over turns: each start is cached on its own, so later turns keep the chains found and find the ones they complete', () => {
    const [a, b, d] = thirds(GITHUB_TOKEN);
    // Unrelated starts before the value (value-like tails, bare middles, prose heads), so the chains of one
    // request fill several batches and the value's start shares its batch with others.
    const prose = Array.from({ length: 60 }, (_, i) => [
      { role: 'user', content: `step${i}: run build-${i}A` },
      { role: 'assistant', content: `ok-${i}B` },
      { role: 'user', content: 'Fine, and what time is it?' },
    ]).flat();
    const m = prose.length;
    const before = [...prose, { role: 'user', content: `export GITHUB_TOKEN=${a}` }, { role: 'assistant', content: b }, { role: 'user', content: 'Also, unrelated: what time is it?' }];
    const turns = [...before, { role: 'user', content: d }];
    const later = [...turns, { role: 'assistant', content: 'Noted.' }, { role: 'user', content: 'next-2B' }];
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const first = wire(inspector, 'messages', { model: 'm', messages: before });
    assert.equal(first.findings.filter((f) => f.continuesAt !== undefined && f.valueHash === inspector.hashValue(GITHUB_TOKEN)).length, 0);
    const expected = [m, m + 1, m + 3];
    assert.deepEqual(assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages: turns })).map((p) => p.message), expected);
    // The same request again (every start from the cache), then one more turn after it.
    const again = wire(inspector, 'messages', { model: 'm', messages: turns });
    assert.ok(again.cached > 0);
    assert.deepEqual(assertSplit(inspector, again).map((p) => p.message), expected);
    const next = wire(inspector, 'messages', { model: 'm', messages: later });
    assert.deepEqual(assertSplit(inspector, next).map((p) => p.message), expected);
    // What a fresh inspector (nothing cached) reports for the last request.
    const fresh = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const cold = wire(fresh, 'messages', { model: 'm', messages: later });
    const view = (r: typeof cold) => r.detections.map((x) => `${x.detection.ruleId}@${x.location.message}:${x.detection.valueStart}-${x.detection.valueEnd}`).sort();
    assert.deepEqual(view(next), view(cold));
    assert.deepEqual(next.findings.map((f) => f.valueHash).sort(), cold.findings.map((f) => f.valueHash).sort());
  });

  it('the same argument of successive calls of a tool, each with its result, on each dialect', () => {
    const pieces = thirds(ANTHROPIC_KEY);
    const anthropic = pieces.flatMap((p, i) => [
      { role: 'assistant', content: [{ type: 'tool_use', id: `t${i}`, name: 'Append', input: { file_path: '.env', content: p } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'ok' }] },
    ]);
    let inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const placed = assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages: anthropic }));
    assert.deepEqual(placed, [0, 2, 4].map((m) => ({ message: m, path: `messages[${m}].content[0].input` })));
    const chat = pieces.flatMap((p, i) => [
      { role: 'assistant', content: null, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'Append', arguments: JSON.stringify({ file_path: '.env', content: p }) } }] },
      { role: 'tool', tool_call_id: `c${i}`, content: 'ok' },
    ]);
    inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    assert.deepEqual(assertSplit(inspector, wire(inspector, 'chat', { model: 'm', messages: chat })).map((p) => p.message), [0, 2, 4]);
    const input = pieces.flatMap((p, i) => [
      { type: 'function_call', call_id: `c${i}`, name: 'Append', arguments: JSON.stringify({ file_path: '.env', content: p }) },
      { type: 'function_call_output', call_id: `c${i}`, output: 'ok' },
    ]);
    inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    assert.deepEqual(assertSplit(inspector, wire(inspector, 'responses', { model: 'm', input })).map((p) => p.message), [0, 2, 4]);
  });

  it('pieces under different argument names, and nested in arrays of edits', () => {
    const [a, b, d] = thirds(GITHUB_TOKEN);
    const call = (i: number, input: unknown) => [
      { role: 'assistant', content: [{ type: 'text', text: 'Writing.' }, { type: 'tool_use', id: `t${i}`, name: 'W', input }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: 'Applied 1 edit.' }] },
    ];
    let inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const renamed = [...call(0, { file_path: '.env', content: a }), ...call(1, { file_path: '.env', text: b }), ...call(2, { path: '.env', data: d })];
    assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages: renamed }));
    inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const nested = [a, b, d].flatMap((p, i) => call(i, { file_path: 'x.ini', edits: [{ old_string: '', new_string: p }] }));
    assertSplit(inspector, wire(inspector, 'messages', { model: 'm', messages: nested }));
  });

  it('an escaped quote in one argument value does not shift where the pieces are placed', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const [a, b, d] = thirds(GITHUB_TOKEN);
    const messages = [a, b, d].flatMap((p, i) => [
      { role: 'assistant', content: null, tool_calls: [{ id: `c${i}`, type: 'function', function: { name: 'Append', arguments: `{"note":"say \\"hi\\"","content":"${p}"}` } }] },
      { role: 'tool', tool_call_id: `c${i}`, content: 'ok' },
    ]);
    assertSplit(inspector, wire(inspector, 'chat', { model: 'm', messages }));
  });

  it('ordinary prose with a skipped message between turns finds nothing', () => {
    const inspector = new Inspector({ detectors, hashKey: Buffer.alloc(32) });
    const messages = [
      { role: 'user', content: 'Please rename getUser2 to fetchUser' },
      { role: 'assistant', content: 'Done: renamed in 3 files.' },
      { role: 'user', content: 'Thanks. Now run npm test' },
      { role: 'assistant', content: 'All 120 tests pass.' },
      { role: 'user', content: 'v2Release notes next' },
    ];
    assert.deepEqual(wire(inspector, 'messages', { model: 'm', messages }).findings, []);
  });

  it('bounded work: thousands of chains are refused (fail closed)', () => {
    const inspector = new Inspector({ detectors: [akiaDetector()], hashKey: Buffer.alloc(32) });
    const messages = Array.from({ length: 2000 }, (_, i) => ({ role: 'user', content: i % 2 === 0 ? `k${i}` : 'no value here.' }));
    assert.throws(() => wire(inspector, 'messages', { model: 'm', messages }), /more than 4096 chains/);
  });

  it('the string values of a JSON text: key paths, raw spans, nothing for text that is not JSON', () => {
    const text = '{"file_path":".env","edits":[{"old_string":"","new_string":"a\\"b"}],"n":1,"k\\u0065y":"v"}';
    const leaves = jsonLeaves(text).map((l) => ({ path: l.path, raw: text.slice(l.from, l.to) }));
    assert.deepEqual(leaves, [
      { path: 'file_path', raw: '.env' },
      { path: 'edits.[].old_string', raw: '' },
      { path: 'edits.[].new_string', raw: 'a\\"b' },
      { path: 'key', raw: 'v' },
    ]);
    assert.deepEqual(jsonLeaves('not json {"a":"b"}'), []);
    assert.deepEqual(jsonLeaves('["x", ["y"]]').map((l) => l.path), ['[]', '[].[]']);
  });
});

test('encoded content left undecoded is listed as uninspected (kind encoded), not as a finding', () => {
  const inspector = new Inspector({ detectors: buildDetectors().detectors, hashKey: Buffer.alloc(32, 7) });
  let five = `export GITHUB_TOKEN=${GITHUB_TOKEN}`;
  for (let i = 0; i < 5; i++) five = Buffer.from(five).toString('base64');
  const body = { model: 'm', max_tokens: 8, messages: [{ role: 'user', content: `Decode this five times: ${five}` }] };
  const result = inspector.inspectSurfaces(collectWireSurfaces({ api: 'messages', body }));
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.uninspected.map((u) => [u.kind, u.content, u.location.surface]), [['encoded', 'encoded', 'message-text']]);
});
