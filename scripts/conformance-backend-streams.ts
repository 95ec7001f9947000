/**
 * Replays the recorded real-server streams in ../shared/reference/backend-streams/fixtures.json through
 * the gateway with the official SDKs in every client mode (test/support/recorded-streams.ts) and prints
 * one line per failing case and a total. Exits 1 when a case fails; skips (exit 0) without ../shared.
 * Usage: node scripts/conformance-backend-streams.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_MODES, replayAll, type RecordedStream } from '../test/support/recorded-streams.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = resolve(root, '../shared/reference/backend-streams/fixtures.json');
if (!existsSync(file)) {
  console.log(`conformance:backend-streams: ${file} not found (no ../shared beside the project); skipped.`);
  process.exit(0);
}
const recordings = JSON.parse(readFileSync(file, 'utf8')) as RecordedStream[];
const results = await replayAll(recordings);
const failed = results.filter((r) => r.problems.length > 0);
for (const r of failed) console.log(`FAIL ${r.id} (${r.server}) ${r.mode}: ${r.problems.join('; ')}`);
console.log(
  `conformance:backend-streams: ${results.length - failed.length} of ${results.length} pass ` +
    `(${recordings.length} recorded streams x ${CLIENT_MODES.length} client modes: ${CLIENT_MODES.join(', ')})`,
);
process.exit(failed.length > 0 ? 1 : 0);
