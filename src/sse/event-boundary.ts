/**
 * Index just past the last complete SSE event in `buf` (after its blank line), or 0 when none is
 * complete. Lets a passthrough forward whole events only, so a stream cut by an upstream failure never
 * leaves the client holding half an event before Sekisho's error event.
 */
export function lastEventBoundary(buf: Buffer): number {
  const lf = buf.lastIndexOf('\n\n');
  const crlf = buf.lastIndexOf('\r\n\r\n');
  const a = lf === -1 ? 0 : lf + 2;
  const b = crlf === -1 ? 0 : crlf + 4;
  return Math.max(a, b);
}
