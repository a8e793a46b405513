import { isCurrencyCode, isDecimalString } from '../money';
import type { ScalarKind, Spec, SpecValue } from './data-specs';
import { DATA_SPECS, isListSpec } from './data-specs';
import type { EventData } from './event-data';
import type { EventLimits } from './event-limits';
import { EVENT_LIMITS, attributeLengthProblem, limitProblem } from './event-limits';
import { optionsFrom } from '../settings';
import { isCalendarDate, isRfc3339 } from './rfc3339';
import type { CanonicalEvent } from './types';
import { EventType, REASON_CODES, isEventType } from './types';

export type Validation = { ok: true; event: CanonicalEvent } | { ok: false; reason: string };

const REQUIRED_STRINGS = ['id', 'source', 'subject'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SCALAR_CHECKS: Record<ScalarKind, [(v: unknown) => boolean, string]> = {
  string: [(v) => typeof v === 'string', 'a string'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  boolean: [(v) => typeof v === 'boolean', 'a boolean'],
  datetime: [isRfc3339, 'an RFC 3339 date-time with offset'],
  date: [(v) => isCalendarDate(v) || isRfc3339(v), 'a calendar date such as "2026-11-05" (or an RFC 3339 date-time)'],
  decimal: [isDecimalString, 'a decimal string such as "120.50"'],
  currency: [isCurrencyCode, 'an ISO 4217 currency code such as "EUR"'],
  reasonCode: [(v) => (REASON_CODES as readonly unknown[]).includes(v), `one of ${REASON_CODES.join(', ')}`],
  object: [isObject, 'an object'],
  count: [(v) => Number.isSafeInteger(v) && (v as number) > 0, 'a positive integer'],
  countOrZero: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative integer'],
  nonZeroCount: [(v) => Number.isSafeInteger(v) && v !== 0, 'a non-zero integer'],
  nonNegativeNumber: [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a non-negative number'],
};

function checkValue(path: string, value: unknown, spec: SpecValue): string | undefined {
  if (isListSpec(spec)) {
    if (!Array.isArray(value)) return `${path} must be an array`;
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(`${path}[${i}]`, value[i], spec[0]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof spec === 'string') {
    const [check, expected] = SCALAR_CHECKS[spec];
    return check(value) ? undefined : `${path} must be ${expected}`;
  }
  if (!isObject(value)) return `${path} must be an object`;
  return checkObject(path, value, spec);
}

function checkObject(path: string, value: Record<string, unknown>, spec: Spec): string | undefined {
  for (const [rawKey, fieldSpec] of Object.entries(spec)) {
    const required = rawKey.endsWith('!');
    const key = required ? rawKey.slice(0, -1) : rawKey;
    const field = value[key];
    if (field === undefined || field === null) {
      if (required) return `${path}.${key} is required`;
      continue;
    }
    const problem = checkValue(`${path}.${key}`, field, fieldSpec);
    if (problem) return problem;
  }
  return undefined;
}

function checkEnvelope(raw: Record<string, unknown>): string | undefined {
  if (raw.specversion !== '1.0') return 'specversion must be "1.0"';
  for (const attribute of REQUIRED_STRINGS) {
    const value = raw[attribute];
    if (typeof value !== 'string' || value.trim() === '') return `${attribute} is required (a non-empty string)`;
  }
  if (raw.type === undefined) return 'type is required';
  if (!isEventType(raw.type)) return `type ${JSON.stringify(raw.type)} is not a canonical event type`;
  if (raw.time === undefined) return 'time is required';
  if (!isRfc3339(raw.time)) return 'time must be an RFC 3339 date-time with offset';
  if (!isObject(raw.data)) return 'data is required (an object)';
  return undefined;
}

const CORE_ATTRIBUTES = new Set(['specversion', 'id', 'source', 'type', 'time', 'subject', 'data', 'datacontenttype', 'data_base64']);
/** CloudEvents attribute names: lower-case letters and digits, at most 20 characters (spec §3.1.1). */
const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

/**
 * Optional and extension attributes (`dataschema`, `traceparent`, …) travel with the event through
 * the log. Only well-formed names with scalar values are kept: anything else was never a
 * CloudEvents attribute, and dropping it keeps senders that add stray fields working.
 */
function extensionAttributes(raw: Record<string, unknown>): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (CORE_ATTRIBUTES.has(name) || !ATTRIBUTE_NAME.test(name)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)))
      kept[name] = value;
  }
  return kept;
}

export interface ValidationOptions {
  /**
   * The event comes from outside (an ingest door, a replayed dead letter): its attributes are held
   * to their maximum lengths. Lading's own reactions are not, as their ids embed their cause's.
   */
  fromOutside?: boolean;
}

/**
 * Validates one CloudEvents envelope and its type's data; the reason begins with `invalid` (the
 * dead-letter machine word) and names the attribute or field. The shape limits come first, so
 * nothing recursive ever walks a poison event.
 */
export function validateEvent(raw: unknown, limits: EventLimits = optionsFrom(EVENT_LIMITS), options: ValidationOptions = {}): Validation {
  const validation = check(raw, limits, options);
  return validation.ok ? validation : { ok: false, reason: `invalid: ${validation.reason}` };
}

function check(raw: unknown, limits: EventLimits, options: ValidationOptions): Validation {
  if (!isObject(raw)) return { ok: false, reason: 'event must be a JSON object' };
  const excess = limitProblem(raw, limits) ?? (options.fromOutside ? attributeLengthProblem(raw) : undefined);
  if (excess) return { ok: false, reason: excess };
  const problem = checkEnvelope(raw) ?? checkObject('data', raw.data as Record<string, unknown>, DATA_SPECS[raw.type as EventType]);
  if (problem) return { ok: false, reason: problem };
  if (raw.type === EventType.InventoryAdjusted) {
    // Checked against its spec just above.
    const data = raw.data as EventData<typeof EventType.InventoryAdjusted>;
    if (raw.subject !== `${data.warehouseId}/${data.sku}`) {
      return { ok: false, reason: 'subject must be "<warehouseId>/<sku>" of data' };
    }
  }
  const { specversion, id, source, type, time, subject, data, datacontenttype } = raw as unknown as CanonicalEvent;
  const event: CanonicalEvent = { specversion, id, source, type, time, subject, data };
  if (datacontenttype !== undefined) event.datacontenttype = datacontenttype;
  Object.assign(event, extensionAttributes(raw));
  return { ok: true, event };
}
