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

/**
 * Resource ids whose resource has an attribute term (`key<US>value` → ids), for documents that
 * index only their own attributes and point to their resource by `resourceId` (spans).
 */
export type ResourceMatches = ReadonlyMap<string, readonly string[]>;

/**
 * One clause per attribute filter. With `resources`, a filter also matches a document whose
 * resource has the attribute (its `resourceId` is among the resources that do).
 */
export function attributeClauses(filters: readonly AttributeFilter[] | undefined, resources?: ResourceMatches): Clause[] {
  return (filters ?? []).map((filter) => {
    const attribute = attributeTerm(filter.key, filter.value);
    const ids = resources?.get(attribute) ?? [];
    if (ids.length === 0) return term('attributeTerms', attribute);
    return { bool: { should: [term('attributeTerms', attribute), { terms: { resourceId: ids } }], minimum_should_match: 1 } };
  });
}

export function filtered(clauses: Clause[]): Clause {
  return { bool: { filter: clauses } };
}
