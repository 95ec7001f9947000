/**
 * `sekisho audit export | head`: when the reader of standard output goes away, writing fails with EPIPE.
 * Unhandled, that is a stack trace on stderr; the command has nothing more to do, so it ends quietly —
 * with status 141 (128 + SIGPIPE), as `cat` or `git` would: the output was not all delivered, so it is
 * not a success (`set -o pipefail; sekisho scan . | head` must not pass a scan that found something).
 * Installed once per process.
 */
const SIGPIPE_STATUS = 141;

let installed = false;

export function exitQuietlyOnBrokenPipe(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(SIGPIPE_STATUS);
    throw err;
  });
  // A closed stderr cannot be reported anywhere: ignore EPIPE there rather than crash on a log line.
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
