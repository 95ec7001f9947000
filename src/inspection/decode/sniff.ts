/**
 * Compressed and image formats cannot hold a readable secret, yet they are the usual big base64 blobs
 * (screenshots, data: URLs, archives). Recognising them by their first bytes lets the decoder drop them
 * without spending the per-request decoding budget on them.
 */

const MAGICS: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x1f, 0x8b], // gzip
  [0x50, 0x4b, 0x03, 0x04], // zip, jar, docx, xlsx
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x00, 0x00, 0x00], // ISO BMFF (mp4, heic, avif) box size prefix
];

/** True when `bytes[0, n)` starts like a compressed or image file. */
export function isOpaqueBinary(bytes: Uint8Array, n: number): boolean {
  for (const magic of MAGICS) {
    if (n < magic.length) continue;
    let k = 0;
    while (k < magic.length && bytes[k] === magic[k]) k++;
    if (k === magic.length) return true;
  }
  // RIFF....WEBP
  return n >= 12 && bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45;
}
