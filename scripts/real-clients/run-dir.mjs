// What run.sh left in one scenario directory, read the same way by every check script.
import fs from 'node:fs';
import path from 'node:path';

/** Lines of JSON text, parsed; lines that are not JSON are skipped. */
export const jsonl = (text) => text.split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter(Boolean);

/** `read(file)` (empty when missing), and the client's exit code and elapsed seconds. */
export function runDir(dir) {
  const read = (f) => { try { return fs.readFileSync(path.join(dir, f), 'utf8'); } catch { return ''; } };
  return { read, exit: read('exit_code').trim() || '?', elapsed: read('elapsed_s').trim() || '?' };
}
