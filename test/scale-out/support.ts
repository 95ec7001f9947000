/** Helpers of the scale-out tests: requests on a fresh connection each, health and metrics of a gateway. */
import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * POSTs JSON on a new connection (`agent: false`, `connection: close`), so that with `--workers N` the
 * primary hands each request to a worker afresh instead of reusing one worker's kept-alive socket.
 */
export function postFresh(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': data.length, connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('answer cut')));
    });
    // A connection the cluster primary was handing to a worker at the moment that worker died is never
    // answered (node:cluster's round-robin handoff does not re-route it): give up on it like a client would.
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(data);
  });
}

export async function getJson(url: string, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function getText(url: string, token?: string): Promise<string> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** Sum of a metric's samples whose line matches every `has` fragment. */
export function sumSamples(exposition: string, name: string, ...has: string[]): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (!has.every((h) => line.includes(h))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Polls `check` (async) every 100 ms until it holds, or fails after `ms`; a check that throws counts as false. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    // A failed check (a kept-alive connection to a worker that was just killed) is "not yet".
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
