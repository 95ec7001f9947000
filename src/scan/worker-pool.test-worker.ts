/** A worker for worker-pool.test.ts: doubles numbers after uneven work, sums bytes, or misbehaves on request. */
import { serveTasks } from './worker-serve.ts';

type Input = { n: number; mode?: 'throw' | 'exit' | 'hang'; bytes?: Uint8Array };

serveTasks((input: Input) => {
  if (input.bytes !== undefined) return input.bytes.reduce((sum, b) => sum + b, 0);
  if (input.mode === 'throw') throw new Error(`cannot handle ${input.n}`);
  if (input.mode === 'exit') process.exit(3);
  if (input.mode === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  // Uneven work so tasks finish out of order across workers.
  const until = performance.now() + ((input.n * 7) % 5);
  while (performance.now() < until);
  return input.n * 2;
});
