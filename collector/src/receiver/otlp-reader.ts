import protobuf from 'protobufjs';

/**
 * A bytes field as protobufjs hands it to the OTLP decoders when they read through `OtlpReader`:
 * the bytes as lower-case hex, and their count as `length` (the generated decoder tests
 * `.length` to drop empty fields). Ids are what bytes fields carry in OTLP, and they are
 * stored as hex, so this skips a Buffer view per id and a second one to print it.
 */
export class HexBytes {
  constructor(
    readonly hex: string,
    readonly length: number,
  ) {}
}

/** Strings up to this many bytes are interned: attribute keys, names, enum-like values. */
const INTERN_MAX_BYTES = 48;
const INTERN_SLOTS = 1 << 14;
/**
 * A direct-mapped cache of recently decoded ASCII strings, by a hash of their bytes. Most
 * strings in a trace export repeat (attribute keys, service and operation names, methods,
 * status words): reading them from here allocates nothing, and the spans waiting in the queue
 * then share one old-generation copy instead of each holding its own young one, which the
 * scavenger would copy twice and promote.
 */
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

interface NodeBufferSlices {
  latin1Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}

/**
 * protobufjs's Node reader with different value representations for what the collector keeps:
 *
 * - `fixed64`/`sfixed64` (timestamps, counts) as `bigint` read by Node's Buffer, not as a
 *   `Long` built from a `LongBits` (two objects, then four more bigints to convert it);
 * - `int64` (attribute integers) as a `number` when its varint is at most 4 bytes (what
 *   `uint32` reads exactly), otherwise as protobufjs reads it (`Long`);
 * - `bytes` as `HexBytes`;
 * - strings: ASCII ones in one `latin1Slice` (protobufjs 8 builds short strings by
 *   concatenating chunks of `String.fromCharCode`, which leaves cons strings to flatten
 *   later), short ones interned (above); anything with a non-ASCII byte goes through
 *   protobufjs's own strict UTF-8 reader, so invalid UTF-8 is still refused the same way.
 *
 * Only the scalar reads change: message structure, field numbers, wire types and nesting are
 * still decoded by the code protobufjs generates from the official .proto files. Users of the
 * decoded messages must accept these representations (see otlp-values.ts), so the reader is
 * used only by `decodeRequest`.
 */
export class OtlpReader extends protobuf.BufferReader {
  private dataView: DataView | undefined;
  /**
   * protobufjs's read of a length prefix (missing from its typings): unlike `uint32` it refuses a
   * length of 2^31 or more, or an over-long varint, as the stock `bytes`/`stringVerify` do.
   */
  declare size: () => number;

  override fixed64(): protobuf.Long {
    const pos = this.pos;
    if (pos + 8 > this.len) return super.fixed64(); // throws protobufjs's out-of-range error
    this.pos = pos + 8;
    return this.view64().getBigUint64(pos, true) as unknown as protobuf.Long;
  }

  override sfixed64(): protobuf.Long {
    const pos = this.pos;
    if (pos + 8 > this.len) return super.sfixed64();
    this.pos = pos + 8;
    return this.view64().getBigInt64(pos, true) as unknown as protobuf.Long;
  }

