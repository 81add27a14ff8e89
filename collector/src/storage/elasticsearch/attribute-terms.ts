import { createHash } from 'node:crypto';
import { attributeValueToString } from '../../model/attributes.js';
import type { Attributes } from '../../model/attributes.js';

/**
 * Attributes are filtered through one `keyword` array field holding `key<US>value` terms (value
 * rendered by `attributeValueToString`, exactly what an {@link AttributeFilter} compares with).
 * Any key is filterable, the mapping never grows, and nested values or arrays compare the same
 * way as in the embedded store (a `flattened` field would split arrays and objects apart).
 *
 * Lucene refuses terms over 32 KB, so a long term is stored (and looked up) as a hash of itself.
 */
const MAX_TERM_CHARS = 1024;
/** ASCII unit separator: unlike `=`, it does not occur in keys, so `a=b`+`c` and `a`+`b=c` stay apart. */
const SEPARATOR = '\u001f';

export function attributeTerm(key: string, value: string): string {
  const term = `${key}${SEPARATOR}${value}`;
  if (term.length <= MAX_TERM_CHARS) return term;
  return `${key.slice(0, 256)}${SEPARATOR}\u0000sha256:${createHash('sha256').update(term).digest('hex')}`;
}

export function attributeTerms(...maps: Attributes[]): string[] {
  const terms = new Set<string>();
  for (const map of maps) {
    for (const [key, value] of Object.entries(map)) terms.add(attributeTerm(key, attributeValueToString(value)));
  }
  return [...terms];
}
