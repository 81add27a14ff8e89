/** Field names a Lucene query string searches (`field:value`), ignoring quoted text. */
export function luceneFields(query: string): string[] {
  const stripped = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...new Set([...stripped.matchAll(/([A-Za-z_@][\w.@]*)\s*:/g)].map((match) => match[1]))];
}
