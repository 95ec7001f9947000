/**
 * `npm run dist [-- --out DIR]`: the release artifacts, built offline from the installed tree.
 *
 *   sekisho-<v>-<platform>-<arch>.tar.gz  self-contained bundle: bin/sekisho, node/ (runtime), app/
 *   sekisho-<v>.tgz                       the npm package (JavaScript, its runtime dependencies bundled)
 *   sekisho-<v>.cdx.json                  CycloneDX SBOM of the bundle
 *   SHA256SUMS [+ SHA256SUMS.sig]         signed when SEKISHO_RELEASE_KEY names an Ed25519 PEM key
 *
 * Timestamps come from SOURCE_DATE_EPOCH, else the last commit: the same tree gives the same files.
 * See docs/deploy.md.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readReleaseKey, signFile, SIGNATURE_FILE, SUMS_FILE, writeSums } from './checksums.ts';
import { compileApp } from './compile.ts';
import { digestFile } from './files.ts';
import { findRuntime, readManifest, runtimeDependencies, type Manifest, type RuntimeDependency } from './inputs.ts';
import { buildSbom } from './sbom.ts';
import { writeTarGz } from './tarball.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The npm package's manifest: the project's, minus what only a clone needs; dependencies pinned and bundled. */
export function releaseManifest(project: Manifest, deps: readonly RuntimeDependency[]): Manifest & Record<string, unknown> {
  const pinned: Record<string, string> = {};
  for (const name of Object.keys(project.dependencies ?? {})) pinned[name] = deps.find((d) => d.path === `node_modules/${name}`)!.version;
  return {
    name: project.name,
    version: project.version,
    ...(project.description ? { description: project.description } : {}),
    type: 'module',
    license: project.license ?? 'UNLICENSED',
    bin: { sekisho: 'bin/sekisho.js' },
    engines: { node: project.engines?.node ?? '>=24' },
    dependencies: pinned,
    // Carried inside the .tgz: `npm install -g ./sekisho-<v>.tgz --offline` needs no registry and no cache.
    bundleDependencies: Object.keys(pinned),
  };
}

function sourceDateEpoch(): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  const git = spawnSync('git', ['-C', root, 'log', '-1', '--format=%ct'], { encoding: 'utf8' });
  const commit = Number(git.stdout?.trim());
  return git.status === 0 && Number.isInteger(commit) && commit > 0 ? commit : Math.floor(Date.now() / 1000);
}

/** Directories 0755, files 0644, the listed executables 0755: the archive does not depend on the builder's umask. */
function normaliseModes(dir: string, executables: ReadonlySet<string>): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const rel = relative(dir, path).split(sep).join('/');
    chmodSync(path, entry.isDirectory() || executables.has(rel) ? 0o755 : 0o644);
  }
}

function copyInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function npmPack(packageDir: string, outDir: string): string {
  const run = spawnSync('npm', ['pack', packageDir, '--pack-destination', outDir, '--ignore-scripts', '--json', '--offline'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
  const [info] = JSON.parse(run.stdout) as Array<{ filename: string }>;
  return info!.filename;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const outDir = resolve(values.out ?? join(root, 'dist'));
  const project = readManifest(root);
  const version = project.version;
  const epoch = sourceDateEpoch();
  // A bad signing key stops the build before it starts, not after.
  const keyPath = process.env.SEKISHO_RELEASE_KEY;
  const releaseKey = keyPath !== undefined && keyPath !== '' ? readReleaseKey(keyPath) : undefined;
  const runtime = findRuntime(root);
  const deps = runtimeDependencies(root);
  const stage = join(outDir, '.stage');
  const bundleName = `sekisho-${version}`;
  const tarballName = `${bundleName}-${runtime.target}.tar.gz`;
  const sbomName = `${bundleName}.cdx.json`;
  mkdirSync(outDir, { recursive: true });
  for (const old of [tarballName, `${bundleName}.tgz`, sbomName, SUMS_FILE, SIGNATURE_FILE, '.stage']) rmSync(join(outDir, old), { recursive: true, force: true });

  // The npm package: package.json, bin/sekisho.js, lib/ (compiled), README, example configs, and its
  // runtime dependencies (bundled).
  const compiled = compileApp(root, join(stage, 'compile'));
  const packageDir = join(stage, 'package');
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify(releaseManifest(project, deps), null, 2) + '\n');
  copyInto(join(root, 'bin', 'sekisho.js'), join(packageDir, 'bin', 'sekisho.js'));
  cpSync(compiled.dir, join(packageDir, 'lib'), { recursive: true });
  copyInto(join(root, 'README.md'), join(packageDir, 'README.md'));
  for (const example of ['sekisho.yaml', 'policy.yaml']) copyInto(join(root, 'examples', example), join(packageDir, 'examples', example));
  for (const dep of deps) {
    cpSync(join(root, dep.path), join(packageDir, dep.path), { recursive: true, filter: (src) => !relative(join(root, dep.path), src).split(sep).includes('node_modules') });
  }
  normaliseModes(packageDir, new Set(['bin/sekisho.js']));
  const packageFile = npmPack(packageDir, outDir);

  // The bundle: the same package, the runtime, a launcher, the unit.
  const bundleDir = join(stage, bundleName);
  cpSync(packageDir, join(bundleDir, 'app'), { recursive: true });
  copyInto(runtime.binary, join(bundleDir, 'node', 'bin', 'node'));
  copyInto(runtime.licenseFile, join(bundleDir, 'node', 'LICENSE'));
  copyInto(join(root, 'packaging', 'sekisho.sh'), join(bundleDir, 'bin', 'sekisho'));
  copyInto(join(root, 'packaging', 'sekisho.service'), join(bundleDir, 'systemd', 'sekisho.service'));
  copyInto(join(root, 'docs', 'deploy.md'), join(bundleDir, 'docs', 'deploy.md'));
  normaliseModes(bundleDir, new Set(['bin/sekisho', 'node/bin/node', 'app/bin/sekisho.js']));
  const tarball = join(outDir, tarballName);
  await writeTarGz(stage, bundleName, tarball, epoch);

  const sbom = await buildSbom({
    bundleDir,
    tarball: { name: tarballName, digests: await digestFile(tarball) },
    app: { name: project.name, version, license: project.license ?? 'UNLICENSED', ...(project.description ? { description: project.description } : {}), directDependencies: Object.keys(project.dependencies ?? {}) },
    runtime,
    runtimeDir: 'node',
    runtimeBinary: 'node/bin/node',
    packages: deps.map((d) => ({
      name: d.name,
      version: d.version,
      license: d.license,
      dir: `app/${d.path}`,
      dependsOn: Object.keys(readManifest(join(root, d.path)).dependencies ?? {}),
    })),
    timestamp: new Date(epoch * 1000),
  });
  writeFileSync(join(outDir, sbomName), JSON.stringify(sbom, null, 2) + '\n');

  const sums = await writeSums(outDir, [tarballName, packageFile, sbomName]);
  let signed = '';
  if (releaseKey !== undefined) {
    const { publicKeyPem } = signFile(sums, releaseKey);
    signed = `${SIGNATURE_FILE} (Ed25519; public key:\n${publicKeyPem.trimEnd()})`;
  }
  rmSync(stage, { recursive: true, force: true });

  const size = (f: string): string => `${(statSync(join(outDir, f)).size / 1048576).toFixed(1)} MB`;
  process.stdout.write(
    `release ${version} in ${outDir}:\n` +
      `  ${tarballName}  ${size(tarballName)}  (Node.js ${runtime.version}, ${compiled.files.length} application files, ${deps.map((d) => `${d.name}@${d.version}`).join(', ')})\n` +
      `  ${packageFile}  ${size(packageFile)}\n  ${sbomName}\n  ${SUMS_FILE}\n` +
      (signed ? `  ${signed}\n` : `  (unsigned: set SEKISHO_RELEASE_KEY to an Ed25519 PEM private key to sign SHA256SUMS)\n`),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`dist: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
