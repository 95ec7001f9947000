/**
 * A throwaway PostgreSQL database for a test run: created on the server at SEKISHO_TEST_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres, trust auth) as `sekisho_test_<random>` and
 * dropped afterwards. When the server is unreachable the tests skip with the reason — except when `CI`
 * is set: then they fail, so a CI without PostgreSQL is noticed.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const ADMIN_URL = process.env.SEKISHO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** URL of the fresh database. */
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh database, or returns the reason it cannot (then the caller skips). Throws under CI. */
export async function createTestDatabase(): Promise<TestDatabase | string> {
  const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `sekisho_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => {});
    const reason = `PostgreSQL at ${ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} is unreachable (${err instanceof Error ? err.message : String(err)}): PostgreSQL adapter tests skipped`;
    if (process.env.CI) throw new Error(`${reason} — CI is set, so this is a failure`);
    return reason;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end({ timeout: 1 });
      }
    },
  };
}
