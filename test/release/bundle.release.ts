/**
 * The artifacts of `npm run dist` (read from dist/; `npm run test:release` builds them first): the
 * checksums, the SBOM against the bundle's actual files, the bundle running with no Node.js on PATH, the
 * npm package installing offline with an empty cache and running on the pinned Node 24, and the systemd
 * unit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GITHUB_TOKEN } from '../support/planted-credentials.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const version = project.version;
const dist = join(root, 'dist');
const tarballName = `sekisho-${version}-${process.platform}-${process.arch}.tar.gz`;
const packageName = `sekisho-${version}.tgz`;
const sbomName = `sekisho-${version}.cdx.json`;
const pinnedNodeDir = join(root, 'node_modules', 'node', 'bin');

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const sha512 = (path: string): string => createHash('sha512').update(readFileSync(path)).digest('hex');

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function sh(command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
}

const work = mkdtempSync(join(tmpdir(), 'sekisho-release-'));
const bundle = join(work, `sekisho-${version}`);
test.before(() => {
  assert.ok(existsSync(join(dist, tarballName)), `${tarballName} is missing from dist/: run npm run dist`);
  const extract = sh('tar', ['-xzf', join(dist, tarballName), '-C', work]);
  assert.equal(extract.status, 0, extract.stderr);
});
test.after(() => rmSync(work, { recursive: true, force: true }));

test('dist holds the four artifacts and SHA256SUMS matches them', () => {
  for (const f of [tarballName, packageName, sbomName, 'SHA256SUMS']) assert.ok(existsSync(join(dist, f)), `${f} is missing from dist/: run npm run dist`);
  const lines = readFileSync(join(dist, 'SHA256SUMS'), 'utf8').trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.split('  ')[1]).sort(), [packageName, tarballName, sbomName].sort());
  for (const line of lines) {
    const [hash, name] = line.split('  ') as [string, string];
    assert.equal(hash, sha256(join(dist, name)), `${name} hash`);
  }
  if (sh('sh', ['-c', 'command -v sha256sum']).status === 0) assert.equal(sh('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dist }).status, 0, 'sha256sum -c SHA256SUMS');
});

test('the SBOM lists exactly the files of the bundle, with their hashes, under the right components', () => {
  const tops = new Set(sh('tar', ['-tzf', join(dist, tarballName)]).stdout.trim().split('\n').map((e) => e.split('/')[0]));
  assert.deepEqual([...tops], [`sekisho-${version}`], 'one top-level directory');
  const bom = JSON.parse(readFileSync(join(dist, sbomName), 'utf8')) as Bom;
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.5');
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(bom.metadata.component.hashes.find((h) => h.alg === 'SHA-256')!.content, sha256(join(dist, tarballName)), 'metadata: the tarball described');

  const listed = new Map<string, string>();
  const refs = new Set<string>();
  for (const c of bom.components) {
    assert.ok(['application', 'platform', 'library'].includes(c.type), c.type);
    assert.ok(c.name && c.version && c.purl && c.licenses.length > 0 && c.hashes.length === 2, `component ${c.name} has name, version, purl, licence, hashes`);
    for (const h of c.hashes) assert.match(h.content, h.alg === 'SHA-256' ? /^[0-9a-f]{64}$/ : /^[0-9a-f]{128}$/);
    refs.add(c['bom-ref']);
    for (const f of c.components) {
      assert.equal(f.type, 'file');
      assert.ok(!listed.has(f.name), `${f.name} listed once`);
      listed.set(f.name, f.hashes[0]!.content);
    }
  }
  const actual = filesUnder(bundle);
  assert.deepEqual([...listed.keys()].sort(), actual, 'every file of the bundle, and nothing else');
  for (const file of actual) assert.equal(listed.get(file), sha256(join(bundle, file)), `${file} hash`);

  const byName = new Map(bom.components.map((c) => [c.name, c]));
  const node = byName.get('node')!;
  assert.equal(node.type, 'platform');
  assert.equal(`v${node.version}`, sh(join(bundle, 'node', 'bin', 'node'), ['--version']).stdout.trim(), 'the runtime component is the bundled node');
  assert.equal(node.hashes.find((h) => h.alg === 'SHA-512')!.content, sha512(join(bundle, 'node', 'bin', 'node')));
  assert.match(node.cpe!, /^cpe:2\.3:a:nodejs:node\.js:24\./);
  for (const name of Object.keys(project.dependencies)) {
    const c = byName.get(name);
    assert.ok(c !== undefined, `${name} is a component`);
    const installed = JSON.parse(readFileSync(join(bundle, 'app', 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license: string };
    assert.equal(c.version, installed.version);
    // A scope's `@` is percent-encoded in a package URL's namespace (`pkg:npm/%40redis/client@…`).
    assert.equal(c.purl, `pkg:npm/${name.replace(/^@/, '%40')}@${installed.version}`);
    assert.deepEqual(c.licenses, [{ license: { id: installed.license } }]);
    assert.ok(c.components.every((f) => f.name.startsWith(`app/node_modules/${name}/`)));
  }
  const app = byName.get('sekisho')!;
  assert.ok(app.components.some((f) => f.name === 'app/lib/cli/main.js') && app.components.some((f) => f.name === 'bin/sekisho'));
  for (const d of bom.dependencies) {
    assert.ok(refs.has(d.ref), `dependency ref ${d.ref}`);
    for (const on of d.dependsOn) assert.ok(refs.has(on), `dependsOn ${on}`);
  }
  assert.deepEqual(bom.dependencies.find((d) => d.ref === app['bom-ref'])!.dependsOn.length, Object.keys(project.dependencies).length + 1);
});

interface Bom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { component: { hashes: Array<{ alg: string; content: string }> } };
  components: Array<{
    type: string;
    'bom-ref': string;
    name: string;
    version: string;
    purl: string;
    cpe?: string;
    licenses: unknown[];
    hashes: Array<{ alg: string; content: string }>;
    components: Array<{ type: string; name: string; hashes: Array<{ alg: string; content: string }> }>;
  }>;
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
}

test('the bundle runs with no Node.js on PATH, from anywhere, through a symlink', () => {
  // A PATH holding only what the launcher uses: no node, whatever the machine has.
  const bin = join(work, 'path-bin');
  mkdirSync(bin);
  for (const tool of ['sh', 'readlink']) symlinkSync(sh('sh', ['-c', `command -v ${tool}`]).stdout.trim(), join(bin, tool));
  const links = join(work, 'elsewhere');
  mkdirSync(links);
  symlinkSync(join(bundle, 'bin', 'sekisho'), join(links, 'sekisho'));
  const home = join(work, 'home');
  mkdirSync(home);
  const env = { PATH: bin, HOME: home };
  assert.notEqual(sh('sh', ['-c', 'command -v node'], { env }).status, 0, 'no node on this PATH');

  const v = sh(join(links, 'sekisho'), ['--version'], { env, cwd: home });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), version);

  const data = join(work, 'data');
  const key = sh(join(links, 'sekisho'), ['keys', 'create', '--user', 'rita', '--data-dir', data], { env, cwd: home });
  assert.equal(key.status, 0, key.stderr);
  assert.match(key.stdout.trim(), /^sks_[0-9A-Za-z]{38}$/);

  // scan on worker threads: the compiled worker module (scan/scan-worker.js) loads in the bundle.
  const tree = join(work, 'tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'a.ts'), `const t = '${GITHUB_TOKEN}';\n`);
  writeFileSync(join(tree, 'b.ts'), 'export const b = 1;\n');
  const scan = sh(join(bundle, 'bin', 'sekisho'), ['scan', '--workers', '2', tree], { env, cwd: home });
  assert.equal(scan.status, 1, scan.stderr);
  assert.match(scan.stdout, /a\.ts:1:\d+: sekisho-github-token/);

  // The compile cache follows NODE_COMPILE_CACHE (the systemd unit points it at /var/cache/sekisho) and
  // a cache that cannot be created does not stop the command.
  const cache = join(work, 'cache');
  assert.equal(sh(join(bundle, 'bin', 'sekisho'), ['--version'], { env: { ...env, NODE_COMPILE_CACHE: cache } }).status, 0);
  assert.ok(readdirSync(cache).length > 0, 'compile cache written where NODE_COMPILE_CACHE says');
  const blocked = sh(join(bundle, 'bin', 'sekisho'), ['--version'], { env: { ...env, NODE_COMPILE_CACHE: join(bundle, 'bin', 'sekisho', 'x') } });
  assert.equal(blocked.status, 0, blocked.stderr);
});

test('the bundle verifies the audit trail over the admin API on its compiled worker (audit/verify-worker.js)', async () => {
  const data = join(work, 'verify-data');
  const key = sh(join(bundle, 'bin', 'sekisho'), ['keys', 'create', '--user', 'sec', '--admin', '--data-dir', data]);
  assert.equal(key.status, 0, key.stderr);
  const serve = spawn(join(bundle, 'bin', 'sekisho'), ['serve', '--port', '0', '--upstream', 'http://127.0.0.1:9', '--upstream-model', 'm', '--data-dir', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      serve.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /"msg":"sekisho listening".*?"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
    });
    const res = await fetch(`${url}/admin/v1/audit/verify`, { headers: { authorization: `Bearer ${key.stdout.trim()}` } });
    const body = (await res.json()) as { ok?: boolean; startSeq?: number; problem?: unknown };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.ok, true, JSON.stringify(body.problem));
    assert.equal(body.startSeq, 0);
  } finally {
    if (serve.exitCode === null && serve.signalCode === null) {
      const exited = new Promise((resolve) => serve.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
  }
});

test('the app in the bundle is JavaScript only, with runtime dependencies only', () => {
  const app = join(bundle, 'app');
  const files = filesUnder(app);
  assert.deepEqual(files.filter((f) => /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.d.mts') && !f.endsWith('.d.cts')), [], 'no TypeScript to strip');
  // Scoped packages sit one level down (`@redis/client`).
  const installed = readdirSync(join(app, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(app, 'node_modules', n)).map((sub) => `${n}/${sub}`) : [n]));
  assert.deepEqual(installed.sort(), Object.keys(project.dependencies).sort());
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.private, undefined);
  assert.equal(manifest.devDependencies, undefined);
  assert.equal(manifest.scripts, undefined);
});

test('the npm package installs globally offline with an empty cache and runs on Node 24', () => {
  const listing = sh('tar', ['-tzf', join(dist, packageName)]);
  assert.equal(listing.status, 0);
  const entries = listing.stdout.trim().split('\n');
  assert.ok(entries.includes('package/bin/sekisho.js') && entries.includes('package/lib/cli/main.js'));
  assert.deepEqual(entries.filter((e) => /\.(ts|mts|cts)$/.test(e) && !/\.d\.[mc]?ts$/.test(e)), []);
  const manifest = JSON.parse(sh('tar', ['-xzOf', join(dist, packageName), 'package/package.json']).stdout) as Record<string, unknown>;
  assert.equal(manifest.private, undefined, 'publishable');
  assert.equal(manifest.devDependencies, undefined);
  assert.deepEqual(Object.keys(manifest.dependencies as object).sort(), Object.keys(project.dependencies).sort());
  assert.deepEqual((manifest.bundleDependencies as string[]).sort(), Object.keys(project.dependencies).sort());

  const prefix = join(work, 'global');
  const env = { PATH: `${pinnedNodeDir}:${process.env.PATH}`, HOME: join(work, 'home'), npm_config_update_notifier: 'false' };
  const install = sh('npm', ['install', '-g', join(dist, packageName), '--prefix', prefix, '--offline', '--cache', join(work, 'empty-cache'), '--no-audit', '--no-fund'], { env });
  assert.equal(install.status, 0, install.stderr);
  const sekisho = join(prefix, 'bin', 'sekisho');
  const v = sh(sekisho, ['--version'], { env });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), version);
  const key = sh(sekisho, ['keys', 'create', '--user', 'dev', '--data-dir', join(work, 'npm-data')], { env });
  assert.equal(key.status, 0, key.stderr);
  assert.match(key.stdout.trim(), /^sks_/);

  // An older Node.js says what is needed instead of failing on syntax or type stripping.
  const systemNode = sh('sh', ['-c', 'command -v node'], { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }).stdout.trim();
  const major = systemNode ? Number(sh(systemNode, ['-p', 'process.versions.node.split(".")[0]']).stdout) : 0;
  if (systemNode && major < 24) {
    const old = sh(systemNode, [join(prefix, 'lib', 'node_modules', 'sekisho', 'bin', 'sekisho.js'), '--version']);
    assert.equal(old.status, 2);
    assert.match(old.stderr, /needs Node\.js 24 or newer/);
  }
});

test('the systemd unit is sandboxed and systemd-analyze accepts it', (t) => {
  const unit = readFileSync(join(bundle, 'systemd', 'sekisho.service'), 'utf8');
  for (const directive of ['User=sekisho', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'StateDirectory=sekisho', 'PrivateTmp=yes', 'Environment=SEKISHO_DATA_DIR=/var/lib/sekisho', 'Environment=NODE_COMPILE_CACHE=/var/cache/sekisho', 'CacheDirectory=sekisho', 'CapabilityBoundingSet=']) {
    assert.ok(unit.split('\n').includes(directive), directive);
  }
  if (sh('sh', ['-c', 'command -v systemd-analyze']).status !== 0) {
    t.skip('systemd-analyze is not installed');
    return;
  }
  // Verified against the extracted bundle (verify checks that ExecStart exists).
  const dir = join(work, 'unit');
  mkdirSync(dir);
  writeFileSync(join(dir, 'sekisho.service'), unit.replaceAll('/opt/sekisho/', `${bundle}/`));
  const verify = sh('systemd-analyze', ['verify', join(dir, 'sekisho.service')]);
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(verify.stderr.trim(), '', 'no warnings');
});
