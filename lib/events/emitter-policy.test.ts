import { optionsFrom } from '../settings';
import { EMITTER_DEFAULTS, emitterRefusal, globMatches } from './emitter-policy';

const defaultEmitters = optionsFrom(EMITTER_DEFAULTS);

describe('globMatches', () => {
  it.each([
    ['urn:wms:*', 'urn:wms:dc-east', true],
    ['urn:wms:*', 'urn:wms:', true],
    ['urn:wms:*', 'urn:tms:x', false],
    ['urn:wms:*', 'xurn:wms:a', false],
    ['urn:wms:dc-*:v1', 'urn:wms:dc-east:v1', true],
    ['*', 'anything at all', true],
    ['urn:wms:a.b', 'urn:wms:aXb', false],
    ['URN:WMS:*', 'urn:wms:dc', true],
    ['wms.pick.*', 'wms.pick.confirmed', true],
    ['wms.pick.*', 'wms.pack.confirmed', false],
    ['*a*', 'bab', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['', '', true],
    ['', 'x', false],
  ])('%s matches %s: %s', (glob, value, expected) => {
    expect(globMatches(glob, value)).toBe(expected);
  });
});

it('matches a hostile glob against a long value without exponential backtracking', () => {
  expect(globMatches('*a'.repeat(30) + 'b', 'a'.repeat(5000))).toBe(false);
});

describe('emitterRefusal', () => {
  const wms = { source: 'urn:wms:dc-1', type: 'wms.pick.confirmed' as const };

  it('lets an unbound integration emit anything but urn:lading:*', () => {
    expect(emitterRefusal(wms, {}, defaultEmitters)).toBeUndefined();
    expect(emitterRefusal({ ...wms, source: 'urn:lading:finance' }, {}, defaultEmitters)).toMatch(
      /^source_not_allowed: urn:lading:\* is reserved/,
    );
    expect(emitterRefusal({ ...wms, source: 'urn:Lading:finance' }, { sources: ['*'] }, defaultEmitters)).toMatch(/^source_not_allowed/);
  });

  it('refuses the event types only Lading derives, whatever the binding', () => {
    for (const type of ['finance.accrual.created', 'tms.sla.breached', 'finance.sla.breached'] as const) {
      expect(emitterRefusal({ source: 'urn:finance:sap', type }, { sources: ['*'], eventTypes: ['*'] }, defaultEmitters)).toMatch(
        /^source_not_allowed: .*derived by Lading/,
      );
    }
  });

  it('holds a bound integration to its sources and types; the claim wins over the defaults', () => {
    expect(emitterRefusal(wms, { sources: ['urn:wms:*'] }, defaultEmitters)).toBeUndefined();
    expect(emitterRefusal({ ...wms, source: 'urn:tms:x' }, { sources: ['urn:wms:*'] }, defaultEmitters)).toMatch(
      /^source_not_allowed: .*urn:tms:x/,
    );
    expect(emitterRefusal(wms, { eventTypes: ['tms.*'] }, defaultEmitters)).toMatch(/^source_not_allowed: .*type wms\.pick\.confirmed/);
    expect(emitterRefusal(wms, {}, { sources: ['urn:erp:*'], eventTypes: ['*'] })).toMatch(/^source_not_allowed/);
    expect(emitterRefusal(wms, { sources: ['urn:wms:*'] }, { sources: ['urn:erp:*'], eventTypes: ['*'] })).toBeUndefined();
    expect(emitterRefusal(wms, { sources: [] }, defaultEmitters)).toMatch(/^source_not_allowed/);
  });
});
