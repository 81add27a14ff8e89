import { hash } from 'node:crypto';

/** 128-bit hex id of a content string: deterministic ids, so a retried write replaces instead of duplicating. */
export function contentId(text: string): string {
  return hash('sha1', text, 'hex').slice(0, 32);
}
