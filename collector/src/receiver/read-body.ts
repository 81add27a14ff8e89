import type { Readable } from 'node:stream';
import { gunzip, inflate } from 'node:zlib';
import { SightlineError } from '../errors.js';

export type ContentEncoding = 'identity' | 'gzip' | 'deflate';

/** The Content-Encoding header → one we decompress, or a 415 error. */
export function parseContentEncoding(header: string | undefined): ContentEncoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  throw new SightlineError('SIGHTLINE_OTLP_UNSUPPORTED_ENCODING', value);
}

/**
 * Reads a request body with two caps: `maxBytes` on the wire (413 as soon as it is passed, the
 * rest is not buffered) and `maxDecompressedBytes` after decompression. zlib's `maxOutputLength`
 * aborts inflation at the cap, so a gzip bomb costs at most that much memory, never its full size.
 */
export async function readBody(
  stream: Readable,
  encoding: ContentEncoding,
  maxBytes: number,
  maxDecompressedBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > maxBytes) {
      // Stop buffering; drain the rest in the background so the connection can answer 413.
      stream.resume();
      throw new SightlineError('SIGHTLINE_OTLP_BODY_TOO_LARGE', maxBytes);
    }
    chunks.push(buffer);
  }
  const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  if (encoding === 'identity') return raw;
  return new Promise<Buffer>((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => {
      if (!error) return resolve(result);
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        reject(new SightlineError('SIGHTLINE_OTLP_DECOMPRESSED_TOO_LARGE', maxDecompressedBytes));
      } else {
        reject(new SightlineError('SIGHTLINE_OTLP_BAD_COMPRESSION', error.message));
      }
    };
    if (encoding === 'gzip') gunzip(raw, { maxOutputLength: maxDecompressedBytes }, done);
    else inflate(raw, { maxOutputLength: maxDecompressedBytes }, done);
  });
}
