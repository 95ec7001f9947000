/**
 * Proof of zero egress: the release bundle, in a network namespace with only loopback and no Node.js on
 * the system, serves a request from a model server on loopback and runs the data commands, scan and
 * index — and `strace -f` sees no connection (nor datagram) to anything but that model server and the
 * gateway's own port: no DNS, no telemetry, no update check, and no program but the bundle's own.
 *
 * Needs Linux, root (unshare -n -m, mount), strace and iproute2; elsewhere it is skipped with the
 * reason. Reads the tarball `npm run dist` wrote to dist/ (`npm run test:release` builds it first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioReport } from './egress-scenario.ts';
import { egressViolations, parseStraceLog } from './strace-log.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const tarball = join(root, 'dist', `sekisho-${version}-${process.platform}-${process.arch}.tar.gz`);

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root for unshare -n -m and mount';
  for (const tool of ['unshare', 'strace', 'ip', 'mount']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  const ns = spawnSync('unshare', ['-n', '-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (ns.status !== 0) return `unshare -n -m is not permitted here: ${ns.stderr.trim() || `exit ${ns.status}`}`;
  const trace = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (trace.status !== 0) return `strace cannot trace here: ${trace.stderr.trim() || `exit ${trace.status}`}`;
  return undefined;
}

const skip = unavailable();
if (skip !== undefined) process.stderr.write(`zero-egress test SKIPPED: ${skip}\n`);

test('the bundle contacts nothing but the configured loopback upstream and its own port', { skip: skip ?? false }, async (t) => {
  assert.ok(existsSync(tarball), `${tarball} is missing: run npm run dist first (npm run test:release does)`);
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-egress-'));
  try {
    const extract = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
    assert.equal(extract.status, 0, extract.stderr);
    const bundle = join(dir, `sekisho-${version}`);
    const work = join(dir, 'work');
    const scenario = fileURLToPath(new URL('./egress-scenario.ts', import.meta.url));
    const run = spawnSync('unshare', ['-n', '-m', '--propagation', 'private', process.execPath, scenario, bundle, work], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(run.status, 0, `scenario failed:\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as ScenarioReport;

    assert.deepEqual(report.interfaces, ['lo'], 'the namespace has loopback only');
    assert.equal(report.nodeOnPath, '', 'no node on PATH inside the namespace');
    assert.deepEqual(report.chat, { status: 200, content: 'Hello from the fake upstream.' }, 'the request was served through the gateway');

    const expectedExit: Record<string, number> = { serve: 0, 'keys-create': 0, 'keys-ls': 0, 'audit-verify': 0, 'policy-check': 0, scan: 1, 'index-add': 0, control: 0 };
    assert.deepEqual(report.steps.map((s) => s.name).sort(), Object.keys(expectedExit).sort());
    const allowedPorts = new Set([report.upstreamPort, report.gatewayPort]);
    const bundledNode = join(bundle, 'node', 'bin', 'node');
    const ownPrograms = new Set([join(bundle, 'bin', 'sekisho'), bundledNode]);
    for (const step of report.steps) {
      await t.test(step.name, () => {
        assert.equal(step.exit, expectedExit[step.name], `${step.name} exit status\nstdout: ${step.stdout}\nstderr: ${step.stderr}`);
        const log = parseStraceLog(readFileSync(step.log, 'utf8'));
        const ran = log.execs.filter((e) => e.result === '0');
        assert.ok(ran.some((e) => e.path === bundledNode), 'the bundled node ran (and was traced)');
        for (const exec of ran) {
          const launcherTool = basename(exec.path) === 'readlink' && /^\/(usr\/)?bin\//.test(exec.path);
          assert.ok(ownPrograms.has(exec.path) || launcherTool, `unexpected program executed: ${exec.path}`);
        }
        const violations = egressViolations(log, allowedPorts);
        if (step.name === 'control') {
          assert.ok(violations.some((v) => /:53$/.test(v) || v.includes('AF_UNIX')), `the control's name lookup (DNS, or nscd) is seen: ${violations.join('; ')}`);
          assert.ok(violations.includes('connect AF_INET 192.0.2.1:443'), `the control's connection is seen: ${violations.join('; ')}`);
          return;
        }
        assert.deepEqual(violations, [], `${step.name} reached beyond the loopback upstream`);
        if (step.name === 'serve') {
          assert.ok(log.addresses.some((a) => a.syscall === 'connect' && a.port === report.upstreamPort), 'the gateway reached the upstream (strace saw its connections)');
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
