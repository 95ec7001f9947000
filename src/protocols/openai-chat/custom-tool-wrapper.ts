/**
 * OpenAI freeform (`custom`) tools carry raw text input, which local Chat servers cannot declare.
 * Sekisho offers such a tool to them as a function taking one string, `input`, and unwraps the
 * model's call on the way back. These helpers are the single definition of that wrapping.
 */

/** The JSON Schema of the function a custom tool is declared as. */
export function customToolParameters(): Record<string, unknown> {
  return { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] };
}

/** Raw custom-tool input → the function-call arguments a backend sees in history. */
export function wrapCustomInput(raw: string): string {
  return JSON.stringify({ input: raw });
}

/**
 * Function-call arguments from a backend → the raw input of the custom tool it stands for. Lenient:
 * arguments that are not the `{input}` object (a model that ignored the schema) are returned as is.
 */
export function unwrapCustomInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === 'object' && parsed !== null && 'input' in parsed && typeof parsed.input === 'string') {
      return parsed.input;
    }
  } catch {
    // not JSON: fall through
  }
  return args;
}
