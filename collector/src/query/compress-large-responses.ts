import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Smaller answers go as they are: compressing them saves less than it costs. */
export const COMPRESS_MIN_BYTES = 64 * 1024;

/** The encoding to answer with: brotli, else gzip, if the client accepts it (a `q=0` refuses it). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** Whether a peer address is this machine (IPv4 127/8, IPv6 ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * Compresses big JSON answers when the client accepts it and is not on this machine. A 10,000-span trace is 5.4 MB of JSON and
 * 0.4 MB as brotli: over a real network that is most of the wait, and even on localhost the browser
 * spends less time taking in 0.4 MB. The fastest levels (brotli quality 1: ~20 ms for 5 MB; gzip
 * level 1: ~40 ms) run on libuv's thread pool, so the event loop keeps serving other requests.
 * A client on the loopback interface (a browser on this machine, a reverse proxy beside the
 * collector, which compresses for its own clients) gets the bytes as they are: there, compressing
 * only adds CPU on both ends (~25 ms here and the browser's decompression, for a 10,000-span
 * trace) and time before the first byte, while copying 5 MB through loopback costs a few ms.
 * Payloads already serialized (strings, or Buffers from `sendJsonTextAsIs` in http-scope.ts) are what it sees.
 */
export function compressLargeResponses(scope: FastifyInstance): void {
  scope.addHook('onSend', async (request, reply, payload) => {
    if (!(typeof payload === 'string' || Buffer.isBuffer(payload)) || payload.length < COMPRESS_MIN_BYTES || reply.hasHeader('content-encoding')) return payload;
    reply.header('vary', 'accept-encoding');
    if (isLoopback(request.socket.remoteAddress)) return payload;
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const input = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const output =
      encoding === 'br'
        ? await brotliAsync(input, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: input.length },
          })
        : await gzipAsync(input, { level: 1 });
    reply.header('content-encoding', encoding);
    return output;
  });
}
