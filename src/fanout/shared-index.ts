import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { SharedIndexPort, SharedIndexRecord, StateStore } from '../store/ports.ts';
import type { Logger } from '../log.ts';
import { indexDigestHex, type IndexGeneration } from '../inspection/own-code/store/index-generation.ts';

/** The local generation record of a data directory (inspection/own-code/store/index-generation.ts). */
export interface LocalIndexRecord {
  read(): IndexGeneration | undefined;
  write(record: IndexGeneration): void;
}

/**
 * Publishes the index file a local build just wrote (`sekisho index add | rm` with `store.url`): its bytes
 * (or nothing, when the build left nothing indexed) become the deployment's next generation, and the local
 * record is renumbered to it, so every instance names the same index by the same number.
 */
export async function publishIndex(port: SharedIndexPort, path: string, local: LocalIndexRecord): Promise<SharedIndexRecord> {
  const built = local.read();
  if (built === undefined) throw new Error('no local index build to publish');
  const image = built.sha256 === null ? undefined : new Uint8Array(await readFile(path));
  if (image !== undefined && indexDigestHex(createHash('sha256').update(image).digest()) !== built.sha256) {
    throw new Error(`${path} changed since it was built; run the command again`);
  }
  const record = await port.publish({ builtAt: built.builtAt, sha256: built.sha256, files: built.files }, image);
  local.write({ generation: record.generation, builtAt: record.builtAt, sha256: record.sha256, files: record.files });
  return record;
}

/**
 * Brings the deployment's index into this data directory when it differs from the local one: the record
 * first, then the image written to a temporary file, checked against its hash and renamed over the index
 * file (the order and atomicity of a local build: a gateway loading meanwhile reads the old or the new
 * file whole). Resolves true when something was copied. A shared store with no index yet leaves the data
 * directory alone (a host indexed before sharing keeps its own until the first shared build).
 */
export async function syncSharedIndex(port: SharedIndexPort, path: string, local: LocalIndexRecord, log?: Logger): Promise<boolean> {
  const latest = await port.latest();
  if (latest === undefined) return false;
  const mine = local.read();
  if (mine !== undefined && mine.generation === latest.generation && mine.sha256 === latest.sha256) return false;
  const record: IndexGeneration = { generation: latest.generation, builtAt: latest.builtAt, sha256: latest.sha256, files: latest.files };
  if (latest.sha256 === null) {
    local.write(record);
    await rm(path, { force: true });
    log?.info('shared own-code index: nothing indexed (generation copied)', { generation: latest.generation });
    return true;
  }
  const image = await port.image(latest.generation);
  if (image === undefined) return false; // replaced meanwhile: the next notice or re-check brings the newer one
  if (indexDigestHex(createHash('sha256').update(image).digest()) !== latest.sha256) {
    throw new Error(`the shared own-code index generation ${latest.generation} does not match its hash`);
  }
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, image, { mode: 0o600 });
    local.write(record);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  log?.info('shared own-code index copied into the data directory', { generation: latest.generation, bytes: image.byteLength });
  return true;
}

/**
 * What `serve` gives the gateway to copy the shared index into its data directory (`syncIndex`), or
 * undefined when the store shares none (SQLite: the data directory is the only index).
 */
export function sharedIndexSync(store: StateStore, path: string, local: LocalIndexRecord, log?: Logger): (() => Promise<boolean>) | undefined {
  const port = store.sharedIndex;
  if (port === undefined) return undefined;
  return () => syncSharedIndex(port, path, local, log);
}
