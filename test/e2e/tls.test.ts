/**
 * HTTPS on the listener (`server.tls`): the official SDK talks to the gateway through a private CA, a
 * renewed certificate is served without a restart, a broken renewal keeps the old certificate, and an
 * unusable file stops the start with a clear message. Certificates are made with the openssl command
 * line; without it the tests are skipped (visibly).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, getCACertificates, setDefaultCACertificates, type PeerCertificate } from 'node:tls';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import OpenAI from 'openai';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { hasOpenssl, makeCertificate } from '../support/self-signed.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { isLoopback } from '../../src/server/listen-error.ts';

const skip = hasOpenssl() ? false : 'openssl is not installed: TLS tests skipped';

/** The certificate a new TLS connection to `url` is served (trusting only `ca`). */
function servedCertificate(url: string, ca: string[]): Promise<PeerCertificate> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.once('error', reject);
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (await check()) return;
  }
  throw new Error('condition not reached in time');
}

test('the OpenAI SDK reaches the gateway over HTTPS through a private CA; plain HTTP is not served', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-tls-'));
  let h: Harness | undefined;
  try {
    const cert = makeCertificate(dir, 'gateway-one');
    h = await startHarness({ configure: (c) => void (c.server.tls = { certFile: cert.certFile, keyFile: cert.keyFile, minVersion: 'TLSv1.2', reloadIntervalMs: 100 }) });
    assert.match(h.url, /^https:\/\/127\.0\.0\.1:\d+$/);

    // Before the CA is trusted the SDK refuses the connection: the certificate is really checked.
    const untrusting = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });
    await assert.rejects(untrusting.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), OpenAI.APIConnectionError);

    // What NODE_EXTRA_CA_CERTS does for a client process: the private CA joins the trusted ones.
    setDefaultCACertificates([...getCACertificates('default'), cert.certPem]);
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.object, 'chat.completion');
    const stream = await client.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);

    // Plain HTTP on the same port gets no answer.
    await assert.rejects(fetch(h.url.replace('https:', 'http:') + '/healthz'));
  } finally {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a renewed certificate is served without a restart; a broken renewal keeps the previous one and is logged', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-tls-'));
  let h: Harness | undefined;
  try {
    const one = makeCertificate(dir, 'gateway-one');
    const two = makeCertificate(dir, 'gateway-two');
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    copyFileSync(one.certFile, certFile);
    copyFileSync(one.keyFile, keyFile);
    h = await startHarness({ configure: (c) => void (c.server.tls = { certFile, keyFile, minVersion: 'TLSv1.2', reloadIntervalMs: 50 }) });
    const ca = [one.certPem, two.certPem];
    const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;
    assert.equal((await servedCertificate(h.url, ca)).fingerprint256, fingerprint(one.certPem));

    // Renewal: the key first, then the certificate (a moment when the pair does not match).
    copyFileSync(two.keyFile, keyFile);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await servedCertificate(h.url, ca)).fingerprint256, fingerprint(one.certPem), 'a mismatched pair is not used');
    copyFileSync(two.certFile, certFile);
    await waitFor(async () => (await servedCertificate(h!.url, ca)).fingerprint256 === fingerprint(two.certPem));
    assert.ok(h.logs.some((l) => l.includes('"tls certificate reloaded"')));

    // A broken file: the certificate in use stays, the problem is logged.
    writeFileSync(certFile, 'not a certificate\n');
    await waitFor(async () => h!.logs.some((l) => l.includes('"tls certificate not reloaded; the previous one stays in use"') && l.includes('holds no PEM certificate')));
    assert.equal((await servedCertificate(h.url, ca)).fingerprint256, fingerprint(two.certPem));
  } finally {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unusable certificate or key at start is a configuration error naming the file', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sekisho-tls-'));
  try {
    const one = makeCertificate(dir, 'gateway-one');
    const two = makeCertificate(dir, 'gateway-two');
    const cases: Array<[{ certFile: string; keyFile: string }, RegExp]> = [
      [{ certFile: join(dir, 'missing.pem'), keyFile: one.keyFile }, /cannot read the TLS certificate file .*missing\.pem: no such file/],
      [{ certFile: one.certFile, keyFile: two.keyFile }, /cannot be used together/],
      [{ certFile: one.keyFile, keyFile: one.keyFile }, /holds no PEM certificate/],
    ];
    for (const [files, message] of cases) {
      await assert.rejects(
        startHarness({ configure: (c) => void (c.server.tls = { ...files, minVersion: 'TLSv1.2', reloadIntervalMs: 1000 }) }),
        (err: unknown) => err instanceof ConfigError && /^server\.tls: /.test(err.message) && message.test(err.message),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('which listen addresses count as loopback (no plain-HTTP warning) and which do not', () => {
  for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.20', '::ffff:10.0.0.1', 'localhost', 'fe80::1']) assert.equal(isLoopback(a), false, a);
});
