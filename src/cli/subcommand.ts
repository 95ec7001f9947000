/**
 * The `<command> [args...]` part of `sekisho index|keys|audit <command>`: prints the help when asked,
 * refuses a missing or unknown command through the caller's `usage`, and otherwise returns the command
 * and its arguments. Returns the exit code instead when the invocation ends here.
 */
export function pickSubcommand(
  positionals: readonly string[],
  helpRequested: boolean,
  commands: { names: readonly string[]; listed: string },
  help: string,
  usage: (message: string) => number,
): { command: string; args: string[] } | number {
  const [command, ...args] = positionals;
  if (helpRequested || command === 'help') {
    process.stdout.write(help);
    return 0;
  }
  if (command === undefined) return usage(`missing command: ${commands.listed}`);
  if (!commands.names.includes(command)) return usage(`unknown command "${command}"`);
  return { command, args };
}
