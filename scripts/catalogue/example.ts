import type { CanonicalEvent } from '../../lib/events/types';
import { REASON_CODES } from '../../lib/events/types';
import { CURRENCY, DECIMAL } from '../../lib/money';
import type { JsonSchema } from './data-schema';
import { REASON_CODE_REF } from './data-schema';
import type { CatalogueEntry } from './model';

/** A value of `schema` with only its required fields, e.g. for a message example or a validation check. */
export function minimalExample(schema: JsonSchema): unknown {
  if (schema.$ref === REASON_CODE_REF) return REASON_CODES[0];
  if (schema.type === 'array') return [minimalExample(schema.items as JsonSchema)];
  if (schema.type === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = (schema.required ?? []) as string[];
    return Object.fromEntries(required.map((key) => [key, minimalExample(properties[key])]));
  }
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'date-time') return '2026-11-20T10:00:00Z';
  if (schema.format === 'date') return '2026-11-20';
  if (schema.pattern === DECIMAL.source) return '120.50';
  if (schema.pattern === CURRENCY.source) return 'EUR';
  return 'example';
}

const SAMPLE_SUBJECT = { order: 'ORD-000001', shipment: 'SHP-000001' } as const;

/** A whole envelope for `entry` with minimal data; its subject follows the type's aggregate. */
export function exampleEvent(entry: CatalogueEntry): CanonicalEvent {
  const data = minimalExample(entry.data) as Record<string, unknown>;
  const subject = entry.subject === 'inventory' ? `${String(data.warehouseId)}/${String(data.sku)}` : SAMPLE_SUBJECT[entry.subject];
  const source = `urn:${entry.system.toLowerCase()}:example`;
  return { specversion: '1.0', id: `evt-${entry.name}`, source, type: entry.type, time: '2026-11-20T10:00:00Z', subject, data };
}
