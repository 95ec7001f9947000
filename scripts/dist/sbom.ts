/**
 * The CycloneDX 1.5 SBOM of the bundle, written from the files actually staged: every file of the
 * bundle belongs to exactly one component (the Node.js runtime, one npm package, or Sekisho itself) and
 * is listed under it with its SHA-256; a component's own hashes are those of its files' `sha256sum`
 * listing (files.ts, `digestListing`), or of the file itself for the runtime binary.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { digestFile, digestListing, listFiles, type FileDigests } from './files.ts';
import type { Runtime } from './inputs.ts';

export interface SbomPackage {
  name: string;
  version: string;
  license: string;
  /** Directory in the bundle, relative to its root (`app/node_modules/yaml`). */
  dir: string;
  /** Names of the packages it depends on (resolved among the bundle's packages). */
  dependsOn: string[];
}

export interface SbomInput {
  /** The extracted-to-be bundle directory (`…/sekisho-<version>`). */
  bundleDir: string;
  /** The tarball the SBOM describes (its name and digests go in metadata). */
  tarball: { name: string; digests: FileDigests };
  app: { name: string; version: string; license: string; description?: string; directDependencies: string[] };
  runtime: Runtime;
  /** Directory of the runtime in the bundle (`node`) and its executable (`node/bin/node`). */
  runtimeDir: string;
  runtimeBinary: string;
  packages: SbomPackage[];
  /** Build time (SOURCE_DATE_EPOCH): the same inputs give the same document. */
  timestamp: Date;
}

type Json = Record<string, unknown>;

export function npmPurl(name: string, version: string): string {
  const encoded = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return `pkg:npm/${encoded}@${encodeURIComponent(version)}`;
}

/** npm's `license` field as a CycloneDX licence choice. `UNLICENSED` is npm's word for "no licence granted". */
export function licenseChoice(license: string): Json[] {
  if (license === 'UNLICENSED') return [{ license: { name: 'UNLICENSED' } }];
  if (/^[A-Za-z0-9.+-]+$/.test(license)) return [{ license: { id: license } }];
  return [{ expression: license }];
}

function hashes(d: FileDigests): Json[] {
  return [
    { alg: 'SHA-256', content: d.sha256 },
    { alg: 'SHA-512', content: d.sha512 },
  ];
}

export async function buildSbom(input: SbomInput): Promise<Json> {
  const files = listFiles(input.bundleDir);
  const digests = new Map<string, FileDigests>();
  for (const file of files) digests.set(file, await digestFile(join(input.bundleDir, file)));

  // Each file goes to the component with the longest directory prefix; the rest is Sekisho's.
  // Keys: 'app', 'runtime', and 'pkg:<name>' (a package may be called anything).
  const owners = [{ key: 'runtime', dir: input.runtimeDir }, ...input.packages.map((p) => ({ key: `pkg:${p.name}`, dir: p.dir }))];
  const owned = new Map<string, string[]>();
  for (const file of files) {
    let owner = 'app';
    let best = -1;
    for (const o of owners) {
      if (file.startsWith(o.dir + '/') && o.dir.length > best) {
        owner = o.key;
        best = o.dir.length;
      }
    }
    const list = owned.get(owner);
    if (list === undefined) owned.set(owner, [file]);
    else list.push(file);
  }
  const fileComponents = (key: string): Json[] =>
    (owned.get(key) ?? []).map((file) => ({ type: 'file', 'bom-ref': `file:${file}`, name: file, hashes: [{ alg: 'SHA-256', content: digests.get(file)!.sha256 }] }));
  const listing = (key: string): FileDigests => digestListing((owned.get(key) ?? []).map((path) => ({ path, sha256: digests.get(path)!.sha256 })));

  const appRef = npmPurl(input.app.name, input.app.version);
  const runtimeRef = `runtime:node@${input.runtime.version}`;
  const binary = digests.get(input.runtimeBinary);
  if (binary === undefined) throw new Error(`SBOM: the runtime binary ${input.runtimeBinary} is not in the bundle`);
  for (const p of input.packages) if (!owned.has(`pkg:${p.name}`)) throw new Error(`SBOM: package ${p.name} has no files in the bundle (${p.dir})`);

  const refOf = new Map(input.packages.map((p) => [p.name, npmPurl(p.name, p.version)]));
  const resolve = (names: string[], who: string): string[] =>
    names.map((n) => {
      const ref = refOf.get(n);
      if (ref === undefined) throw new Error(`SBOM: ${who} depends on ${n}, which is not in the bundle`);
      return ref;
    });

  const components: Json[] = [
    {
      type: 'application',
      'bom-ref': appRef,
      name: input.app.name,
      version: input.app.version,
      ...(input.app.description ? { description: input.app.description } : {}),
      licenses: licenseChoice(input.app.license),
      purl: appRef,
      hashes: hashes(listing('app')),
      components: fileComponents('app'),
    },
    {
      type: 'platform',
      'bom-ref': runtimeRef,
      name: 'node',
      version: input.runtime.version,
      description: `Node.js runtime (${input.runtime.target}), from the npm package ${input.runtime.packageName}@${input.runtime.packageVersion}`,
      licenses: licenseChoice(input.runtime.license),
      cpe: `cpe:2.3:a:nodejs:node.js:${input.runtime.version}:*:*:*:*:*:*:*`,
      purl: npmPurl(input.runtime.packageName, input.runtime.packageVersion),
      hashes: hashes(binary),
      components: fileComponents('runtime'),
    },
    ...input.packages.map((p) => ({
      type: 'library',
      'bom-ref': refOf.get(p.name)!,
      name: p.name,
      version: p.version,
      licenses: licenseChoice(p.license),
      purl: refOf.get(p.name)!,
      hashes: hashes(listing(`pkg:${p.name}`)),
      components: fileComponents(`pkg:${p.name}`),
    })),
  ];
  const dependencies: Json[] = [
    { ref: appRef, dependsOn: [runtimeRef, ...resolve(input.app.directDependencies, input.app.name)] },
    { ref: runtimeRef, dependsOn: [] },
    ...input.packages.map((p) => ({ ref: refOf.get(p.name)!, dependsOn: resolve(p.dependsOn, p.name) })),
  ];
  const body = {
    metadata: {
      timestamp: input.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      tools: { components: [{ type: 'application', name: 'sekisho-dist', version: input.app.version, description: 'scripts/dist of the Sekisho repository (npm run dist)' }] },
      component: {
        type: 'application',
        'bom-ref': `bundle:${input.tarball.name}`,
        name: input.app.name,
        version: input.app.version,
        description: `Self-contained release bundle ${input.tarball.name}: Sekisho, its runtime dependencies and the Node.js ${input.runtime.version} runtime`,
        hashes: hashes(input.tarball.digests),
      },
    },
    components,
    dependencies,
  };
  return { bomFormat: 'CycloneDX', specVersion: '1.5', serialNumber: serialFor(body), version: 1, ...body };
}

/** A UUID derived from the document (RFC 9562 version 8 layout): the same bundle gets the same serial. */
function serialFor(body: unknown): string {
  const h = createHash('sha256').update(JSON.stringify(body)).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
