import { createHash } from 'node:crypto';
import { contentHash } from './content-hash';
import { jsonText } from './json-text';
import type { CanonicalEvent } from './types';
import { EventType, eventKey } from './types';

/** The recursive canonical form hashes were taken of before: stored hashes must still match. */
function recursiveCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(recursiveCanonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${recursiveCanonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const event = (data: Record<string, unknown>): CanonicalEvent => ({
  specversion: '1.0',
  id: 'e',
  source: 'urn:tms:x',
  type: EventType.InTransit,
  time: '2026-11-01T10:00:00Z',
  subject: 'S',
  data,
});

describe('contentHash', () => {
  const samples: unknown[] = [
    { b: 1, a: [1, 'two', null, true, { z: 'é "q" \\ \n 🚚', y: [] }], c: {}, d: undefined, e: -0.5e-7 },
    [[[]], [{}], 'x'],
    'plain',
    null,
  ];

  it.each(samples.map((s) => [s]))('writes the same canonical text as the recursive form for %j', (sample) => {
    expect(jsonText(sample, { sortKeys: true })).toBe(recursiveCanonical(sample));
  });

  it('writes JSON.stringify text when keys keep their order', () => {
    for (const sample of samples) expect(jsonText(sample, { sortKeys: false })).toBe(JSON.stringify(sample));
  });

  it('hashes as before and ignores key order', () => {
    const data = samples[0] as Record<string, unknown>;
    const { type, time, subject } = event(data);
    const before = createHash('sha256').update(recursiveCanonical({ type, time, subject, data })).digest('hex');
    expect(contentHash(event(data))).toBe(before);
    expect(contentHash(event({ e: data.e, c: data.c, a: data.a, b: data.b }))).toBe(before);
  });

  it('hashes a 5,000-level nested array without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
    expect(contentHash(event({ deep }))).toMatch(/^[0-9a-f]{64}$/);
    expect(jsonText(deep, { sortKeys: false })).toHaveLength(10_000);
  });
});

describe('eventKey', () => {
  it('keeps look-alike source and id pairs apart', () => {
    expect(eventKey({ source: 'X|x', id: '1' })).not.toBe(eventKey({ source: 'X', id: 'x|1' }));
    expect(eventKey({ source: 'X%7Cx', id: '1' })).not.toBe(eventKey({ source: 'X|x', id: '1' }));
  });

  it('leaves the key of an ordinary source as it was', () => {
    expect(eventKey({ source: 'urn:wms:dc-east', id: 'evt|1' })).toBe('urn:wms:dc-east|evt|1');
  });
});
