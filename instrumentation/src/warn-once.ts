// The package talks to the app's operator only through these warnings: one line per distinct
// problem for the process's lifetime, never a throw and never a flood.
const alreadyWarned = new Set<string>();

export function warnOnce(key: string, message: string): void {
  if (alreadyWarned.has(key)) return;
  alreadyWarned.add(key);
  try {
    process.emitWarning(`[sightline] ${message}`, { type: 'SightlineWarning', code: key });
  } catch {
    // emitWarning can throw with --throw-deprecation style flags; a warning is never worth a crash.
  }
}

/** Tests only: forget which warnings were printed. */
export function resetWarningsForTests(): void {
  alreadyWarned.clear();
}
