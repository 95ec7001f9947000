/**
 * Child processes for the benchmark (fake upstream, gateway) and what /proc says about them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Child {
  proc: ChildProcess;
  /** Origin printed by the child. */
  url: string;
  /** The child's own pid (as printed by it, i.e. the node process itself). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `node [nodeArgs] <script> [args]` and waits (up to `startMs`, default 20 s) for its `{"url","pid"}` line. */
export function startChild(script: URL, args: string[] = [], nodeArgs: string[] = [], startMs = 20_000): Promise<Child> {
  const proc = spawn(process.execPath, [...nodeArgs, fileURLToPath(script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise<Child>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      reject(new Error(`${script.pathname}: no start-up line within ${startMs / 1000} s`));
    }, startMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script.pathname} exited early (code ${code})`));
    });
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (data: string) => {
      out += data;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, nl)) as { url: string; pid: number };
      resolve({
        proc,
        url: info.url,
        pid: info.pid,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done();
            const force = setTimeout(() => proc.kill('SIGKILL'), 10_000);
            proc.once('exit', () => {
              clearTimeout(force);
              done();
            });
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

export interface Memory {
  rssMb: number;
  /** Peak RSS since the last `resetPeak` (or since start). */
  peakMb: number;
}

export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Resets VmHWM to the current RSS (Linux `clear_refs` 5); returns false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the `(comm)` part; utime and stime are fields 14 and 15 (1-based) of the whole line.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

export function machine(): { cpu: string; cores: number; node: string; kernel: string } {
  let cpu = 'unknown';
  let cores = 0;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
    cores = (info.match(/^processor\s*:/gm) ?? []).length;
  } catch {
    // Not Linux: leave unknown.
  }
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // As above.
  }
  return { cpu, cores, node: process.version, kernel };
}

/**
 * The child side of `startChild` for a plain HTTP server: listens on a loopback port, prints the
 * `{"url","pid"}` line, and exits on SIGTERM or when its stdin closes (the bench ended or died).
 */
export function serveAsChild(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }) + '\n');
  });
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