  /** A DataView on the body: its 64-bit reads are about twice as fast as Buffer's readBig*64LE. */
  private view64(): DataView {
    const buf = this.buf;
    return (this.dataView ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
  }

  override int64(): protobuf.Long {
    const buf = this.buf;
    const pos = this.pos;
    // A varint ending within 4 bytes is below 2^28: protobufjs's uint32 reads it exactly.
    if (buf[pos] < 128 || buf[pos + 1] < 128 || buf[pos + 2] < 128 || buf[pos + 3] < 128) {
      return this.uint32() as unknown as protobuf.Long;
    }
    return super.int64();
  }

  override bytes(): Buffer {
    const before = this.pos;
    const length = this.size();
    const start = this.pos;
    const end = start + length;
    if (end > this.len) {
      this.pos = before;
      return super.bytes() as Buffer; // throws protobufjs's out-of-range error
    }
    this.pos = end;
    const buf = this.buf;
    const hex = length === 16 ? hex16(buf, start) : length === 8 ? hex8(buf, start) : length === 0 ? '' : (buf as unknown as NodeBufferSlices).hexSlice(start, end);
    return new HexBytes(hex, length) as unknown as Buffer;
  }

  override stringVerify(): string {
    const before = this.pos;
    const length = this.size();
    const start = this.pos;
    const end = start + length;
    if (length === 0) return '';
    if (end > this.len) {
      this.pos = before;
      return super.stringVerify();
    }
    const buf = this.buf;
    if (length <= INTERN_MAX_BYTES) {
      // The slot comes from the length and four sampled bytes; a hit is confirmed byte by byte
      // (which also proves the bytes ASCII, as the cached string is).
      const hash = Math.imul(
        length ^ (buf[start] << 3) ^ (buf[start + (length >> 1)] << 10) ^ (buf[end - 1] << 17) ^ (buf[start + (length >> 2)] << 24),
        0x9e3779b1,
      );
      const slot = (hash ^ (hash >>> 16)) & (INTERN_SLOTS - 1);
      const cached = internTable[slot];
      if (cached !== undefined && cached.length === length && sameAscii(cached, buf, start)) {
        this.pos = end;
        return cached;
      }
      if (isAscii(buf, start, end)) {
        this.pos = end;
        const text = (buf as unknown as NodeBufferSlices).latin1Slice(start, end);
        internTable[slot] = text;
        return text;
      }
    } else if (isAscii(buf, start, end)) {
      this.pos = end;
      return (buf as unknown as NodeBufferSlices).latin1Slice(start, end);
    }
    this.pos = before;
    return super.stringVerify();
  }
}

/** Character codes of the hex digit of each byte's high and low half. */
const HEX_HIGH = new Uint8Array(256);
const HEX_LOW = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HEX_HIGH[i] = '0123456789abcdef'.charCodeAt(i >> 4);
  HEX_LOW[i] = '0123456789abcdef'.charCodeAt(i & 15);
}
const fromCharCodes = String.fromCharCode;

/**
 * A span id (8 bytes) as hex in one `String.fromCharCode` call: a builtin that makes the flat
 * string at once, about twice as fast as Buffer's `hexSlice`, which crosses into C++ for each id
 * (three ids per span).
 */
function hex8(b: Uint8Array, s: number): string {
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  return fromCharCodes(
    HEX_HIGH[b0], HEX_LOW[b0], HEX_HIGH[b1], HEX_LOW[b1], HEX_HIGH[b2], HEX_LOW[b2], HEX_HIGH[b3], HEX_LOW[b3],
    HEX_HIGH[b4], HEX_LOW[b4], HEX_HIGH[b5], HEX_LOW[b5], HEX_HIGH[b6], HEX_LOW[b6], HEX_HIGH[b7], HEX_LOW[b7],
  );
}

/** A trace id (16 bytes) as hex, as {@link hex8} does it. */
function hex16(b: Uint8Array, s: number): string {
  const b0 = b[s], b1 = b[s + 1], b2 = b[s + 2], b3 = b[s + 3], b4 = b[s + 4], b5 = b[s + 5], b6 = b[s + 6], b7 = b[s + 7];
  const b8 = b[s + 8], b9 = b[s + 9], b10 = b[s + 10], b11 = b[s + 11], b12 = b[s + 12], b13 = b[s + 13], b14 = b[s + 14], b15 = b[s + 15];
  return fromCharCodes(
    HEX_HIGH[b0], HEX_LOW[b0], HEX_HIGH[b1], HEX_LOW[b1], HEX_HIGH[b2], HEX_LOW[b2], HEX_HIGH[b3], HEX_LOW[b3],
    HEX_HIGH[b4], HEX_LOW[b4], HEX_HIGH[b5], HEX_LOW[b5], HEX_HIGH[b6], HEX_LOW[b6], HEX_HIGH[b7], HEX_LOW[b7],
    HEX_HIGH[b8], HEX_LOW[b8], HEX_HIGH[b9], HEX_LOW[b9], HEX_HIGH[b10], HEX_LOW[b10], HEX_HIGH[b11], HEX_LOW[b11],
    HEX_HIGH[b12], HEX_LOW[b12], HEX_HIGH[b13], HEX_LOW[b13], HEX_HIGH[b14], HEX_LOW[b14], HEX_HIGH[b15], HEX_LOW[b15],
  );
}

function sameAscii(text: string, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
  let high = 0;
  for (let i = start; i < end; i++) high |= buf[i];
  return high < 0x80;
}
