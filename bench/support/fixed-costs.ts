/**
 * Where the fixed cost of a small request goes: the same 2 KB Anthropic requests (new text each, c=1)
 * through several gateways that differ in one part of the pipeline each — all of it; the audit trail
 * off; inspection off; both off — and the null proxy as the floor. Slices interleaved over several
 * rounds, CPU of each process from /proc per request, medians: on a loaded machine, the differences
 * between the columns are the parts' CPU cost per request.
 *
 *   node bench/support/fixed-costs.ts [requests per slice, default 300] [rounds, default 5]
 */
import { createAgent, runLoad, type NextRequest } from './load.ts';
import { codeText } from './request-bodies.ts';
import { cpuMs, startChild, type Child } from './processes.ts';

const PER_SLICE = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 5);
const VARIANTS: Array<[string, object | undefined]> = [
  ['full pipeline', undefined],
  ['audit off', { audit: { enabled: false } }],
  ['inspection off', { inspection: { mode: 'off' } }],
  ['audit + inspection off', { audit: { enabled: false }, inspection: { mode: 'off' } }],
];
const MODELS = { passthrough: 'bench-anthropic', translated: 'bench-chat' } as const;

let seed = 1;
const small = (model: string) => (): NextRequest => {
  const s = seed++;
  const body = { model, stream: false, max_tokens: 1024, system: 'You are a careful coding assistant.', messages: [{ role: 'user', content: `Explain this code:\n${codeText(2048 - 400, s * 31 + 7)}` }] };
  return { body: Buffer.from(JSON.stringify(body)), headers: { 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': `5e55a000-0000-4000-8000-${s.toString(16).padStart(12, '0')}` } };
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const fake = await startChild(new URL('./fast-upstream.ts', import.meta.url));
const children: Array<[string, Child]> = [];
try {
  const nullProxy = await startChild(new URL('./null-proxy.ts', import.meta.url), [fake.url]);
  children.push(['null proxy', nullProxy]);
  for (const [name, patch] of VARIANTS) {
    if (patch) process.env.SEKISHO_BENCH_CONFIG_PATCH = JSON.stringify(patch);
    else delete process.env.SEKISHO_BENCH_CONFIG_PATCH;
    children.push([name, await startChild(new URL('./gateway-process.ts', import.meta.url), [fake.url])]);
  }
  delete process.env.SEKISHO_BENCH_CONFIG_PATCH;
  const cpu = new Map<string, number[]>();
  for (const path of ['passthrough', 'translated'] as const) {
    for (const [, child] of children) {
      const agent = createAgent(1);
      await runLoad({ origin: child.url, agent }, { concurrency: 1, count: 100, next: small(MODELS[path]), path: '/v1/messages' });
      agent.destroy();
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? children : [...children].reverse();
      for (const [name, child] of order) {
        const agent = createAgent(1);
        const before = cpuMs(child.pid);
        const r = await runLoad({ origin: child.url, agent }, { concurrency: 1, count: PER_SLICE, next: small(MODELS[path]), path: '/v1/messages' });
        agent.destroy();
        if (r.errors > 0) throw new Error(`${name}: ${r.errors} errors: ${r.errorSamples.join('; ')}`);
        const key = `${path}|${name}`;
        cpu.set(key, [...(cpu.get(key) ?? []), (cpuMs(child.pid) - before) / PER_SLICE]);
      }
    }
  }
  console.log(`2 KB requests, c=1: CPU ms per request of each server process (/proc), median of ${ROUNDS} interleaved slices of ${PER_SLICE}\n`);
  console.log(`| path | ${children.map(([n]) => n).join(' | ')} |`);
  console.log(`|---|${children.map(() => '---:').join('|')}|`);
  for (const path of ['passthrough', 'translated']) {
    console.log(`| ${path} | ${children.map(([n]) => median(cpu.get(`${path}|${n}`)!).toFixed(3)).join(' | ')} |`);
  }
} finally {
  for (const [, c] of children) await c.stop();
  await fake.stop();
}
