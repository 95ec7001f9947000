import { isObject } from './wire.ts';
import type { JsonObject } from './wire.ts';

/** One tool call being assembled from stream fragments. */
export interface ToolCallSlot {
  id: string;
  name: string;
  kind: 'function' | 'custom';
  /** Canonical block index, assigned when the call starts (its name is known). */
  index?: number;
  /** Argument text that arrived before the name (emitted right after the start). */
  pending: string;
  /** Every argument fragment so far, joined (to judge whether a call is complete). */
  arguments: string;
  closed: boolean;
}

/** What one wire fragment contributed. */
export interface ToolCallFragment {
  slot: ToolCallSlot;
  args: string;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function argumentsOf(entry: JsonObject): string {
  const value = isObject(entry.custom) ? entry.custom.input : isObject(entry.function) ? entry.function.arguments : undefined;
  if (typeof value === 'string') return value;
  // Ollama has sent arguments as an already-parsed object; keep the JSON text it stands for.
  if (isObject(value)) return JSON.stringify(value);
  return '';
}

/**
 * Maps `delta.tool_calls[]` fragments onto calls, tolerating what local servers do: `index` missing
 * (Ollama before 0.4.7, Gemini proxies), the same `index` reused for several calls with different ids
 * (Ollama), the id or name only on the first fragment, the name arriving after the first arguments,
 * and whole calls in one fragment.
 */
export class ToolCallTracker {
  readonly slots: ToolCallSlot[] = [];
  #byWireIndex = new Map<number, ToolCallSlot>();
  #last: ToolCallSlot | undefined;

  /** Applies one wire fragment; returns the call it belongs to and its argument text. */
  accept(entry: JsonObject): ToolCallFragment {
    const id = nonEmpty(entry.id);
    const fn = isObject(entry.custom) ? entry.custom : isObject(entry.function) ? entry.function : {};
    const name = nonEmpty(fn.name);
    const slot = this.#resolve(entry, id, name);
    if (id !== undefined && slot.id === '') slot.id = id;
    if (name !== undefined && slot.name === '') slot.name = name;
    if (entry.type === 'custom' || isObject(entry.custom)) slot.kind = 'custom';
    this.#last = slot;
    const args = argumentsOf(entry);
    slot.arguments += args;
    return { slot, args };
  }

  #resolve(entry: JsonObject, id: string | undefined, name: string | undefined): ToolCallSlot {
    if (typeof entry.index === 'number') {
      const existing = this.#byWireIndex.get(entry.index);
      // Ollama reuses index 0 for every call; a different id means a new call.
      if (existing && !(id !== undefined && existing.id !== '' && id !== existing.id)) return existing;
      const slot = this.#create();
      this.#byWireIndex.set(entry.index, slot);
      return slot;
    }
    const last = this.#last;
    if (id === undefined && name === undefined && last) return last; // a continuation fragment
    if (last && id !== undefined && id === last.id) return last;
    return this.#create();
  }

  #create(): ToolCallSlot {
    const slot: ToolCallSlot = { id: '', name: '', kind: 'function', pending: '', arguments: '', closed: false };
    this.slots.push(slot);
    return slot;
  }
}
