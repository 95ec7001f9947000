import { readFileSync } from 'node:fs';
import { exitQuietlyOnBrokenPipe } from './quiet-epipe.ts';

const usage = `Sekisho — a governed checkpoint between AI coding tools and model servers.

Usage: sekisho <command> [options]

Commands:
  serve      Run the gateway (see: sekisho serve --help)
  scan       Scan files, directories or stdin for secrets and personal data (see: sekisho scan --help)
  index      Index company repositories for own-code detection: add, ls, rm, stats (see: sekisho index --help)
  audit      The audit trail: verify, tail, search, export, transcript, purge (see: sekisho audit --help)
  policy     Check, test and replay policies: check, test REQUEST.json, replay --since 7d (see: sekisho policy --help)
  keys       Issue, list and revoke gateway API keys: create, ls, revoke (see: sekisho keys --help)
  version    Print the version
  help       Show this help
`;

/**
 * Runs one command; returns the process exit code. Commands are imported when run: `sekisho scan` in a
 * pre-commit hook should not load (and type-strip) the whole gateway first.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  exitQuietlyOnBrokenPipe();
  switch (command) {
    case 'serve':
      return (await import('./commands/serve.ts')).serveCommand(rest);
    case 'scan':
      return (await import('./commands/scan.ts')).scanCommand(rest);
    case 'index':
      return (await import('./commands/index.ts')).indexCommand(rest);
    case 'audit':
      return (await import('./commands/audit.ts')).auditCommand(rest);
    case 'policy':
      return (await import('./commands/policy.ts')).policyCommand(rest);
    case 'keys':
      return (await import('./commands/keys.ts')).keysCommand(rest);
    case 'version':
    case '--version':
    case '-v':
      process.stdout.write(version() + '\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`sekisho: unknown command "${command}"\n(see: sekisho --help)\n`);
      return 2;
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
