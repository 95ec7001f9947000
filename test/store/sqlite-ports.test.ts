import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { portContract } from './port-contract.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

portContract({
  name: 'sqlite',
  fresh: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sekisho-ports-'));
    dirs.push(dir);
    return openStore(dir);
  },
  // Another connection on the same file: what a second process on one data directory would have.
  another: async (store) => openStore(join(store.location, '..')),
});
