/** Parsers of configuration values; each throws a short reason the caller turns into one message. */

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
};
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a port number`);
  const port = Number(text);
  if (port > 65535) throw new Error(`${port} is not a port number (0-65535)`);
  return port;
}

/** "16MiB", "10mb", "512k", "1048576". */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`"${text}" is not a size (e.g. 16MiB, 512kb, 1048576)`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes <= 0) throw new Error(`"${text}" must be more than 0 bytes`);
  return bytes;
}

/** "7d", "12h", "30m", "45s", "500ms", or "0" for none. Returns milliseconds. */
export function parseDuration(text: string): number {
  if (text.trim() === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration (e.g. 7d, 12h, 30m, 45s, 500ms)`);
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2].toLowerCase()]);
}

export function parsePositiveInt(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) throw new Error(`"${text}" is not a positive whole number`);
  return Number(text);
}

export function parseNonNegativeInt(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`"${text}" is not a whole number`);
  return Number(text);
}

export function parseUrlList(text: string): string[] {
  const urls = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (urls.length === 0) throw new Error('needs at least one URL');
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`"${url}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`"${url}" must be http or https`);
  }
  return urls;
}
