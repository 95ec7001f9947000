/**
 * A reproducible .tar.gz of one directory: GNU tar with entries sorted by name, one fixed mtime, owner
 * root:root by number; gzip by Node's zlib (no name or time in its header).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export async function writeTarGz(parentDir: string, name: string, outFile: string, mtimeEpoch: number): Promise<void> {
  const tar = spawn('tar', ['--sort=name', `--mtime=@${mtimeEpoch}`, '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '-cf', '-', '-C', parentDir, name], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  tar.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', resolve);
  });
  await pipeline(tar.stdout, createGzip({ level: 9 }), createWriteStream(outFile));
  const code = await exited;
  if (code !== 0) throw new Error(`tar failed (exit ${code}; GNU tar 1.28 or newer is needed): ${stderr.trim()}`);
}
