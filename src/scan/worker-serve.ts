import { parentPort } from 'node:worker_threads';
import type { TaskReply } from './worker-pool.ts';

/**
 * The worker side of `runOrdered`: answers each `{ id, input }` with `handle(input)`. A throw is sent back
 * as an error reply (the pool then fails the run) rather than killing the thread, so the message names
 * what went wrong.
 */
export function serveTasks<I, O>(handle: (input: I) => O): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks must run in a worker thread');
  port.on('message', (message: { id: number; input: I }) => {
    let reply: TaskReply;
    try {
      reply = { id: message.id, ok: true, value: handle(message.input) };
    } catch (err) {
      reply = { id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
