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
 * Function-call arguments from a backend → the raw input of the custom tool it stands for. Lenient,
 * because models do not always follow the schema: `{"input": "..."}` gives the string; a bare JSON
 * string (`"const r = ..."`) gives its value (passing it on quoted would make Codex run a string
 * expression that does nothing); an object with exactly one string property gives that string;
 * anything else (not JSON at all) is taken as the raw input.
 */
export function unwrapCustomInput(args: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return args;
  }
  if (typeof parsed === 'string') return parsed;
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    if (typeof record.input === 'string') return record.input;
    const values = Object.values(record);
    if (values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return args;
}
