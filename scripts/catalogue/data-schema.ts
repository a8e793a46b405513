import type { ScalarKind, Spec, SpecValue } from '../../lib/events/data-specs';
import { isListSpec } from '../../lib/events/data-specs';
import { CURRENCY, DECIMAL } from '../../lib/money';

/** A JSON Schema (draft 07 subset, which AsyncAPI 3 schemas are a superset of). */
export type JsonSchema = { [key: string]: unknown };

/** Where the reason-code enum lives in the generated document; shared rather than repeated per field. */
export const REASON_CODE_REF = '#/components/schemas/ReasonCode';

// A `Record` over ScalarKind: a new kind in data-specs.ts fails type-checking here until it is described.
const SCALARS: Record<ScalarKind, JsonSchema> = {
  string: { type: 'string' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  datetime: { type: 'string', format: 'date-time', description: 'RFC 3339 date-time with an offset (Z or ±hh:mm)' },
  date: { type: 'string', format: 'date', description: 'calendar date such as 2026-11-05 (an RFC 3339 date-time is accepted too)' },
  decimal: { type: 'string', pattern: DECIMAL.source, description: 'decimal amount as a string, e.g. "120.50"' },
  currency: { type: 'string', pattern: CURRENCY.source, description: 'ISO 4217 code of a currency in use, e.g. EUR' },
  reasonCode: { $ref: REASON_CODE_REF },
  object: { type: 'object' },
  count: { type: 'integer', minimum: 1, description: 'a count of units: a positive integer' },
  countOrZero: { type: 'integer', minimum: 0, description: 'a count of units: zero or more' },
  nonZeroCount: { type: 'integer', not: { const: 0 }, description: 'units moved: a non-zero integer, negative for a decrease' },
  nonNegativeNumber: { type: 'number', minimum: 0 },
};

/** The JSON Schema of one value spec: scalar kind, nested object spec, or `[itemSpec]`. */
export function schemaOfValue(spec: SpecValue): JsonSchema {
  if (isListSpec(spec)) return { type: 'array', items: schemaOfSpec(spec[0]) };
  if (typeof spec === 'string') return { ...SCALARS[spec] };
  return schemaOfSpec(spec);
}

/** An object spec (`key!` required) as a JSON Schema object; extra fields are allowed, as validation allows them. */
export function schemaOfSpec(spec: Spec): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [rawKey, value] of Object.entries(spec)) {
    const key = rawKey.endsWith('!') ? rawKey.slice(0, -1) : rawKey;
    if (key !== rawKey) required.push(key);
    properties[key] = schemaOfValue(value);
  }
  return required.length ? { type: 'object', required, properties } : { type: 'object', properties };
}
