/**
 * The team rule for suites that need a real server: when it is unavailable, fail under CI
 * (`CI=true`) with a clear message, otherwise skip and say what was skipped and how to run it.
 * Returns the `skip` option for `describe`/`it` (false when the server is there).
 */
export function requireServer(available: boolean, what: string, howToRun: string): string | false {
  if (available) return false;
  const message = `${what} is not available. ${howToRun}`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
  console.log(`# skipped: ${message}`);
  return message;
}
