/** `sekisho serve` as a child process, for end-to-end tests: started, its JSON log lines collected, stopped. */
import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/sekisho.js', import.meta.url).pathname;

export interface ServeProcess {
  child: ChildProcess;
  /** The gateway origin from the `sekisho listening` line. */
  url: string;
  /** Every JSON log line so far (the list grows while the process runs). */
  lines: Array<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `sekisho serve ARGS...` and resolves once it listens (rejects if it exits or takes over `ms`). */
export async function startServeProcess(args: string[], ms = 15_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl; (nl = buffer.indexOf('\n')) !== -1; buffer = buffer.slice(nl + 1)) {
        try {
          const entry = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
          lines.push(entry);
          if (entry.msg === 'sekisho listening') resolve(entry.url as string);
        } catch {
          // not JSON
        }
      }
    });
    void exit.then((code) => reject(new Error(`sekisho serve exited with ${code}: ${JSON.stringify(lines)}`)));
    setTimeout(() => reject(new Error('sekisho serve did not start in time')), ms).unref();
  }).catch((err: unknown) => {
    child.kill('SIGTERM');
    throw err;
  });
  return {
    child,
    url,
    lines,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
}
