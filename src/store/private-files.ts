/**
 * The data directory holds the database (keys' hashes, the audit trail, transcripts), the installation
 * secret and the audit signing key: only the gateway's user may read it. Directories the gateway creates
 * are 0700 and files 0600 whatever the umask; existing ones that are looser (from an older version, a
 * copy, a restore) are tightened, and the caller is told which, so it can log them.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Called with each path that was too open: the mode it had, and `error` when it could not be changed
 * (a file owned by another user): then it stays as it was, and the operator must fix it.
 */
export type OnTightened = (path: string, previousMode: number, error?: string) => void;

/** An `OnTightened` that writes one log line per path (warn: it means someone could read it before). */
export function logTightened(log: { warn(msg: string, fields?: Record<string, unknown>): void }): OnTightened {
  return (path, previousMode, error) =>
    log.warn(error === undefined ? 'tightened permissions: group and others could read it' : 'cannot tighten permissions: group or others can read it', {
      path,
      mode: '0' + previousMode.toString(8),
      ...(error === undefined ? { now: '0' + (statSync(path).mode & 0o777).toString(8) } : { error }),
    });
}

/** Creates `dir` (and missing parents, 0700) or tightens it to 0700 if group or others have access. */
export function ensurePrivateDir(dir: string, onTightened?: OnTightened): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE, onTightened);
}

/**
 * Makes sure `path` exists with mode 0600 before something else (SQLite, a writer) opens it: created
 * empty with 0600, or an existing file tightened. SQLite gives its `-wal` and `-shm` files the mode of
 * the database file, so they follow.
 */
export function ensurePrivateFile(path: string, onTightened?: OnTightened): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  tighten(path, PRIVATE_FILE_MODE, onTightened);
}

/** Tightens an existing file (if present) to 0600; does nothing when it does not exist. */
export function tightenIfPresent(path: string, onTightened?: OnTightened): void {
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return;
  tighten(path, PRIVATE_FILE_MODE, onTightened);
}

/** Removes group and other access from `path` (a no-op when it has none: the owner's bits are kept). */
function tighten(path: string, wanted: number, onTightened?: OnTightened): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, wanted);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') throw err;
    onTightened?.(path, mode, code);
    return;
  }
  onTightened?.(path, mode);
}
