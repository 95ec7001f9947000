/**
 * HTTPS on the listener (`server.tls`): the certificate and key come from PEM files, checked for a
 * change every `reloadInterval` and swapped in with `setSecureContext`, so a renewed certificate is
 * served without a restart. A file that cannot be used at start is a configuration error (the gateway
 * does not start); at a reload the previous certificate stays in use and the problem is logged once.
 */
import { readFileSync, statSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Server as HttpsServer } from 'node:https';
import type { TlsConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import { ConfigError } from '../config/config-error.ts';

/**
 * Reads the files into the options `https.createServer` / `setSecureContext` take, and checks that they
 * make a usable context (PEM that parses, a key that matches the certificate). Throws an Error naming
 * the file and the problem.
 */
export function readTlsFiles(tls: TlsConfig): SecureContextOptions {
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(err));
      throw new Error(`cannot read the TLS ${what} file ${path}: ${reason}`);
    }
  };
  const options: SecureContextOptions = { cert: read(tls.certFile, 'certificate'), key: read(tls.keyFile, 'key'), minVersion: tls.minVersion };
  if (!options.cert!.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error(`the TLS certificate file ${tls.certFile} holds no PEM certificate`);
  try {
    createSecureContext(options);
  } catch (err) {
    throw new Error(`the TLS certificate ${tls.certFile} and key ${tls.keyFile} cannot be used together: ${(err as Error).message}`);
  }
  return options;
}

/** `readTlsFiles` for start-up: a problem is a `ConfigError` at `server.tls`, printed without a stack. */
export function readTlsFilesAtStart(tls: TlsConfig): SecureContextOptions {
  try {
    return readTlsFiles(tls);
  } catch (err) {
    throw new ConfigError([{ where: 'server.tls', text: (err as Error).message }]);
  }
}

/**
 * Polls the files and swaps the server's context when they changed and make a usable pair again.
 * Why polling (stat every interval) rather than fs.watch: certificate renewals replace files through
 * symlinks and renames (certbot, Kubernetes secrets) that watches miss. Returns a stop function.
 */
export function watchTlsFiles(server: HttpsServer, tls: TlsConfig, log: Logger): () => void {
  let applied = signature(tls);
  let failed: string | undefined;
  const timer = setInterval(() => {
    const now = signature(tls);
    if (now === applied || now === failed) return;
    try {
      server.setSecureContext(readTlsFiles(tls));
      applied = now;
      failed = undefined;
      log.info('tls certificate reloaded', { cert: tls.certFile });
    } catch (err) {
      // Often the certificate was written and the key is still to come: retried at the next change.
      failed = now;
      log.error('tls certificate not reloaded; the previous one stays in use', { error: (err as Error).message });
    }
  }, tls.reloadIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What identifies a version of the files: size, modification time and inode of each (through symlinks). */
function signature(tls: TlsConfig): string {
  return [tls.certFile, tls.keyFile]
    .map((path) => {
      const s = statSync(path, { throwIfNoEntry: false, bigint: true });
      return s === undefined ? 'missing' : `${s.ino}:${s.size}:${s.mtimeNs}`;
    })
    .join('|');
}
