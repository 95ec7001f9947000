import type { ContentPart, ConversationResponse, StreamEvent } from '../conversation/index.ts';
import type { ConversationVault } from './vault.ts';
import { PLACEHOLDER_PREFIX } from './placeholder.ts';

/**
 * Puts redacted originals back into a model's answer, so the developer sees (and an agent writes into
 * files) the real values. Only placeholders of this conversation's vault are restored: a model cannot
 * obtain another conversation's secret by naming its placeholder.
 *
 * In tool-call arguments (JSON text) the value is inserted JSON-escaped, because placeholders stand
 * inside JSON strings there; in text and custom-tool input it is inserted as is.
 *
 * Reasoning (Anthropic `thinking` / `redacted_thinking`, Responses reasoning summaries and
 * `encrypted_content`, Chat `reasoning_content` / `reasoning`) is never restored, streamed or not: the
 * client sends reasoning back on the next turn — signed blocks byte for byte, which Sekisho may not
 * edit — so a value restored there would leave with that turn. Placeholders stay in reasoning, and the
 * block round-trips exactly as the backend produced it.
 */
export class Restorer {
  readonly #vault: ConversationVault;
  readonly #values = new Map<string, string>();

  constructor(vault: ConversationVault) {
    this.#vault = vault;
  }

  /** Replaces every complete placeholder in `text`. */
  restore(text: string, json = false): string {
    if (!text.includes(PLACEHOLDER_PREFIX)) return text;
    let out = '';
    let at = 0;
    for (let i = text.indexOf(PLACEHOLDER_PREFIX); i !== -1; i = text.indexOf(PLACEHOLDER_PREFIX, i + 1)) {
      if (i < at) continue;
      const match = this.#matchAt(text, i);
      if (!match) continue;
      out += text.slice(at, i) + (json ? JSON.stringify(match.value).slice(1, -1) : match.value);
      at = i + match.placeholder.length;
    }
    return out + text.slice(at);
  }

  /**
   * How many trailing characters of `text` must be held back because they could be the start of a
   * placeholder whose rest has not arrived yet. Never more than the longest placeholder.
   */
  holdBack(text: string): number {
    const longest = this.#longest();
    const from = Math.max(0, text.length - longest + 1);
    for (let i = from; i < text.length; i++) {
      const tail = text.slice(i);
      if (this.#vault.placeholders.some((p) => p.length > tail.length && p.startsWith(tail))) return text.length - i;
    }
    return 0;
  }

  /** Restores a complete answer. */
  restoreResponse(response: ConversationResponse): ConversationResponse {
    return { ...response, content: response.content.map((part) => this.#restorePart(part)) };
  }

  /** A per-stream transform for canonical events (one per answer). */
  createStreamRestorer(): (event: StreamEvent) => StreamEvent[] {
    const pending = new Map<number, { text: string; json: boolean }>();
    const flush = (index: number, out: StreamEvent[], kind: 'text' | 'tool'): void => {
      const p = pending.get(index);
      if (!p || p.text === '') return;
      const text = this.restore(p.text, p.json);
      p.text = '';
      if (kind === 'text') out.push({ type: 'text-delta', index, text });
      else out.push({ type: 'tool-call-delta', index, delta: text });
    };
    const feed = (index: number, chunk: string, kind: 'text' | 'tool'): StreamEvent[] => {
      const p = pending.get(index) ?? { text: '', json: false };
      pending.set(index, p);
      const text = p.text + chunk;
      const hold = this.holdBack(text);
      // Restore only up to the last complete placeholder boundary; keep a possible partial one.
      const ready = text.slice(0, text.length - hold);
      p.text = text.slice(text.length - hold);
      if (ready === '') return [];
      const restored = this.restore(ready, p.json);
      if (kind === 'text') return [{ type: 'text-delta', index, text: restored }];
      return [{ type: 'tool-call-delta', index, delta: restored }];
    };
    return (event) => {
      switch (event.type) {
        case 'text-delta':
          return feed(event.index, event.text, 'text');
        // Reasoning deltas, signatures and opaque reasoning pass untouched (see the class comment).
        case 'tool-call-start':
          pending.set(event.index, { text: '', json: event.kind === 'function' });
          return [event];
        case 'tool-call-delta':
          return feed(event.index, event.delta, 'tool');
        case 'text-end':
        case 'tool-call-end': {
          const out: StreamEvent[] = [];
          flush(event.index, out, event.type === 'text-end' ? 'text' : 'tool');
          pending.delete(event.index);
          out.push(event);
          return out;
        }
        default:
          return [event];
      }
    };
  }

  #restorePart(part: ContentPart): ContentPart {
    switch (part.type) {
      case 'text':
        return { ...part, text: this.restore(part.text) };
      // reasoning: never restored (see the class comment); the default keeps it as the backend sent it.
      case 'tool-call':
        return { ...part, arguments: this.restore(part.arguments, part.kind === 'function') };
      default:
        return part;
    }
  }

  #matchAt(text: string, i: number): { placeholder: string; value: string } | undefined {
    for (const placeholder of this.#vault.placeholders) {
      if (text.startsWith(placeholder, i)) {
        let value = this.#values.get(placeholder);
        if (value === undefined) {
          value = this.#vault.get(placeholder);
          if (value === undefined) return undefined;
          this.#values.set(placeholder, value);
        }
        return { placeholder, value };
      }
    }
    return undefined;
  }

  #longest(): number {
    let n = 0;
    for (const p of this.#vault.placeholders) n = Math.max(n, p.length);
    return n;
  }
}
