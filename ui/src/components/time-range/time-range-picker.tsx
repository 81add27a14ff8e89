import { useState } from 'react';
import { Icon } from '../layout/icons';
import { describeRange, RELATIVE_RANGES, type RelativeRangeKey } from '../../time/time-range';
import { AUTO_REFRESH_CHOICES, useTime } from './refresh-context';
import './time-range-picker.css';

const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** Range presets (15 min … 7 days), a custom from/to, a refresh button and auto-refresh. */
export function TimeRangePicker() {
  const { spec, setSpec, refresh, resolved, autoRefreshMs, setAutoRefreshMs } = useTime();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(toLocalInput(resolved.fromMs));
  const [to, setTo] = useState(toLocalInput(resolved.toMs));
  const customValid = from !== '' && to !== '' && new Date(from).getTime() < new Date(to).getTime();

  return (
    <div className="time-picker">
      <div className="time-picker__anchor">
        <button
          type="button"
          className="btn time-picker__toggle"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => {
            setFrom(toLocalInput(resolved.fromMs));
            setTo(toLocalInput(resolved.toMs));
            setOpen(!open);
          }}
          data-testid="time-range-toggle"
        >
          <Icon name="clock" size={15} /> {describeRange(spec)}
        </button>
        {open && (
          <div className="time-picker__panel" role="dialog" aria-label="Time range">
            <div className="time-picker__presets">
              {(Object.keys(RELATIVE_RANGES) as RelativeRangeKey[]).map((key) => (
                <button
                  key={key}
                  type="button"
                  className={`time-picker__preset${spec.kind === 'relative' && spec.key === key ? ' is-active' : ''}`}
                  onClick={() => {
                    setSpec({ kind: 'relative', key });
                    setOpen(false);
                  }}
                >
                  {RELATIVE_RANGES[key].label}
                </button>
              ))}
            </div>
            <form
              className="time-picker__custom"
              onSubmit={(event) => {
                event.preventDefault();
                if (!customValid) return;
                setSpec({ kind: 'absolute', fromMs: new Date(from).getTime(), toMs: new Date(to).getTime() });
                setOpen(false);
              }}
            >
              <div className="time-picker__custom-title">Custom range</div>
              <label>
                From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
              <button type="submit" className="btn btn--primary" disabled={!customValid}>
                Apply
              </button>
            </form>
          </div>
        )}
      </div>
      <button type="button" className="btn" onClick={refresh} title="Refresh" aria-label="Refresh" data-testid="refresh">
        <Icon name="refresh" size={15} />
      </button>
      <select
        className="select"
        aria-label="Auto-refresh"
        value={autoRefreshMs ?? ''}
        onChange={(e) => setAutoRefreshMs(e.target.value === '' ? null : Number(e.target.value))}
      >
        {AUTO_REFRESH_CHOICES.map((choice) => (
          <option key={choice.label} value={choice.ms ?? ''}>
            {choice.ms === null ? 'Auto-refresh off' : `Every ${choice.label}`}
          </option>
        ))}
      </select>
    </div>
  );
}
