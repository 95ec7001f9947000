/**
 * The zero-egress scenario. zero-egress.release.ts starts it inside a fresh network and mount namespace
 * (`unshare -n -m <node> egress-scenario.ts BUNDLE_DIR WORK_DIR`, as root): it brings up loopback, hides
 * every `node` on the system PATH, then runs the bundle's commands under `strace -f`, each step's
 * network system calls and program executions going to WORK_DIR/<step>.strace. The gateway serves one
 * request from a fake model server on loopback; a last `control` step runs a process that does reach out,
 * to show the tracing sees it. Prints one JSON report (`ScenarioReport`) on stdout.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeUpstream } from '../support/fake-upstream.ts';
import { writeCompanyRepo } from '../support/company-repo.ts';
import { GITHUB_TOKEN } from '../support/planted-credentials.ts';

export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface StepResult {
  name: string;
  args: string[];
  exit: number | null;
  stdout: string;
  stderr: string;
  log: string;
}

export interface ScenarioReport {
  interfaces: string[];
  hiddenNodes: string[];
  nodeOnPath: string;
  upstreamPort: number;
  gatewayPort: number;
  chat: { status: number; content: string };
  steps: StepResult[];
}

/** What the control step runs: a DNS lookup and a TCP connection to 192.0.2.1:443 (both fail in the namespace). */
const CONTROL = `require('node:dns').lookup('update-check.sekisho.invalid', () => require('node:net').connect(443, '192.0.2.1').on('error', () => {}));`;

const TRACE = ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,sendmmsg,execve', '-e', 'signal=none'];

function must(command: string, args: string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  return run.stdout;
}

async function main(): Promise<void> {
  const [bundleDir, workDir] = process.argv.slice(2);
  if (bundleDir === undefined || workDir === undefined) throw new Error('usage: egress-scenario.ts BUNDLE_DIR WORK_DIR');
  const sekisho = join(bundleDir, 'bin', 'sekisho');
  const dataDir = join(workDir, 'data');
  const home = join(workDir, 'home');
  mkdirSync(home, { recursive: true });

  must('ip', ['link', 'set', 'lo', 'up']);
  const interfaces = must('ip', ['-o', 'link', 'show']).split('\n').filter(Boolean).map((l) => l.split(':')[1]!.trim());
  // No system Node.js: whatever node the PATH holds becomes an empty, non-executable file in this namespace.
  const hiddenNodes: string[] = [];
  for (const dir of SYSTEM_PATH.split(':')) {
    for (const name of ['node', 'nodejs']) {
      const path = join(dir, name);
      if (existsSync(path)) {
        must('mount', ['--bind', '/dev/null', path]);
        hiddenNodes.push(path);
      }
    }
  }
  const nodeOnPath = spawnSync('sh', ['-c', 'command -v node nodejs'], { encoding: 'utf8', env: { PATH: SYSTEM_PATH } }).stdout.trim();
  const env = { PATH: SYSTEM_PATH, HOME: home, LANG: 'C.UTF-8' };
  const steps: StepResult[] = [];

  const traced = (name: string, args: string[], program = sekisho) => {
    const log = join(workDir, `${name}.strace`);
    const child = spawn('strace', [...TRACE, '-o', log, program, ...args], { env, cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
    const done = new Promise<StepResult>((resolve) => child.on('close', (exit) => resolve({ name, args, exit, ...out, log })));
    return { child, out, done };
  };
  const run = async (name: string, args: string[], program = sekisho): Promise<StepResult> => {
    const result = await traced(name, args, program).done;
    steps.push(result);
    return result;
  };

  // serve: a fake model server on loopback, one request through the gateway, then SIGTERM.
  const fake = await startFakeUpstream();
  const upstreamPort = Number(new URL(fake.url).port);
  const serve = traced('serve', ['serve', '--port', '0', '--upstream', fake.baseUrl, '--upstream-model', 'local-coder', '--data-dir', dataDir]);
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /"msg":"sekisho listening".*?"url":"(http:\/\/[^"]+)"/.exec(serve.out.stderr)?.[1];
      if (url !== undefined) {
        clearInterval(timer);
        resolve(url);
      }
    }, 50);
    void serve.done.then((r) => {
      clearInterval(timer);
      reject(new Error(`serve exited (${r.exit}) before listening:\n${r.stderr}`));
    });
  });
  const res = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }),
  });
  const answer = (await res.json()) as { choices?: Array<{ message?: { content?: string } }> };
  const chat = { status: res.status, content: answer.choices?.[0]?.message?.content ?? '' };
  // The traced gateway is strace's child (the launcher execs node in place): stop it like systemd would.
  const children = readFileSync(`/proc/${serve.child.pid}/task/${serve.child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  for (const pid of children) process.kill(pid, 'SIGTERM');
  steps.push(await serve.done);
  await fake.close();

  await run('keys-create', ['keys', 'create', '--user', 'rita', '--team', 'payments', '--data-dir', dataDir]);
  await run('keys-ls', ['keys', 'ls', '--data-dir', dataDir]);
  await run('audit-verify', ['audit', 'verify', '--data-dir', dataDir]);
  const policy = join(workDir, 'policy.yaml');
  writeFileSync(policy, 'default: allow\nrules:\n  - name: no-private-keys\n    action: block\n    reason: never send a private key\n    when:\n      findings: { rule: [sekisho-private-key] }\n');
  await run('policy-check', ['policy', 'check', '--policy', policy, '--data-dir', dataDir]);
  const tree = join(workDir, 'tree');
  mkdirSync(join(tree, 'src'), { recursive: true });
  writeFileSync(join(tree, 'src', 'config.ts'), `export const token = '${GITHUB_TOKEN}';\n`);
  writeFileSync(join(tree, 'src', 'clean.ts'), 'export const answer = 42;\n');
  writeFileSync(join(tree, 'README.md'), '# a small tree\n');
  await run('scan', ['scan', '--workers', '2', tree]);
  const repo = join(workDir, 'acme-platform');
  await writeCompanyRepo(repo);
  await run('index-add', ['index', 'add', repo, '--data-dir', dataDir]);

  // The control: the same tracing around a process that does look a name up and connect out (to
  // TEST-NET-1). The check must see both, or a clean result above would prove nothing.
  await run('control', ['-e', CONTROL], join(bundleDir, 'node', 'bin', 'node'));

  const report: ScenarioReport = { interfaces, hiddenNodes, nodeOnPath, upstreamPort, gatewayPort: Number(new URL(gatewayUrl).port), chat, steps };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`egress scenario: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
