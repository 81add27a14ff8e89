/**
 * JSON has no NaN or ±Infinity (JSON.stringify writes null), but attribute values and log bodies
 * may hold them. User data is therefore stored with non-finite numbers as `{"$number": "NaN"}`
 * (the embedded store's encoding) and decoded on read. Both walks return their input untouched
 * when there is nothing to convert, which is the common case.
 */
function needsEncoding(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsEncoding);
  for (const key in value) if (needsEncoding((value as Record<string, unknown>)[key])) return true;
  return false;
}

function encode(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(encode);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[key] = encode(inner);
  return result;
}

function isEncodedNumber(value: object): value is { $number: string } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$number' && typeof (value as { $number: unknown }).$number === 'string';
}

function needsDecoding(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsDecoding);
  if (isEncodedNumber(value)) return true;
  for (const key in value) if (needsDecoding((value as Record<string, unknown>)[key])) return true;
  return false;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  if (isEncodedNumber(value)) return Number(value.$number);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[key] = decode(inner);
  return result;
}

export function encodeNonFinite<T>(value: T): T {
  return needsEncoding(value) ? (encode(value) as T) : value;
}

export function decodeNonFinite<T>(value: T): T {
  return needsDecoding(value) ? (decode(value) as T) : value;
}
