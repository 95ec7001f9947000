/**
 * Turns the path of a problem inside the config (`['backends', 1, 'type']`) into the text users see
 * (`backends[1].type`), and combines it with the problem's message.
 */

/** A location inside the config value: object keys and array indexes from the root. */
export type ValuePath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Why: users recognise `backends[1].headers["X-Tenant"]` faster than a JSON pointer. */
export function formatPath(path: ValuePath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * One readable line for a problem at `path`. Messages that start with "must" read as a sentence after
 * the path (`server.port must be at most 65535`); others follow a colon. When `atKey` is set the
 * problem is about the key itself (unknown or badly named key), so the parent path is shown.
 */
export function describeProblem(path: ValuePath, message: string, atKey = false): string {
  const shown = atKey ? path.slice(0, -1) : path;
  const label = formatPath(shown);
  if (label === '') return message.startsWith('must ') ? `the config ${message}` : message;
  return message.startsWith('must ') ? `${label} ${message}` : `${label}: ${message}`;
}
