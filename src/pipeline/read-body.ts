import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate, createZstdDecompress } from 'node:zlib';
import type { Transform } from 'node:stream';
import { gatewayError } from '../errors.ts';

/**
 * Reads a request body into memory, undoing gzip/deflate/br/zstd content-encoding, and refusing bodies
 * over `limit` bytes (measured after decompression, so a small zip bomb cannot get past it). The
 * declared content-length is checked first so an oversized upload is refused before it is read.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  // Not drained: the error answer closes the connection instead (server/respond.ts sendError).
  if (Number.isFinite(declared) && declared > limit) {
    throw gatewayError('SEKISHO_ERR_BODY_TOO_LARGE', { limit });
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let source: AsyncIterable<Buffer> = req;
  if (encoding !== 'identity' && encoding !== '') {
    const decoder = decoderFor(encoding);
    if (!decoder) {
      throw gatewayError('SEKISHO_ERR_UNSUPPORTED_ENCODING', { detail: encoding });
    }
    req.pipe(decoder);
    source = decoder;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) throw gatewayError('SEKISHO_ERR_BODY_TOO_LARGE', { limit });
      chunks.push(chunk);
    }
  } catch (err) {
    req.resume();
    if (err instanceof Error && 'code' in err && String((err as NodeJS.ErrnoException).code).startsWith('Z_')) {
      throw gatewayError('SEKISHO_ERR_INVALID_REQUEST', { detail: `body is not valid ${encoding} data` }, { cause: err });
    }
    throw err;
  }
  return Buffer.concat(chunks, size);
}

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    case 'zstd':
      return createZstdDecompress();
    default:
      return undefined;
  }
}
