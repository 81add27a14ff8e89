import type { AttributeFilter, TimeRange } from '../time-range.js';
import { attributeTerm } from './attribute-terms.js';
import { nanosToIso } from './nanos.js';

/** Small DSL pieces shared by the query builders. */
export type Clause = Record<string, unknown>;

/** Half-open [start, end) on a `date_nanos` field, exact to the nanosecond. */
export function nanosRange(field: string, range: TimeRange): Clause {
  return {
    range: {
      [field]: {
        gte: nanosToIso(range.startUnixNano),
        lt: nanosToIso(range.endUnixNano),
        format: 'strict_date_optional_time_nanos',
      },
    },
  };
}

export function term(field: string, value: string | number | boolean): Clause {
  return { term: { [field]: value } };
}

export function attributeClauses(filters: readonly AttributeFilter[] | undefined): Clause[] {
  return (filters ?? []).map((filter) => term('attributeTerms', attributeTerm(filter.key, filter.value)));
}

export function filtered(clauses: Clause[]): Clause {
  return { bool: { filter: clauses } };
}
