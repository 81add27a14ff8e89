import type { ApiLogRecord, ApiResource, ApiSpan, AttributeValue } from '../../api/schemas';
import { LogBody, SeverityBadge } from '../../components/logs/log-body';
import { attributeToText, formatDurationNanos, formatTime } from '../../format/format';
import { Link } from '../../routing/link';
import { serviceColor } from '../../transforms/colors';
import { compareCodePoints } from '../../transforms/sort';

function Attributes({ attributes, testId }: { attributes: Record<string, AttributeValue>; testId?: string }) {
  // Not localeCompare: this runs on the first click on a span (see compareCodePoints).
  const entries = Object.entries(attributes).sort(([a], [b]) => compareCodePoints(a, b));
  if (entries.length === 0) return <div className="muted">none</div>;
  return (
    <dl className="kv" data-testid={testId}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{attributeToText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything about one span: timing, status, attributes, resource, events, links and its logs. */
export function SpanDetails({
  span,
  resource,
  logs,
  relativeStartMs,
  onClose,
}: {
  span: ApiSpan;
  resource: ApiResource;
  logs: readonly ApiLogRecord[];
  relativeStartMs: number;
  onClose: () => void;
}) {
  return (
    <aside className="span-details" data-testid="span-details" aria-label="Span details">
      <div className="span-details__header">
        <div>
          <div className="span-details__service">
            <span className="dot" style={{ background: serviceColor(span.serviceName) }} /> {span.serviceName}
          </div>
          <h2 className="span-details__name">{span.name}</h2>
        </div>
        <button type="button" className="btn btn--small" onClick={onClose} aria-label="Close span details">
          ✕
        </button>
      </div>
      <div className="span-details__facts">
        <span>
          Duration <strong>{formatDurationNanos(span.durationMs * 1e6)}</strong>
        </span>
        <span>
          Start <strong>+{formatDurationNanos(relativeStartMs * 1e6)}</strong>
        </span>
        <span>
          Kind <strong>{span.kindName.toLowerCase()}</strong>
        </span>
        <span>
          Status{' '}
          <span className={`badge${span.status.codeName === 'ERROR' ? ' badge--error' : span.status.codeName === 'OK' ? ' badge--ok' : ''}`}>{span.status.codeName}</span>
        </span>
      </div>
      {span.status.message && (
        <div className="span-details__status-message" data-testid="status-message">
          {span.status.message}
        </div>
      )}
      <section>
        <h3>Attributes</h3>
        <Attributes attributes={span.attributes} testId="span-attributes" />
        {span.droppedAttributesCount ? <div className="muted">{span.droppedAttributesCount} attributes dropped</div> : null}
      </section>
      <section>
        <h3>Logs ({logs.length})</h3>
        {logs.length === 0 ? (
          <div className="muted">none</div>
        ) : (
          <ul className="span-details__logs">
            {logs.map((log) => (
              <li key={log.logId}>
                <span className="mono muted">{formatTime(log.timeMs, true)}</span> <SeverityBadge log={log} /> <LogBody log={log} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h3>Events ({span.events.length})</h3>
        {span.events.length === 0 ? (
          <div className="muted">none</div>
        ) : (
          span.events.map((event, i) => (
            <div key={i} className="span-details__event">
              <div>
                <strong>{event.name}</strong> <span className="muted mono">{formatTime(event.timeMs, true)}</span>
              </div>
              <Attributes attributes={event.attributes} />
            </div>
          ))
        )}
      </section>
      <section>
        <h3>Links ({span.links.length})</h3>
        {span.links.length === 0 ? (
          <div className="muted">none</div>
        ) : (
          span.links.map((link) => (
            <div key={`${link.traceId}-${link.spanId}`} className="span-details__event">
              <Link href={`/traces/${link.traceId}?span=${link.spanId}`} className="mono">
                {link.traceId.slice(0, 16)}… / {link.spanId}
              </Link>
              <Attributes attributes={link.attributes} />
            </div>
          ))
        )}
      </section>
      <section>
        <h3>Resource</h3>
        <Attributes attributes={resource.attributes} testId="span-resource" />
      </section>
      <section>
        <h3>Identity</h3>
        <dl className="kv">
          <dt>span id</dt>
          <dd>{span.spanId}</dd>
          <dt>parent</dt>
          <dd>{span.parentSpanId || '(root)'}</dd>
          <dt>scope</dt>
          <dd>{attributeToText(`${span.scope.name}${span.scope.version ? `@${span.scope.version}` : ''}`)}</dd>
          {span.traceState ? (
            <>
              <dt>trace state</dt>
              <dd>{span.traceState}</dd>
            </>
          ) : null}
        </dl>
      </section>
    </aside>
  );
}
