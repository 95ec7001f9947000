/**
 * The process series Prometheus users expect from any service (the names the common client libraries
 * use, so existing dashboards work): CPU, memory, start time, open files, V8 heap, event-loop lag.
 * Read at scrape time; the event-loop delay monitor runs until `stop()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Registry } from './registry.ts';

export function registerProcessMetrics(r: Registry): { stop(): void } {
  const startTime = Math.round(Date.now() / 1000 - process.uptime());
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  r.gauge('process_cpu_seconds_total', 'User and system CPU time spent by the process, seconds.', [], () => {
    const { user, system } = process.cpuUsage();
    return [[{}, (user + system) / 1e6]];
  }, 'counter');
  r.gauge('process_resident_memory_bytes', 'Resident set size of the process, bytes.', [], () => [[{}, process.memoryUsage.rss()]]);
  r.gauge('process_start_time_seconds', 'When the process started, Unix time in seconds.', [], () => [[{}, startTime]]);
  r.gauge('process_open_fds', 'Open file descriptors (Linux: /proc/self/fd).', [], () => {
    const n = openFds();
    return n === undefined ? [] : [[{}, n]];
  });
  r.gauge('process_max_fds', 'Limit on open file descriptors (Linux: /proc/self/limits).', [], () => {
    const n = maxFds();
    return n === undefined ? [] : [[{}, n]];
  });
  r.gauge('nodejs_heap_size_used_bytes', 'V8 heap in use, bytes.', [], () => [[{}, process.memoryUsage().heapUsed]]);
  r.gauge('nodejs_heap_size_total_bytes', 'V8 heap allocated, bytes.', [], () => [[{}, process.memoryUsage().heapTotal]]);
  r.gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (buffers), bytes.', [], () => [[{}, process.memoryUsage().external]]);
  // Mean and maximum since the previous scrape: a blocked event loop delays every request in flight.
  let max = 0;
  r.gauge('nodejs_eventloop_lag_seconds', 'Mean event-loop delay since the previous scrape, seconds.', [], () => {
    const mean = Number.isFinite(lag.mean) ? lag.mean / 1e9 : 0;
    max = lag.max > 0 ? lag.max / 1e9 : 0;
    lag.reset();
    return [[{}, mean]];
  });
  r.gauge('nodejs_eventloop_lag_max_seconds', 'Longest event-loop delay since the previous scrape, seconds.', [], () => [[{}, max]]);
  return { stop: () => lag.disable() };
}

function openFds(): number | undefined {
  try {
    // The listing's own descriptor is in it: subtract it.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return undefined;
  }
}

function maxFds(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}
