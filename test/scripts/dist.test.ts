/**
 * The release build's parts that need no build: the signature of SHA256SUMS (checked with openssl, the
 * command docs/deploy.md gives), the module walk that decides what the bundle carries, and the SBOM's
 * per-component digests (the documented shell pipeline gives the same value).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readReleaseKey, signFile, verifySignature, writeSums } from '../../scripts/dist/checksums.ts';
import { reachableFiles } from '../../scripts/dist/compile.ts';
import { digestFile, digestListing, listFiles } from '../../scripts/dist/files.ts';
import { licenseChoice, npmPurl } from '../../scripts/dist/sbom.ts';

const hasOpenssl = spawnSync('sh', ['-c', 'command -v openssl']).status === 0;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-dist-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

test('SHA256SUMS is signed with Ed25519; openssl verifies it and rejects a changed file', async (t) => {
  const dir = tree({ 'sekisho-1.0.0.tgz': 'package', 'sekisho-1.0.0.cdx.json': '{}' });
  try {
    const sums = await writeSums(dir, ['sekisho-1.0.0.tgz', 'sekisho-1.0.0.cdx.json']);
    assert.match(readFileSync(sums, 'utf8'), /^[0-9a-f]{64} {2}sekisho-1\.0\.0\.cdx\.json\n[0-9a-f]{64} {2}sekisho-1\.0\.0\.tgz\n$/);
    const { privateKey } = generateKeyPairSync('ed25519');
    const keyFile = join(dir, 'release.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const { signaturePath, publicKeyPem } = signFile(sums, readReleaseKey(keyFile));
    assert.equal(readFileSync(signaturePath).length, 64, 'a raw Ed25519 signature');
    assert.ok(verifySignature(readFileSync(sums), readFileSync(signaturePath), publicKeyPem));
    const pub = join(dir, 'release.pub.pem');
    writeFileSync(pub, publicKeyPem);

    if (!hasOpenssl) return t.skip('openssl is not installed');
    const verify = () => spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', sums, '-sigfile', signaturePath], { encoding: 'utf8' });
    const ok = verify();
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Signature Verified Successfully/);
    writeFileSync(sums, readFileSync(sums, 'utf8').replace(/^./, (c) => (c === '0' ? '1' : '0')));
    assert.notEqual(verify().status, 0, 'a changed SHA256SUMS fails');
    assert.ok(!verifySignature(readFileSync(sums), readFileSync(signaturePath), publicKeyPem));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a release key must be an unencrypted Ed25519 private key', () => {
  const dir = tree({});
  try {
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.throws(() => readReleaseKey(rsa), /an Ed25519 key is required, this is rsa/);
    const encrypted = join(dir, 'enc.pem');
    writeFileSync(encrypted, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }));
    assert.throws(() => readReleaseKey(encrypted), /not a readable, unencrypted PEM private key/);
    assert.throws(() => readReleaseKey(join(dir, 'missing.pem')), /SEKISHO_RELEASE_KEY=/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the module walk keeps what the entry points reach and refuses a reference to nothing', () => {
  const emit = tree({
    'cli/main.js': "import { a } from '../util/a.js';\nconst s = await import('./commands/scan.js');\n",
    'util/a.js': "export const a = 1; const v = new URL('../../package.json', import.meta.url); const c = new URL('../config/schema.json', import.meta.url);",
    'commands/x.js': '',
    'cli/commands/scan.js': "import '../../util/side-effect.js';",
    'util/side-effect.js': '',
    'util/unused.js': "import './gone.js';",
    'scan/scan-worker.js': "export {} from '../util/a.js';",
    'audit/verify-worker.js': "import '../util/side-effect.js';",
  });
  const src = tree({ 'config/schema.json': '{}' });
  try {
    assert.deepEqual(reachableFiles(emit, src), ['audit/verify-worker.js', 'cli/commands/scan.js', 'cli/main.js', 'config/schema.json', 'scan/scan-worker.js', 'util/a.js', 'util/side-effect.js']);
    writeFileSync(join(emit, 'util/side-effect.js'), "import('./missing.js');");
    assert.throws(() => reachableFiles(emit, src), /util\/missing\.js is referenced but does not exist/);
    writeFileSync(join(emit, 'util/side-effect.js'), "import x from '../../../etc/passwd.js';");
    assert.throws(() => reachableFiles(emit, src), /refers outside the application/);
    writeFileSync(join(emit, 'util/side-effect.js'), "import x from './still-typescript.ts';");
    assert.throws(() => reachableFiles(emit, src), /still-typescript\.ts is referenced but does not exist/, 'an import tsc did not rewrite stops the build');
  } finally {
    rmSync(emit, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
});

test("a component's digest is its files' sha256sum listing, as the documented shell pipeline computes it", async (t) => {
  const dir = tree({ 'package.json': '{"name":"x"}', 'dist/index.js': 'export {}', 'README.md': '# x', 'Z.txt': 'upper case sorts first' });
  try {
    const files = listFiles(dir);
    assert.deepEqual(files, ['README.md', 'Z.txt', 'dist/index.js', 'package.json']);
    const entries = [];
    for (const path of files) entries.push({ path, sha256: (await digestFile(join(dir, path))).sha256 });
    const digest = digestListing(entries);
    if (spawnSync('sh', ['-c', 'command -v sha256sum && command -v find && command -v xargs']).status !== 0) return t.skip('coreutils/findutils not installed');
    const shell = spawnSync('sh', ['-c', "find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum"], { cwd: dir, encoding: 'utf8' });
    assert.equal(shell.stdout.split(' ')[0], digest.sha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('purls and licences follow the CycloneDX / npm conventions', () => {
  assert.equal(npmPurl('yaml', '2.9.1'), 'pkg:npm/yaml@2.9.1');
  assert.equal(npmPurl('@scope/pkg', '1.0.0-rc.1'), 'pkg:npm/%40scope/pkg@1.0.0-rc.1');
  assert.deepEqual(licenseChoice('MIT'), [{ license: { id: 'MIT' } }]);
  assert.deepEqual(licenseChoice('(MIT OR Apache-2.0)'), [{ expression: '(MIT OR Apache-2.0)' }]);
  assert.deepEqual(licenseChoice('UNLICENSED'), [{ license: { name: 'UNLICENSED' } }]);
});
