/**
 * Reads `strace -f -o FILE` output: every socket address a traced process passed to the kernel
 * (connect, sendto, sendmsg, …) and every program it executed. A network line whose address cannot be
 * read is returned as `unreadable` so a check can fail closed rather than miss it.
 */

export interface SocketAddress {
  pid: number;
  syscall: string;
  /** `AF_INET`, `AF_INET6`, `AF_UNIX`, `AF_NETLINK`, `AF_UNSPEC`, … */
  family: string;
  /** IP address (AF_INET / AF_INET6) or socket path (AF_UNIX). */
  address?: string;
  port?: number;
  line: string;
}

export interface Exec {
  pid: number;
  path: string;
  /** The system call's result: `0` when the program ran. */
  result: string;
}

export interface StraceLog {
  addresses: SocketAddress[];
  execs: Exec[];
  unreadable: string[];
}

const LINE = /^(\d+)\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()(.*)$/;
const NETWORK_SYSCALLS = new Set(['connect', 'sendto', 'sendmsg', 'sendmmsg']);

export function parseStraceLog(text: string): StraceLog {
  const log: StraceLog = { addresses: [], execs: [], unreadable: [] };
  const pendingExec = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue; // signals, exits, empty lines
    const pid = Number(m[1]);
    const resumed = m[2];
    const syscall = resumed ?? m[3]!;
    const rest = m[4]!;
    if (syscall === 'execve') {
      const path = resumed === undefined ? /^"((?:[^"\\]|\\.)*)"/.exec(rest)?.[1] : pendingExec.get(pid);
      if (rest.endsWith('<unfinished ...>')) {
        if (path !== undefined) pendingExec.set(pid, path);
        continue;
      }
      pendingExec.delete(pid);
      const result = /\) = (-?\d+)/.exec(rest)?.[1] ?? '?';
      if (path === undefined) log.unreadable.push(line);
      else log.execs.push({ pid, path, result });
      continue;
    }
    if (!NETWORK_SYSCALLS.has(syscall)) continue;
    const families = [...rest.matchAll(/sa_family=(AF_\w+)/g)];
    if (families.length === 0) {
      // connect always carries an address; sendto/sendmsg on a connected socket have none (NULL).
      if (syscall === 'connect' && resumed === undefined) log.unreadable.push(line);
      continue;
    }
    for (const f of families) {
      const family = f[1]!;
      const after = rest.slice(f.index);
      const entry: SocketAddress = { pid, syscall, family, line };
      if (family === 'AF_INET') {
        const a = /^sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(after);
        if (a === null) log.unreadable.push(line);
        else Object.assign(entry, { port: Number(a[1]), address: a[2] });
      } else if (family === 'AF_INET6') {
        const a = /^sa_family=AF_INET6, sin6_port=htons\((\d+)\),[^}]*?inet_pton\(AF_INET6, "([^"]+)"/.exec(after);
        if (a === null) log.unreadable.push(line);
        else Object.assign(entry, { port: Number(a[1]), address: a[2] });
      } else if (family === 'AF_UNIX') {
        const a = /^sa_family=AF_UNIX, sun_path=(@?"(?:[^"\\]|\\.)*")/.exec(after);
        if (a !== null) entry.address = a[1];
      }
      log.addresses.push(entry);
    }
  }
  return log;
}

/** Loopback addresses: 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
export function isLoopback(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address) || address === '::1' || /^::ffff:127\.\d+\.\d+\.\d+$/i.test(address);
}

/**
 * What a log shows beyond the allowed loopback ports: an IP address that is not loopback or a port not
 * in `allowedPorts` (DNS is port 53), any other address family but netlink (the kernel, e.g. interface
 * lookups) — a local socket such as nscd's is a name lookup — and lines that could not be read.
 */
export function egressViolations(log: StraceLog, allowedPorts: ReadonlySet<number>): string[] {
  const found = log.unreadable.map((line) => `unreadable: ${line}`);
  for (const a of log.addresses) {
    if (a.family === 'AF_NETLINK') continue;
    const ip = a.family === 'AF_INET' || a.family === 'AF_INET6';
    if (!ip || a.address === undefined || !isLoopback(a.address) || !allowedPorts.has(a.port!)) {
      found.push(`${a.syscall} ${a.family} ${a.address ?? '?'}${a.port === undefined ? '' : `:${a.port}`}`);
    }
  }
  return found;
}
