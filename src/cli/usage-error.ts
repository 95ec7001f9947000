/**
 * A usage error: the one line that says what is wrong, and where the help is — not the whole help,
 * which buries the line that matters. Returns the exit code for usage errors (2).
 */
export function usageError(command: string, message: string): number {
  process.stderr.write(`sekisho ${command}: ${message}\n(see: sekisho ${command} --help)\n`);
  return 2;
}
