/**
 * Metric names a PromQL expression selects, found lexically: good enough for the expressions our
 * dashboards write (and checked by its own test), without pulling in a PromQL parser.
 */
const KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan',
]);

/** Label-list clauses whose names are labels, not metrics. */
const LABEL_LIST = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings (label values, label_replace arguments)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(LABEL_LIST, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const rest = stripped.slice(match.index! + word.length);
    if (/^\s*\(/.test(rest)) continue; // a function call
    if (KEYWORDS.has(word.toLowerCase())) continue;
    if (/^[0-9]/.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

/** A histogram named `<name>` is scraped as `<name>_bucket`, `_sum` and `_count`: map those back to `<name>`. */
export function baseMetricName(name: string, knownNames: ReadonlySet<string>): string {
  const match = /^(.*)_(bucket|sum|count)$/.exec(name);
  return match && knownNames.has(match[1]) ? match[1] : name;
}
