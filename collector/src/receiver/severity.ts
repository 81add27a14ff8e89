const BASE_NAMES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/**
 * Severity text for an OTLP severity number when the sender left the text empty, following the
 * log data model's short names: 9 → "INFO", 10 → "INFO2", 17 → "ERROR"... 0 (unspecified) → "".
 */
export function severityTextFor(severityNumber: number): string {
  if (!(severityNumber >= 1 && severityNumber <= 24)) return '';
  const group = Math.floor((severityNumber - 1) / 4);
  const step = (severityNumber - 1) % 4;
  return step === 0 ? BASE_NAMES[group] : `${BASE_NAMES[group]}${step + 1}`;
}
