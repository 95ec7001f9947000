import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenIfPresent, type OnTightened } from './private-files.ts';

/**
 * The installation's secret key (32 random bytes in `<dataDir>/keys/secret.key`, created on first start,
 * readable by the owner only). It keys the HMAC that stands in for sensitive values in findings and the
 * redaction placeholders, so both stay stable across restarts and differ between installations.
 */
export function loadSecretKey(dataDir: string, onTightened?: OnTightened): Buffer {
  const dir = join(dataDir, 'keys');
  const path = join(dir, 'secret.key');
  ensurePrivateDir(dir, onTightened);
  tightenIfPresent(path, onTightened);
  try {
    const key = readFileSync(path);
    if (key.length !== 32) throw new Error(`${path} must hold 32 bytes, it has ${key.length}`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return key;
}
