import { EventType } from './types';
import { validateEvent } from './validate';

const base = { specversion: '1.0', id: 'e-1', source: 'urn:wms:dc-1', time: '2026-11-01T10:00:00Z' };
const inventory = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...base,
  type: EventType.InventoryAdjusted,
  subject: 'DC-1/SKU-1',
  data: { warehouseId: 'DC-1', sku: 'SKU-1', ...data },
  ...extra,
});
const order = (line: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...base,
  type: EventType.OrderCreated,
  subject: 'ORD-1',
  data: { number: 'SO-1', customer: { id: 'C', name: 'C' }, lines: [{ sku: 'S', ...line }], ...extra },
});
const nestedArray = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('validateEvent', () => {
  it.each([
    ['2026-02-28T10:00:00Z', true],
    ['2028-02-29T10:00:00+01:00', true],
    ['2026-12-31T23:59:59.123-05:30', true],
    ['2026-02-29T10:00:00Z', false],
    ['2026-02-30T10:00:00Z', false],
    ['2026-04-31T10:00:00Z', false],
    ['2026-13-01T10:00:00Z', false],
    ['2026-00-10T10:00:00Z', false],
    ['2026-11-01T24:00:00Z', false],
    ['2026-11-01T10:60:00Z', false],
    ['2026-11-01T10:00:60Z', false],
    ['2026-11-01T10:00:00+24:00', false],
    ['2026-11-01T10:00:00', false],
  ])('time %s valid: %s', (time, ok) => {
    expect(validateEvent(inventory({ quantityDelta: 1 }, { time })).ok).toBe(ok);
  });

  it.each([
    [{ quantityDelta: 5 }, true],
    [{ quantityDelta: -5 }, true],
    [{ quantityDelta: 0 }, false],
    [{ quantityDelta: 1.5 }, false],
    [{ quantityDelta: '1' }, false],
  ])('inventory %j valid: %s', (data, ok) => {
    expect(validateEvent(inventory(data)).ok).toBe(ok);
  });

  it.each([
    [{ quantity: 3 }, true],
    [{ quantity: 0 }, false],
    [{ quantity: -2 }, false],
    [{ quantity: 2.5 }, false],
    [{ quantity: 1e300 }, false],
  ])('order line %j valid: %s', (line, ok) => {
    expect(validateEvent(order(line)).ok).toBe(ok);
  });

  it('allows a pick line picked entirely short, never a negative or fractional one', () => {
    const pick = (line: Record<string, unknown>) => ({
      ...base,
      type: EventType.PickConfirmed,
      subject: 'S',
      data: { warehouseId: 'DC', lines: [{ sku: 'S', ...line }] },
    });
    expect(validateEvent(pick({ quantity: 0, shortQuantity: 4 })).ok).toBe(true);
    expect(validateEvent(pick({ quantity: -1 })).ok).toBe(false);
    expect(validateEvent(pick({ quantity: 1, shortQuantity: 0.5 })).ok).toBe(false);
  });

  it.each([
    ['EUR', true],
    ['USD', true],
    ['JPY', true],
    ['XXX', true],
    ['ABC', false],
    ['eur', false],
    ['XAU', false],
    ['EURO', false],
  ])('currency %s valid: %s', (currency, ok) => {
    expect(validateEvent(order({ quantity: 1 }, { currency })).ok).toBe(ok);
  });

  it('refuses what breaks the shape limits before walking it, with a reason beginning with invalid', () => {
    const deep = validateEvent(inventory({ quantityDelta: 1, note: nestedArray(5000) }));
    expect(deep).toEqual({ ok: false, reason: expect.stringMatching(/^invalid: nesting depth exceeds 32$/) });
    expect(validateEvent(inventory({ quantityDelta: 1, note: nestedArray(30) })).ok).toBe(true);
    const long = validateEvent(inventory({ quantityDelta: 1, note: Array(1001).fill(0) }));
    expect(long).toEqual({ ok: false, reason: 'invalid: an array has 1001 elements, more than 1000' });
    const big = validateEvent(inventory({ quantityDelta: 1, note: 'x'.repeat(300 * 1024) }));
    expect(big).toEqual({ ok: false, reason: expect.stringMatching(/^invalid: event exceeds \d+ bytes$/) });
    expect(
      validateEvent(inventory({ quantityDelta: 1, note: 'x'.repeat(1000) }), { maxBytes: 500, maxDepth: 32, maxArrayLength: 10 }).ok,
    ).toBe(false);
  });

  it.each([
    ['2026-11-05', true],
    ['2028-02-29', true],
    ['2026-11-05T00:00:00Z', true],
    ['2026-02-30', false],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['05/11/2026', false],
    ['soon', false],
  ])('requestedDeliveryDate %s valid: %s', (requestedDeliveryDate, ok) => {
    const result = validateEvent(order({ quantity: 1 }, { requestedDeliveryDate }));
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toMatch(/^invalid: data\.requestedDeliveryDate must be a calendar date/);
  });

  it("holds events from outside to the attribute lengths, naming the attribute; Lading's own reactions embed their cause and are not", () => {
    const long = inventory({ quantityDelta: 1 }, { id: 'x'.repeat(257) });
    expect(validateEvent(long, undefined, { fromOutside: true })).toEqual({
      ok: false,
      reason: 'invalid: id is 257 characters long, more than 256',
    });
    expect(validateEvent(inventory({ quantityDelta: 1 }, { id: 'x'.repeat(256) }), undefined, { fromOutside: true }).ok).toBe(true);
    const subject = `DC-1/${'S'.repeat(300)}`;
    const longSubject = inventory({ quantityDelta: 1, sku: 'S'.repeat(300) }, { subject });
    expect(validateEvent(longSubject, undefined, { fromOutside: true })).toEqual({
      ok: false,
      reason: 'invalid: subject is 305 characters long, more than 256',
    });
    expect(validateEvent(long).ok).toBe(true);
  });

  it('prefixes every refusal with invalid', () => {
    for (const raw of [null, [], { ...base }, inventory({ quantityDelta: 1 }, { type: 'x.y' }), inventory({})]) {
      const result = validateEvent(raw);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^invalid: /);
    }
  });
});
