/**
 * Grafana's interpolation as far as our dashboards use it: built-in interval macros and
 * `$name` / `${name}` / `[[name]]` template variables.
 */
export interface Macros {
  rateInterval: string;
  interval: string;
  range: string;
}

export function substituteMacros(text: string, macros: Macros): string {
  return text
    .replace(/\$\{?__rate_interval\}?/g, macros.rateInterval)
    .replace(/\$\{?__interval\}?/g, macros.interval)
    .replace(/\$\{?__range\}?/g, macros.range);
}

export function substituteVariables(text: string, values: Record<string, string>): string {
  let result = text;
  // Longest names first, so `$server_kind` is never read as `$server` + "_kind".
  for (const name of Object.keys(values).sort((a, b) => b.length - a.length)) {
    const value = values[name];
    result = result
      .replace(new RegExp(`\\$\\{${name}(?::[a-z]+)?\\}`, 'g'), () => value)
      .replace(new RegExp(`\\[\\[${name}\\]\\]`, 'g'), () => value)
      .replace(new RegExp(`\\$${name}(?![A-Za-z0-9_])`, 'g'), () => value);
  }
  return result;
}

/** Variables a text still refers to after substitution (ignores `$1`-style regex groups and `$__` macros). */
export function unresolvedVariables(text: string): string[] {
  return [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((name) => !name.startsWith('__'));
}
