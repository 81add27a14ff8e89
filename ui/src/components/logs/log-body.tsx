import { attributeToText } from '../../format/format';
import { SEVERITY_COLORS, severityGroup } from '../../transforms/colors';
import type { ApiLogRecord } from '../../api/schemas';

/** A log body, always as text (structured bodies as JSON), never as markup. */
export function LogBody({ log }: { log: ApiLogRecord }) {
  return <span className="log-body">{attributeToText(log.body)}</span>;
}

export function SeverityBadge({ log }: { log: Pick<ApiLogRecord, 'severityText' | 'severityNumber'> }) {
  const group = severityGroup(log.severityText, log.severityNumber);
  return (
    <span className="severity" style={{ color: SEVERITY_COLORS[group], borderColor: `${SEVERITY_COLORS[group]}55`, background: `${SEVERITY_COLORS[group]}14` }}>
      {log.severityText || group}
    </span>
  );
}
