/**
 * Chat Completions request bodies for the benchmark, built once: a coding-assistant system prompt and
 * a user message padded with deterministic, code-like ASCII (TypeScript-ish lines with quotes,
 * backslashes, braces, tabs and newlines, so JSON escaping and parsing do realistic work).
 */

const LINES = [
  'export async function loadConfig(path: string): Promise<Config> {',
  "  const text = await readFile(path, 'utf8');",
  '  if (!text.trim()) throw new ConfigError(`empty file: ${path}`);',
  '  const parsed = JSON.parse(text) as Record<string, unknown>;',
  '  for (const [key, value] of Object.entries(parsed)) {',
  "    if (typeof value !== 'object' || value === null) continue;",
  '    result[key] = normalize(value, { strict: options.strict ?? true });',
  '  }',
  '\treturn { ...DEFAULTS, ...result, source: path };',
  '}',
  '',
  '// Splits "a.b.c" into ["a", "b", "c"], honouring escaped dots ("a\\.b").',
  "const parts = key.split(/(?<!\\\\)\\./).map((p) => p.replace(/\\\\\\./g, '.'));",
  'class LruCache<K, V> { #map = new Map<K, V>(); constructor(private readonly max = 256) {} }',
  "  describe('router', () => { it('picks the least busy replica', async () => { /* ... */ }); });",
  '    expect(await res.json()).toEqual({ ok: true, items: [1, 2, 3], next: null });',
  'SELECT id, name, created_at FROM users WHERE org_id = $1 AND deleted_at IS NULL ORDER BY id;',
  '  log.warn("retrying", { attempt, delayMs: Math.min(30_000, 2 ** attempt * 100) });',
  'def handler(event, context):  # AWS Lambda entry point',
  '    return {"statusCode": 200, "body": json.dumps({"ok": True})}',
];

/** Deterministic code-like text of exactly `bytes` ASCII characters. */
export function codeText(bytes: number, seed = 12345): string {
  let state = seed >>> 0;
  const next = (): number => {
    // xorshift32: deterministic and fast.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const out: string[] = [];
  let size = 0;
  let lineNo = 1;
  while (size < bytes) {
    const line = LINES[Math.floor(next() * LINES.length)]!;
    const piece = next() < 0.05 ? `// ---- src/module${lineNo}.ts ----\n` : line + '\n';
    out.push(piece);
    size += piece.length;
    lineNo++;
  }
  return out.join('').slice(0, bytes);
}

const SYSTEM_PROMPT =
  'You are an expert software engineer helping inside a code editor. Answer concisely, show code in ' +
  'fenced blocks, and never invent APIs that are not in the provided files.';

/**
 * A Chat Completions request whose serialized size is close to `targetBytes` (within a few bytes).
 * `stream` comes right after `model` so the benchmark fake can find it without parsing the body.
 */
export function chatRequestBody(targetBytes: number, stream: boolean): Buffer {
  const build = (padding: number): string =>
    JSON.stringify({
      model: 'bench-model',
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      max_tokens: 1024,
      temperature: 0.2,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: `Why does this code reload the config on every call?\n\n${codeText(padding)}` },
      ],
    });
  const empty = Buffer.byteLength(build(0));
  // Escaping makes the JSON longer than the raw text; adjust the raw length proportionally, then refine.
  let padding = Math.max(0, targetBytes - empty);
  for (let i = 0; i < 8; i++) {
    const size = Buffer.byteLength(build(padding));
    if (Math.abs(size - targetBytes) <= 16) break;
    padding = Math.max(0, Math.round(padding * ((targetBytes - empty) / Math.max(1, size - empty))));
  }
  return Buffer.from(build(padding));
}
