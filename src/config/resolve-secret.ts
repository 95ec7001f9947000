/**
 * Resolves `{ env: NAME }` and `{ file: PATH }` references to the secret value. Only references are
 * allowed in the file, so the file itself can be shared, committed and logged safely.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SecretRef } from './raw-config.ts';

/** Either the secret, or a sentence saying why it could not be read (never containing the secret). */
export type SecretResult = { value: string } | { problem: string };

/** Why `baseDir`: a relative `file:` is relative to the config file, not to the working directory. */
export async function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv, baseDir: string): Promise<SecretResult> {
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (value === undefined) return { problem: `environment variable ${ref.env} is not set` };
    if (value === '') return { problem: `environment variable ${ref.env} is empty` };
    return { value };
  }
  const path = resolve(baseDir, ref.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code ?? 'unreadable';
    return { problem: `cannot read secret file ${path}: ${reason}` };
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { problem: `secret file ${path} is empty` };
  return { value };
}
