/**
 * `sekisho audit export | head`: when the reader of standard output goes away, writing fails with EPIPE.
 * Unhandled, that is a stack trace on stderr; the command has nothing more to do, so it ends quietly
 * (exit 0, as the shell's pipeline would with a reader that had read enough). Installed once per process.
 */
let installed = false;

export function exitQuietlyOnBrokenPipe(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  // A closed stderr cannot be reported anywhere: ignore EPIPE there rather than crash on a log line.
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
