import { parseArgs } from 'node:util';
import { pickSubcommand } from '../subcommand.ts';
import { DATA_DIR_OPTIONS, loadCommandConfig, openCommandStore } from '../command-config.ts';
import { KeyStore, keyState, type KeyRecord } from '../../identity/key-store.ts';
import { parseExpiry } from '../../identity/parse-expiry.ts';
import { usageError } from '../usage-error.ts';

const help = `Usage: sekisho keys <command> [options]

Issues and revokes the gateway keys developers put in their tools (ANTHROPIC_API_KEY, OPENAI_API_KEY).
A key is shown once, when it is created; only its SHA-256 is stored. Revocation and expiry take effect
on the running gateway at the next request. State lives in the data directory (sekisho.db), or in PostgreSQL with --store.

Commands:
  create        Issue a key (prints it once, with its id)
  ls            List active keys (ids, owners, dates; never the keys)
  revoke ID     Revoke a key by id

Options:
  --user USER       Owner of the key (create; required), e.g. an e-mail address
  --team TEAM       Team, for team-scoped limits and policy (create)
  --group GROUP     A group, repeatable (create; matched by policy, limits and auth.adminGroups)
  --admin           The key may use admin operations (create)
  --expires WHEN    Lifetime (12h, 90d, 2w) or date (2027-01-01, UTC) after which the key stops working
  --all             Also list revoked and expired keys (ls)
  --json            Machine-readable output (create, ls)
  --config FILE     YAML configuration (for dataDir; env SEKISHO_CONFIG)
  --data-dir DIR    State directory (env SEKISHO_DATA_DIR)
  --store URL       State in PostgreSQL instead, e.g. postgres://sekisho@db:5432/sekisho (env SEKISHO_STORE)
  -h, --help        Show this help

Exit status: 0 done, 1 nothing to revoke, 2 usage or error.
`;

/** `sekisho keys create | ls | revoke`. Returns the exit code. */
export async function keysCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        user: { type: 'string' },
        team: { type: 'string' },
        group: { type: 'string', multiple: true },
        admin: { type: 'boolean', default: false },
        expires: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        ...DATA_DIR_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  const picked = pickSubcommand(positionals, values.help, { names: ['create', 'ls', 'revoke'], listed: 'create, ls or revoke' }, help, usage);
  if (typeof picked === 'number') return picked;
  const { command, args } = picked;
  const createOnly = values.user !== undefined || values.team !== undefined || values.group !== undefined || values.admin || values.expires !== undefined;
  if (command !== 'create' && createOnly) return usage('--user, --team, --group, --admin and --expires go with create');
  if (command !== 'ls' && values.all) return usage('--all goes with ls');
  if (command === 'revoke' && args.length !== 1) return usage('revoke needs one key ID (see sekisho keys ls)');
  if (command !== 'revoke' && args.length > 0) return usage(`${command} takes no arguments`);
  if (command === 'create' && (values.user === undefined || values.user.trim() === '')) return usage('create needs --user');
  let expiresAt: Date | undefined;
  if (values.expires !== undefined) {
    try {
      expiresAt = parseExpiry(values.expires);
    } catch (err) {
      return usage(`--expires: ${(err as Error).message}`);
    }
  }

  let store;
  try {
    store = await openCommandStore(await loadCommandConfig(values));
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const keys = new KeyStore(store.keys);
  try {
    switch (command) {
      case 'create': {
        const { key, record } = await keys.create({
          user: values.user!.trim(),
          ...(values.team === undefined ? {} : { team: values.team }),
          groups: values.group ?? [],
          admin: values.admin,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        });
        if (values.json) {
          process.stdout.write(JSON.stringify({ key, ...record }) + '\n');
        } else {
          process.stdout.write(`${key}\n`);
          process.stderr.write(`Created key ${record.id} for ${describeOwner(record)}${record.expiresAt ? `, expires ${record.expiresAt}` : ''}.\nThis is the only time the key is shown: give it to its owner now (ANTHROPIC_API_KEY / OPENAI_API_KEY).\n`);
        }
        return 0;
      }
      case 'ls': {
        const list = await keys.list({ all: values.all });
        if (values.json) process.stdout.write(JSON.stringify(list.map((r) => ({ ...r, state: keyState(r, new Date()) }))) + '\n');
        else process.stdout.write(formatKeyTable(list));
        return 0;
      }
      default: {
        const id = args[0]!;
        const result = await keys.revoke(id);
        if (result === 'revoked') {
          process.stdout.write(`Revoked key ${id}; it stops working at its next request.\n`);
          return 0;
        }
        process.stderr.write(`sekisho keys: ${result === 'already' ? `key ${id} was already revoked` : `no key with id "${id}" (see sekisho keys ls --all)`}\n`);
        return 1;
      }
    }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  } finally {
    await store.close();
  }
}

function describeOwner(record: KeyRecord): string {
  const extras = [record.team ? `team ${record.team}` : '', record.groups.length > 0 ? `groups ${record.groups.join(',')}` : '', record.admin ? 'admin' : ''].filter(Boolean);
  return extras.length > 0 ? `${record.user} (${extras.join(', ')})` : record.user;
}

/** A plain table of keys: id, state, user, team, groups, admin, dates. Never a secret. */
export function formatKeyTable(records: KeyRecord[], now: Date = new Date()): string {
  if (records.length === 0) return 'No keys. Create one with: sekisho keys create --user USER\n';
  const rows = [['ID', 'STATE', 'USER', 'TEAM', 'GROUPS', 'ADMIN', 'CREATED', 'EXPIRES', 'LAST USED']];
  for (const r of records) {
    rows.push([r.id, keyState(r, now), r.user, r.team ?? '-', r.groups.join(',') || '-', r.admin ? 'yes' : '-', day(r.createdAt), day(r.expiresAt), day(r.lastUsedAt)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function day(iso: string | undefined): string {
  return iso === undefined ? '-' : iso.slice(0, 16).replace('T', ' ');
}

function usage(message: string): number {
  return usageError('keys', message);
}

function fail(message: string): number {
  process.stderr.write(`sekisho keys: ${message}\n`);
  return 2;
}
