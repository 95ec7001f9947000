/**
 * Redis for a test run: the server at SEKISHO_TEST_REDIS_URL (default redis://127.0.0.1:6379), each run
 * under its own random key prefix, whose keys are deleted afterwards. When the server is unreachable
 * the tests skip with the reason — except when `CI` is set: then they fail.
 */
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';

export const TEST_REDIS_URL = process.env.SEKISHO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix for one test file's run. */
export function testPrefix(): string {
  return `sekisho-test:${randomBytes(6).toString('hex')}:`;
}

/** Undefined when Redis answers PING; otherwise the reason to skip (throws under CI). */
export async function redisUnavailable(): Promise<string | undefined> {
  const url = new URL(TEST_REDIS_URL);
  const answer = await new Promise<string>((resolve) => {
    const socket = createConnection({ host: url.hostname, port: Number(url.port || 6379) });
    const timer = setTimeout(() => (socket.destroy(), resolve('no answer within 3 s')), 3_000);
    socket.once('error', (err) => (clearTimeout(timer), resolve(err.message)));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => (clearTimeout(timer), socket.end(), resolve(d.toString('latin1').startsWith('+PONG') ? '' : `unexpected answer ${JSON.stringify(d.toString('latin1').slice(0, 40))}`)));
  });
  if (answer === '') return undefined;
  const reason = `Redis at ${TEST_REDIS_URL} is unreachable (${answer}): Redis adapter tests skipped`;
  if (process.env.CI) throw new Error(`${reason} — CI is set, so this is a failure`);
  return reason;
}

/** Deletes every key under `prefix` (SCAN + UNLINK through a short-lived connection of the adapter's client). */
export async function deletePrefix(prefix: string): Promise<void> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url: TEST_REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.unlink(keys);
  } finally {
    client.destroy();
  }
}

/** A loopback port nothing listens on (bound, noted, closed): an unreachable Redis. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
