/**
 * A half-open time window [startUnixNano, endUnixNano) in Unix epoch nanoseconds.
 * Every reader method that takes a range includes items whose (start) time is >= start and < end.
 */
export interface TimeRange {
  startUnixNano: bigint;
  endUnixNano: bigint;
}

/** `key=value` equality on an attribute. Span/log filters match span (log) attributes *or* resource attributes. */
export interface AttributeFilter {
  key: string;
  /** Compared with the stored value rendered by `attributeValueToString`. */
  value: string;
}
