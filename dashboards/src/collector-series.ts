/**
 * What the dashboards need from the collector, imported from the collector's own sources so that a
 * renamed series or label value fails generation (and the test that re-generates and diffs).
 */
import { StatusCode } from '../../collector/src/model/span.js';
import { statusCodeLabel } from '../../collector/src/derive/otel-labels.js';

import * as series from '../../collector/src/telemetry/metric-names.js';

export { series };

/** `status_code` label value of failed spans on the span-metric series. */
export const STATUS_ERROR = statusCodeLabel(StatusCode.ERROR);
