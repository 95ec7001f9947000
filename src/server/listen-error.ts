import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: addresses no other machine can reach. */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 0) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return (isIP(v4) === 4 && v4.startsWith('127.')) || address === '::1';
}

/**
 * Why listening failed, said for an operator: which address and port, and what to do — instead of
 * Node's `listen EADDRINUSE: address already in use 127.0.0.1:8787` with a stack trace.
 */
export class ListenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
    this.code = code;
  }
}

export function listenError(err: unknown, host: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const change = 'choose another with --port, SEKISHO_PORT or server.port in the config';
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(code, `port ${port} is already in use on ${host} (another sekisho or another server is listening on ${where}): stop it, or ${change}`, { cause: err });
    case 'EACCES':
      return new ListenError(code, `not allowed to listen on ${where}: ports below 1024 need privileges; ${change}`, { cause: err });
    case 'EADDRNOTAVAIL':
      return new ListenError(code, `cannot listen on ${where}: ${host} is not an address of this machine; set --host, SEKISHO_HOST or server.host`, { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(code, `cannot listen on ${where}: the host name ${host} does not resolve; set --host, SEKISHO_HOST or server.host to an address`, { cause: err });
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}
