/** Parses a transcript key: 64 hex characters or the base64 of 32 bytes. */
export function parseTranscriptKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(t)) {
    const key = Buffer.from(t, 'base64');
    if (key.length === 32) return key;
  }
  throw new Error('a transcript key must be 32 bytes written as 64 hex characters or as base64 (e.g. `openssl rand -hex 32`)');
}
